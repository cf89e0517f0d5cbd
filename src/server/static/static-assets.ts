// The project's own browser files, held in memory and answered the way a CDN would: compressed (br or
// gzip, compressed once at build or at start-up, never per request), with an ETag so a revisit costs a
// 304, content-hashed assets cached for a year as `immutable`, and HTML pages revalidated every time so
// a new build is seen at once. scripts/build-web.mjs writes the assets and dist/public/manifest.json.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { projectPath } from '../../project-root.ts';

/** Bytes backed by a plain ArrayBuffer, which is what a Response body accepts. */
type Bytes = Uint8Array<ArrayBuffer>;

/** One response body in its three encodings, with what the headers need. */
export interface StaticFile {
  type: string;
  etag: string;
  /** Content-hashed: the name changes when the content does, so clients may keep it forever. */
  immutable: boolean;
  identity: Bytes;
  gzip: Bytes;
  br: Bytes;
}

/** The built assets by URL path (`/assets/<file>`), and each logical name's URL. */
export interface StaticAssets {
  files: Map<string, StaticFile>;
  /** `explore.js` → `/assets/explore-<hash>.js`. */
  url(name: string): string;
}

export const ASSET_PREFIX = '/assets/';
const DEFAULT_DIR = projectPath('dist/public/');

export class AssetsNotBuiltError extends Error {
  override name = 'AssetsNotBuiltError';
}

interface ManifestEntry {
  file: string;
  type: string;
}

/** Reads dist/public (or `dir`) as scripts/build-web.mjs left it; throws AssetsNotBuiltError naming the command when it is missing. */
export function loadStaticAssets(dir: string = DEFAULT_DIR): StaticAssets {
  const manifestPath = join(dir, 'manifest.json');
  if (!existsSync(manifestPath)) {
    throw new AssetsNotBuiltError(`the browser assets are not built (no ${manifestPath}): run 'npm run build' (npm start does it)`);
  }
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, ManifestEntry>;
  const files = new Map<string, StaticFile>();
  const urls = new Map<string, string>();
  for (const [name, entry] of Object.entries(manifest)) {
    const path = join(dir, entry.file);
    const identity = readFileSync(path);
    files.set(ASSET_PREFIX + entry.file, {
      type: entry.type,
      // The hash is in the name already; the ETag only has to tell this file from another.
      etag: `"${entry.file}"`,
      immutable: true,
      identity,
      gzip: readFileSync(`${path}.gz`),
      br: readFileSync(`${path}.br`),
    });
    urls.set(name, ASSET_PREFIX + entry.file);
  }
  return {
    files,
    url(name) {
      const url = urls.get(name);
      if (!url) throw new AssetsNotBuiltError(`the browser asset '${name}' is not in ${manifestPath}: run 'npm run build'`);
      return url;
    },
  };
}

/** A page built at start-up (HTML): compressed once now; revalidated by the browser on every visit. */
export function staticPage(html: string, type = 'text/html; charset=utf-8'): StaticFile {
  const identity = Buffer.from(html);
  return {
    type,
    etag: `"${createHash('sha256').update(identity).digest('base64url').slice(0, 16)}"`,
    immutable: false,
    identity,
    gzip: gzipSync(identity, { level: 9 }),
    br: brotliCompressSync(identity, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
  };
}

/** The encoding to send for an Accept-Encoding header: br, then gzip, else none (q=0 excludes one). */
export function chooseEncoding(acceptEncoding: string | null): 'br' | 'gzip' | 'identity' {
  if (!acceptEncoding) return 'identity';
  const accepted = new Set<string>();
  for (const part of acceptEncoding.toLowerCase().split(',')) {
    const [coding, ...params] = part.trim().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (coding && !(q && Number(q.slice(2)) === 0)) accepted.add(coding.trim());
  }
  if (accepted.has('br')) return 'br';
  if (accepted.has('gzip') || accepted.has('*')) return 'gzip';
  return 'identity';
}

/** Whether If-None-Match names this ETag (or is `*`): the client's copy is current. */
function matches(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t === etag || t === `W/${etag}`;
  });
}

/** The response for a GET or HEAD of `file`: 304 when the client's copy is current, else the best encoding. */
export function respondWithFile(request: Request, file: StaticFile, ResponseClass: typeof Response = Response): Response {
  const headers: Record<string, string> = {
    'content-type': file.type,
    etag: file.etag,
    vary: 'Accept-Encoding',
    'cache-control': file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    'x-content-type-options': 'nosniff',
  };
  if (matches(request.headers.get('if-none-match'), file.etag)) return new ResponseClass(null, { status: 304, headers });
  const encoding = chooseEncoding(request.headers.get('accept-encoding'));
  const body = encoding === 'identity' ? file.identity : file[encoding];
  if (encoding !== 'identity') headers['content-encoding'] = encoding;
  headers['content-length'] = String(body.length);
  return new ResponseClass(request.method === 'HEAD' ? null : body, { status: 200, headers });
}
