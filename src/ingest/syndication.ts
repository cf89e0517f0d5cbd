// Is the article a copy of a story the graph already cites? Compared on content words between the
// article's sentences and the cited quotes of each known source: a reworded wire copy shares most of
// its quotes' words with some sentence, an independent report on the same events does not.
import type { KnownGraph } from './known-graph.ts';
import type { Sentence } from './sentences.ts';

export interface SyndicationMatch {
  story: string;
  /** The cited source whose quotes the article repeats best. */
  sourceId: string;
  /** Share of that source's distinct quotes found again (content-word overlap ≥ SENTENCE_OVERLAP). */
  quotesFound: number;
  quotesChecked: number;
}

const STOP = new Set('the a an and or of to in on at for with by from as that this these those is are was were be been it its his her their he she they we our not but also which who has have had will would should can could into than then about over after before more most'.split(' '));
/** A quote counts as found when this share of its content words occurs in one sentence. */
export const SENTENCE_OVERLAP = 0.6;
/** The article is a copy when this share of a source's quotes is found (and at least MIN_QUOTES). */
export const COPY_SHARE = 0.5;
const MIN_QUOTES = 3;

function words(text: string): Set<string> {
  return new Set(
    text
      .toLowerCase()
      .replace(/[’']s\b/g, '')
      .split(/[^\p{L}\p{N}]+/u)
      .filter((w) => w.length > 2 && !STOP.has(w)),
  );
}

export function detectSyndication(sentences: readonly Sentence[], graph: KnownGraph, ownSourceId?: string): SyndicationMatch | undefined {
  const sentenceWords = sentences.map((s) => words(s.text));
  const quotesBySource = new Map<string, Set<string>>();
  for (const claim of graph.claims) {
    for (const c of claim.citations) {
      if (c.sourceId === ownSourceId) continue;
      let set = quotesBySource.get(c.sourceId);
      if (!set) quotesBySource.set(c.sourceId, (set = new Set()));
      set.add(c.quote);
    }
  }
  const sources = new Map(graph.sources.map((s) => [s.id, s]));
  let best: SyndicationMatch | undefined;
  for (const [sourceId, quotes] of [...quotesBySource].sort((a, b) => a[0].localeCompare(b[0]))) {
    const source = sources.get(sourceId);
    if (!source?.counted || quotes.size < MIN_QUOTES) continue;
    let found = 0;
    for (const quote of quotes) {
      const q = words(quote);
      if (q.size === 0) continue;
      const overlap = Math.max(...sentenceWords.map((s) => [...q].filter((w) => s.has(w)).length / q.size));
      if (overlap >= SENTENCE_OVERLAP) found++;
    }
    if (found / quotes.size >= COPY_SHARE && (!best || found / quotes.size > best.quotesFound / best.quotesChecked)) {
      best = { story: source.story, sourceId, quotesFound: found, quotesChecked: quotes.size };
    }
  }
  return best;
}
