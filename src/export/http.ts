// HTTP details of the exports that do not depend on what is exported: content coding (gzip, br via
// Node's zlib streams), entity tags, and turning any error into a response with a stable code.
import { createHash } from 'node:crypto';
import zlib from 'node:zlib';
import { GraphQLError } from 'graphql';
import { ErrorCode } from '../errors/api-errors.ts';
import type { Logger } from '../log/logger.ts';
import { ExportError } from './export-error.ts';

export type Coding = 'gzip' | 'br';

/**
 * The coding to use for `Accept-Encoding`: gzip or br, whichever the client weights higher (gzip on a
 * tie: it is cheaper to produce at streaming speed); none when it accepts neither.
 */
export function chooseCoding(acceptEncoding: string | null): Coding | null {
  if (!acceptEncoding) return null;
  let best: { coding: Coding; q: number } | null = null;
  for (const part of acceptEncoding.split(',')) {
    const [token, ...params] = part.trim().toLowerCase().split(';');
    if (token !== 'gzip' && token !== 'br') continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!(q > 0)) continue;
    if (!best || q > best.q || (q === best.q && token === 'gzip')) best = { coding: token, q };
  }
  return best?.coding ?? null;
}

/** Fast settings: at 100 k rows a second a high level would make the compressor the bottleneck. */
export function compressor(coding: Coding): zlib.Gzip | zlib.BrotliCompress {
  return coding === 'gzip'
    ? zlib.createGzip({ level: 4 })
    : zlib.createBrotliCompress({ params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } });
}

/** A strong tag: the same graph version, export, filters and coding always give the same bytes. */
export function entityTag(version: string, parts: unknown): string {
  return `"${version}-${createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 16)}"`;
}

/** The entity tags of an If-Match / If-None-Match header (`*` stays `*`; weak tags compare by their opaque part). */
export function parseTags(header: string | null): string[] {
  if (!header) return [];
  return header
    .split(',')
    .map((t) => t.trim().replace(/^W\//, ''))
    .filter((t) => t !== '');
}

const STATUS: Record<string, number> = {
  [ErrorCode.BAD_USER_INPUT]: 400,
  [ErrorCode.NOT_FOUND]: 404,
};

function isDatabaseUnavailable(error: unknown): boolean {
  const e = error as { name?: string; code?: string };
  // DatabaseUnavailableError is what src/db/errors.ts throws (contract 5); the codes are the driver's own.
  return e?.name === 'DatabaseUnavailableError' || e?.code === 'ServiceUnavailable' || e?.code === 'SessionExpired';
}

/** Any error before the first byte → a JSON error response; unexpected ones are logged and masked. */
export function errorResponse(error: unknown, logger: Logger, path: string): Response {
  if (error instanceof ExportError) return error.toResponse();
  if (error instanceof GraphQLError) {
    const { code = ErrorCode.BAD_USER_INPUT, ...details } = error.extensions as Record<string, unknown>;
    return new ExportError(STATUS[String(code)] ?? 400, String(code), error.message, details).toResponse();
  }
  if (isDatabaseUnavailable(error)) {
    logger.warn('export: database unavailable', { path, error: String((error as Error).message ?? error) });
    return new ExportError(503, ErrorCode.DATABASE_UNAVAILABLE, 'The database is not answering; try again shortly.', {}, { 'retry-after': '5' }).toResponse();
  }
  logger.error('export failed', { path, error: (error as Error)?.stack ?? String(error) });
  return new ExportError(500, ErrorCode.INTERNAL_SERVER_ERROR, 'Internal server error.').toResponse();
}
