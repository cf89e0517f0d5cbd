// Measures the article describes instead of naming ("strict measures on chip export controls", "last
// year's sweeping series of export controls"): a noun phrase headed by a measure word is read as a known
// policy of a fitting type when the sentence names its issuer and, where both are dated, the dates agree.
import type { DateMention } from './dates.ts';
import type { KnownEntity, KnownGraph } from './known-graph.ts';
import type { Mention, Reading } from './mentions.ts';
import type { Sentence } from './sentences.ts';

/** Head words of descriptions and the policy types they can describe. */
const HEADS: Array<{ pattern: RegExp; types: string[] }> = [
  // Most specific first: a phrase is read by the first head that matches it.
  { pattern: /\bexports?\s+(?:controls?|restrictions?|curbs?|bans?|limits?|limitations)\b/gi, types: ['export_control'] },
  { pattern: /\b(?:outbound\s+)?investment\s+(?:restrictions?|rules|curbs|limits|screening)\b/gi, types: ['investment_restriction'] },
  { pattern: /\b(?:trade\s+)?(?:sanctions|tariffs?|trade\s+war|trade\s+measures)\b/gi, types: ['trade_measures', 'export_control'] },
  { pattern: /\b(?:entity|unverified)\s+list\b|\bblacklist\b/gi, types: ['entity_listing'] },
  {
    pattern: /\b(?:controls?|restrictions?|curbs?|bans?|limits?|limitations|rules|regulations|measures)\b/gi,
    types: ['export_control', 'entity_listing', 'investment_restriction'],
  },
  { pattern: /\b(?:deal|agreement|pact|accord)\b/gi, types: ['multilateral_agreement'] },
  { pattern: /\b(?:strategy|plan)\b/gi, types: ['strategy'] },
  { pattern: /\b(?:speech|remarks|address)\b/gi, types: ['speech'] },
  { pattern: /\b(?:budget|funding)\b/gi, types: ['funding_programme'] },
  { pattern: /\b(?:award|prize)\b/gi, types: ['award'] },
];

/** The policies by type with who issued them (the actor and its country), built once per graph. */
export class PolicyIndex {
  readonly byType = new Map<string, KnownEntity[]>();
  readonly issuers = new Map<string, Set<string>>();

  constructor(graph: KnownGraph) {
    const entities = new Map(graph.entities.map((e) => [e.id, e]));
    for (const c of graph.claims) {
      if (c.type !== 'ISSUED') continue;
      const set = this.issuers.get(c.to) ?? new Set<string>();
      set.add(c.from);
      const country = entities.get(c.from)?.country;
      if (country) set.add(country);
      this.issuers.set(c.to, set);
    }
    for (const e of graph.entities) {
      if (e.kind !== 'Policy' || !this.issuers.has(e.id)) continue;
      const list = this.byType.get(e.type ?? '') ?? [];
      list.push(e);
      this.byType.set(e.type ?? '', list);
    }
  }
}

/** Readings of descriptions, added to the mention list (never over a named mention). */
export function describedPolicies(
  text: string,
  sentences: readonly Sentence[],
  mentions: readonly Mention[],
  dates: readonly DateMention[],
  index: PolicyIndex,
  publication?: { start?: string; end?: string },
): Mention[] {
  const { issuers } = index;
  const found: Mention[] = [];
  for (const sentence of sentences) {
    const inSentence = mentions.filter((m) => m.start >= sentence.start && m.end <= sentence.end);
    const named = new Set(inSentence.flatMap((m) => m.readings.map((r) => r.entityId)));
    const sentenceDates = dates.filter((d) => d.start >= sentence.start && d.end <= sentence.end && d.resolved.start);
    for (const { pattern, types } of HEADS) {
      pattern.lastIndex = 0;
      for (let m = pattern.exec(sentence.text); m; m = pattern.exec(sentence.text)) {
        const start = sentence.start + m.index;
        const end = start + m[0].length;
        if (inSentence.some((x) => x.start < end && start < x.end) || found.some((x) => x.start < end && start < x.end)) continue;
        const readings = rank(types.flatMap((t) => index.byType.get(t) ?? []), named, issuers, sentenceDates, publication);
        if (readings.length > 0) found.push({ start, end, surface: text.slice(start, end), readings });
      }
    }
  }
  return found;
}

