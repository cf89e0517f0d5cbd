// The graph as it would be without some articles: their citations taken out, claims left uncited
// dropped, entities no remaining claim names dropped, and aliases only the held-out texts use dropped
// (an alias that occurs in a held-out text and in no kept text was learnt from the held-out article).
import { foldName } from '../name-automaton.ts';
import type { KnownGraph } from '../known-graph.ts';

export interface HoldOutInput {
  graph: KnownGraph;
  /** Sources whose citations stay (every other source is held out). */
  kept: ReadonlySet<string>;
  /** Texts of the kept sources that are at hand (articles and editorial references). */
  keptTexts: readonly string[];
  /** Texts of the held-out articles. */
  heldOutTexts: readonly string[];
}

/** True when the name occurs in the text as whole words (folded like the automaton folds). */
export function occursIn(name: string, foldedText: string): boolean {
  const needle = foldName(name);
  let at = foldedText.indexOf(needle);
  while (at >= 0) {
    const before = foldedText[at - 1];
    const after = foldedText[at + needle.length];
    if ((!before || !/[\p{L}\p{N}]/u.test(before)) && (!after || !/[\p{L}\p{N}]/u.test(after))) return true;
    at = foldedText.indexOf(needle, at + 1);
  }
  return false;
}

export function holdOut({ graph, kept, keptTexts, heldOutTexts }: HoldOutInput): KnownGraph {
  const claims = graph.claims
    .map((c) => ({ ...c, citations: c.citations.filter((x) => kept.has(x.sourceId)) }))
    .filter((c) => c.citations.length > 0);
  const linkedBefore = new Set(graph.claims.flatMap((c) => [c.from, c.to]));
  const linkedAfter = new Set(claims.flatMap((c) => [c.from, c.to]));
  const keptFolded = keptTexts.map(foldName);
  const heldFolded = heldOutTexts.map(foldName);
  const learntFromHeldOut = (alias: string) => heldFolded.some((t) => occursIn(alias, t)) && !keptFolded.some((t) => occursIn(alias, t));
  const entities = graph.entities
    // An entity no claim ever named (an unlinked record) is editorial knowledge and stays.
    .filter((e) => linkedAfter.has(e.id) || !linkedBefore.has(e.id))
    .map((e) => ({ ...e, aliases: e.aliases.filter((a) => !learntFromHeldOut(a)) }));
  return { entities, claims, sources: graph.sources.filter((s) => kept.has(s.id)) };
}
