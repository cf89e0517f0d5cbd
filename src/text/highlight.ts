// Marks the passages of a quote that match a search text, with the same tolerance as the full-text query
// (src/text/search-text.ts): a word matches when it is equal (ignoring case and quote styles), a
// prefix of the quote's word, or close to it (one edit for words of 4-6 letters, two from 7). Runs of
// matching words, with only spaces and punctuation between them, form one passage.
import { foldText } from './fold.ts';

export interface Span {
  /** 0-based offset of the first character of the passage in the quote. */
  start: number;
  /** Offset just after its last character. */
  end: number;
}

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*/gu;

function distanceWithin(a: string, b: string, max: number): boolean {
  if (Math.abs(a.length - b.length) > max) return false;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      best = Math.min(best, row[j]!);
    }
    if (best > max) return false;
    previous = row;
  }
  return previous[b.length]! <= max;
}

function matches(term: string, word: string): boolean {
  if (word === term || word.startsWith(term)) return true;
  const tolerance = term.length >= 7 ? 2 : term.length >= 4 ? 1 : 0;
  return tolerance > 0 && distanceWithin(term, word, tolerance);
}

/** The passages of `quote` that match the words of `text`, in order. */
export function matchedSpans(quote: string, text: string): Span[] {
  const terms = [...new Set((foldText(text).toLowerCase().match(WORD) ?? []).filter((w) => w.length >= 2))];
  if (terms.length === 0) return [];
  const spans: Span[] = [];
  for (const word of quote.matchAll(WORD)) {
    const folded = foldText(word[0]).toLowerCase();
    if (!terms.some((term) => matches(term, folded))) continue;
    const start = word.index!;
    const end = start + word[0].length;
    const last = spans.at(-1);
    // Join with the previous passage when only spaces and punctuation lie between.
    if (last && /^[\s\p{P}]*$/u.test(quote.slice(last.end, start)) && quote.slice(last.end, start).length <= 3) last.end = end;
    else spans.push({ start, end });
  }
  return spans;
}

/** The quote with each matched passage between « and ». */
export function highlight(quote: string, spans: readonly Span[]): string {
  let out = '';
  let at = 0;
  for (const span of spans) {
    out += `${quote.slice(at, span.start)}«${quote.slice(span.start, span.end)}»`;
    at = span.end;
  }
  return out + quote.slice(at);
}
