import { describe, expect, it } from 'vitest';
import { quoteShapeProblem, SourceText } from '../../src/seed/quotes.ts';
import { containsFolded, foldText, nameKey } from '../../src/text/fold.ts';

describe('folding', () => {
  it('folds typographic quotes and whitespace, nothing else', () => {
    expect(foldText('  China’s  “battle”\n of\tchips ')).toBe(`China's "battle" of chips`);
    expect(foldText('Advanced')).not.toBe(foldText('advanced'));
    expect(nameKey('People’s Republic of  China')).toBe("people's republic of china");
    expect(containsFolded('The “bottleneck” technologies', '"BOTTLENECK"')).toBe(true);
  });
});

describe('SourceText.locate', () => {
  const text = 'Headline\n\nFirst paragraph, “quoted”.\n\nSecond   paragraph:\nthe quote’s here.\n';
  const source = new SourceText(text);

  it('finds a quote across folded whitespace and quote styles, with paragraph and offset', () => {
    const location = source.locate(`Second paragraph: the quote's here.`);
    expect(location).toEqual({ paragraph: 3, offset: text.indexOf('Second') });
    expect(source.locate('"quoted"')).toEqual({ paragraph: 2, offset: text.indexOf('“quoted”') });
  });

  it('does not find an altered quote', () => {
    expect(source.locate('Second paragraph: the quote is here.')).toBeUndefined();
    expect(source.locate('first paragraph')).toBeUndefined(); // case matters
    expect(source.locate('   ')).toBeUndefined();
  });
});

describe('quoteShapeProblem', () => {
  it('accepts a sentence or part of one, including abbreviations', () => {
    expect(quoteShapeProblem('Yellen’s visit comes weeks after Blinken’s visit, who agreed with Mr. Xi that the rivalry should not turn into confrontation.')).toBeUndefined();
    expect(quoteShapeProblem('U.S. authorization for their advanced semiconductor exports')).toBeUndefined();
    expect(quoteShapeProblem('He said, “We will accelerate the realization.”')).toBeUndefined();
  });

  it('rejects empty, over-long and multi-sentence quotes', () => {
    expect(quoteShapeProblem(' ')).toBe('the quote is empty');
    expect(quoteShapeProblem('a'.repeat(501))).toMatch(/at most 500/);
    expect(quoteShapeProblem('The US acted. China responded.')).toBe('the quote spans more than one sentence; quote one sentence or less');
  });
});
