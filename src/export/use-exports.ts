// Serves the bulk exports under /export/ (a yoga plugin, like the readiness check): the manifest, the
// four tables as CSV, JSON Lines or Parquet, and the graph as GraphML — streamed with backpressure,
// compressed on request, tagged with the graph version, refused if a pinned version is gone.
import type { ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Plugin } from 'graphql-yoga';
import type { Executor } from '../db/executor.ts';
import type { Ontology } from '../ontology/ontology.ts';
import { Repository } from '../repository/repository.ts';
import type { Logger } from '../log/logger.ts';
import { badUserInput, ErrorCode, notFound } from '../errors/api-errors.ts';
import { CONTENT_TYPES, EXPORT_REVISION, ExportCatalog, FILTERED, FORMATS, TABLE_NAMES, type Chunks, type Format, type TableName } from './catalog.ts';
import { ExportError, versionChanged } from './export-error.ts';
import { ExportSlots, type ExportLimits } from './export-slots.ts';
import { clientOf, type ClientContext } from '../net/client-address.ts';
import { givenFilters, parseExportQuery } from './filters.ts';
import { chooseCoding, compressor, entityTag, errorResponse, parseTags, type Coding } from './http.ts';
import { watchIdleWrites } from './idle-watch.ts';
import { KeysetError } from './read-batches.ts';

export const EXPORT_PREFIX = '/export';
export const VERSION_HEADER = 'chokepoint-graph-version';

export interface ExportsOptions {
  executor: Executor;
  ontology: Ontology;
  logger: Logger;
  /** Rows per batch read from Neo4j (one short read transaction each). @default 5000 */
  batchRows?: number;
  /** Exports streamed at once, per process and per client (src/export/export-slots.ts). */
  limits: ExportLimits;
  /** Count clients by the last X-Forwarded-For address (TRUST_PROXY), as the cost budget does. */
  trustProxy: boolean;
  /** Close an export whose client has not read for this long (src/export/idle-watch.ts). @default 30000 */
  idleTimeoutMs?: number;
}

type Route = { kind: 'manifest' } | { kind: 'table'; table: TableName; format: Format } | { kind: 'graph' };

/** Every file the routes serve, for the NOT_FOUND message. */
const FILES = ['manifest.json', ...TABLE_NAMES.flatMap((t) => FORMATS.map((f) => `${t}.${f}`)), 'graph.graphml'];

function route(path: string): Route {
  const file = path.slice(EXPORT_PREFIX.length).replace(/^\/+/, '');
  if (file === '' || file === 'manifest.json') return { kind: 'manifest' };
  if (file === 'graph.graphml') return { kind: 'graph' };
  const match = /^([a-z]+)\.([a-z]+)$/.exec(file);
  if (match && (TABLE_NAMES as readonly string[]).includes(match[1]!) && (FORMATS as readonly string[]).includes(match[2]!)) {
    return { kind: 'table', table: match[1] as TableName, format: match[2] as Format };
  }
  throw notFound(`There is no export "${file.slice(0, 100)}" under ${EXPORT_PREFIX}/.`, FILES.map((f) => `${EXPORT_PREFIX}/${f}`), { value: file.slice(0, 100) });
}

