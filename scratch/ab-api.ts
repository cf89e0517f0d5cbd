// scratch: interleave the in-process API (app.fetch), the API over HTTP, and the raw statement
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import neo4j from 'neo4j-driver';
import { createDriver } from '../src/db/driver.ts';
import { Executor } from '../src/db/executor.ts';
import { loadOntology } from '../src/ontology/ontology.ts';
import { createApp } from '../src/server/create-app.ts';
import { createLogger } from '../src/server/logger.ts';
import { headline } from '../bench/lib/raw-cypher.ts';
const port = readFileSync('/tmp/lead-neo4j-port', 'utf8').trim();
const executor = new Executor(createDriver({ uri: `bolt://127.0.0.1:${port}`, username: 'neo4j', password: '', database: undefined }), { database: undefined, timeoutMs: 30000 });
const app = createApp({ executor, ontology: loadOntology(), logger: createLogger('error'), http: { rateLimitCostPerMinute: 0 } });
const server = createServer(app); await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${(server.address() as any).port}/graphql`;
const driver = neo4j.driver(`bolt://127.0.0.1:${port}`, neo4j.auth.basic('neo4j', ''));
const session = driver.session({ defaultAccessMode: neo4j.session.READ });
const query = process.argv[2]!;
const body = JSON.stringify({ query });
const systems: Record<string, () => Promise<unknown>> = {
  inproc: async () => (await app.fetch('http://x/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body })).text(),
  http: async () => (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body })).text(),
  raw: () => session.executeRead((tx) => tx.run(headline.text, { target: 'ai-chips', first: neo4j.int(21) })),
};
const times: Record<string, number[]> = {};
for (let i = 0; i < 300; i++) for (const [name, run] of Object.entries(systems)) { const t = performance.now(); await run(); if (i >= 50) (times[name] ??= []).push(performance.now() - t); }
for (const [name, ts] of Object.entries(times)) { ts.sort((a, b) => a - b); console.log(`${name} p50 ${ts[Math.floor(ts.length / 2)]!.toFixed(2)} p90 ${ts[Math.floor(ts.length * 0.9)]!.toFixed(2)}`); }
await session.close(); await driver.close(); await executor.close(); server.close();
