// CORS with an allowlist: a browser page of another origin may read responses only when its origin is
// listed (CORS_ORIGINS); by default none is. Credentials are never allowed: the API has no sessions, and
// a listed origin gains nothing a `curl` would not. (Yoga's built-in CORS reflected every Origin and
// allowed credentials.)
import type { Plugin } from 'graphql-yoga';

export interface CorsOptions {
  /** Origins (scheme://host[:port]) allowed to read responses from a browser. @default [] (CORS_ORIGINS) */
  origins: readonly string[];
  /** How long a browser may cache a preflight answer, in seconds. @default 600 */
  maxAgeSeconds?: number;
}

/** Request headers a listed origin may send: what JSON and GET requests need (src/server/plugins/use-csrf-prevention.ts). */
const ALLOWED_HEADERS = 'Content-Type, Accept, GraphQL-Require-Preflight';
/** Response headers a listed origin's script may read besides the simple ones. */
const EXPOSED_HEADERS = 'Retry-After, Chokepoint-Graph-Version';

export function useCors({ origins, maxAgeSeconds = 600 }: CorsOptions): Plugin {
  const allowed = new Set(origins);
  return {
    onRequest({ request, endResponse, fetchAPI }) {
      if (request.method !== 'OPTIONS') return;
      // A preflight. Unlisted origins get no CORS headers, which the browser takes as a refusal.
      const headers: Record<string, string> = { 'Content-Length': '0', Vary: 'Origin' };
      const origin = request.headers.get('origin');
      if (origin && allowed.has(origin)) {
        Object.assign(headers, {
          'Access-Control-Allow-Origin': origin,
          'Access-Control-Allow-Methods': 'GET, POST',
          'Access-Control-Allow-Headers': ALLOWED_HEADERS,
          'Access-Control-Max-Age': String(maxAgeSeconds),
        });
      }
      endResponse(new fetchAPI.Response(null, { status: 204, headers }));
    },
    onResponse({ request, response }) {
      const origin = request.headers.get('origin');
      response.headers.append('Vary', 'Origin');
      if (!origin || !allowed.has(origin)) return;
      response.headers.set('Access-Control-Allow-Origin', origin);
      response.headers.set('Access-Control-Expose-Headers', EXPOSED_HEADERS);
    },
  };
}
