// scratch: sequential latency of the bench questions against the M graph, in-process app
import { readFileSync } from 'node:fs';
import { createDriver } from '../src/db/driver.ts';
import { Executor } from '../src/db/executor.ts';
import { loadOntology } from '../src/ontology/ontology.ts';
import { createApp } from '../src/server/create-app.ts';
import { createLogger } from '../src/server/logger.ts';
const port = readFileSync(process.env.PORTFILE ?? '/tmp/lead-m-port', 'utf8').trim();
const executor = new Executor(createDriver({ uri: `bolt://127.0.0.1:${port}`, username: 'neo4j', password: '', database: undefined }), { database: undefined, timeoutMs: 60000 });
const app = createApp({ executor, ontology: loadOntology(), logger: createLogger('error'), http: { rateLimitCostPerMinute: 0 }, exposeQueryStats: true });
const HEAD = `nodes { id name status date { start precision } issuers { id name } targets { id name } evidence(types: ["ISSUED", "TARGETS"]) { id type citations { quote source { id } } } }`;
const Q: Record<string, string> = {
  'headline-narrow': `{ measures(targeting: "Gallium nitride radar modules", first: 20) { ${HEAD} } }`,
  'headline-broad': `{ measures(targeting: "Technology", first: 20) { ${HEAD} } }`,
  'count-narrow': `{ measures(targeting: "Gallium nitride radar modules") { totalCount } }`,
  'count-broad': `{ measures(targeting: "Technology") { totalCount } }`,
  'entity-page': `{ entity(id: "government-of-valdoria") { name relationships(first: 20) { totalCount nodes { id type from { id name kind } to { id name kind } citations { quote source { id } } } } } }`,
  search: `{ search(text: "Halvorsn Quantum", first: 10) { score entity { id name } } }`,
  'edge-table': `{ relationships(first: 100) { nodes { id type from { id name kind } to { id name kind } independentSources citations { quote source { id } } } } }`,
  path: `{ path(from: "ines-marwick", to: "tomas-oyelaran", maxHops: 4, limit: 5) { length nodes { id } hops { relationship { id citations { quote } } } } }`,
  timeline: `{ timeline(entity: "Valdoria", first: 50) { nodes { id kind title date { start precision } } } }`,
};
const only = process.argv[2];
for (const [name, query] of Object.entries(Q)) {
  if (only && !only.split(',').includes(name)) continue;
  const body = JSON.stringify({ query });
  const times: number[] = [];
  let last = '';
  for (let i = 0; i < Number(process.env.N ?? 30); i++) {
    const t = performance.now();
    last = await (await app.fetch('http://x/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body })).text();
    times.push(performance.now() - t);
  }
  const first = times[0]!;
  const rest = times.slice(3).sort((a, b) => a - b);
  const parsed = JSON.parse(last);
  console.log(`${name.padEnd(16)} first ${first.toFixed(0)} ms; p50 ${rest[Math.floor(rest.length / 2)]!.toFixed(1)} p90 ${rest[Math.floor(rest.length * 0.9)]!.toFixed(1)} ms; ${parsed.errors ? 'ERR ' + JSON.stringify(parsed.errors).slice(0, 200) : ''} ${JSON.stringify(parsed.extensions?.dbQueries)} ${last.length} bytes`);
}
await executor.close();
