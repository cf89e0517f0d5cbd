// GraphQL is served at the endpoint's own path only. yoga matches any path that *ends* in it (its route
// check is `endsWith`), so `/x/graphql` and `/graphql/graphql` answered queries too: a proxy or a firewall
// rule written for `/graphql` would not see them. They get the 404 any unknown path gets.
import type { Plugin } from 'graphql-yoga';

export function useExactEndpoint(endpoint: string): Plugin {
  return {
    onRequest({ url, endResponse, fetchAPI }) {
      const path = url.pathname;
      if (path === endpoint || path === `${endpoint}/`) return;
      if (path.endsWith(endpoint) || path.endsWith(`${endpoint}/`)) endResponse(new fetchAPI.Response(null, { status: 404 }));
    },
  };
}
