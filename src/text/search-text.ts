// Turns what a user typed into a safe Lucene query for the full-text index over names and aliases,
// and picks which name or alias a hit matched. Only letters and digits reach the query as terms; the
// whole text goes in as one quoted phrase with quotes and backslashes removed, so no user input can
// change the query's structure.
import { foldText } from './fold.ts';

/** The words of a search text that become query terms (letters and digits, at least 2, at most 10). */
export function searchWords(text: string): { words: string[]; phrase: string } | null {
  const folded = foldText(text).toLowerCase();
  const tokens = folded.match(/[\p{L}\p{N}]+/gu) ?? [];
  if (tokens.length === 0) return null;
  return { words: tokens.filter((w) => w.length >= 2).slice(0, 10), phrase: folded.replace(/[\\"]/g, ' ').replace(/\s+/g, ' ').trim() };
}

/** Edits a word's typo-tolerant term allows: 2 from 7 letters, 1 from 4, none below. */
export const editsFor = (word: string) => (word.length >= 7 ? 2 : word.length >= 4 ? 1 : 0);

/**
 * What a `search` costs beyond its hits, in the cost model's items (src/graphql/query-cost.ts): each word
 * is an exact and a prefix term in the first pass, and a typo-tolerant term in the second — an
 * edit-distance automaton run over the index's whole term dictionary, dearer with every edit allowed.
 * The second pass is counted whether or not it will run (it runs whenever the first does not fill the
 * page). Checked against measured time on M in docs/performance.md ("Search cost").
 */
export const SEARCH_TERM_COST = { prefix: 100, fuzzy: [0, 1_000, 4_000] } as const;

export function searchCost(text: string): number {
  const found = searchWords(text);
  if (!found) return 0;
  return found.words.reduce<number>((sum, w) => sum + SEARCH_TERM_COST.prefix + SEARCH_TERM_COST.fuzzy[editsFor(w)]!, SEARCH_TERM_COST.prefix);
}

/** Lucene query of the first pass: the exact phrase, then all words, then any word — exact or as a prefix, no typos. */
export function exactQuery(text: string): string | null {
  return luceneQuery(text, (w) => `(${w}^3 OR ${w}*)`);
}

/** Lucene query: the exact phrase first, then all words (typo-tolerant, prefixes), then any word. */
export function fuzzyQuery(text: string): string | null {
  const fuzzy = (w: string) => (editsFor(w) > 0 ? `${w}~${editsFor(w)}` : w);
  return luceneQuery(text, (w) => `(${w}^3 OR ${fuzzy(w)} OR ${w}*)`);
}

function luceneQuery(text: string, term: (word: string) => string): string | null {
  const found = searchWords(text);
  if (!found) return null;
  const { words, phrase } = found;
  const parts: string[] = [];
  if (phrase !== '') parts.push(`"${phrase}"^8`);
  if (words.length > 1) parts.push(`(${words.map(term).join(' AND ')})^2`);
  parts.push(...words.map(term));
  return parts.join(' OR ');
}

function levenshtein(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}

/** The candidate (name or alias) closest to what was typed. */
export function bestMatch(text: string, candidates: string[]): string {
  const query = foldText(text).toLowerCase();
  let best = candidates[0] ?? '';
  let bestScore = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const value = foldText(candidate).toLowerCase();
    let score: number;
    if (value === query) score = 0;
    else if (value.startsWith(query) || value.includes(query)) score = 1 + (value.length - query.length) / 1000;
    else {
      // Distance to the closest stretch of the candidate the length of the query.
      const words = value.split(' ');
      let distance = levenshtein(query, value);
      for (let i = 0; i < words.length; i++) {
        for (let j = i + 1; j <= words.length; j++) distance = Math.min(distance, levenshtein(query, words.slice(i, j).join(' ')));
      }
      score = 2 + distance;
    }
    if (score < bestScore) {
      bestScore = score;
      best = candidate;
    }
  }
  return best;
}
