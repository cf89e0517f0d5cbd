// Row building (src/seed/graph-rows.ts) and the pieces of the write path that need no database.
import { describe, expect, it } from 'vitest';
import { loadOntology } from '../../src/ontology/ontology.ts';
import { CypherDate } from '../../src/db/values.ts';
import { claimRow, citationRows, edgeRow, entityRow, type RowContext } from '../../src/seed/graph-rows.ts';
import { GraphVersionHasher } from '../../src/seed/graph-version.ts';
import { IdDigestSet } from '../../src/seed/id-digest-set.ts';
import { prepareSeed } from '../../src/seed/load-seed.ts';
import { ReadModel } from '../../src/seed/read-model.ts';

const graph = prepareSeed(loadOntology());
const model = new ReadModel(graph);
for (const rel of graph.relationships) model.observe(rel);
const kinds = new Map(graph.entities.map((e) => [e.id, e.kind]));
const ctx: RowContext = { origin: 'seed', model, kindOf: (id) => kinds.get(id) };

describe('row building', () => {
  it('gives every Claim every property of its domain edge, plus its own (contract 4)', () => {
    for (const rel of graph.relationships) {
      const edge = edgeRow(rel, ctx);
      const claim = claimRow(rel, ctx, edge);
      for (const [key, value] of Object.entries(edge.props)) expect(claim.props[key], `${rel.id} ${key}`).toEqual(value);
      expect(claim.props).toMatchObject({ type: rel.type, fromId: rel.from, toId: rel.to, sourceIds: rel.sourceIds, citationCount: rel.citations.length });
    }
  });

  it('flattens dates to DATE pairs and picks the one the graph orders by', () => {
    const rel = graph.relationships.find((r) => r.dates.date?.start);
    expect(rel, 'the seed has a dated relationship').toBeDefined();
    const props = edgeRow(rel!, ctx).props;
    expect(props.dateStart).toBeInstanceOf(CypherDate);
    expect(props.whenStart).toEqual(props.dateStart);
    expect(props.whenField).toBe('date');
    const policy = graph.entities.find((e) => e.kind === 'Policy' && e.dates.announced?.start)!;
    expect(entityRow(policy, ctx).props).toMatchObject({ whenField: 'announced', announcedPrecision: policy.dates.announced!.precision });
  });

  it('marks a citation verified only when its quote was found', () => {
    const rel = graph.relationships[0]!;
    const rows = citationRows({ id: rel.id, citations: [{ ...rel.citations[0]!, verified: true }, { ...rel.citations[0]!, verified: false }] });
    expect(rows.map((r) => [r.props.ordinal, r.props.verified])).toEqual([
      [0, true],
      [1, false],
    ]);
  });
});

describe('the graph version', () => {
  const version = (rows: unknown[], format = 'f') => {
    const hasher = new GraphVersionHasher(format);
    for (const row of rows) hasher.add('row', row);
    return hasher.digest();
  };

  it('depends on the rows and the writer, not on anything else', () => {
    const rows = graph.relationships.map((r) => edgeRow(r, ctx));
    expect(version(rows)).toBe(version(graph.relationships.map((r) => edgeRow(r, ctx))));
    expect(version(rows)).not.toBe(version(rows, 'another writer'));
    const edited = rows.map((r, i) => (i === 7 ? { ...r, props: { ...r.props, independentSources: 99 } } : r));
    expect(version(edited)).not.toBe(version(rows));
    expect(version([{ d: new CypherDate('2024-01-02') }])).not.toBe(version([{ d: new CypherDate('2024-01-03') }]));
  });
});

describe('IdDigestSet', () => {
  it('remembers ids across growth and tells duplicates', () => {
    const set = new IdDigestSet(4);
    for (let i = 0; i < 50_000; i++) expect(set.add(`a-${i}.TARGETS.b-${i}`)).toBe(true);
    expect(set.size).toBe(50_000);
    expect(set.add('a-123.TARGETS.b-123')).toBe(false);
    expect(set.has('a-49999.TARGETS.b-49999')).toBe(true);
    expect(set.has('a-50000.TARGETS.b-50000')).toBe(false);
  });
});