export function useExports(options: ExportsOptions): Plugin {
  const catalog = new ExportCatalog(options.executor, options.ontology, options.batchRows);
  const slots = new ExportSlots(options.limits);
  const { logger } = options;

  async function respond(request: Request, url: URL, res: ServerResponse | undefined, client: string): Promise<Response> {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return new ExportError(405, ErrorCode.BAD_USER_INPUT, `${request.method} is not allowed on ${url.pathname}; use GET or HEAD.`, { method: request.method }, { allow: 'GET, HEAD' }).toResponse();
    }
    const target = route(url.pathname);
    const name = target.kind === 'table' ? target.table : target.kind;
    const { filter, version: pinned } = await parseExportQuery(url.searchParams, options.ontology, new Repository(options.executor, options.ontology));
    const filters = givenFilters(filter);
    if (!FILTERED.includes(name) && target.kind !== 'manifest' && Object.keys(filters).length > 0) {
      throw badUserInput(`'${name}' is always exported whole; the filters (${Object.keys(filters).join(', ')}) apply to relationships, citations, the graph and the manifest.`, {
        argument: Object.keys(filters)[0],
      });
    }

    const { version, csvLineFormat } = await catalog.state();
    if (pinned !== null && pinned !== version) throw versionChanged(pinned, version);

    const format = target.kind === 'table' ? target.format : target.kind === 'graph' ? 'graphml' : 'json';
    const coding: Coding | null = format === 'parquet' || format === 'json' ? null : chooseCoding(request.headers.get('accept-encoding'));
    const tag = version === null ? null : entityTag(version, { path: url.pathname, filters, coding, revision: EXPORT_REVISION });
    const ifMatch = parseTags(request.headers.get('if-match'));
    // If-Match takes this export's ETag, or the bare version ("<version>") to pin a pull of several exports.
    if (ifMatch.length > 0 && !ifMatch.some((t) => (t === '*' && version !== null) || t === tag || t === `"${version}"`)) {
      // Echo a long header cut short: a 15 KB If-Match came back twice, whole, in the error.
      const given = ifMatch.join(', ');
      throw versionChanged(given.length > 100 ? `${given.slice(0, 100)}… (${given.length} characters)` : given, version);
    }

    const headers: Record<string, string> = { 'cache-control': 'no-cache', vary: 'accept-encoding' };
    if (version !== null) headers[VERSION_HEADER] = version;
    if (tag !== null) headers.etag = tag;
    if (tag !== null && parseTags(request.headers.get('if-none-match')).some((t) => t === tag || t === '*')) {
      return new Response(null, { status: 304, headers });
    }

    if (target.kind === 'manifest') {
      const urls = (file: string) => `${EXPORT_PREFIX}/${file}${url.search}`;
      const body = request.method === 'HEAD' ? null : JSON.stringify(await catalog.manifest(filter, version, urls), null, 2);
      return new Response(body, { status: 200, headers: { ...headers, 'content-type': 'application/json; charset=utf-8' } });
    }

    const short = version === null ? 'unversioned' : version.slice(0, 12);
    const suffix = Object.keys(filters).length > 0 ? `-filtered-${(tag ?? '').slice(-9, -1)}` : '';
    const fileName = target.kind === 'graph' ? `chokepoint-graph-${short}${suffix}.graphml` : `chokepoint-${target.table}-${short}${suffix}.${target.format}`;
    headers['content-type'] = CONTENT_TYPES[format as Format | 'graphml'];
    headers['content-disposition'] = `attachment; filename="${fileName}"`;
    if (coding) headers['content-encoding'] = coding;
    if (request.method === 'HEAD') return new Response(null, { status: 200, headers });

    const release = slots.take(client);
    try {
      const chunks: Chunks = target.kind === 'graph' ? catalog.graph(filter, version) : catalog.table(target.table, target.format, filter, version, csvLineFormat);
      return await send(chunks, headers, coding, res, url.pathname, release);
    } catch (error) {
      release();
      throw error;
    }
  }

  /**
   * Streams the body. Through Node's response when there is one (pipeline: backpressure, and a
   * failure half-way destroys the connection, so the client sees a broken transfer, never a clean
   * end); else (an in-process `app.fetch`) as a web stream.
   */
  async function send(
    chunks: Chunks,
    headers: Record<string, string>,
    coding: Coding | null,
    res: ServerResponse | undefined,
    path: string,
    release: () => void,
  ): Promise<Response> {
    // One chunk (one batch) buffered at a time: memory stays flat however large the table.
    const source = Readable.from(chunks, { objectMode: true, highWaterMark: 1 });
    // The slot is given back when the source closes: read to its end, failed, or given up by the client.
    source.once('close', release);
    if (!res) {
      const body = coding ? source.pipe(compressor(coding)) : source;
      source.on('error', (error) => body.destroy(error));
      return new Response(Readable.toWeb(body) as ReadableStream, { status: 200, headers });
    }
    // A client that goes away gives its slot back at once, not when the batch being read arrives.
    res.once('close', release);
    const idleMs = options.idleTimeoutMs ?? 30_000;
    const stopWatching = watchIdleWrites(res, idleMs, () => {
      logger.warn('export closed: the client stopped reading', { path, idleMs, client: res.socket?.remoteAddress });
      res.destroy();
    });
    // The status goes out now: the client learns at once that its export started.
    res.writeHead(200, headers);
    res.flushHeaders();
    try {
      await (coding ? pipeline(source, compressor(coding), res) : pipeline(source, res));
    } catch (error) {
      if (!res.destroyed) res.destroy();
      const closedByClient = (error as { code?: string }).code === 'ERR_STREAM_PREMATURE_CLOSE';
      if (error instanceof KeysetError) logger.error('export failed: a batch broke the keyset contract', { path, error: error.stack });
      else if (!closedByClient) logger.warn('export aborted mid-stream', { path, code: (error as ExportError).code, error: String((error as Error).message) });
    } finally {
      stopWatching();
    }
    // Already sent; yoga sees an ended response and writes nothing more.
    return new Response(null, { status: 200, headers });
  }

  return {
    async onRequest({ request, url, endResponse, serverContext }) {
      if (url.pathname !== EXPORT_PREFIX && !url.pathname.startsWith(`${EXPORT_PREFIX}/`)) return;
      const res = (serverContext as { res?: ServerResponse }).res;
      let response: Response;
      try {
        const client = clientOf({ request, req: (serverContext as ClientContext).req }, options.trustProxy);
        response = await respond(request, url, res && typeof res.writeHead === 'function' ? res : undefined, client);
      } catch (error) {
        response = errorResponse(error, logger, url.pathname);
      }
      endResponse(response);
    },
  };
}
