// scratch: run a GraphQL query in-process against the dev Neo4j, print the statements and plans
import { readFileSync } from 'node:fs';
import { createDriver } from '../src/db/driver.ts';
import { Executor } from '../src/db/executor.ts';
import { loadOntology } from '../src/ontology/ontology.ts';
import { createApp } from '../src/server/create-app.ts';
import { createLogger } from '../src/server/logger.ts';
const port = readFileSync('/tmp/lead-neo4j-port', 'utf8').trim();
const executor = new Executor(createDriver({ uri: `bolt://127.0.0.1:${port}`, username: 'neo4j', password: '', database: undefined }), { database: undefined, timeoutMs: 30000 });
const show = process.env.SHOW;
const orig = executor.read.bind(executor);
(executor as any).read = async (q: any, p: any, o: any) => {
  if (show) console.log(`--- ${q.name}\n${q.text}\n${JSON.stringify(p).slice(0, 400)}`);
  if (process.env.PROFILE) { const rows = await orig({ ...q, text: 'PROFILE ' + q.text }, p, o); }
  return orig(q, p, o);
};
const app = createApp({ executor, ontology: loadOntology(), logger: createLogger('warn'), exposeQueryStats: true });
const query = process.argv[2]!;
const n = Number(process.env.N ?? 1);
for (let i = 0; i < n; i++) {
  const t = performance.now();
  const res = await app.fetch('http://x/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables: process.argv[3] ? JSON.parse(process.argv[3]) : undefined }) });
  const body = await res.text();
  if (i === n - 1) console.log(body.slice(0, Number(process.env.LEN ?? 3000)));
  if (n > 1 && i >= n - 5) console.log(`${(performance.now() - t).toFixed(2)} ms`);
}
await executor.close();
