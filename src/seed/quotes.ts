// Verbatim-quote rules: where a quote sits in its source text (compared after folding, see
// src/text/fold.ts) and what "one sentence or less" means.
import { DOUBLE_QUOTES, foldText, SINGLE_QUOTES } from '../text/fold.ts';

export interface QuoteLocation {
  /** 1-based number of the paragraph (non-empty line) where the quote starts. */
  paragraph: number;
  /** 0-based character offset of the quote's start in the original text. */
  offset: number;
}

/** The passage of a text most like a quote that is not in it verbatim (SourceText.nearest). */
export interface NearestPassage extends QuoteLocation {
  /** The passage as the original text has it (about the quote's length, cut at word boundaries). */
  passage: string;
  /** Share of the quote's three-letter pieces found in the passage (Dice coefficient), 0–1. */
  similarity: number;
}

/** A source text prepared for repeated look-ups. */
export class SourceText {
  private readonly folded: string;
  /** folded index -> original index */
  private readonly origin: Int32Array;
  private lowered: string | undefined;

  constructor(readonly original: string) {
    // Code by code (a 5 MB text is folded in well under a second): the same folding as foldText.
    const codes = new Uint16Array(original.length);
    const origin = new Int32Array(original.length);
    let length = 0;
    let pendingSpace = false;
    for (let i = 0; i < original.length; i++) {
      let code = original.charCodeAt(i);
      if (isSpace(code)) {
        pendingSpace = length > 0;
        continue;
      }
      if (pendingSpace) {
        codes[length] = 0x20;
        origin[length++] = i;
        pendingSpace = false;
      }
      if (code === 0x60 || code >= 0x2018) {
        if (SINGLE_QUOTE_CODES.has(code)) code = 0x27;
        else if (DOUBLE_QUOTE_CODES.has(code)) code = 0x22;
      }
      codes[length] = code;
      origin[length++] = i;
    }
    // Native decoding of the code units (a text never holds an unpaired surrogate: src/sources/text-checks.ts).
    this.folded = UTF16.decode(codes.subarray(0, length));
    this.origin = origin.subarray(0, length);
  }

  /** Where the quote occurs (first occurrence), or undefined when it is not in the text verbatim. */
  locate(quote: string): QuoteLocation | undefined {
    const needle = foldText(quote);
    if (needle === '') return undefined;
    const at = this.folded.indexOf(needle);
    if (at < 0) return undefined;
    const offset = this.origin[at]!;
    return { offset, paragraph: paragraphAt(this.original, offset) };
  }

  /**
   * The whole sentence of the original text that the quote is cut from (from the sentence break before
   * its start to the one after its end, never past a paragraph), or undefined when the quote is not in the
   * text. A trimmed quote can drop the words that hedge it ("According to Reuters, …"); the cue check
   * reads this instead.
   */
  sentenceOf(quote: string): string | undefined {
    const needle = foldText(quote);
    if (needle === '') return undefined;
    const at = this.folded.indexOf(needle);
    if (at < 0) return undefined;
    const start = this.origin[at]!;
    const end = this.origin[at + needle.length - 1]! + 1;
    return this.original.slice(sentenceStart(this.original, start), sentenceEnd(this.original, end)).trim();
  }

