// Leave-one-article-out and publication-order replay over a cited seed: for each article (syndicated
// copies of one story together), build the graph without it, run the assistant and two baselines on
// its text, and score the proposals against the curated claims it supports.
import type { Ontology } from '../../ontology/ontology.ts';
import { SourceText } from '../../seed/quotes.ts';
import type { SeedGraph } from '../../seed/validate-seed.ts';
import type { CueLexicon } from '../cue-lexicons.ts';
import { IngestAssistant } from '../ingest-article.ts';
import { knownGraphFromSeed, type KnownGraph } from '../known-graph.ts';
import { claimKey, type ProposalMode } from '../propose.ts';
import type { Proposal } from '../proposal.ts';
import { holdOut } from './hold-out.ts';
import { LEVELS, matches, score, total, type GoldClaim, type Level, type Scores, type TextRun } from './score.ts';
import { foldName } from '../name-automaton.ts';

export const MODES: readonly ProposalMode[] = ['cooccurrence', 'typed', 'full'];

export interface EvalInput {
  seed: SeedGraph;
  ontology: Ontology;
  lexicons: ReadonlyMap<string, CueLexicon>;
  /** Text of every source at hand, by source id (articles and editorial references). */
  texts: ReadonlyMap<string, string>;
}

export interface ArticleResult {
  label: string;
  sources: string[];
  /** Size of the graph the assistant saw. */
  knownEntities: number;
  knownClaims: number;
  milliseconds: number;
  /** Known-entity figures: each mode's proposals between entities the held-out graph knows. */
  byMode: Record<ProposalMode, Scores>;
  /**
   * The full assistant with its candidate-new-entity proposals too, each `new:<slug>` endpoint matched
   * by name or alias (folded) against the curated entities; `newEntity` counts what only they matched.
   */
  withNewEntities: Scores;
  newEntity: NewEntityFigures;
  /**
   * The full assistant's ranked proposals, for inspection. Quotes are given by source, offset and
   * length only: the repository holds no article text beyond the curated quotes.
   */
  proposals: Array<Pick<Proposal, 'type' | 'from' | 'to' | 'modality' | 'score' | 'action'> & { source: string; offset: number; length: number; matched: boolean }>;
}

export interface NewEntityFigures {
  /** Proposals with a candidate-new-entity endpoint. */
  proposals: number;
  /** Of them, those whose every new endpoint names a curated entity (name or alias). */
  namedCurated: number;
  /** Curated claims matched only through a new-entity proposal, per level. */
  goldMatched: Record<Level, number>;
}

export interface EvalRun {
  articles: ArticleResult[];
  overall: Record<ProposalMode, Scores>;
  overallWithNewEntities: Scores;
  overallNewEntity: NewEntityFigures;
}

/**
 * Proposals whose `new:<slug>` endpoints are renamed to the curated entity their written name or alias
 * names (folded), so the ordinary matching applies; an endpoint naming nothing keeps its `new:` id.
 */
export function resolveNewEntities(proposals: readonly Proposal[], full: KnownGraph): { resolved: Proposal[]; named: number } {
  const byName = new Map<string, string>();
  for (const e of full.entities) for (const n of [e.name, ...e.aliases]) if (!byName.has(foldName(n))) byName.set(foldName(n), e.id);
  let named = 0;
  const resolved = proposals.map((p) => {
    if (!p.newEntities) return p;
    const rename = new Map(p.newEntities.map((n) => [n.id, byName.get(foldName(n.name.replace(/^the\s+/i, '')))]));
    if ([...rename.values()].every(Boolean)) named++;
    return { ...p, from: rename.get(p.from) ?? p.from, to: rename.get(p.to) ?? p.to };
  });
  return { resolved, named };
}

