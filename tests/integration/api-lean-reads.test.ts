// A projection reads only the stored properties the selected fields need (src/cypher/projection/
// stored-properties.ts). A policy's `date` is answered from its `when*` copy, reading the stated field's
// words and note only when they are selected, and its stated dates only when it has no `when*` copy:
// each reading must give the same date as the stated field it comes from.
import { describe, expect, it } from 'vitest';
import { useSeededServer } from '../support/api-suite.ts';

const { server } = useSeededServer();

const DETAIL = 'value basis precision start end expression note resolvedAgainst { id }';
const LEAN = 'value basis precision start end';

interface DateView {
  value: string | null;
  basis: string;
  precision: string;
  start: string | null;
  end: string | null;
  expression?: string | null;
  note?: string | null;
  resolvedAgainst?: { id: string } | null;
}

const lean = (d: DateView | null | undefined) => (d ? { value: d.value, basis: d.basis, precision: d.precision, start: d.start, end: d.end } : null);

describe('lean reads of partial dates', () => {
  it("every policy's date is its first stated date with a range of days, a source's publication date, or its stated date as is", async () => {
    const result = await server().gql(`{
      measures(first: 500) {
        nodes {
          id
          lean: date { ${LEAN} }
          full: date { ${DETAIL} }
          announced { ${DETAIL} }
          asOf { ${DETAIL} }
          effective { ${DETAIL} }
        }
      }
    }`);
    expect(result.errors).toBeUndefined();
    const nodes = result.data!.measures.nodes as Array<Record<string, DateView | null> & { id: string }>;
    expect(nodes.length).toBeGreaterThan(10);
    const seen = { stated: 0, withWords: 0, source: 0, asStated: 0 };
    for (const n of nodes) {
      expect(lean(n.lean), n.id).toEqual(lean(n.full));
      const stated = [n.announced, n.asOf, n.effective].find((d) => d?.start && d.end);
      if (stated) {
        expect(n.full, n.id).toEqual(stated);
        seen.stated += 1;
        if (stated.expression) seen.withWords += 1;
      } else if (n.full?.basis === 'SOURCE_PUBLICATION') {
        expect(n.full.resolvedAgainst?.id, n.id).toEqual(expect.any(String));
        seen.source += 1;
      } else {
        expect(n.full, n.id).toEqual(n.announced ?? n.asOf);
        if (n.full) seen.asStated += 1;
      }
    }
    // The seed has each case, so each branch above was taken.
    expect(seen.stated).toBeGreaterThan(5);
    expect(seen.withWords).toBeGreaterThan(0);
    expect(seen.source).toBeGreaterThan(0);
    expect(seen.asStated).toBeGreaterThan(0);
  });

  it("a relationship's timeline date reads the same with and without its words", async () => {
    const result = await server().gql(`{
      lean: timeline(entity: "China", first: 200) { nodes { id date { ${LEAN} } } }
      full: timeline(entity: "China", first: 200) { nodes { id kind date { ${DETAIL} } relationship { date { ${DETAIL} } } } }
    }`);
    expect(result.errors).toBeUndefined();
    const full = result.data!.full.nodes as Array<{ id: string; kind: string; date: DateView; relationship: { date: DateView | null } | null }>;
    expect((result.data!.lean.nodes as Array<{ date: DateView }>).map((n) => lean(n.date))).toEqual(full.map((n) => lean(n.date)));
    const stated = full.filter((n) => n.kind === 'RELATIONSHIP' && n.date.basis === 'STATED');
    expect(stated.length).toBeGreaterThan(0);
    for (const n of stated) expect(n.date, n.id).toEqual(n.relationship!.date);
  });
});
