// With READS_REQUIRE_KEY the bulk exports (/export/…) need a key too: they are reads that do not go
// through GraphQL, so useAuth never sees them. Without the setting this plugin does nothing.
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { principalOf, type AuthOptions } from './use-auth.ts';

export function useExportKeys(options: AuthOptions): Plugin {
  if (!options.readsRequireKey) return {};
  return {
    async onRequest({ request, url, endResponse }) {
      if (!url.pathname.startsWith('/export/')) return;
      try {
        await principalOf(request, options);
      } catch (error) {
        if (!(error instanceof GraphQLError)) throw error;
        // 401 for a missing or bad credential; a JWT naming no role is 403, an unreachable key set 503.
        const status = (error.extensions.http as { status?: number } | undefined)?.status ?? 401;
        endResponse(
          new Response(JSON.stringify({ errors: [{ message: error.message, extensions: { code: error.extensions.code } }] }), {
            status,
            headers: { 'content-type': 'application/json; charset=utf-8', ...(status === 401 ? { 'www-authenticate': 'Bearer realm="chokepoint"' } : {}) },
          }),
        );
      }
    },
  };
}
