// scratch: interleave the API's edge-table statement and the raw one through the same executor.
import { readFileSync } from 'node:fs';
import { createDriver } from '../src/db/driver.ts';
import { Executor, cypher } from '../src/db/executor.ts';
import * as raw from '../bench/lib/raw-cypher.ts';
const uri = process.env.URI ?? `bolt://127.0.0.1:${readFileSync('/tmp/lead-neo4j-port', 'utf8').trim()}`;
const executor = new Executor(createDriver({ uri, username: 'neo4j', password: '', database: undefined }), { database: undefined, timeoutMs: 30000 });
const api = cypher('api', readFileSync('/tmp/api-stmt.cypher', 'utf8'));
const sys: Record<string, () => Promise<unknown>> = {
  api: () => executor.read(api, { p1: 101, p2: '' }),
  raw: () => executor.read(raw.edgeTable, { first: 100 }),
};
const times: Record<string, number[]> = {};
for (let i = 0; i < 400; i++) for (const [k, f] of Object.entries(sys)) { const t = performance.now(); await f(); if (i > 50) (times[k] ??= []).push(performance.now() - t); }
for (const [k, v] of Object.entries(times)) { v.sort((a, b) => a - b); console.log(k, v[v.length >> 1]!.toFixed(2), v[Math.floor(v.length * 0.9)]!.toFixed(2)); }
await executor.close();
