// A planned page arrives as one small record per row, not one record holding the whole page:
// neo4j-driver decodes a record that spans several Bolt chunks through a slow path (a string decoder per
// string, over every part of the message), which made a page of 100 cost more in Node than in Neo4j
// (src/cypher/fragments.ts returnRows). The repository gathers the records back into one page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cypher } from '../../src/db/executor.ts';
import { CypherBuilder } from '../../src/cypher/projection/builder.ts';
import type { FieldPlan } from '../../src/cypher/projection/field-plan.ts';
import { tableStatement, type TablePage } from '../../src/cypher/relationships.ts';
import { Repository } from '../../src/repository/repository.ts';
import { closeTestExecutor, seedGraph, testExecutor, testOntology } from '../support/database.ts';
import { testApp } from '../support/app.ts';

const field = (owner: string, name: string, children: FieldPlan[] = [], options: Record<string, unknown> = {}): FieldPlan =>
  ({ owner, field: name, key: name, options, children });

const FIELDS: FieldPlan[] = [
  field('Relationship', 'id'),
  field('Relationship', 'citations', [field('Citation', 'quote'), field('Citation', 'source', [field('Source', 'id')])], { first: 10 }),
];

function page(limit: number, after: string | null = null): TablePage {
  return {
    filter: { types: null, from: null, to: null, source: null, minSources: null, maxSources: null, modalities: null },
    after,
    limit,
    fields: FIELDS,
    withRows: true,
    withTotal: true,
  };
}

beforeAll(async () => {
  await seedGraph();
});
afterAll(closeTestExecutor);

describe('planned pages on the wire', () => {
  it('a page of 60 relationships is 60 records, each one row with the version and total beside it', async () => {
    const b = new CypherBuilder(testOntology());
    const records = await testExecutor().read(cypher('test.table', tableStatement(b, page(60))), b.params);
    expect(records).toHaveLength(60);
    for (const record of records) {
      expect(Object.keys(record).sort()).toEqual(['graphVersion', 'row', 'total']);
      expect((record.row as { props: { id: string } }).props.id).toEqual(expect.any(String));
    }
    expect(new Set(records.map((r) => r.total)).size).toBe(1);
  });

  it('an empty page is one record with row null, so the version and the total still arrive', async () => {
    const b = new CypherBuilder(testOntology());
    const records = await testExecutor().read(cypher('test.table', tableStatement(b, page(10, '\uffff'))), b.params);
    expect(records).toHaveLength(1);
    expect(records[0]!.row).toBeNull();
    expect(records[0]!.graphVersion).toEqual(expect.any(String));
    expect(Number(records[0]!.total)).toBeGreaterThan(100);
  });

  it('the repository gathers the records back into the page, in order', async () => {
    const repo = new Repository(testExecutor(), testOntology());
    const all = await repo.relationshipTable(page(1000));
    const first = await repo.relationshipTable(page(60));
    const empty = await repo.relationshipTable(page(10, '\uffff'));
    expect(first.rows.map((r) => r.id)).toEqual(all.rows.slice(0, 60).map((r) => r.id));
    expect(all.rows.length).toBe(Number(all.total));
    expect(empty.rows).toEqual([]);
    expect(Number(empty.total)).toBe(Number(all.total));
  });
});

/** The test app over the shared executor, with the statements its reads ran. */
function recordingApp() {
  const statements: Array<{ name: string; text: string }> = [];
  const executor = testExecutor();
  const recording = new Proxy(executor, {
    get(target, prop, receiver) {
      if (prop !== 'read') return Reflect.get(target, prop, receiver);
      return (query: { name: string; text: string }, ...rest: unknown[]) => {
        statements.push(query);
        return (target.read as (...a: unknown[]) => unknown).call(target, query, ...rest);
      };
    },
  });
  return { app: testApp({ executor: recording }), statements };
}

describe("a policy's issuers and targets on the wire", () => {
  const MEASURES = (targetFields: string) => `{ measures(targeting: "semiconductors", first: 10) { nodes { id issuers { id name kind } targets { ${targetFields} } } } }`;

  it('arrive as [id, name, kind] triples when only those are asked for, as maps otherwise, with the same answer', async () => {
    const { app, statements } = recordingApp();
    const lean = await app.post(MEASURES('id name kind'));
    expect(lean.body.errors).toBeUndefined();
    const page = statements.find((s) => s.name === 'measures.page')!.text;
    // Each reference a three-item list (a tenth of the decoding of a {props, labels} map: records.ts).
    expect(page).toMatch(/\[m\d+\.id, m\d+\.name, \$p\d+\]/); // issuers: Actors
    expect(page).toMatch(/\[m\d+\.id, m\d+\.name, \[l IN labels\(m\d+\) WHERE l IN \$p\d+\]\[0\]\]/); // targets: any kind
    statements.length = 0;
    const full = await app.post(MEASURES('id name kind aliases'));
    expect(full.body.errors).toBeUndefined();
    expect(statements.find((s) => s.name === 'measures.page')!.text).toMatch(/\{props: m\d+ \{[^}]*\.aliases/);
    const nodes = lean.body.data.measures.nodes as Array<{ issuers: unknown[]; targets: Array<{ id: string }> }>;
    expect(nodes.length).toBeGreaterThan(0);
    expect(nodes.some((n) => n.issuers.length > 0)).toBe(true);
    const withoutAliases = (full.body.data.measures.nodes as Array<{ targets: Array<Record<string, unknown>> }>).map((n) => ({
      ...n,
      targets: n.targets.map(({ aliases: _aliases, ...t }) => t),
    }));
    expect(nodes).toEqual(withoutAliases);
  });

  it("a relationship's citations asked for their quote and source id alone arrive as [quote, source id] pairs", async () => {
    const { app, statements } = recordingApp();
    const EVIDENCE = (source: string) => `{ measures(targeting: "semiconductors", first: 10) { nodes { id evidence(types: ["ISSUED", "TARGETS"]) { id citations { quote source { ${source} } } } } } }`;
    const lean = await app.post(EVIDENCE('id'));
    expect(lean.body.errors).toBeUndefined();
    expect(statements.find((s) => s.name === 'measures.page')!.text).toMatch(/RETURN \[k\d+\.quote, s\d+\.id\] \}/);
    statements.length = 0;
    const full = await app.post(EVIDENCE('id publisher'));
    expect(full.body.errors).toBeUndefined();
    expect(statements.find((s) => s.name === 'measures.page')!.text).not.toMatch(/\[k\d+\.quote, s\d+\.id\]/);
    type Node = { evidence: Array<{ citations: Array<{ quote: string; source: Record<string, unknown> }> }> };
    const quotes = (nodes: Node[]) => nodes.flatMap((n) => n.evidence.flatMap((e) => e.citations.map((c) => [c.quote, c.source.id])));
    const leanQuotes = quotes(lean.body.data.measures.nodes);
    expect(leanQuotes.length).toBeGreaterThan(0);
    expect(leanQuotes).toEqual(quotes(full.body.data.measures.nodes));
  });
});
