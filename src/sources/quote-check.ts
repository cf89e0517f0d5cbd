// Checks a quote against the text the service holds for its source, for a citation proposed through
// the API: where it is and the verification to store, or why not (with the nearest passage).
import type { Executor } from '../db/executor.ts';
import { describeNearest, quoteShapeProblem, SourceText, type QuoteLocation } from '../seed/quotes.ts';
import { readHeldTexts } from './held-texts.ts';
import type { CitationVerification } from './verification.ts';

export type QuoteCheck =
  | { ok: true; location: QuoteLocation; verification: CitationVerification }
  | { ok: false; problem: string };

/**
 * Finds `quote` in the held text of `sourceId`. On success: its location and a `verified` verification
 * with the text's digest and `now` as checkedAt (stored on the citation: it was checked then, not at a
 * load). Otherwise a problem naming what is wrong: no text held, not one sentence, or not verbatim
 * with the nearest passage ("not found; nearest passage at offset N …").
 */
export async function checkQuoteAgainstHeldText(executor: Executor, sourceId: string, quote: string, now: () => Date = () => new Date()): Promise<QuoteCheck> {
  const shape = quoteShapeProblem(quote);
  if (shape) return { ok: false, problem: shape };
  const held = (await readHeldTexts(executor, [sourceId])).get(sourceId);
  if (!held) return { ok: false, problem: `the service holds no text for source '${sourceId}' to check the quote against; register its text first` };
  const text = new SourceText(held.text);
  const location = text.locate(quote);
  if (!location) return { ok: false, problem: `the quote is not found verbatim in the text of '${sourceId}' (${held.digest}); ${describeNearest(text, quote)}` };
  return { ok: true, location, verification: { status: 'verified', digest: held.digest, checkedAt: now().toISOString() } };
}