/** Merges the proposals of several texts (copies of one story): one per relationship, best score kept. */
export function mergeProposals(lists: readonly Proposal[][], ontology: Ontology): Proposal[] {
  const merged = new Map<string, Proposal>();
  for (const p of lists.flat()) {
    const key = claimKey(p.type, p.from, p.to, ontology);
    const had = merged.get(key);
    if (!had) merged.set(key, { ...p, citations: [...p.citations] });
    else {
      had.citations.push(...p.citations);
      if (p.score > had.score) had.score = p.score;
      if (p.modality === ontology.defaultModality) had.modality = p.modality;
    }
  }
  return [...merged.values()].sort((a, b) => b.score - a.score || a.type.localeCompare(b.type) || a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
}

/** The curated claims that cite any of the sources, with their quotes located in the texts. */
export function goldClaims(seed: SeedGraph, sources: ReadonlySet<string>, texts: ReadonlyMap<string, string>): GoldClaim[] {
  const located = new Map([...sources].filter((s) => texts.has(s)).map((s) => [s, new SourceText(texts.get(s)!)]));
  return seed.relationships
    .filter((r) => r.citations.some((c) => sources.has(c.source)))
    .map((r) => ({
      id: r.id,
      type: r.type,
      from: r.from,
      to: r.to,
      modality: r.modality,
      citations: r.citations
        .filter((c) => sources.has(c.source))
        .map((c) => {
          const start = c.location?.offset ?? located.get(c.source)?.locate(c.quote)?.offset ?? -1;
          return { sourceId: c.source, quote: c.quote, start, end: start < 0 ? -1 : start + c.quote.length, mentionsFrom: c.mentionsFrom, mentionsTo: c.mentionsTo };
        }),
    }));
}

/** The articles to hold out: counted sources grouped by story, in file order of their first copy. */
export function articleGroups(seed: SeedGraph): Array<{ label: string; sources: string[] }> {
  const groups = new Map<string, string[]>();
  for (const s of seed.sources.filter((s) => s.counted)) groups.set(s.story, [...(groups.get(s.story) ?? []), s.id]);
  return [...groups].map(([story, sources]) => ({ label: sources.length > 1 ? `${story} (${sources.length} copies)` : story, sources }));
}

/**
 * Publication order: by the first day each source can have been published; an undated copy of a story
 * goes right after its dated copy; other undated sources go last (they are the latest we may assume).
 */
export function publicationOrder(seed: SeedGraph): string[] {
  const counted = seed.sources.filter((s) => s.counted);
  const dateOf = (id: string): string => {
    const s = counted.find((x) => x.id === id)!;
    if (s.dates.published?.start) return `${s.dates.published.start}#0`;
    const sibling = counted.find((x) => x.story === s.story && x.dates.published?.start);
    return sibling ? `${sibling.dates.published!.start}#1` : '9999-12-31#2';
  };
  return counted.map((s) => s.id).sort((a, b) => dateOf(a).localeCompare(dateOf(b)) || a.localeCompare(b));
}

function runArticle(input: EvalInput, full: KnownGraph, label: string, held: string[], kept: Set<string>): ArticleResult {
  const { seed, ontology, lexicons, texts } = input;
  const known = holdOut({
    graph: full,
    kept,
    keptTexts: [...kept].map((id) => texts.get(id)).filter((t): t is string => t !== undefined),
    heldOutTexts: held.map((id) => texts.get(id) ?? ''),
  });
  const gold = goldClaims(seed, new Set(held), texts);
  const assistant = new IngestAssistant(known, ontology, lexicons);
  const byMode = {} as Record<ProposalMode, Scores>;
  let fullProposals: Proposal[] = [];
  let milliseconds = 0;
  let withNewEntities: Scores | undefined;
  let newEntity: NewEntityFigures | undefined;
  for (const mode of MODES) {
    const t0 = performance.now();
    const results = held.map((id) => assistant.ingest({ text: texts.get(id)!, sourceId: id, published: seed.sources.find((s) => s.id === id)?.dates.published }, mode));
    if (mode === 'full') milliseconds = performance.now() - t0;
    const all = mergeProposals(results.map((r) => r.proposals), ontology);
    // Known-entity figures leave the candidate-new-entity proposals out (and their mentions): they are scored apart below.
    const proposals = all.filter((p) => !p.newEntities);
    const runs: TextRun[] = results.map((r, i) => ({ sourceId: held[i]!, text: texts.get(held[i]!)!, sentences: r.sentences, mentions: r.mentions.filter((m) => m.readings.every((x) => x.rule !== 'candidate')) }));
    byMode[mode] = score(proposals, gold, runs, known, ontology);
    if (mode === 'full') {
      fullProposals = proposals;
      const fresh = all.filter((p) => p.newEntities);
      const { resolved, named } = resolveNewEntities(all, full);
      withNewEntities = score(resolved, gold, runs, known, ontology);
      newEntity = {
        proposals: fresh.length,
        namedCurated: named,
        goldMatched: Object.fromEntries(LEVELS.map((l) => [l, withNewEntities!.goldMatched[l] - byMode.full.goldMatched[l]])) as Record<Level, number>,
      };
    }
  }
  const matched = (p: Proposal) => gold.some((g) => matches(p, g, 'typed', ontology));
  return {
    label,
    sources: held,
    knownEntities: known.entities.length,
    knownClaims: known.claims.length,
    milliseconds: Math.round(milliseconds),
    byMode,
    withNewEntities: withNewEntities!,
    newEntity: newEntity!,
    proposals: fullProposals.map((p) => ({ type: p.type, from: p.from, to: p.to, modality: p.modality, score: p.score, action: p.action, source: p.citations[0]!.sourceId, offset: p.citations[0]!.offset, length: p.citations[0]!.quote.length, matched: matched(p) })),
  };
}

function overall(articles: ArticleResult[]): Pick<EvalRun, 'overall' | 'overallWithNewEntities' | 'overallNewEntity'> {
  return {
    overall: Object.fromEntries(MODES.map((m) => [m, total(articles.map((a) => a.byMode[m]))])) as Record<ProposalMode, Scores>,
    overallWithNewEntities: total(articles.map((a) => a.withNewEntities)),
    overallNewEntity: {
      proposals: articles.reduce((n, a) => n + a.newEntity.proposals, 0),
      namedCurated: articles.reduce((n, a) => n + a.newEntity.namedCurated, 0),
      goldMatched: Object.fromEntries(LEVELS.map((l) => [l, articles.reduce((n, a) => n + a.newEntity.goldMatched[l], 0)])) as Record<Level, number>,
    },
  };
}

/** Each article (copies of one story together) against the graph built from everything else. */
export function leaveOneArticleOut(input: EvalInput): EvalRun {
  const full = knownGraphFromSeed(input.seed);
  const all = input.seed.sources.map((s) => s.id);
  const articles = articleGroups(input.seed).map(({ label, sources }) => runArticle(input, full, label, sources, new Set(all.filter((id) => !sources.includes(id)))));
  return { articles, ...overall(articles) };
}

/** Each article in publication order against the graph built from the earlier ones (and the editors' references). */
export function publicationReplay(input: EvalInput): EvalRun & { order: string[] } {
  const full = knownGraphFromSeed(input.seed);
  const references = input.seed.sources.filter((s) => !s.counted).map((s) => s.id);
  const order = publicationOrder(input.seed);
  const articles = order.map((id, i) => runArticle(input, full, id, [id], new Set([...references, ...order.slice(0, i)])));
  return { order, articles, ...overall(articles) };
}
