// Issue 18 design tests: accepting a change costs in proportion to the change, not to the graph. On a
// generated S graph, three acceptances — an ordinary new relationship, a TARGETS into the technology whose
// subtree most policies target (the read model's worst case), and that TARGETS' retraction — are run with
// every statement recorded: the round trips before and under the change log's lock stay few, every
// statement's plan starts from an index (EXPLAIN: no scan), the TARGETS acceptance's db hits (PROFILE)
// stay below the number of policies it counts (the old recount read them all: 405 660 db hits on M), and
// the counts it shifts equal a full recount.
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import neo4j, { type Driver } from 'neo4j-driver';
import { generateGraph } from '../../bench/generate/generate-graph.ts';
import { benchSourceText } from '../../bench/lib/curation-section.ts';
import { createDriver } from '../../src/db/driver.ts';
import { applySchema } from '../../src/store/apply-schema.ts';
import { Executor, cypher, type CypherQuery, type Params, type PlanNode, type QueryObserver, type Row, type TransactionRunner } from '../../src/db/executor.ts';
import { fromCypher, toCypher } from '../../src/db/values.ts';
import { writeGraph } from '../../src/seed/write-graph.ts';
import { Curation } from '../../src/curation/curation.ts';
import type { Principal } from '../../src/auth/roles.ts';
import { closeTestExecutor, seedGraph, testExecutor, testOntology, wipeDatabase } from '../support/database.ts';
import { operators } from '../support/plans.ts';

interface Recorded {
  query: CypherQuery;
  params: Params;
  inLock: boolean;
  dbHits: number;
}

/** Records every statement; runs those of a write transaction under PROFILE (their db hits). */
class RecordingExecutor extends Executor {
  readonly statements: Recorded[] = [];
  constructor(readonly raw: Driver) {
    super(raw, { database: undefined, timeoutMs: 300_000 });
  }
  override read(query: CypherQuery, params: Params = {}, observe?: QueryObserver, timeoutMs?: number): Promise<Row[]> {
    this.statements.push({ query, params, inLock: false, dbHits: 0 });
    return super.read(query, params, observe, timeoutMs);
  }
  override async writeTransaction<T>(work: (tx: TransactionRunner) => Promise<T>): Promise<T> {
    const session = this.raw.session({ defaultAccessMode: neo4j.session.WRITE });
    try {
      return await session.executeWrite((tx) =>
        work({
          run: async (query, params = {}) => {
            const result = await tx.run(`PROFILE ${query.text}`, toCypher(params) as Params);
            type Raw = { dbHits: number; children: Raw[] };
            const hits = (plan: Raw): number => Number(plan.dbHits ?? 0) + plan.children.reduce((s, c) => s + hits(c), 0);
            this.statements.push({ query, params, inLock: true, dbHits: hits(result.summary.profile as unknown as Raw) });
            return result.records.map((r) => fromCypher(r.toObject()) as Row);
          },
        }),
      );
    } finally {
      await session.close();
    }
  }
  /** EXPLAIN in a write session (the statements write; nothing runs). */
  async plan(query: CypherQuery, params: Params): Promise<PlanNode> {
    const session = this.raw.session({ defaultAccessMode: neo4j.session.WRITE });
    try {
      const result = await session.run(`EXPLAIN ${query.text}`, toCypher(params) as Params);
      type Raw = { operatorType: string; arguments?: Record<string, unknown>; children: Raw[] };
      const convert = (p: Raw): PlanNode => ({ operator: p.operatorType.replace(/@.*$/, ''), details: String(p.arguments?.Details ?? ''), children: p.children.map(convert) });
      return convert(result.summary.plan as unknown as Raw);
    } finally {
      await session.close();
    }
  }
}

const leaves = (plan: PlanNode): PlanNode[] => (plan.children.length === 0 ? [plan] : plan.children.flatMap(leaves));

const contributor: Principal = { keyId: 'plans-contributor', name: 'plans contributor', role: 'contributor' };
const reviewer: Principal = { keyId: 'plans-reviewer', name: 'plans reviewer', role: 'reviewer' };

const ordinaryPair = cypher('test.acceptOrdinaryPair', `MATCH (c:Claim) WHERE c.modality = $modality AND NOT c.type IN ['TARGETS', 'BROADER'] RETURN c.type AS type, c.fromId AS from, c.toId AS to LIMIT 1`);
const busiestTechnology = cypher('test.acceptBusiestTechnology', `MATCH (t:Technology) RETURN t.id AS id, t.policiesTargetingSubtree AS n ORDER BY n DESC LIMIT 1`);
const busiestPolicy = cypher('test.acceptBusiestPolicy', `MATCH (p:Policy) RETURN p.id AS id ORDER BY COUNT { (p)-[:TARGETS]->() } DESC LIMIT 1`);
/** The read model's figure recounted from the graph (readModel.subtreeTargetCounts without the SET), and as stored. */
const recount = cypher(
  'test.acceptRecount',
  `MATCH (t:Technology)
   CALL (t) { MATCH (x:Technology) (()-[:BROADER]->())* (t) WITH DISTINCT x MATCH (x)<-[:TARGETS]-(p:Policy) RETURN count(DISTINCT p) AS policies }
   RETURN t.id AS id, policies, t.policiesTargetingSubtree AS stored`,
);

let executor: RecordingExecutor;
let curation: Curation;
let sourceId: string;
let sentences: string[];

