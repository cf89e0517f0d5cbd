// The narrow headline's db hits, API against the hand-written statement, for random technologies of a
// running graph (issue 24: "no technology where the API's db hits exceed 1.5× the hand-written
// statement's"). db hits do not depend on the machine's load, so this runs on a busy machine too.
//   node --import tsx bench/headline-hits.ts <bolt URI> <password file> [technologies, default 300] [seed]
// The API is the real app in-process (src/server/create-app.ts); every statement it runs for the sweep's
// headline document is PROFILEd again with the same parameters, and bench/lib/raw-cypher.ts `headline` with
// the technology's id. Prints the worst technologies by ratio and the ratio's p50 and max.
import { readFileSync } from 'node:fs';
import neo4j from 'neo4j-driver';
import { createDriver } from '../src/db/driver.ts';
import { Executor, type CypherQuery, type Params } from '../src/db/executor.ts';
import { loadOntology } from '../src/ontology/ontology.ts';
import { createApp } from '../src/server/create-app.ts';
import { createLogger } from '../src/log/logger.ts';
import { toCypher } from '../src/db/values.ts';
import * as raw from './lib/raw-cypher.ts';

const HEADLINE = `query SweepHeadline($target: String!) { measures(targeting: $target, first: 20) { nodes { id name type status date { start precision } issuers { id name } targets { id name } evidence(types: ["ISSUED", "TARGETS"]) { id type citations { quote source { id } } } } } }`;

const [uri, passwordFile, count = '300', seed = '24'] = process.argv.slice(2);
if (!uri || !passwordFile) {
  process.stderr.write('usage: node --import tsx bench/headline-hits.ts <bolt URI> <password file> [technologies] [seed]\n');
  process.exit(2);
}
const password = readFileSync(passwordFile, 'utf8').trim();
const executor = new Executor(createDriver({ uri, username: 'neo4j', password, database: undefined }), { database: undefined, timeoutMs: 60_000 });
let ran: Array<{ query: CypherQuery; params: Params }> = [];
const read = executor.read.bind(executor);
executor.read = (query, params = {}, observe, timeoutMs) => {
  ran.push({ query, params });
  return read(query, params, observe, timeoutMs);
};
const app = createApp({ executor, ontology: loadOntology(), logger: createLogger('error', () => {}) });
const driver = neo4j.driver(uri, neo4j.auth.basic('neo4j', password));
const session = driver.session({ defaultAccessMode: neo4j.session.READ });
const dbHits = async (text: string, params: Record<string, unknown>) => {
  const { summary } = await session.run(`PROFILE ${text}`, params);
  let hits = 0;
  const walk = (op: { dbHits: number; children: unknown[] }) => {
    hits += op.dbHits;
    op.children.forEach((child) => walk(child as typeof op));
  };
  walk(summary.profile as unknown as { dbHits: number; children: unknown[] });
  return hits;
};

// Seeded draw: the same graph and seed give the same technologies.
const technologies = (
  await session.run('MATCH (t:Technology) WITH t ORDER BY t.id WITH collect(t {.id, .name}) AS all RETURN all', {})
).records[0]!.get('all') as Array<{ id: string; name: string }>;
let state = Number(seed) >>> 0 || 1;
const random = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32);
const drawn = Array.from({ length: Math.min(Number(count), technologies.length) }, () => technologies[Math.floor(random() * technologies.length)]!);

const rows = [];
for (const technology of drawn) {
  ran = [];
  const response = await app.fetch('http://bench/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'cache-control': 'no-cache' },
    body: JSON.stringify({ query: HEADLINE, variables: { target: technology.name } }),
  });
  await response.text();
  let api = 0;
  const statements: string[] = [];
  for (const { query, params } of ran) {
    if (query.name.startsWith('graph')) continue;
    const hits = await dbHits(query.text, toCypher(params) as Record<string, unknown>);
    api += hits;
    statements.push(`${query.name} ${hits}`);
  }
  const handWritten = await dbHits(raw.headline.text, { target: technology.id, first: neo4j.int(20) });
  rows.push({ technology: technology.name, api, handWritten, ratio: Math.round((api / handWritten) * 100) / 100, statements: statements.join(', ') });
}
rows.sort((a, b) => b.ratio - a.ratio);
console.table(rows.slice(0, 10));
const ratios = rows.map((r) => r.ratio).sort((a, b) => a - b);
console.log(
  `${rows.length} technologies (seed ${seed}): API ÷ hand-written db hits p50 ${ratios[Math.floor(ratios.length / 2)]}, max ${ratios.at(-1)} (${rows[0]!.technology}); over 1.5×: ${ratios.filter((r) => r > 1.5).length}`,
);
await session.close();
await driver.close();
await executor.close();
