// `npm start` end to end against an external database given by NEO4J_URI (here a neo4j:// routing URI
// to the tests' Neo4j): what it runs, the production bundle (scripts/bundle.mjs → dist/main.mjs) under
// plain Node, never starts the embedded Neo4j, applies the schema, loads the seed, serves GraphQL, warms
// up with the playground examples, and shuts down cleanly on SIGTERM. Reading the ontology, the schema,
// the seed and the examples from the bundle is what src/project-root.ts is for.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { isPortInUse } from '../../src/db/embedded/launcher.ts';
import { API_NODE_FLAGS } from '../../src/process/node-flags.ts';
import { freePort } from '../../src/net/free-port.ts';
import { closeTestExecutor, wipeDatabase } from '../support/database.ts';

const HTTP_PORT = await freePort();
const UNUSED_EMBEDDED_PORT = await freePort();
let child: ChildProcess | undefined;
const output: string[] = [];

// An empty database, so start-up loads the seed (a graph already holding it is left as it is).
beforeAll(async () => {
  await wipeDatabase();
  await closeTestExecutor();
  const built = spawnSync(process.execPath, ['scripts/bundle.mjs'], { encoding: 'utf8', timeout: 60_000 });
  if (built.status !== 0) throw new Error(`scripts/bundle.mjs failed: ${built.stderr}`);
});

afterAll(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
});

async function waitFor(url: string, timeoutMs: number): Promise<Response> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(url);
      if (response.ok) return response;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs} ms:\n${output.join('')}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('npm start with NEO4J_URI', () => {
  it('uses the external database, never the embedded one, and serves GraphQL', async () => {
    const { uri, username, password } = inject('neo4j');
    const routing = uri.replace(/^bolt:/, 'neo4j:');
    child = spawn(process.execPath, [...API_NODE_FLAGS, 'dist/main.mjs'], {
      env: {
        ...process.env,
        NEO4J_URI: routing,
        NEO4J_USERNAME: username,
        NEO4J_PASSWORD: password,
        NEO4J_EMBEDDED_PORT: String(UNUSED_EMBEDDED_PORT),
        PORT: String(HTTP_PORT),
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString()));

    await waitFor(`http://127.0.0.1:${HTTP_PORT}/ready`, 120_000);
    const log = output.join('');
    expect(log).toContain(`using the Neo4j at ${routing} (NEO4J_URI)`);
    expect(log).not.toContain('embedded Neo4j is ready');
    expect(await isPortInUse(UNUSED_EMBEDDED_PORT)).toBe(false);
    // The seed step ran against it: written, or found already there (the suite shares one database).
    expect(log).toMatch(/"msg":"seed (loaded|unchanged)"/);

    const response = await fetch(`http://127.0.0.1:${HTTP_PORT}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    // Once the warm-up has read the graph, responses also carry its version in extensions.
    expect(((await response.json()) as { data: unknown }).data).toEqual({ __typename: 'Query' });
    expect(output.join('')).toMatch(/"msg":"request","method":"POST","path":"\/graphql","status":200,"operation":"\(anonymous\)","ms":[\d.]+,"dbQueries":0/);
  });

  it('warms up by running the playground examples once, all without errors', async () => {
    await expect.poll(() => output.join(''), { timeout: 60_000, interval: 250 }).toMatch(/"msg":"warm-up done"/);
    expect(output.join('')).not.toContain('warm-up: some example queries failed');
  });

  it('stops cleanly on SIGTERM', async () => {
    const exited = new Promise<number | null>((resolve) => child!.once('exit', resolve));
    child!.kill('SIGTERM');
    const started = Date.now();
    expect(await exited).toBe(0);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(output.join('')).toContain('"msg":"stopped"');
  });
});
