// `node --import tsx bench/profile-accept.ts --size M`: where the time of one acceptance goes (issue 18).
// Builds the bench graph (M: the generator's, bulk-imported into the benchmark's own Neo4j), registers a
// held text, proposes relationships — an ordinary pair from the graph and a TARGETS into the technology
// with the most targeted subtree (the worst case of the read model's counts) — and accepts each in a
// transaction whose every statement runs under PROFILE: per statement its db hits, rows and time, the
// round trips, and the Node side (the acceptance's wall time less its statements'). Not a benchmark:
// one acceptance each, to read plans by; docs/performance.md "Accepting a change on M".
import { loadavg } from 'node:os';
import neo4j from 'neo4j-driver';
import { createDriver } from '../src/db/driver.ts';
import { applySchema } from '../src/store/apply-schema.ts';
import { Executor, cypher, type CypherQuery, type Params, type Row, type TransactionRunner } from '../src/db/executor.ts';
import { fromCypher, toCypher } from '../src/db/values.ts';
import { loadOntology } from '../src/ontology/ontology.ts';
import { Curation } from '../src/curation/curation.ts';
import type { Principal } from '../src/auth/roles.ts';
import { buildGraph } from './lib/build-graph.ts';
import { openBenchDatabase } from './lib/database.ts';
import { importGeneratedGraph, type ImportedGeneratedGraph } from './generate/load-generated.ts';
import { BULK_FINISH_TIMEOUT_MS } from '../src/seed/bulk/bulk-load.ts';
import { benchSourceText } from './lib/curation-section.ts';
import { commitInfo } from './lib/machine.ts';

const size = (process.argv.includes('--size') ? process.argv[process.argv.indexOf('--size') + 1] : 'M') as 'S' | 'M';
if (size !== 'S' && size !== 'M') throw new Error(`--size must be S or M; got ${size}`);
const log = (line: string) => process.stderr.write(`[profile] ${line}\n`);

interface Profiled {
  name: string;
  dbHits: number;
  rows: number;
  ms: number;
}

/** A pair of an ordinary relationship of the default modality, and the technology whose subtree most policies target. */
const ordinaryPair = cypher('bench.profilePair', `MATCH (c:Claim) WHERE c.modality = $modality AND c.type <> 'TARGETS' AND c.type <> 'BROADER' RETURN c.type AS type, c.fromId AS from, c.toId AS to LIMIT 1`);
const busiestTechnology = cypher(
  'bench.profileBusiestTechnology',
  `MATCH (t:Technology) WHERE t.policiesTargetingSubtree IS NOT NULL
   RETURN t.id AS id, t.policiesTargetingSubtree AS n ORDER BY n DESC LIMIT 1`,
);
const somePolicy = cypher('bench.profilePolicy', `MATCH (p:Policy) RETURN p.id AS id, COUNT { (p)-[:TARGETS]->() } AS targets ORDER BY targets DESC LIMIT 1`);