beforeAll(async () => {
  await wipeDatabase();
  await applySchema(testExecutor(), testOntology());
  await writeGraph(testExecutor(), testOntology(), generateGraph(testOntology(), 'S'));
  // Plans made on this graph: in CI order an earlier file had planned the same statements on the 115-entity
  // seed, and the cached plans cost 4 472 and 7 160 db hits here instead of < 400 (session 4). Resample the
  // indexes and clear the plan cache, so what follows is planned on this graph's statistics.
  await testExecutor().write(cypher('test.prepareForReplanning', 'CALL db.prepareForReplanning(120)'));
  const { uri, username, password } = inject('neo4j');
  executor = new RecordingExecutor(createDriver({ uri, username, password, database: undefined }));
  curation = new Curation(executor, testOntology());
  const text = benchSourceText(20);
  sentences = text.sentences;
  sourceId = 'accept-plans-ledger';
  await curation.registerSource(contributor, { id: sourceId, type: 'news_report', title: 'Plans ledger', urlNote: 'a test text', text: text.text });
}, 600_000);

afterAll(async () => {
  if (executor) {
    await wipeDatabase(executor);
    await seedGraph({}, executor);
    await executor.raw.close();
  }
  await closeTestExecutor();
}, 600_000);

/** Accepts a proposal and returns the statements of the acceptance (reads before the lock, then the transaction's). */
async function accepting(propose: () => Promise<{ id: string; revision: number }>): Promise<Recorded[]> {
  const p = await propose();
  executor.statements.length = 0;
  const decided = await curation.review(reviewer, p.id, p.revision, 'ACCEPT');
  expect(decided.change).not.toBeNull();
  return [...executor.statements];
}

async function expectAnchored(statements: Recorded[]): Promise<void> {
  for (const s of statements) {
    const plan = await executor.plan(s.query, s.params);
    const ops = operators(plan);
    expect(ops.filter((o) => /Scan/.test(o.operator)).map((o) => `${o.operator} ${o.details}`), s.query.name).toEqual([]);
    expect(leaves(plan).filter((o) => !/IndexSeek|Argument|Unwind/.test(o.operator)).map((o) => o.operator), s.query.name).toEqual([]);
    expect(ops.some((o) => /IndexSeek/.test(o.operator)), `${s.query.name} seeks an index`).toBe(true);
  }
}

describe('accepting a change (issue 18)', () => {
  let targets: Recorded[];
  let targetsId: string;
  let subtreePolicies: number;

  it('accepts an ordinary relationship in 3 reads before the lock and 4 statements under it, each anchored on an index', async () => {
    const [pair] = await executor.read(ordinaryPair, { modality: testOntology().defaultModality });
    const statements = await accepting(() =>
      curation.proposeRelationship(contributor, { type: String(pair!.type), from: String(pair!.from), to: String(pair!.to), key: 'plans-ordinary', citations: [{ sourceId, quote: sentences[0]! }] }),
    );
    expect(statements.filter((s) => !s.inLock).map((s) => s.query.name)).toEqual(['curation.reviewInputs', 'curation.entitiesForCheck', 'curation.sourcesForCheck']);
    expect(statements.filter((s) => s.inLock).map((s) => s.query.name)).toEqual(['curation.openReview', 'curation.upsertRelationship', 'timelineCounts.forget', 'curation.recordAcceptance']);
    await expectAnchored(statements);
  }, 120_000);

  it('accepts a TARGETS into the most targeted technology with db hits below the policies it counts, the counts equal to a recount', async () => {
    const [tech] = await executor.read(busiestTechnology);
    const [policy] = await executor.read(busiestPolicy);
    subtreePolicies = Number(tech!.n);
    expect(subtreePolicies).toBeGreaterThan(100);
    targets = await accepting(async () => {
      const p = await curation.proposeRelationship(contributor, { type: 'TARGETS', from: String(policy!.id), to: String(tech!.id), key: 'plans-targets', citations: [{ sourceId, quote: sentences[1]! }] });
      targetsId = p.targetId;
      return p;
    });
    expect(targets.filter((s) => s.inLock).map((s) => s.query.name)).toEqual(['curation.openReview', 'curation.upsertRelationship', 'curation.shiftSubtreeTargetCounts', 'timelineCounts.forget', 'curation.recordAcceptance']);
    const hits = targets.filter((s) => s.inLock).reduce((sum, s) => sum + s.dbHits, 0);
    // The recount this replaced read every policy targeting the subtree (and their edges) at least once.
    expect(hits).toBeLessThan(subtreePolicies);
    await expectAnchored(targets);
    const counts = await executor.read(recount);
    expect(counts.filter((c) => c.stored !== c.policies)).toEqual([]);
  }, 300_000);

  it('retracts that TARGETS in 5 statements under the lock, finding the edge by its type’s id index; the counts equal a recount again', async () => {
    const statements = await accepting(() => curation.proposeRetraction(contributor, targetsId, 'a test retraction'));
    expect(statements.filter((s) => s.inLock).map((s) => s.query.name)).toEqual(['curation.openReview', 'curation.retractClaim', 'curation.shiftSubtreeTargetCounts', 'timelineCounts.forget', 'curation.recordAcceptance']);
    const hits = statements.filter((s) => s.inLock).reduce((sum, s) => sum + s.dbHits, 0);
    expect(hits).toBeLessThan(subtreePolicies);
    await expectAnchored(statements);
    const counts = await executor.read(recount);
    expect(counts.filter((c) => c.stored !== c.policies)).toEqual([]);
  }, 300_000);
});
