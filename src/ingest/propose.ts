// From mentions and cues to ranked relationship proposals: for each type-legal pair of mentions in a
// sentence, the relationship types whose cues fire, their direction, the sentence's modality, a
// score and the rules that fired; the same relationship found in several sentences becomes one
// proposal with several citations.
import { cuesIn } from '../ontology/modality.ts';
import type { Ontology, RelationshipTypeDef } from '../ontology/ontology.ts';
import { cueHits, type CueHit, type CueLexicon } from './cue-lexicons.ts';
import type { DateMention } from './dates.ts';
import type { KnownEntity, KnownGraph } from './known-graph.ts';
import { MENTION_RULE_WEIGHT, type Mention, type Reading } from './mentions.ts';
import { ASSISTANT_VERSION, type Proposal, type ProposedCitation } from './proposal.ts';
import type { Sentence } from './sentences.ts';

/** The three ways of proposing the evaluation compares; the assistant itself is `full`. */
export type ProposalMode = 'cooccurrence' | 'typed' | 'full';

/** Proposals scoring below this are dropped (full mode). */
export const MIN_SCORE = 0.2;
/** Per pair of mentions, types scoring within this of the best are kept (at most MAX_TYPES_PER_PAIR). */
const TYPE_MARGIN = 0.12;
const MAX_TYPES_PER_PAIR = 2;
/** The order in which a sentence's modality cues win when several fire. */
const MODALITY_PRIORITY = ['denied', 'under_consideration', 'proposed', 'announced', 'reported'];

export interface ProposeContext {
  ontology: Ontology;
  lexicons: ReadonlyMap<string, CueLexicon>;
  graph: KnownGraph;
  mode: ProposalMode;
  sourceId: string;
}

interface Candidate {
  type: string;
  from: Reading;
  to: Reading;
  fromMention: Mention;
  toMention: Mention;
  cue?: CueHit;
  score: number;
  rules: string[];
}

/** Precomputed look-ups over the known graph (entities by id, claims by key, type priors by kinds). */
export class GraphIndex {
  readonly entities: ReadonlyMap<string, KnownEntity>;
  readonly claims = new Map<string, KnownGraph['claims'][number]>();
  /** Share of each type among the known claims between two kinds (`Actor>Policy`). */
  readonly typePrior = new Map<string, Map<string, number>>();

  constructor(readonly graph: KnownGraph, ontology: Ontology) {
    this.entities = new Map(graph.entities.map((e) => [e.id, e]));
    const counts = new Map<string, Map<string, number>>();
    for (const claim of graph.claims) {
      this.claims.set(claimKey(claim.type, claim.from, claim.to, ontology), claim);
      const from = this.entities.get(claim.from)?.kind;
      const to = this.entities.get(claim.to)?.kind;
      if (!from || !to) continue;
      const key = `${from}>${to}`;
      let m = counts.get(key);
      if (!m) counts.set(key, (m = new Map()));
      m.set(claim.type, (m.get(claim.type) ?? 0) + 1);
    }
    for (const [key, m] of counts) {
      const total = [...m.values()].reduce((a, b) => a + b, 0);
      this.typePrior.set(key, new Map([...m].map(([t, n]) => [t, n / total])));
    }
  }
}

/** The key that identifies a relationship; symmetric types ignore direction. */
export function claimKey(type: string, from: string, to: string, ontology: Ontology): string {
  const symmetric = ontology.relationshipTypes.get(type)?.symmetric;
  const [a, b] = symmetric && to < from ? [to, from] : [from, to];
  return `${a}|${type}|${b}`;
}

/** The sentence's modality: schema/ontology/modality.yaml's cues over the whole sentence. */
export function sentenceModality(text: string, ontology: Ontology): { modality: string; cue?: string } {
  const found = cuesIn(text, ontology);
  for (const key of MODALITY_PRIORITY) {
    const hit = found.find((c) => c.modality === key);
    if (hit) return { modality: key, cue: hit.cue };
  }
  return { modality: ontology.defaultModality };
}

function legal(def: RelationshipTypeDef, from: Reading, to: Reading): boolean {
  return def.from.includes(from.kind) && def.to.includes(to.kind) && (!def.sameKind || from.kind === to.kind);
}

function typesFit(lexicon: CueLexicon | undefined, from: KnownEntity | undefined, to: KnownEntity | undefined): boolean {
  if (!lexicon) return true;
  // A candidate new entity (not in the graph) has no type yet: the kind check alone applies.
  if (lexicon.fromTypes && from && !lexicon.fromTypes.includes(from.type ?? '')) return false;
  if (lexicon.toTypes && to && !lexicon.toTypes.includes(to.type ?? '')) return false;
  return true;
}