async function main(): Promise<void> {
  const commit = commitInfo();
  const ontology = loadOntology();
  let imported: ImportedGeneratedGraph | undefined;
  const db = await openBenchDatabase({ heapMb: 2048, pageCacheMb: 1024, txTimeoutSeconds: BULK_FINISH_TIMEOUT_MS / 1000 }, log, {
    beforeStart: size === 'M' ? async (dataDir) => void (imported = await importGeneratedGraph(dataDir, ontology, 'M', { heapMb: 2048, log })) : undefined,
  });
  const driver = createDriver(db.connection);
  const executor = new Executor(driver, { database: undefined, timeoutMs: BULK_FINISH_TIMEOUT_MS });
  try {
    const graph = await buildGraph(size, executor, ontology, log, imported);
    await applySchema(executor, ontology);
    log(`graph ${size}: ${graph.counts.entities} entities, ${graph.counts.relationships} relationships`);

    // The executor the curation sees: reads as usual, its write transaction profiled statement by statement.
    const statements: Profiled[] = [];
    const profiling = Object.create(executor) as Executor;
    // The reads before the lock (auto-commit, not profiled): counted as round trips, timed.
    profiling.read = async (query, params = {}, observe, timeoutMs) => {
      const t0 = performance.now();
      const rows = await executor.read(query, params, observe, timeoutMs);
      statements.push({ name: `${query.name} (before the lock)`, dbHits: Number.NaN, rows: rows.length, ms: performance.now() - t0 });
      return rows;
    };
    profiling.writeTransaction = async <T>(work: (tx: TransactionRunner) => Promise<T>): Promise<T> => {
      const session = driver.session({ defaultAccessMode: neo4j.session.WRITE });
      try {
        return await session.executeWrite((tx) =>
          work({
            async run(query: CypherQuery, params: Params = {}): Promise<Row[]> {
              const t0 = performance.now();
              const result = await tx.run(`PROFILE ${query.text}`, toCypher(params) as Params);
              const ms = performance.now() - t0;
              type Raw = { dbHits: number; children: Raw[] };
              const hits = (plan: Raw): number => Number(plan.dbHits ?? 0) + plan.children.reduce((s, c) => s + hits(c), 0);
              statements.push({ name: query.name, dbHits: result.summary.profile ? hits(result.summary.profile as unknown as Raw) : 0, rows: result.records.length, ms });
              return result.records.map((r) => fromCypher(r.toObject()) as Row);
            },
          }),
        );
      } finally {
        await session.close();
      }
    };
    const curation = new Curation(profiling, ontology);
    const contributor: Principal = { keyId: 'profile-contributor', name: 'profile contributor', role: 'contributor' };
    const reviewer: Principal = { keyId: 'profile-reviewer', name: 'profile reviewer', role: 'reviewer' };
    const { text, sentences } = benchSourceText(400);
    const sourceId = `profile-ledger-${Date.now().toString(36)}`;
    await curation.registerSource(contributor, { id: sourceId, type: 'news_report', title: 'Profile ledger', urlNote: 'bench/profile-accept.ts', text });

    const [pair] = await executor.read(ordinaryPair, { modality: ontology.defaultModality });
    const [tech] = await executor.read(busiestTechnology);
    const [policy] = await executor.read(somePolicy);
    const cases = [
      { label: `ordinary ${pair!.type} ${pair!.from} → ${pair!.to}`, input: { type: String(pair!.type), from: String(pair!.from), to: String(pair!.to) } },
      {
        label: `TARGETS ${policy!.id} (${policy!.targets} targets) → ${tech!.id} (subtree targeted by ${tech!.n} policies)`,
        input: { type: 'TARGETS', from: String(policy!.id), to: String(tech!.id) },
      },
    ];
    const out: string[] = [`commit ${commit.commit}${commit.dirty ? ' (+ uncommitted changes)' : ''}, load ${loadavg().map((l) => l.toFixed(2)).join(', ')}`];
    for (const [i, c] of cases.entries()) {
      // A warm-up acceptance of the same shape first, so the figures are not the plan cache's first compile.
      for (const round of ['warm-up', 'profiled']) {
        const p = await curation.proposeRelationship(contributor, { ...c.input, key: `profile-${round}-${i}`, citations: [{ sourceId, quote: sentences[i * 2 + (round === 'warm-up' ? 0 : 1)]! }] });
        statements.length = 0;
        const t0 = performance.now();
        await curation.review(reviewer, p.id, p.revision, 'ACCEPT');
        const wall = performance.now() - t0;
        if (round === 'warm-up') continue;
        const inDb = statements.reduce((s, x) => s + x.ms, 0);
        out.push('', `${c.label}: ${statements.length} round trips (${statements.filter((x) => !Number.isNaN(x.dbHits)).length} under the lock), ${wall.toFixed(1)} ms wall, ${inDb.toFixed(1)} ms in statements (those under the lock run under PROFILE), ${(wall - inDb).toFixed(1)} ms Node side`);
        out.push('| statement | db hits | rows | ms |', '|---|---:|---:|---:|');
        for (const s of statements) out.push(`| \`${s.name}\` | ${Number.isNaN(s.dbHits) ? '—' : s.dbHits} | ${s.rows} | ${s.ms.toFixed(1)} |`);
        out.push(`| total | ${statements.reduce((s, x) => s + (Number.isNaN(x.dbHits) ? 0 : x.dbHits), 0)} (under the lock) | | ${inDb.toFixed(1)} |`);
      }
    }
    process.stdout.write(out.join('\n') + '\n');
  } finally {
    await executor.close();
    await db.stop();
  }
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack ?? error}\n`);
  process.exitCode = 1;
});
