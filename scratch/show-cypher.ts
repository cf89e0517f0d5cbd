// scratch: print the Cypher the API runs for a GraphQL request (via the executor's observe hook), with params
import { readFileSync } from 'node:fs';
import { createDriver } from '../src/db/driver.ts';
import { Executor } from '../src/db/executor.ts';
import { loadOntology } from '../src/ontology/ontology.ts';
import { createApp } from '../src/server/create-app.ts';
import { createLogger } from '../src/server/logger.ts';
const uri = process.env.URI ?? `bolt://127.0.0.1:${readFileSync('/tmp/lead-neo4j-port', 'utf8').trim()}`;
const executor = new Executor(createDriver({ uri, username: 'neo4j', password: '', database: undefined }), { database: undefined, timeoutMs: 30000 });
const orig = executor.read.bind(executor);
(executor as any).read = async (q: any, p: any, o: any) => { (await import('node:fs')).writeFileSync('/tmp/stmt-' + q.name + '.cy', q.text); (await import('node:fs')).writeFileSync('/tmp/stmt-' + q.name + '.json', JSON.stringify(p)); console.log('---', q.name, '\n' + q.text, '\n', JSON.stringify(p)); const r = await orig(q, p, o); console.log('rows', r.length, 'bytes', JSON.stringify(r).length); return r; };
const app = createApp({ executor, ontology: loadOntology(), logger: createLogger('error'), http: { rateLimitCostPerMinute: 0 } });
const res = await app.fetch('http://x/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: process.argv[2], variables: JSON.parse(process.argv[3] ?? '{}') }) });
const text = await res.text(); console.log('response bytes', text.length, text.slice(0, 300));
await executor.close();