/** Closer mentions are likelier to be related: 1 up to 40 characters apart, falling to 0.5 at 240. */
function proximity(gap: number): number {
  return gap <= 40 ? 1 : Math.max(0.5, 1 - (gap - 40) / 400);
}

/** How much a cue tells, by where it stands: between the mentions counts fully, outside less. */
function cueStrength(cue: CueHit, first: Mention, second: Mention): number {
  if (cue.start >= first.end && cue.end <= second.start) return cue.weight;
  const distance = cue.end <= first.start ? first.start - cue.end : cue.start - second.end;
  return cue.weight * (distance <= 30 ? 0.7 : 0.45);
}

/** The direction of a one-kind, asymmetric relationship between `first` (earlier) and `second`. */
function orient(
  lexicon: CueLexicon | undefined,
  cue: CueHit | undefined,
  text: string,
  first: { mention: Mention; reading: Reading },
  second: { mention: Mention; reading: Reading },
  index: GraphIndex,
): { from: typeof first; to: typeof first; rule: string } {
  const prefer = lexicon?.preferFromTypes ?? [];
  const firstType = index.entities.get(first.reading.entityId)?.type ?? '';
  const secondType = index.entities.get(second.reading.entityId)?.type ?? '';
  if (prefer.length > 0 && prefer.includes(firstType) !== prefer.includes(secondType)) {
    return prefer.includes(firstType) ? { from: first, to: second, rule: 'direction:preferred-type' } : { from: second, to: first, rule: 'direction:preferred-type' };
  }
  if (cue && cue.end <= first.mention.start && lexicon?.reverseWhenLeading.some((c) => cue.cue.toLowerCase().startsWith(c.replace(/\*$/, '')))) {
    return { from: second, to: first, rule: 'direction:leading-cue' };
  }
  if (cue && /\bby\b/i.test(text.slice(Math.max(cue.end, first.mention.end), second.mention.start))) {
    return { from: second, to: first, rule: 'direction:passive-by' };
  }
  return { from: first, to: second, rule: 'direction:text-order' };
}

/** The candidates for one pair of mentions in one sentence. */
function pairCandidates(
  ctx: ProposeContext,
  index: GraphIndex,
  sentence: Sentence,
  text: string,
  hits: CueHit[],
  first: Mention,
  second: Mention,
): Candidate[] {
  const candidates: Candidate[] = [];
  const gap = Math.max(0, second.start - first.end);
  for (const ra of first.readings) {
    for (const rb of second.readings) {
      if (ra.entityId === rb.entityId) continue;
      const readingWeight = MENTION_RULE_WEIGHT[ra.rule] * MENTION_RULE_WEIGHT[rb.rule];
      const mentionRules = [...new Set([ra.rule, rb.rule])].filter((r) => r !== 'name').map((r) => `mention:${r}`);
      for (const def of ctx.ontology.relationshipTypes.values()) {
        const forward = legal(def, ra, rb);
        const backward = legal(def, rb, ra);
        if (!forward && !backward) continue;
        const lexicon = ctx.lexicons.get(def.type);
        const a = { mention: first, reading: ra };
        const b = { mention: second, reading: rb };
        if (ctx.mode === 'typed') {
          const directions: Array<[typeof a, typeof a]> = [];
          if (forward) directions.push([a, b]);
          if (backward && !(def.symmetric && forward)) directions.push([b, a]);
          for (const [from, to] of directions) {
            candidates.push({ type: def.type, from: from.reading, to: to.reading, fromMention: from.mention, toMention: to.mention, score: proximity(gap) * readingWeight, rules: ['baseline:typed', ...mentionRules] });
          }
          continue;
        }
        // Full: a cue of this type must fire in the sentence, outside the mentions themselves.
        const cues = hits.filter((h) => h.type === def.type && !overlaps(h, first) && !overlaps(h, second));
        if (cues.length === 0) continue;
        const cue = cues.reduce((best, h) => (cueStrength(h, first, second) > cueStrength(best, first, second) ? h : best));
        let ends: { from: typeof a; to: typeof a; rule: string };
        if (forward && backward) {
          ends = def.symmetric
            ? ra.entityId < rb.entityId ? { from: a, to: b, rule: 'direction:symmetric' } : { from: b, to: a, rule: 'direction:symmetric' }
            : orient(lexicon, cue, text, a, b, index);
        } else ends = forward ? { from: a, to: b, rule: 'direction:kinds' } : { from: b, to: a, rule: 'direction:kinds' };
        const fromEntity = index.entities.get(ends.from.reading.entityId);
        const toEntity = index.entities.get(ends.to.reading.entityId);
        if (!typesFit(lexicon, fromEntity, toEntity)) continue;
        const rules = [`cue:${def.type}:${cue.cue.toLowerCase()}`, ends.rule, ...mentionRules];
        let score = cueStrength(cue, first, second) * proximity(gap) * readingWeight;
        const prior = index.typePrior.get(`${ends.from.reading.kind}>${ends.to.reading.kind}`)?.get(def.type) ?? 0;
        if (prior > 0) {
          score += 0.15 * prior;
          rules.push('graph:type-prior');
        }
        if (index.claims.has(claimKey(def.type, ends.from.reading.entityId, ends.to.reading.entityId, ctx.ontology))) {
          score += 0.15;
          rules.push('graph:known-claim');
        }
        candidates.push({ type: def.type, from: ends.from.reading, to: ends.to.reading, fromMention: ends.from.mention, toMention: ends.to.mention, cue, score: Math.min(1, score), rules });
      }
    }
  }
  if (ctx.mode === 'typed') return candidates;
  // One reading per type (the best-scoring), then the best types within a margin of the best.
  const byType = new Map<string, Candidate>();
  for (const c of candidates) if (!byType.has(c.type) || byType.get(c.type)!.score < c.score) byType.set(c.type, c);
  const ranked = [...byType.values()].sort((x, y) => y.score - x.score || x.type.localeCompare(y.type));
  const top = ranked[0]?.score ?? 0;
  return ranked.filter((c) => c.score >= MIN_SCORE && c.score >= top - TYPE_MARGIN).slice(0, MAX_TYPES_PER_PAIR);
}

