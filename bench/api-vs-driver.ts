// Latency of the GraphQL API against hand-written Cypher through the raw driver, for the same answers,
// measured in one run on the seeded graph. Run: `node --import tsx bench/api-vs-driver.ts [iterations]`.
// Starts its own embedded Neo4j (a free port, temporary data folder) unless BENCH_NEO4J_URI is set.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, totalmem, tmpdir } from 'node:os';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createDriver } from '../src/db/driver.ts';
import { startEmbeddedNeo4j } from '../src/db/embedded/launcher.ts';
import { freePort } from '../src/net/free-port.ts';
import { cypher, Executor } from '../src/db/executor.ts';
import { applySchema } from '../src/db/apply-schema.ts';
import { loadOntology } from '../src/ontology/ontology.ts';
import { loadSeed } from '../src/seed/load-seed.ts';
import { createApp } from '../src/server/create-app.ts';
import { createLogger } from '../src/server/logger.ts';

const ITERATIONS = Number(process.argv[2] ?? 200);
const WARM_UP = 30;

const HEADLINE_GRAPHQL = `{
  measures(targeting: "AI chips") {
    nodes {
      id name status date { value precision }
      issuers { name } targets { name }
      evidence(types: ["ISSUED", "TARGETS"]) { id citations { quote source { id } } }
    }
  }
}`;

// The same answer in one statement, written for this question only.
const HEADLINE_CYPHER = cypher(
  'bench.headline',
  `MATCH (t:Entity) WHERE t.id = 'ai-chips' OR 'ai chips' IN t.nameKeys
   MATCH (n:Technology)-[:BROADER]->*(t)
   MATCH (p:Policy)-[:TARGETS]->(n)
   WITH DISTINCT p
   CALL (p) {
     MATCH (p)-[r:ISSUED|TARGETS]-(:Entity)
     MATCH (:Claim {id: r.id})-[k:CITES]->(s:Source)
     WITH r, collect({quote: k.quote, source: s.id}) AS citations
     RETURN collect({id: r.id, citations: citations}) AS evidence
   }
   RETURN p.id AS id, p.name AS name, p.status AS status, p.whenStart AS date,
          [(a:Actor)-[:ISSUED]->(p) | a.name] AS issuers, [(p)-[:TARGETS]->(x) | x.name] AS targets, evidence
   ORDER BY p.whenStart, p.id`,
);

const TABLE_GRAPHQL = `{ relationships(first: 500) { nodes { id type from { id } to { id } independentSources citations { quote source { id } } } } }`;

const TABLE_CYPHER = cypher(
  'bench.table',
  `MATCH (c:Claim) WITH c ORDER BY c.id LIMIT 500
   MATCH (:Entity {id: c.fromId})-[r]->(:Entity {id: c.toId}) WHERE r.id = c.id
   CALL (c) { MATCH (c)-[k:CITES]->(s:Source) RETURN collect({quote: k.quote, source: s.id}) AS citations }
   RETURN c.id AS id, c.type AS type, c.fromId AS from, c.toId AS to, c.independentSources AS independentSources, citations`,
);

async function time(label: string, run: () => Promise<unknown>) {
  for (let i = 0; i < WARM_UP; i++) await run();
  const samples: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    const started = performance.now();
    await run();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  const pick = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!;
  const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
  return { label, p50: pick(0.5), p95: pick(0.95), mean };
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'chokepoint-bench-'));
  const embedded = process.env.BENCH_NEO4J_URI
    ? undefined
    : await startEmbeddedNeo4j({ port: await freePort(), dataDir, heapMb: 1024, pageCacheMb: 256, txTimeoutSeconds: 60 });
  const uri = process.env.BENCH_NEO4J_URI ?? embedded!.uri;
  const executor = new Executor(createDriver({ uri, username: process.env.BENCH_NEO4J_USERNAME ?? 'neo4j', password: process.env.BENCH_NEO4J_PASSWORD ?? '', database: undefined }), {
    database: undefined,
    timeoutMs: 30_000,
  });
  const ontology = loadOntology();
  await applySchema(executor, ontology);
  await loadSeed(executor, ontology);
  // One caller in-process is one client: the per-client cost budget would throttle the measurement.
  const app = createApp({ executor, ontology, logger: createLogger('silent'), http: { rateLimitCostPerMinute: 0 } });
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  const post = async (query: string) => {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
    const body = (await response.json()) as { errors?: unknown };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
  };

  const results = [
    await time('headline: GraphQL API over HTTP (measures targeting "AI chips", with evidence)', () => post(HEADLINE_GRAPHQL)),
    await time('headline: one hand-written Cypher statement, raw driver', () => executor.read(HEADLINE_CYPHER)),
    await time('edge table, 119 rows with citations: GraphQL API over HTTP', () => post(TABLE_GRAPHQL)),
    await time('edge table, 119 rows with citations: one Cypher statement, raw driver', () => executor.read(TABLE_CYPHER)),
  ];

  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
  console.log(`\n${new Date().toISOString().slice(0, 10)} · ${machine} · ${ITERATIONS} iterations after ${WARM_UP} warm-up, sequential\n`);
  console.log('| what | p50 ms | p95 ms | mean ms |\n|---|---|---|---|');
  for (const r of results) console.log(`| ${r.label} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.mean.toFixed(1)} |`);

  server.close();
  await executor.close();
  await embedded?.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
