// searchEvidence: an analyst who remembers a phrase finds the quote, the fact it supports and the source.
import { describe, expect, it } from 'vitest';
import { useSeededServer } from '../support/api-suite.ts';

const { server } = useSeededServer();

const HITS = `query($text: String!, $types: [String!], $source: ID, $first: Int) {
  searchEvidence(text: $text, types: $types, source: $source, first: $first) {
    score highlighted passages { start end }
    citation { quote verified source { id } }
    relationship { id type from { id } to { id } }
  }
}`;

describe('searchEvidence', () => {
  it('finds the quote behind a remembered phrase, typos and all, with its relationship and source', async () => {
    const result = await server().gql(HITS, { text: 'cripling Chinas tech initiatives' });
    expect(result.errors).toBeUndefined();
    const hits = result.data!.searchEvidence as any[];
    expect(hits.length).toBeGreaterThan(0);
    const top = hits[0];
    expect(top.citation.quote).toContain('crippling China’s tech initiatives');
    expect(top.highlighted).toContain('«crippling China’s tech initiatives»');
    expect(top.citation.quote.slice(top.passages[0].start, top.passages[0].end).length).toBeGreaterThan(0);
    expect(top.relationship.from.id).toBeTruthy();
    expect(top.relationship.to.id).toBeTruthy();
    expect(top.citation.source.id).toBe('xi-urges-tech-independence');
    expect(result.extensions!.dbQueries).toEqual(['evidence.search']);
    const scores = hits.map((h) => h.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('filters by relationship type and by source', async () => {
    const all = (await server().gql(HITS, { text: 'export controls', first: 50 })).data!.searchEvidence as any[];
    const targets = (await server().gql(HITS, { text: 'export controls', types: ['TARGETS'], first: 50 })).data!.searchEvidence as any[];
    expect(targets.length).toBeGreaterThan(0);
    expect(targets.length).toBeLessThan(all.length);
    expect(targets.every((h) => h.relationship.type === 'TARGETS')).toBe(true);
    const oneSource = (await server().gql(HITS, { text: 'export controls', source: 'xi-20th-congress-report', first: 50 })).data!.searchEvidence as any[];
    expect(oneSource.length).toBeGreaterThan(0);
    expect(oneSource.every((h) => h.citation.source.id === 'xi-20th-congress-report')).toBe(true);
  });

  it('refuses bad input with a clear error', async () => {
    const noWords = await server().gql(HITS, { text: '!!' });
    expect(noWords.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'text' });
    const badType = await server().gql(HITS, { text: 'chips', types: ['OWNS'] });
    expect(badType.errors![0]!.message).toContain(`'types' has unknown relationship type(s) "OWNS"`);
    const badSource = await server().gql(HITS, { text: 'chips', source: 'nowhere' });
    expect(badSource.errors![0]!.extensions).toMatchObject({ code: 'NOT_FOUND', argument: 'source', value: 'nowhere' });
  });
});
