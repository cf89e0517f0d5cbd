// scratch: PROFILE the statements a GraphQL query sends, against the M graph; show db hits and rows per operator
import { readFileSync } from 'node:fs';
import neo4j from 'neo4j-driver';
import { createDriver } from '../src/db/driver.ts';
import { Executor } from '../src/db/executor.ts';
import { toCypher } from '../src/db/values.ts';
import { loadOntology } from '../src/ontology/ontology.ts';
import { createApp } from '../src/server/create-app.ts';
import { createLogger } from '../src/server/logger.ts';
const port = readFileSync(process.env.PORTFILE ?? '/tmp/lead-m-port', 'utf8').trim();
const executor = new Executor(createDriver({ uri: `bolt://127.0.0.1:${port}`, username: 'neo4j', password: '', database: undefined }), { database: undefined, timeoutMs: 60000 });
const recorded: any[] = [];
const orig = executor.read.bind(executor);
(executor as any).read = async (q: any, p: any, o: any) => { recorded.push({ q, p }); return orig(q, p, o); };
const app = createApp({ executor, ontology: loadOntology(), logger: createLogger('error'), http: { rateLimitCostPerMinute: 0 } });
await (await app.fetch('http://x/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: process.argv[2] }) })).text();
const driver = neo4j.driver(`bolt://127.0.0.1:${port}`, neo4j.auth.basic('neo4j', ''));
const s = driver.session();
for (const { q, p } of recorded) {
  const r = await s.run('PROFILE ' + q.text, toCypher(p) as any);
  let total = 0;
  const show = (n: any, d = 0) => { total += n.dbHits ?? 0; if ((n.dbHits ?? 0) > Number(process.env.MIN ?? 200) || d < 2) console.log('  '.repeat(d) + n.operatorType.replace(/@.*/, '') + ' ' + String(n.arguments?.Details ?? '').replace(/\s+/g, ' ').slice(0, 140) + ` [hits ${n.dbHits}, rows ${n.rows}]`); for (const c of n.children) show(c, d + 1); };
  console.log('=== ' + q.name); show(r.summary.profile); console.log(`total db hits ${total}`);
}
await s.close(); await driver.close(); await executor.close();
