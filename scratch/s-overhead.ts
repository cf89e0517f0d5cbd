// scratch: per question on the dev DB: API in-process (app.fetch), API over HTTP, raw statement — interleaved p50s.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createDriver } from '../src/db/driver.ts';
import { Executor } from '../src/db/executor.ts';
import { loadOntology } from '../src/ontology/ontology.ts';
import { createApp } from '../src/server/create-app.ts';
import { createLogger } from '../src/server/logger.ts';
import { SEED_ANCHORS, fromGeneratorAnchors } from '../bench/lib/anchors.ts';
import { ANCHORS } from '../bench/generate/anchors.ts';
import { prepare } from '../bench/lib/prepare.ts';
import { buildQuestions } from '../bench/lib/questions.ts';
const uri = process.env.URI ?? `bolt://127.0.0.1:${readFileSync('/tmp/lead-neo4j-port', 'utf8').trim()}`;
const executor = new Executor(createDriver({ uri, username: 'neo4j', password: '', database: undefined }), { database: undefined, timeoutMs: 30000 });
const app = createApp({ executor, ontology: loadOntology(), logger: createLogger('error'), http: { rateLimitCostPerMinute: 0 } });
const server = createServer(app); await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${(server.address() as any).port}/graphql`;
const anchors = process.env.SIZE === 'M' ? fromGeneratorAnchors(ANCHORS) : SEED_ANCHORS;
const questions = buildQuestions(anchors, await prepare(executor, anchors)).filter((q) => !process.env.ONLY || process.env.ONLY.split(',').includes(q.key));
const N = Number(process.env.N ?? 300);
for (const q of questions) {
  const body = JSON.stringify(q.chokepoint);
  const systems: Record<string, () => Promise<unknown>> = {
    inproc: async () => (await app.fetch('http://x/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body })).text(),
    http: async () => (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body })).text(),
    raw: async () => { const rows = await executor.read(q.raw.statement, q.raw.params); return q.raw.then ? q.raw.then(rows) : rows; },
  };
  for (const k of Object.keys(systems)) if (process.env.SYS && !process.env.SYS.split(",").includes(k)) delete systems[k];
  const times: Record<string, number[]> = {};
  for (let i = 0; i < N; i++) for (const [name, run] of Object.entries(systems)) { const t = performance.now(); await run(); if (i >= N / 5) (times[name] ??= []).push(performance.now() - t); }
  const p50 = (ts: number[]) => { ts.sort((a, b) => a - b); return ts[Math.floor(ts.length / 2)]!; };
  if (!times.raw || !times.http) { console.log(q.key, Object.entries(times).map(([k, v]) => `${k} ${p50(v).toFixed(2)}`).join(" ")); continue; }
  const r = p50(times.raw!), ip = p50(times.inproc!), h = p50(times.http!);
  console.log(`${q.key.padEnd(16)} raw ${r.toFixed(2)}  inproc ${ip.toFixed(2)} (${(ip / r).toFixed(2)}x)  http ${h.toFixed(2)} (${(h / r).toFixed(2)}x)`);
}
await executor.close(); server.close();
