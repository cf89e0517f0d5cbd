#!/usr/bin/env node
// Builds what `npm start` and the Docker image run: src/main.ts and its modules as one ES module,
// dist/main.mjs (dependencies stay in node_modules), with a source map beside it. Plain Node then runs it
// without tsx: no TypeScript transform at start-up, and no source-mapped stack trace for every database
// query (neo4j-driver records one per query; through tsx's source maps that cost ~10 % of the API's CPU,
// docs/performance.md). NODE_OPTIONS=--enable-source-maps gives TypeScript positions in stack traces.
//
//   node scripts/bundle.mjs                      src/main.ts → dist/main.mjs, and the browser assets → dist/public/
//   node scripts/bundle.mjs <entry.ts> <name>    another entry (the benchmark's servers) → dist/<name>.mjs
//
// Every bundle lands directly in dist/, one folder below the root like src/project-root.ts, which
// locates the project's files from there. The file is written aside and renamed into place, so a
// process starting meanwhile reads the old bundle or the new one, never half of one.
import { renameSync, writeFileSync, mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { buildWeb } from './build-web.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const OUT_DIR = join(ROOT, 'dist');

/** Bundles `entry` (relative to the project root) into dist/<name>.mjs; returns its path. */
export async function bundle(entry = 'src/main.ts', name = 'main') {
  if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`bundle name "${name}": use lower-case letters, digits and dashes`);
  const outfile = join(OUT_DIR, `${name}.mjs`);
  const result = await build({
    entryPoints: [join(ROOT, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    packages: 'external',
    sourcemap: 'linked',
    sourcesContent: false,
    write: false,
    logLevel: 'warning',
  });
  mkdirSync(OUT_DIR, { recursive: true });
  for (const file of result.outputFiles) {
    const aside = join(OUT_DIR, `.${basename(file.path)}.${process.pid}.tmp`);
    writeFileSync(aside, file.contents);
    renameSync(aside, file.path);
  }
  return outfile;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [entry, name] = process.argv.slice(2);
  await bundle(entry, name);
  // The service's own build also builds the browser pages' assets (dist/public, scripts/build-web.mjs).
  if (entry === undefined) await buildWeb();
}
