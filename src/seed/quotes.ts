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