function overlaps(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  return a.start < b.end && b.start < a.end;
}

/** Co-occurrence baseline: every pair, typed with the commonest known type between their kinds. */
function cooccurrenceCandidates(ctx: ProposeContext, index: GraphIndex, first: Mention, second: Mention): Candidate[] {
  const ra = first.readings[0]!;
  const rb = second.readings[0]!;
  if (ra.entityId === rb.entityId) return [];
  const priors = [
    ...[...(index.typePrior.get(`${ra.kind}>${rb.kind}`) ?? [])].map(([t, p]) => ({ t, p, fwd: true })),
    ...[...(index.typePrior.get(`${rb.kind}>${ra.kind}`) ?? [])].map(([t, p]) => ({ t, p, fwd: false })),
  ].sort((x, y) => y.p - x.p || x.t.localeCompare(y.t));
  const best = priors[0];
  const [from, to, fm, tm] = !best || best.fwd ? [ra, rb, first, second] : [rb, ra, second, first];
  const gap = Math.max(0, second.start - first.end);
  return [{ type: best?.t ?? 'CO_OCCURS_WITH', from, to, fromMention: fm, toMention: tm, score: proximity(gap), rules: ['baseline:cooccurrence'] }];
}

/** The proposals for one article, best first. */
export function proposeRelationships(
  ctx: ProposeContext,
  index: GraphIndex,
  article: string,
  sentences: readonly Sentence[],
  mentions: readonly Mention[],
  dates: readonly DateMention[],
): Proposal[] {
  const merged = new Map<string, { candidate: Candidate; citations: ProposedCitation[]; rules: Set<string> }>();
  let m = 0;
  for (const sentence of sentences) {
    while (m < mentions.length && mentions[m]!.start < sentence.start) m++;
    const inSentence: Mention[] = [];
    for (let k = m; k < mentions.length && mentions[k]!.end <= sentence.end; k++) inSentence.push(mentions[k]!);
    if (inSentence.length < 2) continue;
    const hits = ctx.mode === 'full' ? cueHits(sentence.text, ctx.lexicons).map((h) => ({ ...h, start: h.start + sentence.start, end: h.end + sentence.start })) : [];
    const modality = ctx.mode === 'full' ? sentenceModality(sentence.text, ctx.ontology) : { modality: ctx.ontology.defaultModality };
    const sentenceDates = dates.filter((d) => d.start >= sentence.start && d.end <= sentence.end);
    for (let i = 0; i < inSentence.length; i++) {
      for (let j = i + 1; j < inSentence.length; j++) {
        const first = inSentence[i]!;
        const second = inSentence[j]!;
        const found = ctx.mode === 'cooccurrence' ? cooccurrenceCandidates(ctx, index, first, second) : pairCandidates(ctx, index, sentence, article, hits, first, second);
        for (const c of found) {
          const spans = [c.fromMention, c.toMention, ...(c.cue ? [c.cue] : [])];
          const start = ctx.mode === 'full' ? Math.min(...spans.map((s) => s.start)) : sentence.start;
          const end = ctx.mode === 'full' ? Math.max(...spans.map((s) => s.end)) : sentence.end;
          const date = nearest(sentenceDates, start, end);
          const citation: ProposedCitation = {
            sourceId: ctx.sourceId,
            quote: article.slice(start, end),
            offset: start,
            modality: modality.modality,
            ...(date ? { date: date.raw } : {}),
            mentions: { from: c.fromMention.surface, to: c.toMention.surface },
            spans: { from: [c.fromMention.start, c.fromMention.end], to: [c.toMention.start, c.toMention.end], ...(c.cue ? { cue: [c.cue.start, c.cue.end] as [number, number] } : {}) },
            sentence: sentence.index,
            score: round(c.score),
          };
          const asserted = ctx.mode === 'full' ? statusModality(ctx.ontology, index, c, modality) : { modality: modality.modality, rules: [] };
          citation.modality = asserted.modality;
          const key = claimKey(c.type, c.from.entityId, c.to.entityId, ctx.ontology);
          const entry = merged.get(key);
          const rules = [...c.rules, ...asserted.rules];
          if (!entry) merged.set(key, { candidate: c, citations: [citation], rules: new Set(rules) });
          else {
            if (!entry.citations.some((x) => x.offset === citation.offset && x.quote === citation.quote)) entry.citations.push(citation);
            if (c.score > entry.candidate.score) entry.candidate = c;
            rules.forEach((r) => entry.rules.add(r));
          }
        }
      }
    }
  }
  const proposals: Proposal[] = [];
  for (const { candidate, citations, rules } of merged.values()) {
    citations.sort((a, b) => b.score - a.score || a.offset - b.offset);
    // Noisy-or over the sentences: two sentences that each suggest it make it likelier than one.
    const score = 1 - citations.reduce((p, c) => p * (1 - c.score), 1);
    const stated = citations.find((c) => c.modality === ctx.ontology.defaultModality);
    proposals.push({
      action: 'new-claim',
      type: candidate.type,
      from: candidate.from.entityId,
      to: candidate.to.entityId,
      modality: (stated ?? citations[0]!).modality,
      citations,
      score: round(score),
      rules: [...rules].sort(),
      independentSourcesAfter: 1,
      assistantVersion: ASSISTANT_VERSION,
    });
  }
  return proposals.sort((a, b) => b.score - a.score || a.type.localeCompare(b.type) || a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
}

/**
 * The citation's modality: the sentence's cues; where the sentence has none and the type bears the
 * policy's status (ISSUED), the modality that status needs ("announced" for an announced measure), as
 * the validator would otherwise reject a plain statement of it.
 */
function statusModality(ontology: Ontology, index: GraphIndex, c: Candidate, sentence: { modality: string; cue?: string }): { modality: string; rules: string[] } {
  if (sentence.cue) return { modality: sentence.modality, rules: [`modality:${sentence.modality}:${sentence.cue}`] };
  if (!ontology.statusBearingTypes.includes(c.type)) return { modality: sentence.modality, rules: [] };
  const status = index.entities.get(c.to.entityId)?.status;
  const fits = (key: string) => ontology.modalities.get(key)?.policyStatuses?.includes(status ?? '') ?? true;
  if (!status || fits(sentence.modality)) return { modality: sentence.modality, rules: [] };
  const needed = [...ontology.modalities.keys()].find((key) => ontology.modalities.get(key)?.policyStatuses?.includes(status));
  return needed ? { modality: needed, rules: [`modality:policy-status:${status}`] } : { modality: sentence.modality, rules: [] };
}

function nearest(dates: readonly DateMention[], start: number, end: number): DateMention | undefined {
  let best: DateMention | undefined;
  let bestDistance = Infinity;
  for (const d of dates) {
    const distance = d.end <= start ? start - d.end : d.start >= end ? d.start - end : 0;
    if (distance < bestDistance) [best, bestDistance] = [d, distance];
  }
  return best;
}

const round = (x: number) => Math.round(x * 1000) / 1000;
