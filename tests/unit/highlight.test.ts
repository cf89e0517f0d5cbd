import { describe, expect, it } from 'vitest';
import { highlight, matchedSpans } from '../../src/text/highlight.ts';

describe('highlighting matched passages of a quote', () => {
  const quote = 'days after the US dramatically expanded trade sanctions aimed at crippling China’s tech initiatives.';

  it('marks exact words, joining neighbours into one passage', () => {
    const spans = matchedSpans(quote, 'tech initiatives');
    expect(highlight(quote, spans)).toBe('days after the US dramatically expanded trade sanctions aimed at crippling China’s «tech initiatives».');
  });

  it('tolerates the typos the search tolerates, and folds quote styles and case', () => {
    expect(highlight(quote, matchedSpans(quote, 'Cripling "China\'s"'))).toContain('«crippling China’s»');
    expect(matchedSpans(quote, 'sanctoins')).toEqual([{ start: quote.indexOf('sanctions'), end: quote.indexOf('sanctions') + 'sanctions'.length }]);
  });

  it('marks prefixes, as the query matches them', () => {
    expect(highlight('Chinese technologies', matchedSpans('Chinese technologies', 'tech'))).toBe('Chinese «technologies»');
  });

  it('marks nothing when nothing matches or the text has no words', () => {
    expect(matchedSpans(quote, 'semiconductor')).toEqual([]);
    expect(matchedSpans(quote, '!!')).toEqual([]);
    expect(highlight(quote, [])).toBe(quote);
  });
});
