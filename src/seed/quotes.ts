// Verbatim-quote rules: where a quote sits in its source text (compared after folding, see
// src/text/fold.ts) and what "one sentence or less" means.
import { DOUBLE_QUOTES, foldText, SINGLE_QUOTES } from '../text/fold.ts';

export interface QuoteLocation {
  /** 1-based number of the paragraph (non-empty line) where the quote starts. */
  paragraph: number;
  /** 0-based character offset of the quote's start in the original text. */
  offset: number;
}

/** A source text prepared for repeated look-ups. */
export class SourceText {
  private readonly folded: string;
  /** folded index -> original index */
  private readonly origin: number[];

  constructor(readonly original: string) {
    const chars: string[] = [];
    const origin: number[] = [];
    let pendingSpace = false;
    for (let i = 0; i < original.length; i++) {
      const ch = original[i]!;
      if (/\s/.test(ch)) {
        pendingSpace = chars.length > 0;
        continue;
      }
      if (pendingSpace) {
        chars.push(' ');
        origin.push(i);
        pendingSpace = false;
      }
      chars.push(ch.replace(SINGLE_QUOTES, "'").replace(DOUBLE_QUOTES, '"'));
      origin.push(i);
    }
    this.folded = chars.join('');
    this.origin = origin;
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

