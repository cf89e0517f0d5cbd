import { describe, expect, it } from 'vitest';
import { GraphQLError } from 'graphql';
import { decodeCursor, encodeCursor } from '../../src/graphql/cursor.ts';
import { bestMatch, fuzzyQuery } from '../../src/text/search-text.ts';

describe('cursors', () => {
  it('round-trip and are opaque, carrying the graph version they were taken on', () => {
    const cursor = encodeCursor('pol', 'v1', '2022-10-01|us-export-controls-2022-10');
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, 'pol')).toEqual({ version: 'v1', key: '2022-10-01|us-export-controls-2022-10' });
    expect(decodeCursor(encodeCursor('rel', null, 'x'), 'rel')).toEqual({ version: null, key: 'x' });
    expect(decodeCursor(null, 'pol')).toBeNull();
  });

  it('reject malformed cursors and cursors of another list with BAD_USER_INPUT', () => {
    for (const bad of ['%%%', 'e30', encodeCursor('rel', null, 'x'), Buffer.from('["pol",1,2]').toString('base64url'), Buffer.from('["pol","v",""]').toString('base64url')]) {
      try {
        decodeCursor(bad, 'pol');
        expect.unreachable(bad);
      } catch (error) {
        expect(error).toBeInstanceOf(GraphQLError);
        expect((error as GraphQLError).extensions.code).toBe('BAD_USER_INPUT');
      }
    }
  });
});

describe('search text', () => {
  it('builds a Lucene query from words only, with typo tolerance', () => {
    expect(fuzzyQuery('Yangze memory')).toBe('"yangze memory"^8 OR ((yangze^3 OR yangze~1 OR yangze*) AND (memory^3 OR memory~1 OR memory*))^2 OR (yangze^3 OR yangze~1 OR yangze*) OR (memory^3 OR memory~1 OR memory*)');
    expect(fuzzyQuery('?!')).toBeNull();
  });

  it('cannot be steered by Lucene syntax in the input', () => {
    const query = fuzzyQuery('name:* OR "x" AND \\')!;
    // Quotes and backslashes are removed from the phrase; only letters and digits become terms.
    expect(query.startsWith('"name:* or x and"^8')).toBe(true);
    expect(query).not.toContain('\\');
    expect(query.match(/"/g)).toHaveLength(2);
  });

  it('picks the name or alias closest to what was typed', () => {
    expect(bestMatch('Yangze Memory', ['YMTC', 'Yangtze Memory Technologies'])).toBe('Yangtze Memory Technologies');
    expect(bestMatch('ymtc', ['YMTC', 'Yangtze Memory Technologies'])).toBe('YMTC');
    expect(bestMatch('washington', ['United States government', 'Washington', 'US administration'])).toBe('Washington');
  });
});
