// Design tests for the hot statements (issue 11): each main question is asked through the API, every
// statement it sends is recorded, and Neo4j's plan for it (EXPLAIN) must start from an index — never a
// scan of all nodes or of a whole label — and pages must come from index order instead of sorting a table.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createDriver } from '../../src/db/driver.ts';
import { Executor, cypher, type CypherQuery, type Params, type PlanNode, type QueryObserver, type Row } from '../../src/db/executor.ts';
import { measuresStatement, type MeasureFilter } from '../../src/cypher/measures.ts';
import { CypherBuilder } from '../../src/cypher/projection/builder.ts';
import { closeTestExecutor, testExecutor, testOntology } from '../support/database.ts';
import { useSeededServer } from '../support/api-suite.ts';
import { startTestServer } from '../support/server.ts';

useSeededServer();
// Plans from the statistics of this graph: index samples left by an earlier file's graph (or not yet taken
// on a fresh store) made the planner pick other operators in some CI orders (session 4).
beforeAll(async () => {
  await testExecutor().write(cypher('test.prepareForReplanning', 'CALL db.prepareForReplanning(120)'));
}, 180_000);
afterAll(closeTestExecutor);

class RecordingExecutor extends Executor {
  readonly statements: Array<{ query: CypherQuery; params: Params }> = [];
  override read(query: CypherQuery, params: Params = {}, observe?: QueryObserver): Promise<Row[]> {
    this.statements.push({ query, params });
    return super.read(query, params, observe);
  }
}

function operators(plan: PlanNode): PlanNode[] {
  return [plan, ...plan.children.flatMap(operators)];
}

const SCANNED_LABELS = /\b(Entity|Policy|Actor|Technology|Country|Claim|Source)\b/;

async function plansOf(query: string): Promise<Array<{ name: string; plan: PlanNode }>> {
  const { uri, username, password } = inject('neo4j');
  const executor = new RecordingExecutor(createDriver({ uri, username, password, database: undefined }), { database: undefined, timeoutMs: 30_000 });
  const server = await startTestServer({ executor });
  try {
    const result = await server.gql(query);
    expect(result.errors).toBeUndefined();
    return await Promise.all(executor.statements.map(async ({ query: q, params }) => ({ name: q.name, plan: await executor.explain(q, params) })));
  } finally {
    await server.close();
    await executor.close();
  }
}

function expectIndexAnchored(plans: Array<{ name: string; plan: PlanNode }>) {
  for (const { name, plan } of plans) {
    const ops = operators(plan);
    const scans = ops.filter((op) => op.operator === 'AllNodesScan' || (op.operator.includes('LabelScan') && SCANNED_LABELS.test(op.details)));
    expect(scans, `${name} scans: ${scans.map((s) => `${s.operator} ${s.details}`).join('; ')}`).toEqual([]);
    const anchors = ops.filter((op) => /IndexSeek|IndexScan|IndexContains|ProcedureCall|CountFromCountStore/.test(op.operator));
    expect(anchors.length, `${name} has no index anchor`).toBeGreaterThan(0);
  }
}

/** The plan as an indented outline, for failure messages. */
const outline = (plan: PlanNode, depth = 0): string =>
  [`${'  '.repeat(depth)}${plan.operator} ${plan.details.slice(0, 120)}`, ...plan.children.map((child) => outline(child, depth + 1))].join('\n');

const has = (plan: PlanNode, operator: string, details: RegExp) => operators(plan).some((op) => op.operator.startsWith(operator) && details.test(op.details));
/**
 * Reads the Policy(sortKey) index in order: a range seek, or — what the planner picked in one fresh-clone CI
 * order of session 4, with index statistics left by an earlier file's graph — an ordered scan of the same
 * index with the keyset as a filter. Both are anchored and cut at the page; the scan reads deep pages from
 * the start (an index hint in the statement would pin the seek: not done yet, see the closing note).
 */
const readsSortKeyIndex = (plan: PlanNode) => has(plan, 'NodeIndexSeekByRange', /Policy\(sortKey\)/) || has(plan, 'NodeIndexScan', /Policy\(sortKey\)/);

/**
 * True when the nearest Limit/Top/Sort above every seek on `anchor` is a plain Limit: each stream is cut in
 * index order (a Top above several such streams only merges pages that are already cut).
 */
