// Measures the article describes instead of naming ("strict measures on chip export controls", "last
// year's sweeping series of export controls"): a noun phrase headed by a measure word is read as a known
// policy of a fitting type when the sentence names its issuer and, where both are dated, the dates agree.
import type { DateMention } from './dates.ts';
import type { KnownEntity, KnownGraph } from './known-graph.ts';
import type { Mention, Reading } from './mentions.ts';
import type { Sentence } from './sentences.ts';

/** Head words of descriptions and the policy types they can describe. */
const HEADS: Array<{ pattern: RegExp; types: string[] }> = [
  {
    pattern: /\b(?:export(?:s)?\s+)?(?:controls?|restrictions?|curbs?|bans?|limits?|limitations|sanctions|rules|regulations|measures|blacklist)\b/gi,
    types: ['export_control', 'entity_listing', 'investment_restriction', 'trade_measures'],
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
): Reading[] {
  const scored = candidates
    .map((p) => {
      const by = issuers.get(p.id);
      if (!by || ![...by].some((i) => named.has(i))) return undefined;
      let fit = 1;
      const when = p.when;
      if (when && dates.length > 0) fit += dates.some((d) => d.resolved.start! <= when.end && when.start <= d.resolved.end!) ? 1 : -1;
      // A measure announced after the article was published cannot be the one it describes.
      if (when && publication?.end && when.start > publication.end) fit -= 2;
      return { id: p.id, fit };
    })
    .filter((x): x is { id: string; fit: number } => x !== undefined && x.fit > 0)
    .sort((a, b) => b.fit - a.fit || a.id.localeCompare(b.id));
  const best = scored[0]?.fit;
  return scored.filter((x) => x.fit === best).slice(0, 2).map((x) => ({ entityId: x.id, kind: 'Policy', rule: 'descriptor' as const }));
}
