import { readFileSync } from 'node:fs';
import { createDriver } from '../src/db/driver.ts';
import { Executor, type PlanNode } from '../src/db/executor.ts';
import { loadOntology } from '../src/ontology/ontology.ts';
import { createApp } from '../src/server/create-app.ts';
import { createLogger } from '../src/server/logger.ts';
const port = readFileSync('/tmp/lead-neo4j-port', 'utf8').trim();
const executor = new Executor(createDriver({ uri: `bolt://127.0.0.1:${port}`, username: 'neo4j', password: '', database: undefined }), { database: undefined, timeoutMs: 30000 });
const recorded: any[] = [];
const orig = executor.read.bind(executor);
(executor as any).read = async (q: any, p: any, o: any) => { recorded.push({ q, p }); return orig(q, p, o); };
const app = createApp({ executor, ontology: loadOntology(), logger: createLogger('warn') });
const res = await app.fetch('http://x/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: process.argv[2] }) });
console.log((await res.text()).slice(0, 300));
const show = (p: PlanNode, d = 0) => { console.log('  '.repeat(d) + p.operator + ' ' + p.details.replace(/\s+/g, ' ').slice(0, 160)); p.children.forEach((c) => show(c, d + 1)); };
for (const { q, p } of recorded) { console.log('=== ' + q.name); show(await executor.explain(q, p)); }
await executor.close();