  /**
   * The passage most like `quote`, for the error that refuses a quote not found verbatim ("nearest
   * passage at offset N"). Case and whitespace are ignored. Each three-letter piece of the quote that
   * occurs in the text votes for where the quote would start there (its position in the text minus its
   * position in the quote); a paraphrase keeps most pieces in place, so the votes pile up near one start
   * even when words were changed, added or dropped. One pass over the text: linear in its length.
   * Undefined when no piece of the quote occurs in the text.
   */
  nearest(quote: string): NearestPassage | undefined {
    const needle = foldText(quote).toLowerCase();
    const hay = (this.lowered ??= this.folded.toLowerCase());
    if (needle.length < GRAM || hay.length < GRAM) return undefined;
    const positions = new Map<number, number[]>();
    for (let j = 0; j + GRAM <= needle.length; j++) {
      const key = gramKey(needle, j);
      const list = positions.get(key);
      if (list) list.push(j);
      else positions.set(key, [j]);
    }
    // Votes per band of start positions: wide enough that a few inserted or dropped words stay in one band.
    const band = Math.max(4, Math.floor(needle.length / 8));
    // Starts range from -needle.length to hay.length: one counter per band, shifted to be >= 0.
    const shift = Math.ceil(needle.length / band) + 1;
    const votes = new Int32Array(Math.ceil(hay.length / band) + shift + 2);
    for (let i = 0; i + GRAM <= hay.length; i++) {
      const list = positions.get(gramKey(hay, i));
      if (!list) continue;
      for (const j of list) votes[Math.floor((i - j) / band) + shift]!++;
    }
    let best: number | undefined;
    let bestVotes = 0;
    for (let b = 0; b + 1 < votes.length; b++) {
      const pair = votes[b]! + votes[b + 1]!;
      if (pair > bestVotes) {
        best = b - shift;
        bestVotes = pair;
      }
    }
    if (best === undefined) return undefined;
    // The span of the pieces that voted for the winning bands, stretched by the quote's unmatched ends.
    const lo = best * band;
    const hi = (best + 2) * band;
    let firstI = Infinity;
    let firstJ = 0;
    let lastI = -1;
    let lastJ = 0;
    for (let i = Math.max(0, lo); i + GRAM <= hay.length && i < hi + needle.length; i++) {
      const list = positions.get(gramKey(hay, i));
      if (!list) continue;
      for (const j of list) {
        const d = i - j;
        if (d < lo || d >= hi) continue;
        if (i < firstI) [firstI, firstJ] = [i, j];
        if (i > lastI) [lastI, lastJ] = [i, j];
      }
    }
    let start = Math.max(0, firstI - firstJ);
    let end = Math.min(hay.length, lastI + (needle.length - lastJ));
    // Whole words: back to the start of the first, on to the end of the last.
    while (start > 0 && hay[start - 1] !== ' ') start--;
    while (end < hay.length && hay[end] !== ' ') end++;
    const from = this.origin[start]!;
    const to = this.origin[end - 1]! + 1;
    return {
      offset: from,
      paragraph: paragraphAt(this.original, from),
      passage: this.original.slice(from, to),
      similarity: dice(needle, hay.slice(start, end)),
    };
  }
}


const TERMINATORS = '.!?';
const CLOSERS = '"\'\u201D\u2019';
const OPENERS = '"\'\u201C\u2018';
/** Words whose full stop does not end a sentence ("Mr. Xi", "U.S. facilities"). */
const ABBREVIATION_WORDS = new Set(['mr', 'mrs', 'ms', 'dr', 'st', 'no', 'co', 'corp', 'inc', 'ltd', 'u.s', 'u.k', 'u.n', 'e.g', 'i.e']);

/**
 * True when the character at `i` ends a sentence: a full stop, "!" or "?" (not an abbreviation's), then
 * closing quotes, then white space (or nothing after a closing quote, as in "do it.”The strategy"), then
 * an opening quote or a capital letter or digit.
 */
function breaksAt(text: string, i: number): boolean {
  if (!TERMINATORS.includes(text[i] ?? '')) return false;
  if (text[i] === '.') {
    let w = i;
    while (w > 0 && /[\p{L}.]/u.test(text[w - 1]!)) w--;
    if (ABBREVIATION_WORDS.has(text.slice(w, i).toLowerCase())) return false;
  }
  let j = i + 1;
  let closed = false;
  while (j < text.length && CLOSERS.includes(text[j]!)) {
    j++;
    closed = true;
  }
  const spaceFrom = j;
  while (j < text.length && /[ \t]/.test(text[j]!)) j++;
  if (j === spaceFrom && !closed) return j >= text.length || text[j] === '\n' || text[j] === '\r';
  if (j >= text.length || text[j] === '\n' || text[j] === '\r') return true;
  while (j < text.length && OPENERS.includes(text[j]!)) j++;
  return /[\p{Lu}\p{N}]/u.test(text[j] ?? '');
}

/** Where the sentence holding offset `from` starts: after the previous break or line end. */
function sentenceStart(text: string, from: number): number {
  for (let i = from - 1; i >= 0; i--) {
    if (text[i] === '\n') return i + 1;
    if (breaksAt(text, i)) {
      let j = i + 1;
      while (j < from && CLOSERS.includes(text[j]!)) j++;
      return j;
    }
  }
  return 0;
}

