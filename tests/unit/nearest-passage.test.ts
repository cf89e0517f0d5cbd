// SourceText.nearest: the passage the error shows when a quote is not in its text verbatim (issue 18:
// "an invented or paraphrased quote refused with the nearest passage in the error").
import { describe, expect, it } from 'vitest';
import { describeNearest, SourceText } from '../../src/seed/quotes.ts';

const ARTICLE = [
  'BEIJING (Reuters) – China’s President Xi Jinping reiterated his call for more innovation.',
  '',
  'The United States has been trying to thwart China’s technological advance, most notably with last year’s sweeping series of export controls to exclude China from certain semiconductor chips made worldwide at U.S. facilities.',
  '',
  'Yellen’s visit to China comes weeks after Secretary of State Antony Blinken’s visit.',
].join('\n');
const text = new SourceText(ARTICLE);

describe('SourceText.nearest', () => {
  it('finds the passage a paraphrase was made from, with its offset, paragraph and likeness', () => {
    const near = text.nearest('last year’s broad series of export controls to keep China from some semiconductor chips made at U.S. plants');
    expect(near).toBeDefined();
    expect(near!.offset).toBe(ARTICLE.indexOf('last year’s sweeping'));
    expect(near!.paragraph).toBe(2);
    expect(near!.passage.startsWith('last year’s sweeping series of export controls')).toBe(true);
    expect(near!.passage).toContain('semiconductor chips made worldwide at U.S.');
    expect(near!.similarity).toBeGreaterThan(0.5);
    expect(near!.similarity).toBeLessThan(1);
  });

  it('ignores case, whitespace and quote styles, and cuts at word boundaries', () => {
    const near = text.nearest("YELLEN'S   visit to china comes weeks after");
    expect(near!.offset).toBe(ARTICLE.indexOf('Yellen’s visit'));
    expect(near!.passage).toBe('Yellen’s visit to China comes weeks after');
    expect(near!.similarity).toBe(1);
  });

  it('picks the right paragraph when words are dropped or added in the middle', () => {
    const near = text.nearest('President Xi Jinping reiterated once again his call for innovation');
    expect(near!.paragraph).toBe(1);
    expect(near!.passage).toMatch(/^President Xi Jinping reiterated his call for more innovation/);
  });

  it('has nothing to offer for a quote that shares no three letters with the text', () => {
    expect(text.nearest('zzzz qqqq')).toBeUndefined();
    expect(text.nearest('ab')).toBeUndefined();
    expect(describeNearest(text, 'zzzz qqqq')).toBe('no passage of the text shares a word with it');
  });

  it('describes the passage for an error message, in one line', () => {
    expect(describeNearest(text, 'Yellen visited China weeks after Blinken')).toMatch(
      new RegExp(`^nearest passage at offset ${ARTICLE.indexOf('Yellen’s')} \\(paragraph 3, \\d+% alike\\): 'Yellen’s visit to China comes weeks after`),
    );
  });

  it('stays linear: a 5 MB text is searched in seconds, not minutes', () => {
    const big = new SourceText(`${'Filler sentence about nothing in particular. '.repeat(110_000)}\n${ARTICLE}`);
    const started = performance.now();
    const near = big.nearest('last year’s broad series of export controls to keep China from some chips');
    // Generous for a shared 2-core machine; a quadratic search would take minutes.
    expect(performance.now() - started).toBeLessThan(20_000);
    expect(big.original.slice(near!.offset).startsWith('last year’s sweeping series')).toBe(true);
  });
});
