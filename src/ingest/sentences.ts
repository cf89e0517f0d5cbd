// Sentence splitting for the ingestion assistant: spans of the original text (offsets kept exact, so
// every quote cut from a sentence is a verbatim substring), robust to "U.S.", "Mr." and quotations.

export interface Sentence {
  index: number;
  /** 0-based offset of the first character in the article. */
  start: number;
  /** Offset just past the last character. */
  end: number;
  text: string;
}

/** Words whose full stop does not end a sentence (titles, company forms, Latin abbreviations). */
const ABBREVIATIONS = new Set([
  'mr', 'mrs', 'ms', 'dr', 'prof', 'st', 'jr', 'sr', 'gen', 'gov', 'sen', 'rep', 'lt', 'col', 'capt', 'sgt',
  'inc', 'corp', 'co', 'ltd', 'plc', 'no', 'vs', 'etc', 'approx', 'dept', 'est', 'fig', 'jan', 'feb', 'mar',
  'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec', 'e.g', 'i.e', 'u.s', 'u.k', 'u.n', 'e.u',
]);

/**
 * A possible end of sentence: terminal punctuation, optional closing quotes or brackets, then either
 * whitespace or a closing quote directly followed by the next sentence (`do it.”The national …`).
 */
const BREAK = /[.!?…]+(["'”’)\]]*)(\s+|(?<=["'”’])(?=[“"‘'A-Z]))/g;

/** Splits into sentences; every line break also ends one (headlines and captions carry no full stop). */
export function splitSentences(text: string): Sentence[] {
  const sentences: Sentence[] = [];
  const push = (start: number, end: number) => {
    while (start < end && /\s/.test(text[start]!)) start++;
    while (end > start && /\s/.test(text[end - 1]!)) end--;
    if (end > start) sentences.push({ index: sentences.length, start, end, text: text.slice(start, end) });
  };
  let lineStart = 0;
  for (const line of text.split('\n')) {
    const lineEnd = lineStart + line.length;
    let start = lineStart;
    BREAK.lastIndex = 0;
    for (let m = BREAK.exec(line); m; m = BREAK.exec(line)) {
      const stop = lineStart + m.index;
      const next = line.slice(m.index + m[0].length);
      if (!endsSentence(text, start, stop, next)) continue;
      push(start, lineStart + m.index + m[0].length - m[2]!.length);
      start = lineStart + m.index + m[0].length;
    }
    push(start, lineEnd);
    lineStart = lineEnd + 1;
  }
  return sentences;
}

function endsSentence(text: string, sentenceStart: number, stop: number, next: string): boolean {
  // The next sentence starts with a capital, a digit or an opening quote; "the U.S. also said" does not split.
  if (!/^[“"‘'(\[]?[\p{Lu}\p{N}]/u.test(next)) return false;
  if (text[stop] !== '.') return true;
  const word = /([\p{L}.]+)$/u.exec(text.slice(sentenceStart, stop))?.[1] ?? '';
  if (ABBREVIATIONS.has(word.toLowerCase())) return false;
  // An initial ("J. Smith") or an abbreviation written with stops ("U.S", "U.N").
  if (/^\p{Lu}$/u.test(word) || /^(?:\p{L}\.)+\p{L}$/u.test(word)) return false;
  return true;
}
