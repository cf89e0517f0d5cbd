// Only requests a web page of another origin cannot send without the browser asking first (a CORS
// preflight, which useCors refuses) may run queries. A page can submit a form or fire a "simple"
// request to any URL — GET, or POST as application/x-www-form-urlencoded, multipart/form-data or
// text/plain — and the browser sends it without asking, so those must not run queries (CSRF): POST must
// carry a JSON (or GraphQL) content type, and GET a `GraphQL-Require-Preflight` header. The playground,
// curl and Python clients send JSON posts and are unaffected.
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { truncate } from '../../graphql/echo.ts';
import { ErrorCode } from '../../errors/api-errors.ts';

export interface CsrfPreventionOptions {
  /** Path of the GraphQL endpoint (other routes are left alone). @default '/graphql' */
  endpoint?: string;
}

/** Content types of a POST that a browser sends cross-origin only after a preflight. */
const POST_TYPES = ['application/json', 'application/graphql+json', 'application/graphql'];
export const PREFLIGHT_HEADER = 'GraphQL-Require-Preflight';

export function useCsrfPrevention({ endpoint = '/graphql' }: CsrfPreventionOptions = {}): Plugin {
  return {
    onRequestParse({ request, url }) {
      if (url.pathname !== endpoint) return;
      if (request.method === 'POST') {
        const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
        if (POST_TYPES.includes(type)) return;
        throw refusal(
          415,
          `POST ${endpoint} takes a JSON body: send 'Content-Type: application/json' (got ${type ? `'${truncate(type, 100)}'` : 'no Content-Type'}). ` +
            'Form and text/plain posts are refused so that other web pages cannot make a browser run queries.',
        );
      }
      if (request.method === 'GET' && !request.headers.get(PREFLIGHT_HEADER)) {
        throw refusal(
          400,
          `GET ${endpoint} runs a query only with the header '${PREFLIGHT_HEADER}: 1' (or use POST with 'Content-Type: application/json'), ` +
            'so that other web pages cannot make a browser run queries.',
        );
      }
    },
  };
}

function refusal(status: number, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.BAD_REQUEST, http: { status } } });
}