/** Where the sentence holding the character before `to` ends: after its break (and closing quotes), or at the line end. */
function sentenceEnd(text: string, to: number): number {
  for (let i = Math.max(to - 1, 0); i < text.length; i++) {
    if (text[i] === '\n') return i;
    if (breaksAt(text, i)) {
      let j = i + 1;
      while (j < text.length && CLOSERS.includes(text[j]!)) j++;
      return j;
    }
  }
  return text.length;
}


const UTF16 = new TextDecoder('utf-16le');

/** What /\s/ matches (ECMAScript WhiteSpace and LineTerminator), by UTF-16 code. */
function isSpace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0xa0) return false;
  return (
    code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 ||
    code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff
  );
}

/** The characters src/text/fold.ts folds to ' and ". */
const SINGLE_QUOTE_CODES = new Set([0x2018, 0x2019, 0x201a, 0x201b, 0x2032, 0x60]);
const DOUBLE_QUOTE_CODES = new Set([0x201c, 0x201d, 0x201e, 0x201f, 0x2033]);

/** Length of the pieces `nearest` compares. */
const GRAM = 3;

/** Three UTF-16 code units as one number (exact: 48 bits). */
function gramKey(text: string, at: number): number {
  return text.charCodeAt(at) * 0x1_0000_0000 + text.charCodeAt(at + 1) * 0x1_0000 + text.charCodeAt(at + 2);
}

/** Dice coefficient of the two texts' multisets of three-letter pieces. */
function dice(a: string, b: string): number {
  const counts = new Map<number, number>();
  for (let i = 0; i + GRAM <= a.length; i++) counts.set(gramKey(a, i), (counts.get(gramKey(a, i)) ?? 0) + 1);
  let shared = 0;
  for (let i = 0; i + GRAM <= b.length; i++) {
    const key = gramKey(b, i);
    const n = counts.get(key) ?? 0;
    if (n > 0) {
      shared++;
      counts.set(key, n - 1);
    }
  }
  const total = Math.max(0, a.length - GRAM + 1) + Math.max(0, b.length - GRAM + 1);
  return total === 0 ? 0 : (2 * shared) / total;
}

/**
 * "nearest passage at offset N (paragraph P, 84% alike): '…'", or a sentence saying nothing in the
 * text resembles the quote: the tail of the message that refuses a quote not found verbatim.
 */
export function describeNearest(text: SourceText, quote: string): string {
  const near = text.nearest(quote);
  if (!near) return 'no passage of the text shares a word with it';
  const shown = near.passage.length > 300 ? `${near.passage.slice(0, 300)}…` : near.passage;
  return `nearest passage at offset ${near.offset} (paragraph ${near.paragraph}, ${Math.round(near.similarity * 100)}% alike): '${shown.replace(/\s+/g, ' ')}'`;
}

function paragraphAt(text: string, offset: number): number {
  let paragraph = 0;
  let lineHasText = false;
  for (let i = 0; i < offset; i++) {
    const ch = text[i]!;
    if (ch === '\n') {
      lineHasText = false;
    } else if (!lineHasText && !/\s/.test(ch)) {
      lineHasText = true;
      paragraph++;
    }
  }
  return lineHasText ? paragraph : paragraph + 1;
}

/** Abbreviations whose full stop does not end a sentence. */
const ABBREVIATIONS = /\b(?:Mr|Mrs|Ms|Dr|St|No|Co|Corp|Inc|Ltd|U\.S|U\.K|U\.N|e\.g|i\.e)\.(?=\s)/g;
/** A sentence end followed by the start of another sentence. */
const SENTENCE_BREAK = /[.!?…][”"’']?\s+[“"‘']?[A-Z]/;

export const MAX_QUOTE_LENGTH = 500;

/** A problem with the quote's shape, or undefined when it is one sentence or less. */
export function quoteShapeProblem(quote: string): string | undefined {
  const text = quote.trim();
  if (text === '') return 'the quote is empty';
  if (text.length > MAX_QUOTE_LENGTH) {
    return `the quote has ${text.length} characters; at most ${MAX_QUOTE_LENGTH} (one sentence or less) are allowed`;
  }
  if (SENTENCE_BREAK.test(text.replace(ABBREVIATIONS, (m) => m.replace(/\./g, '')))) {
    return 'the quote spans more than one sentence; quote one sentence or less';
  }
  return undefined;
}

