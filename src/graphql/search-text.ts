// Turns what a user typed into a safe Lucene query for the full-text index over names and aliases,
// and picks which name or alias a hit matched. Only letters and digits reach the query as terms; the
// whole text goes in as one quoted phrase with quotes and backslashes removed, so no user input can
// change the query's structure.
import { foldText } from '../text/fold.ts';

/** Lucene query: the exact phrase first, then all words (typo-tolerant, prefixes), then any word. */
export function fuzzyQuery(text: string): string | null {
  const folded = foldText(text).toLowerCase();
  const tokens = folded.match(/[\p{L}\p{N}]+/gu) ?? [];
  if (tokens.length === 0) return null;
  const words = tokens.filter((w) => w.length >= 2).slice(0, 10);
  const phrase = folded.replace(/[\\"]/g, ' ').replace(/\s+/g, ' ').trim();
  const fuzzy = (w: string) => (w.length >= 7 ? `${w}~2` : w.length >= 4 ? `${w}~1` : w);
  const term = (w: string) => `(${w}^3 OR ${fuzzy(w)} OR ${w}*)`;
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
