// scratch: time the phases of one query: DB statement alone vs whole app
import { readFileSync } from 'node:fs';
import { createDriver } from '../src/db/driver.ts';
import { Executor } from '../src/db/executor.ts';
import { loadOntology } from '../src/ontology/ontology.ts';
import { createApp } from '../src/server/create-app.ts';
import { createLogger } from '../src/server/logger.ts';
const port = readFileSync('/tmp/lead-neo4j-port', 'utf8').trim();
const executor = new Executor(createDriver({ uri: `bolt://127.0.0.1:${port}`, username: 'neo4j', password: '', database: undefined }), { database: undefined, timeoutMs: 30000 });
let dbMs = 0; let calls = 0;
const orig = executor.read.bind(executor);
(executor as any).read = async (q: any, p: any, o: any) => { const t = performance.now(); const r = await orig(q, p, o); dbMs += performance.now() - t; calls++; return r; };
const app = createApp({ executor, ontology: loadOntology(), logger: createLogger('warn'), http: { rateLimitCostPerMinute: 0 } });
const query = process.argv[2]!;
const n = Number(process.env.N ?? 200);
const run = async () => { const res = await app.fetch('http://x/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) }); return res.text(); };
for (let i = 0; i < 30; i++) await run();
dbMs = 0; calls = 0;
const times: number[] = [];
for (let i = 0; i < n; i++) { const t = performance.now(); await run(); times.push(performance.now() - t); }
times.sort((a, b) => a - b);
console.log(`total p50 ${times[Math.floor(n / 2)]!.toFixed(2)} ms; db per request ${(dbMs / n).toFixed(2)} ms over ${(calls / n).toFixed(1)} statements`);
await executor.close();
