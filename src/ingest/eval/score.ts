// The evaluation's arithmetic: match proposals with the curated claims of the held-out article at four
// levels (entity pair; + type and direction; + modality; + an overlapping quote), recall and precision
// per level, precision at k, proposals per curated claim, and why each missed claim was missed.
import type { Ontology } from '../../ontology/ontology.ts';
import type { KnownGraph } from '../known-graph.ts';
import type { Mention } from '../mentions.ts';
import type { Proposal } from '../proposal.ts';
import type { Sentence } from '../sentences.ts';

export const LEVELS = ['pair', 'typed', 'modality', 'quote'] as const;
export type Level = (typeof LEVELS)[number];

/** A curated claim of the held-out article, with where its quotes sit in the article's texts. */
export interface GoldClaim {
  id: string;
  type: string;
  from: string;
  to: string;
  modality: string;
  citations: Array<{ sourceId: string; quote: string; start: number; end: number; mentionsFrom?: string; mentionsTo?: string }>;
}

/** What the assistant saw and did for one held-out text. */
export interface TextRun {
  sourceId: string;
  text: string;
  sentences: Sentence[];
  mentions: Mention[];
}

export type MissCause = 'missing-entity' | 'entity-not-found' | 'not-in-one-sentence' | 'no-proposal-for-pair' | 'wrong-type-or-direction';

export interface Scores {
  gold: number;
  /** Curated claims whose two endpoints the held-out graph knows: the ones a name look-up can reach. */
  answerable: number;
  answerableRecall: Record<Level, number>;
  proposals: number;
  recall: Record<Level, number>;
  precision: Record<Level, number>;
  /** Matched counts behind the ratios, so totals can be summed across articles. */
  goldMatched: Record<Level, number>;
  proposalsMatched: Record<Level, number>;
  /** Precision of the top 5 and top 10 proposals at the `typed` level. */
  pAt5: number;
  pAt10: number;
  proposalsPerClaim: number;
  /** Of the claims matched at `typed`, the share whose modality is right too. */
  modalityRightOfMatched: number;
  misses: Record<MissCause, string[]>;
  mentionRecall: { named: number; found: number; implicit: number; missed: string[] };
  notVerbatim: number;
}

function sameEnds(type: string, p: { from: string; to: string }, g: { from: string; to: string }, ontology: Ontology): boolean {
  if (p.from === g.from && p.to === g.to) return true;
  return ontology.relationshipTypes.get(type)?.symmetric === true && p.from === g.to && p.to === g.from;
}

/** Does the proposal match the gold claim at this level? */
export function matches(p: Proposal, g: GoldClaim, level: Level, ontology: Ontology): boolean {
  const pair = (p.from === g.from && p.to === g.to) || (p.from === g.to && p.to === g.from);
  if (!pair) return false;
  if (level === 'pair') return true;
  if (p.type !== g.type || !sameEnds(g.type, p, g, ontology)) return false;
  if (level === 'typed') return true;
  if (p.modality !== g.modality) return false;
  if (level === 'modality') return true;
  return p.citations.some((c) => g.citations.some((q) => q.sourceId === c.sourceId && c.offset < q.end && q.start < c.offset + c.quote.length));
}

const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);
const zero = () => Object.fromEntries(LEVELS.map((l) => [l, 0])) as Record<Level, number>;

