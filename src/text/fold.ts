// Text folding shared by quote verification, name look-up and search: typographic quotes become ASCII,
// runs of whitespace one space. Case and punctuation otherwise stay.

export const SINGLE_QUOTES = /[\u2018\u2019\u201A\u201B\u2032`]/g;
export const DOUBLE_QUOTES = /[\u201C\u201D\u201E\u201F\u2033]/g;

/** Folds typographic quotes to ASCII and runs of whitespace to one space. Case and punctuation stay. */
export function foldText(text: string): string {
  return text.replace(SINGLE_QUOTES, "'").replace(DOUBLE_QUOTES, '"').replace(/\s+/g, ' ').trim();
}

/** How names are compared: folded (see foldText) and lower-cased. */
export function nameKey(name: string): string {
  return foldText(name).toLowerCase();
}

/** True when `part` occurs in `text`, ignoring case, whitespace and quote styles. */
export function containsFolded(text: string, part: string): boolean {
  return foldText(text).toLowerCase().includes(foldText(part).toLowerCase());
}
