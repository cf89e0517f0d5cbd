// scratch: interleave several statement files (args) through one executor; params from env P (JSON).
import { readFileSync } from 'node:fs';
import { createDriver } from '../src/db/driver.ts';
import { Executor, cypher } from '../src/db/executor.ts';
const uri = process.env.URI ?? `bolt://127.0.0.1:${readFileSync('/tmp/lead-neo4j-port', 'utf8').trim()}`;
const executor = new Executor(createDriver({ uri, username: 'neo4j', password: '', database: undefined }), { database: undefined, timeoutMs: 30000 });
const params = JSON.parse(process.env.P ?? '{}');
const files = process.argv.slice(2);
const stmts = files.map((f) => cypher(f, readFileSync(f, 'utf8')));
const times: number[][] = files.map(() => []);
const N = Number(process.env.N ?? 300);
for (let i = 0; i < N; i++) for (let j = 0; j < stmts.length; j++) { const t = performance.now(); await executor.read(stmts[j]!, params); if (i > N / 6) times[j]!.push(performance.now() - t); }
files.forEach((f, j) => { const v = times[j]!.sort((a, b) => a - b); console.log(f.padEnd(24), 'p50', v[v.length >> 1]!.toFixed(2), 'p90', v[Math.floor(v.length * 0.9)]!.toFixed(2)); });
await executor.close();