export function score(proposals: readonly Proposal[], gold: readonly GoldClaim[], runs: readonly TextRun[], known: KnownGraph, ontology: Ontology): Scores {
  const goldMatched = zero();
  const proposalsMatched = zero();
  for (const level of LEVELS) {
    goldMatched[level] = gold.filter((g) => proposals.some((p) => matches(p, g, level, ontology))).length;
    proposalsMatched[level] = proposals.filter((p) => gold.some((g) => matches(p, g, level, ontology))).length;
  }
  const knownIdSet = new Set(known.entities.map((e) => e.id));
  const reachable = gold.filter((g) => knownIdSet.has(g.from) && knownIdSet.has(g.to));
  const hitAt = (k: number) => proposals.slice(0, k).filter((p) => gold.some((g) => matches(p, g, 'typed', ontology))).length / Math.min(k, Math.max(1, proposals.length));

  // Why each claim missed at the `typed` level was missed.
  const knownIds = new Set(known.entities.map((e) => e.id));
  const misses: Record<MissCause, string[]> = { 'missing-entity': [], 'entity-not-found': [], 'not-in-one-sentence': [], 'no-proposal-for-pair': [], 'wrong-type-or-direction': [] };
  const mentioned = (id: string) => runs.flatMap((r) => r.mentions.filter((m) => m.readings.some((x) => x.entityId === id)).map((m) => ({ run: r, m })));
  for (const g of gold) {
    if (proposals.some((p) => matches(p, g, 'typed', ontology))) continue;
    let cause: MissCause;
    if (!knownIds.has(g.from) || !knownIds.has(g.to)) cause = 'missing-entity';
    else {
      const a = mentioned(g.from);
      const b = mentioned(g.to);
      if (a.length === 0 || b.length === 0) cause = 'entity-not-found';
      else {
        const sentenceOf = (run: TextRun, m: Mention) => run.sentences.findIndex((s) => m.start >= s.start && m.end <= s.end);
        const together = a.some((x) => b.some((y) => x.run === y.run && sentenceOf(x.run, x.m) === sentenceOf(y.run, y.m)));
        if (!together) cause = 'not-in-one-sentence';
        else cause = proposals.some((p) => matches(p, g, 'pair', ontology)) ? 'wrong-type-or-direction' : 'no-proposal-for-pair';
      }
    }
    misses[cause].push(g.id);
  }

  // Known-entity mention recall: each endpoint a curated quote names (by its recorded surface form or a
  // known name) must be found by the automaton inside that quote. Endpoints the quote leaves implicit
  // ("Xi said" for his speech) are counted apart: no name lookup can find them.
  const mentionRecall = { named: 0, found: 0, implicit: 0, missed: [] as string[] };
  const entities = new Map(known.entities.map((e) => [e.id, e]));
  for (const g of gold) {
    for (const c of g.citations) {
      for (const [side, id] of [['from', g.from], ['to', g.to]] as const) {
        const entity = entities.get(id);
        if (!entity) continue;
        const surface = side === 'from' ? c.mentionsFrom : c.mentionsTo;
        const quote = c.quote.toLowerCase();
        const named = surface !== undefined || [entity.named ? entity.name : '', ...entity.aliases].some((n) => n && quote.includes(n.toLowerCase()));
        if (!named) {
          mentionRecall.implicit++;
          continue;
        }
        mentionRecall.named++;
        const run = runs.find((r) => r.sourceId === c.sourceId);
        const found = run?.mentions.some((m) => m.start < c.end && c.start < m.end && m.readings.some((x) => x.entityId === id));
        if (found) mentionRecall.found++;
        else mentionRecall.missed.push(`${id} in "${surface ?? c.quote.slice(0, 60)}" (${c.sourceId})`);
      }
    }
  }

  const texts = new Map(runs.map((r) => [r.sourceId, r.text]));
  const notVerbatim = proposals.flatMap((p) => p.citations).filter((c) => texts.get(c.sourceId)?.slice(c.offset, c.offset + c.quote.length) !== c.quote).length;

  return {
    gold: gold.length,
    answerable: reachable.length,
    answerableRecall: Object.fromEntries(LEVELS.map((l) => [l, ratio(goldMatched[l], reachable.length)])) as Record<Level, number>,
    proposals: proposals.length,
    recall: Object.fromEntries(LEVELS.map((l) => [l, ratio(goldMatched[l], gold.length)])) as Record<Level, number>,
    precision: Object.fromEntries(LEVELS.map((l) => [l, ratio(proposalsMatched[l], proposals.length)])) as Record<Level, number>,
    goldMatched,
    proposalsMatched,
    pAt5: proposals.length === 0 ? 0 : hitAt(5),
    pAt10: proposals.length === 0 ? 0 : hitAt(10),
    proposalsPerClaim: ratio(proposals.length, gold.length),
    modalityRightOfMatched: ratio(goldMatched.modality, goldMatched.typed),
    misses,
    mentionRecall,
    notVerbatim,
  };
}

/** Sums per-article scores into overall (micro-averaged) figures; P@k is the mean over articles. */
export function total(parts: readonly Scores[]): Scores {
  const sum = (f: (s: Scores) => number) => parts.reduce((a, s) => a + f(s), 0);
  const gold = sum((s) => s.gold);
  const proposals = sum((s) => s.proposals);
  const goldMatched = zero();
  const proposalsMatched = zero();
  for (const l of LEVELS) {
    goldMatched[l] = sum((s) => s.goldMatched[l]);
    proposalsMatched[l] = sum((s) => s.proposalsMatched[l]);
  }
  const misses = Object.fromEntries(
    (Object.keys(parts[0]?.misses ?? {}) as MissCause[]).map((k) => [k, parts.flatMap((s) => s.misses[k])]),
  ) as Record<MissCause, string[]>;
  const answerable = sum((s) => s.answerable);
  return {
    gold,
    answerable,
    answerableRecall: Object.fromEntries(LEVELS.map((l) => [l, ratio(goldMatched[l], answerable)])) as Record<Level, number>,
    proposals,
    recall: Object.fromEntries(LEVELS.map((l) => [l, ratio(goldMatched[l], gold)])) as Record<Level, number>,
    precision: Object.fromEntries(LEVELS.map((l) => [l, ratio(proposalsMatched[l], proposals)])) as Record<Level, number>,
    goldMatched,
    proposalsMatched,
    pAt5: ratio(sum((s) => s.pAt5), parts.length),
    pAt10: ratio(sum((s) => s.pAt10), parts.length),
    proposalsPerClaim: ratio(proposals, gold),
    modalityRightOfMatched: ratio(goldMatched.modality, goldMatched.typed),
    misses,
    mentionRecall: {
      named: sum((s) => s.mentionRecall.named),
      found: sum((s) => s.mentionRecall.found),
      implicit: sum((s) => s.mentionRecall.implicit),
      missed: parts.flatMap((s) => s.mentionRecall.missed),
    },
    notVerbatim: sum((s) => s.notVerbatim),
  };
}
