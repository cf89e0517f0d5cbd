// The assistant's text stages: sentences that survive "U.S.", "Mr." and quotations with exact offsets;
// the name automaton against a brute-force search; dates resolved against the publication date.
import { describe, expect, it } from 'vitest';
import { findDates } from '../../src/ingest/dates.ts';
import { NameAutomaton } from '../../src/ingest/name-automaton.ts';
import { splitSentences } from '../../src/ingest/sentences.ts';

describe('splitSentences', () => {
  it('keeps abbreviations, initials and quotations inside their sentence', () => {
    const text = 'Mr. Xi met the U.S. ambassador in Beijing. He said, “We will win.” Then J. Smith of Acme Corp. left! Did he?';
    expect(splitSentences(text).map((s) => s.text)).toEqual([
      'Mr. Xi met the U.S. ambassador in Beijing.',
      'He said, “We will win.”',
      'Then J. Smith of Acme Corp. left!',
      'Did he?',
    ]);
  });

  it('splits a closing quotation glued to the next sentence, and at every line break', () => {
    const text = 'It said China “is the only competitor.”The strategy offers measures.\nHeadline without a stop\nNext line.';
    expect(splitSentences(text).map((s) => s.text)).toEqual(['It said China “is the only competitor.”', 'The strategy offers measures.', 'Headline without a stop', 'Next line.']);
  });

  it('gives offsets into the original text', () => {
    const text = '  First one.   Second  one?\n\n Third.';
    for (const s of splitSentences(text)) expect(text.slice(s.start, s.end)).toBe(s.text);
  });
});

describe('NameAutomaton', () => {
  const names = ['US', 'US Treasury', 'Xi', 'Xi Jinping', 'he', 'she', 'hers', 'chipmaking equipment', 'China’s President'];
  const automaton = new NameAutomaton(names.map((text) => ({ text, payload: text, caseSensitive: text === 'US' })));

  it('finds whole words only, acronyms in their own case, and folds quotes, whitespace and hyphens', () => {
    const found = automaton.findAll("The  US Treasury told us that Xi Jinping, not Xing, met ushers; she said hers. China's\n President bought chip-making equipment.");
    const texts = found.map((m) => m.payloads.join('+'));
    expect(texts).toEqual(['US', 'US Treasury', 'Xi', 'Xi Jinping', 'she', 'hers', 'China’s President', 'chipmaking equipment']);
  });

  it('agrees with a brute-force search on every name', () => {
    const words = ['alpha', 'beta', 'alpha beta', 'beta gamma', 'gamma', 'a', 'ab', 'b'];
    const brute = new NameAutomaton(words.map((w) => ({ text: w, payload: w })));
    const text = 'alpha beta gamma ab a b alphabet beta-gamma betagamma alpha  beta';
    const expected: string[] = [];
    for (const w of words) {
      for (let at = text.indexOf(w); at >= 0; at = text.indexOf(w, at + 1)) {
        const before = text[at - 1];
        const after = text[at + w.length];
        if ((!before || !/[a-z]/.test(before)) && (!after || !/[a-z]/.test(after))) expected.push(`${at}:${w}`);
      }
    }
    // Folding runs of whitespace finds one match the brute force cannot ("alpha  beta").
    expected.push('54:alpha beta');
    const got = brute.findAll(text).flatMap((m) => m.payloads.map((p) => `${m.start}:${p}`));
    expect(got.sort()).toEqual(expected.sort());
  });
});

describe('findDates', () => {
  const publication = { sourceId: 'wire', date: { start: '2023-07-07', end: '2023-07-07', precision: 'day' as const } };
  const raw = (text: string, pub: Parameters<typeof findDates>[1] = publication) => findDates(text, pub).map((d) => d.raw);

  it('resolves relative expressions against the publication day', () => {
    expect(raw('Earlier this week, it acted.')).toEqual([{ between: ['2023-07-03', '2023-07-06'], text: 'Earlier this week', resolvedAgainst: 'wire' }]);
    expect(raw('It met on Friday.')).toEqual([{ on: '2023-07-07', text: 'Friday', resolvedAgainst: 'wire' }]);
    expect(raw('It acted on Tuesday.')).toEqual([{ on: '2023-07-04', text: 'Tuesday', resolvedAgainst: 'wire' }]);
    expect(raw('Last month it acted, and last year too.')).toEqual([
      { on: '2023-06', text: 'Last month', resolvedAgainst: 'wire' },
      { on: '2022', text: 'last year', resolvedAgainst: 'wire' },
    ]);
    expect(raw('Controls passed in early October.')).toEqual([{ on: '2022-10', text: 'early October', resolvedAgainst: 'wire' }]);
  });

  it('keeps absolute dates and leaves what the publication date cannot resolve unknown, saying why', () => {
    expect(raw('In October 2022 he spoke.')).toEqual([{ on: '2022-10', text: 'October 2022' }]);
    const [monday] = raw('It met on Monday.', {});
    expect(monday).toMatchObject({ unknown: true, text: 'Monday' });
    expect(monday!.note).toMatch(/publication day/);
  });
});
