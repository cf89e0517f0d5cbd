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
