#!/usr/bin/env node
// Builds the browser assets the API serves (src/server/static/): the explorer (web/explore/, bundled by
// esbuild with Cytoscape.js and fcose) and the playground's GraphiQL (split out of
// @graphql-yoga/render-graphiql, which would otherwise inline 9 MB into one HTML page). Each file gets
// its content's hash in its name (so it can be cached forever) and is compressed once, here, to .br and
// .gz beside it; dist/public/manifest.json maps each logical name to its file. A file whose hashed name
// already exists is not compressed again, so a rebuild with nothing changed takes well under a second.
//
//   node scripts/build-web.mjs        → dist/public/*
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const OUT_DIR = join(ROOT, 'dist', 'public');
const require = createRequire(import.meta.url);

const TYPES = { js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8', png: 'image/png', svg: 'image/svg+xml', ico: 'image/x-icon' };

/** Writes `contents` as dist/public/<name>-<hash>.<ext> with .br and .gz beside it; returns the manifest entry. */
function emit(name, ext, contents) {
  const body = Buffer.isBuffer(contents) ? contents : Buffer.from(contents);
  const hash = createHash('sha256').update(body).digest('base64url').slice(0, 12);
  const file = `${name}-${hash}.${ext}`;
  const path = join(OUT_DIR, file);
  if (!existsSync(`${path}.br`)) {
    // Brotli at quality 9, not 11: 11 takes ~10× longer on the 5 MB GraphiQL script for ~4 % smaller output.
    const br = brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 9, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } });
    writeAtomically(`${path}.gz`, gzipSync(body, { level: 9 }));
    writeAtomically(path, body);
    // Last: its presence says the three files are complete.
    writeAtomically(`${path}.br`, br);
  }
  return { file, type: TYPES[ext], bytes: body.length };
}

function writeAtomically(path, contents) {
  const aside = `${path}.${process.pid}.tmp`;
  writeFileSync(aside, contents);
  renameSync(aside, path);
}

/** The favicon GraphiQL ships as a data: URL, as bytes and an extension. */
function decodeDataUrl(url) {
  const match = /^data:image\/([a-z+-]+);base64,(.*)$/s.exec(url);
  if (!match) return undefined;
  const ext = match[1] === 'svg+xml' ? 'svg' : match[1] === 'x-icon' || match[1] === 'vnd.microsoft.icon' ? 'ico' : match[1];
  return { ext, body: Buffer.from(match[2], 'base64') };
}

/** Builds every asset into dist/public and writes its manifest; returns the manifest. */
export async function buildWeb() {
  mkdirSync(OUT_DIR, { recursive: true });
  const manifest = {};

  const explore = await build({
    entryPoints: [join(ROOT, 'web/explore/main.ts'), join(ROOT, 'web/explore/explore.css')],
    outdir: OUT_DIR,
    bundle: true,
    platform: 'browser',
    target: ['chrome110', 'firefox110', 'safari16'],
    format: 'esm',
    minify: true,
    legalComments: 'eof',
    write: false,
    logLevel: 'warning',
  });
  for (const output of explore.outputFiles) {
    const ext = output.path.endsWith('.css') ? 'css' : 'js';
    manifest[`explore.${ext}`] = emit('explore', ext, Buffer.from(output.contents));
  }
  manifest['front-door.css'] = emit('front-door', 'css', readFileSync(join(ROOT, 'web/front-door.css')));

  // GraphiQL's pieces, as render-graphiql ships them (strings); the page that loads them is rendered by
  // the server (src/server/pages/playground-page.ts), which knows the example queries.
  const graphiql = require('@graphql-yoga/render-graphiql/graphiql');
  manifest['graphiql.js'] = emit('graphiql', 'js', graphiql.js);
  manifest['graphiql.css'] = emit('graphiql', 'css', graphiql.css);
  manifest['graphiql-editor-worker.js'] = emit('graphiql-editor-worker', 'js', graphiql.editorWorkerService);
  manifest['graphiql-json-worker.js'] = emit('graphiql-json-worker', 'js', graphiql.jsonWorker);
  manifest['graphiql-graphql-worker.js'] = emit('graphiql-graphql-worker', 'js', graphiql.graphqlWorker);
  const favicon = decodeDataUrl(graphiql.favicon);
  if (favicon) manifest['favicon'] = emit('favicon', favicon.ext, favicon.body);

  // Files of earlier builds that no manifest names any more: keep the newest few generations for pages
  // still open in a browser, remove the rest (by age, an hour).
  const keep = new Set(Object.values(manifest).flatMap((entry) => [entry.file, `${entry.file}.br`, `${entry.file}.gz`]));
  for (const file of readdirSync(OUT_DIR)) {
    if (keep.has(file) || file === 'manifest.json') continue;
    const path = join(OUT_DIR, file);
    if (Date.now() - statSync(path).mtimeMs > 3_600_000) rmSync(path, { force: true });
  }
  writeAtomically(join(OUT_DIR, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await buildWeb();
}
