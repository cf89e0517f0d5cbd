// Starts the tests' own Neo4j once per run: embedded on port 7688 with a fresh data folder
// (.data/test-neo4j, never the one `npm start` uses), or NEO4J_TEST_URI when set (that database is wiped).
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedNeo4j, type EmbeddedNeo4j } from '../../src/db/embedded/launcher.ts';

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

export const TEST_DATA_DIR = resolve('.data/test-neo4j');
export const TEST_PORT = Number(process.env.NEO4J_TEST_PORT ?? 7688);

let embedded: EmbeddedNeo4j | undefined;

export default async function setup(project: TestProject) {
  if (process.env.NEO4J_TEST_URI) {
    project.provide('neo4j', {
      uri: process.env.NEO4J_TEST_URI,
      username: process.env.NEO4J_TEST_USERNAME ?? 'neo4j',
      password: process.env.NEO4J_TEST_PASSWORD ?? '',
    });
    return;
  }
  rmSync(TEST_DATA_DIR, { recursive: true, force: true });
  embedded = await startEmbeddedNeo4j({
    port: TEST_PORT,
    dataDir: TEST_DATA_DIR,
    heapMb: 1024,
    pageCacheMb: 128,
    txTimeoutSeconds: 60,
    log: (line) => process.stderr.write(`[test-neo4j] ${line}\n`),
  });
  project.provide('neo4j', { uri: embedded.uri, username: 'neo4j', password: '' });
  return async () => {
    await embedded?.stop();
  };
}
