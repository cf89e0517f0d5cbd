// Starts the tests' own Neo4j once per run: embedded on a free port picked now (or NEO4J_TEST_PORT) with a
// fresh data folder of its own (never the one `npm start` uses), or NEO4J_TEST_URI when set (that database is wiped).
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedNeo4j, type EmbeddedNeo4j } from '../../src/db/embedded/launcher.ts';
import { freePort } from '../../src/net/free-port.ts';
import { buildWeb } from '../../scripts/build-web.mjs';

export interface TestNeo4j {
  uri: string;
  username: string;
  password: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    neo4j: TestNeo4j;
  }
}

/** Each run gets its own folder under .data/, so two suites can share a machine and a checkout. */
const TEST_DATA_ROOT = resolve('.data');

let embedded: EmbeddedNeo4j | undefined;

export default async function setup(project: TestProject) {
  // The browser pages' assets (dist/public) that the app serves, as `npm start` builds them.
  await buildWeb();
  if (process.env.NEO4J_TEST_URI) {
    project.provide('neo4j', {
      uri: process.env.NEO4J_TEST_URI,
      username: process.env.NEO4J_TEST_USERNAME ?? 'neo4j',
      password: process.env.NEO4J_TEST_PASSWORD ?? '',
    });
    return;
  }
  mkdirSync(TEST_DATA_ROOT, { recursive: true });
  const dataDir = mkdtempSync(join(TEST_DATA_ROOT, 'test-neo4j-'));
  const port = process.env.NEO4J_TEST_PORT ? Number(process.env.NEO4J_TEST_PORT) : await freePort();
  embedded = await startEmbeddedNeo4j({
    port,
    dataDir,
    heapMb: 1024,
    pageCacheMb: 128,
    txTimeoutSeconds: 60,
    log: (line) => process.stderr.write(`[test-neo4j] ${line}\n`),
  });
  // Authentication is on: the password is the one the launcher generated in the run's data folder.
  project.provide('neo4j', { uri: embedded.uri, username: embedded.username, password: embedded.password });
  return async () => {
    await embedded?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