function cutInIndexOrder(plan: PlanNode, anchor: RegExp): boolean {
  const found: boolean[] = [];
  const walk = (node: PlanNode, nearest: string | null) => {
    if (/IndexSeek|IndexScan/.test(node.operator) && anchor.test(node.details)) found.push(nearest === 'Limit');
    const cut = ['Limit', 'Top', 'Sort', 'PartialTop', 'PartialSort'].includes(node.operator) ? node.operator : nearest;
    for (const child of node.children) walk(child, cut);
  };
  walk(plan, null);
  return found.length > 0 && found.every(Boolean);
}

/** True when a Sort or Top sits above the anchor: the page would be sorted after reading, not read in order. */
const sortedAbove = (plan: PlanNode, anchor: RegExp): boolean =>
  operators(plan).some((op) => (op.operator === 'Sort' || op.operator === 'Top') && operators(op).some((below) => anchor.test(below.details)));

describe('hot statements start from an index', () => {
  it('the headline question: the name is found by id or full-text index, the page expands from the target ids', async () => {
    const plans = await plansOf(`{ measures(targeting: "AI chips") { totalCount nodes { name issuers { name } targets { name } evidence(types: ["ISSUED", "TARGETS"]) { citations { quote source { id } } } } } }`);
    expect(plans.map((p) => p.name)).toEqual(['names.resolve', 'measures.page']);
    expectIndexAnchored(plans);
    const page = plans[1]!.plan;
    expect(has(page, 'NodeUniqueIndexSeek', /Entity\(id\)/)).toBe(true);
    // Evidence of each policy comes from the composite claim indexes, not from a scan of the policy's claims.
    expect(has(page, 'NodeIndexSeek', /Claim\(fromId, id\)/)).toBe(true);
    expect(has(page, 'NodeIndexSeek', /Claim\(toId, id\)/)).toBe(true);
  });

  it('measures without an entity filter walk the policies in sortKey order and stop at the page', async () => {
    const plans = await plansOf(`{ measures(status: [IN_FORCE], first: 5) { nodes { name } } }`);
    expectIndexAnchored(plans);
    const page = plans[0]!.plan;
    expect(has(page, 'NodeIndexSeekByRange', /Policy\(sortKey\)/)).toBe(true);
    expect(sortedAbove(page, /Policy\(sortKey\)/)).toBe(false);
  });

  it("a technology's whole subtree under the date-order walk: each policy's targets walk up the taxonomy, no id list is sent", async () => {
    // The plan the API picks for a broad target on a large graph (chooseAnchor), built here for the seed.
    const b = new CypherBuilder(testOntology());
    const filter: MeasureFilter = {
      targetIds: ['semiconductors', 'ai-chips'], targetSubtree: 'semiconductors', promotingIds: null, issuerIds: null, statuses: null,
      types: null, from: null, to: null, minSources: null, modalities: null, includeAreas: false,
    };
    const text = measuresStatement(b, { filter, anchor: 'dateOrder', after: null, limit: 21, fields: [], withRows: true, withTotal: true });
    const plan = await testExecutor().explain(cypher('test.measuresSubtree', text), b.params);
    const shown = outline(plan);
    expect(readsSortKeyIndex(plan), shown).toBe(true);
    expect(sortedAbove(plan, /Policy\(sortKey\)/), shown).toBe(false);
    expect(has(plan, 'VarLengthExpand', /BROADER/), shown).toBe(true);
    expect(operators(plan).filter((op) => op.operator.includes('LabelScan') || op.operator === 'AllNodesScan')).toEqual([]);
    expect(Object.values(b.params).filter((value) => Array.isArray(value)), JSON.stringify(b.params)).toEqual([]);
  });

  it('with includeAreas the subtree walk follows kind-of and area links, still from the sortKey index (issue 22)', async () => {
    const b = new CypherBuilder(testOntology());
    const filter: MeasureFilter = {
      targetIds: ['hi-tech-sector', 'integrated-circuits'], targetSubtree: 'hi-tech-sector', promotingIds: null, issuerIds: null, statuses: null,
      types: null, from: null, to: null, minSources: null, modalities: null, includeAreas: true,
    };
    const text = measuresStatement(b, { filter, anchor: 'dateOrder', after: null, limit: 21, fields: [], withRows: true, withTotal: true });
    const plan = await testExecutor().explain(cypher('test.measuresSubtreeAreas', text), b.params);
    const shown = outline(plan);
    expect(readsSortKeyIndex(plan), shown).toBe(true);
    expect(has(plan, 'VarLengthExpand', /BROADER\|AREA_OF/), shown).toBe(true);
    expect(operators(plan).filter((op) => op.operator.includes('LabelScan') || op.operator === 'AllNodesScan')).toEqual([]);
    // Through the API: the name resolution and the page are index-anchored too.
    const plans = await plansOf(`{ measures(promoting: "hi-tech sector", includeAreas: true, first: 5) { totalCount expansion { followed } nodes { name } } }`);
    expectIndexAnchored(plans);
  });

  it('the edge table pages the claim id index in order, and its count reads the count store', async () => {
    const plans = await plansOf(`{ relationships(first: 100) { totalCount nodes { id from { id } to { id } citations { quote source { id } } } } }`);
    expect(plans.map((p) => p.name)).toEqual(['relationships.table']);
    expectIndexAnchored(plans);
    const table = plans[0]!.plan;
    expect(has(table, 'NodeUniqueIndexSeekByRange', /Claim\(id\)/)).toBe(true);
    expect(operators(table).some((op) => op.operator === 'NodeCountFromCountStore')).toBe(true);
    expect(sortedAbove(table, /Claim\(id\)/)).toBe(false);
  });

  it('the edge table filtered by endpoint or type uses the composite claim indexes', async () => {
    const byEndpoint = await plansOf(`{ relationships(from: "us-government", first: 10) { totalCount nodes { id } } }`);
    expectIndexAnchored(byEndpoint);
    expect(has(byEndpoint.at(-1)!.plan, 'NodeIndexSeek', /Claim\(fromId, id\)/)).toBe(true);
    expect(sortedAbove(byEndpoint.at(-1)!.plan, /Claim\(fromId, id\)/)).toBe(false);
    const byType = await plansOf(`{ relationships(types: ["TARGETS", "ISSUED"], first: 10) { totalCount nodes { id } } }`);
    expectIndexAnchored(byType);
    expect(has(byType[0]!.plan, 'NodeIndexSeek', /Claim\(type, id\)/)).toBe(true);
    expect(operators(byType[0]!.plan).some((op) => op.operator === 'RelationshipCountFromCountStore')).toBe(true);
  });

  it("an endpoint's count with no other filter reads the node's degree, never its relationships one by one (issue 20)", async () => {
    // The explorer's "n more…" at M's largest hub: an Expand over its 33 k relationships took 0.3–1 s.
    for (const query of [
      `{ relationships(to: "china") { totalCount } }`,
      `{ relationships(from: "us-government", types: ["ISSUED", "TARGETS"]) { totalCount } }`,
      `{ entity(id: "china") { relationships(first: 1) { totalCount } } }`,
    ]) {
      const plans = await plansOf(query);
      const count = plans.at(-1)!.plan;
      expect(has(count, '', /getDegree/), `${query}\n${outline(count)}`).toBe(true);
      expect(operators(count).filter((op) => op.operator.startsWith('Expand') || op.operator.startsWith('OptionalExpand')), `${query}\n${outline(count)}`).toEqual([]);
    }
  });

  it('an entity page reads its relationships from the composite claim indexes in order', async () => {
    const plans = await plansOf(`{ entity(id: "china") { name relationships(first: 20) { totalCount nodes { id citations { quote } } } } }`);
    expectIndexAnchored(plans);
    const page = plans[0]!.plan;
    expect(has(page, 'NodeUniqueIndexSeek', /Entity\(id\)/)).toBe(true);
    expect(has(page, 'NodeIndexSeek', /Claim\(fromId, id\)/)).toBe(true);
    expect(has(page, 'NodeIndexSeek', /Claim\(toId, id\)/)).toBe(true);
  });

  it('search, evidence search, path and timeline start from an index', async () => {
    expectIndexAnchored(await plansOf(`{ search(text: "chips", first: 10) { entity { name } } }`));
    expectIndexAnchored(await plansOf(`{ searchEvidence(text: "export controls") { citation { quote } relationship { from { name } } } }`));
    expectIndexAnchored(await plansOf(`{ path(from: "ASML", to: "China") { hops { relationship { citations { quote } } } } }`));
    expectIndexAnchored(await plansOf(`{ timeline(entity: "China", first: 10) { nodes { title date { value } } } }`));
    const everything = await plansOf(`{ timeline(first: 10) { nodes { title } } }`);
    expectIndexAnchored(everything);
    expect(cutInIndexOrder(everything[0]!.plan, /Claim\(relKey\)/)).toBe(true);
    expect(cutInIndexOrder(everything[0]!.plan, /Policy\(eventKey\)/)).toBe(true);
  });
});
