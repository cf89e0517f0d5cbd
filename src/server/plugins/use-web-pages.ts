// The service's browser pages and their assets, from memory (src/server/static/): `/` (the front door),
// `/explore` (the explorer), the playground at GET /graphql for browsers, and `/assets/*` — compressed,
// with ETags, hashed assets immutable. Without a build (dist/public) the pages answer 503 naming the
// command, and the API itself is unaffected.
import type { GraphiQLOptions, Plugin } from 'graphql-yoga';
import { ErrorCode } from '../../errors/api-errors.ts';
import { clientOf, type ClientContext } from '../../net/client-address.ts';
import type { Logger } from '../../log/logger.ts';
import { createByteBudget } from '../static/byte-budget.ts';
import { renderExplorePage } from '../pages/explore-page.ts';
import { renderFrontDoor } from '../pages/front-door.ts';
import { renderPlaygroundPage } from '../pages/playground-page.ts';
import { ASSET_PREFIX, loadStaticAssets, respondWithFile, staticPage, type StaticAssets, type StaticFile } from '../static/static-assets.ts';

export interface WebPagesOptions {
  /** The playground's options (title, tabs), or false to serve none. */
  playground: (GraphiQLOptions & { title: string }) | false;
  logger: Logger;
  /** Where the built assets are. @default dist/public (scripts/build-web.mjs) */
  assetsDir?: string;
  /** The GraphQL endpoint, where browsers get the playground. @default /graphql */
  endpoint?: string;
  /** Bytes of pages and assets one client may take a minute (0: no limit); about 15 first visits of the playground. @default 32 MiB */
  bytesPerClientPerMinute?: number;
  /** Take the client's address from X-Forwarded-For (TRUST_PROXY). @default false */
  trustProxy?: boolean;
  /** The budget's clock, in ms. @default Date.now */
  now?: () => number;
}

export const DEFAULT_WEB_BYTES_PER_MINUTE = 32 * 2 ** 20;

export function useWebPages({
  playground,
  logger,
  assetsDir,
  endpoint = '/graphql',
  bytesPerClientPerMinute = DEFAULT_WEB_BYTES_PER_MINUTE,
  trustProxy = false,
  now,
}: WebPagesOptions): Plugin {
  const budget = createByteBudget(bytesPerClientPerMinute, now);
  let assets: StaticAssets | undefined;
  let missing: string | undefined;
  try {
    assets = loadStaticAssets(assetsDir);
  } catch (error) {
    missing = (error as Error).message;
    logger.warn('the browser pages are not available', { reason: missing });
  }
  const pages = new Map<string, StaticFile>();
  if (assets) {
    pages.set('/', staticPage(renderFrontDoor(assets, { playground: playground !== false })));
    pages.set('/explore', staticPage(renderExplorePage(assets)));
    if (playground) pages.set(endpoint, staticPage(renderPlaygroundPage(assets, playground)));
  }
  const served = new Set(['/', '/explore', ...(playground ? [endpoint] : [])]);

  return {
    onRequest({ request, url, endResponse, fetchAPI, serverContext }) {
      if (request.method !== 'GET' && request.method !== 'HEAD') return;
      const path = url.pathname.length > 1 && url.pathname.endsWith('/') ? url.pathname.slice(0, -1) : url.pathname;
      const isAsset = path.startsWith(ASSET_PREFIX);
      // The playground only for a browser's page load: GET /graphql?query=… is an API request.
      if (path === endpoint && (!request.headers.get('accept')?.includes('text/html') || url.searchParams.has('query'))) return;
      if (!isAsset && !served.has(path)) return;
      if (!assets) {
        endResponse(new fetchAPI.Response(`This page is not available: ${missing}\n`, { status: 503, headers: { 'content-type': 'text/plain; charset=utf-8' } }));
        return;
      }
      const file = isAsset ? assets.files.get(path) : pages.get(path);
      if (!file) {
        endResponse(new fetchAPI.Response(`No asset ${path}: asset names change with every build; reload the page.\n`, { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } }));
        return;
      }
      const response = respondWithFile(request, file, fetchAPI.Response);
      const client = clientOf({ ...(serverContext as ClientContext), request }, trustProxy);
      const retryAfter = budget.take(client, request.method === 'HEAD' ? 0 : Number(response.headers.get('content-length') ?? 0));
      if (retryAfter > 0) {
        const message =
          `Too many page downloads from ${client}: at most ${bytesPerClientPerMinute} bytes of pages and assets a minute ` +
          `(about 15 first visits of the playground; revisits cost almost nothing). Retry in ${retryAfter} s.`;
        endResponse(
          new fetchAPI.Response(JSON.stringify({ errors: [{ message, extensions: { code: ErrorCode.RATE_LIMITED, retryAfter } }] }), {
            status: 429,
            headers: { 'content-type': 'application/json; charset=utf-8', 'retry-after': String(retryAfter) },
          }),
        );
        return;
      }
      endResponse(response);
    },
  };
}