/** Policies whose issuer the sentence names, best dated first; at most two readings. */
function rank(
  candidates: KnownEntity[],
  named: ReadonlySet<string>,
  issuers: ReadonlyMap<string, Set<string>>,
  dates: readonly DateMention[],
  publication?: { start?: string; end?: string },
  minFit = 1,
  rule: Reading['rule'] = 'descriptor',
): Reading[] {
  const scored = candidates
    .map((p) => {
      const by = issuers.get(p.id);
      if (!by || ![...by].some((i) => named.has(i))) return undefined;
      let fit = 1;
      const when = p.when;
      if (when && dates.length > 0) fit += dates.some((d) => d.resolved.start! <= when.end && when.start <= d.resolved.end!) ? 1 : -1;
      // A measure announced after the article was published cannot be the one it describes; one from
      // the article's own days is likelier than an older one.
      if (when && publication?.end && when.start > publication.end) fit -= 2;
      else if (when && publication?.start && publication.end && when.start <= publication.end && publication.start <= when.end) fit += 1;
      return { id: p.id, fit };
    })
    .filter((x): x is { id: string; fit: number } => x !== undefined && x.fit >= minFit)
    .sort((a, b) => b.fit - a.fit || a.id.localeCompare(b.id));
  const best = scored[0]?.fit;
  return scored.filter((x) => x.fit === best).slice(0, 2).map((x) => ({ entityId: x.id, kind: 'Policy', rule }));
}

/** Verbs that make a person's words a speech or statement: "Xi said", "he urged". */
const SPEECH_VERB = /^[\s,]*(?:also\s+|then\s+|has\s+|had\s+|was\s+)?(said|says|stated|added|told|urged|called|stressed|vowed|reiterated|reaffirmed|emphasi[sz]ed|pointed|spoke|declared|pledged)\b/i;
const SPEECH_TYPES = ['speech', 'statement', 'directive'];

/**
 * Speeches the article implies ("Xi said …" for his speech): after a person's mention, a speech verb
 * reads as one of that person's known speeches or statements — only when its date fits the sentence or
 * the article's days, as the person has given many.
 */
export function impliedSpeeches(
  text: string,
  sentences: readonly Sentence[],
  mentions: readonly Mention[],
  dates: readonly DateMention[],
  index: PolicyIndex,
  graph: { entities: ReadonlyMap<string, KnownEntity> },
  publication?: { start?: string; end?: string },
): Mention[] {
  const speeches = SPEECH_TYPES.flatMap((t) => index.byType.get(t) ?? []);
  const found: Mention[] = [];
  for (const m of mentions) {
    const person = m.readings.find((r) => graph.entities.get(r.entityId)?.type === 'person');
    if (!person) continue;
    const verb = SPEECH_VERB.exec(text.slice(m.end, m.end + 40));
    if (!verb) continue;
    const sentence = sentences.find((s) => m.start >= s.start && m.end <= s.end);
    if (!sentence) continue;
    const start = m.end + verb[0].length - verb[1]!.length;
    const end = start + verb[1]!.length;
    if (mentions.some((x) => x.start < end && start < x.end) || found.some((x) => x.start < end && start < x.end)) continue;
    const sentenceDates = dates.filter((d) => d.start >= sentence.start && d.end <= sentence.end && d.resolved.start);
    const readings = rank(speeches, new Set([person.entityId]), index.issuers, sentenceDates, publication, 2, 'implied-speech');
    if (readings.length > 0) found.push({ start, end, surface: text.slice(start, end), readings });
  }
  return found;
}

const PRONOUN = /\b(he|she|his|her|him)\b/gi;

/** "He", "his": the nearest person mentioned before, in this sentence or the two before it. */
export function resolvePronouns(text: string, sentences: readonly Sentence[], mentions: readonly Mention[], entities: ReadonlyMap<string, KnownEntity>): Mention[] {
  const found: Mention[] = [];
  const people = mentions.filter((m) => m.readings.some((r) => entities.get(r.entityId)?.type === 'person'));
  for (const sentence of sentences) {
    const window = sentences[Math.max(0, sentence.index - 2)]!.start;
    PRONOUN.lastIndex = 0;
    for (let p = PRONOUN.exec(sentence.text); p; p = PRONOUN.exec(sentence.text)) {
      const start = sentence.start + p.index;
      const end = start + p[0].length;
      if (mentions.some((x) => x.start < end && start < x.end)) continue;
      const antecedent = people.filter((m) => m.end <= start && m.start >= window).at(-1);
      if (!antecedent) continue;
      const reading = antecedent.readings.find((r) => entities.get(r.entityId)?.type === 'person')!;
      found.push({ start, end, surface: p[0], readings: [{ entityId: reading.entityId, kind: reading.kind, rule: 'pronoun' }] });
    }
  }
  return found;
}
