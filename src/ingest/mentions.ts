// Mentions of known entities: every name, alias and recorded surface form of the graph goes into one
// automaton; an article is scanned once, the longest match wins where names overlap, and metonyms
// ("Washington" for the US government, "China" for its government) give a mention a second reading.
import type { KnownEntity, KnownGraph } from './known-graph.ts';
import { NameAutomaton, foldName, type NamePattern } from './name-automaton.ts';

/** How a mention was recognised; the weaker the rule, the lower a proposal built on it scores. */
export type MentionRule =
  | 'name'
  | 'alias'
  | 'surface-form'
  | 'plural'
  | 'variant'
  | 'demonym'
  | 'metonym:country-as-government'
  | 'metonym:government-as-country'
  | 'descriptor'
  | 'pronoun'
  | 'implied-speech'
  | 'candidate';

export const MENTION_RULE_WEIGHT: Record<MentionRule, number> = {
  name: 1,
  alias: 1,
  plural: 0.95,
  'surface-form': 0.85,
  variant: 0.85,
  demonym: 0.75,
  'metonym:country-as-government': 0.8,
  'metonym:government-as-country': 0.75,
  descriptor: 0.7,
  pronoun: 0.7,
  'implied-speech': 0.6,
  candidate: 0.55,
};

/**
 * Other ways English writes a name (general usage, not any one article's): its head before "of"/"on"/"for"
 * when both parts have two words or more ("Communist Party of China" → "Communist Party"), the other
 * spellings of a compound ("chipmaking" / "chip-making" / "chip making"), and "tech" for "technology" /
 * "technological". A variant two entities share names neither.
 */
export function nameVariants(form: string): string[] {
  const out = new Set<string>();
  const head = /^(.+?)\s+(?:of|on|for)\s+(.+)$/.exec(form);
  if (head && head[1]!.split(/\s+/).length >= 2 && head[2]!.split(/\s+/).length >= 1 && !/^(?:the|a|an)$/i.test(head[1]!.split(/\s+/)[0]!)) out.add(head[1]!);
  const compound = form.replace(/\b(\p{L}{3,})-(making|maker|makers|based|related)\b/giu, '$1$2');
  if (compound !== form) out.add(compound);
  const hyphened = form.replace(/\b(\p{L}{3,}?)(making|maker|makers)\b/giu, (m, a: string, b: string) => (a.length >= 3 ? `${a}-${b}` : m));
  if (hyphened !== form) out.add(hyphened);
  const tech = form.replace(/\btechnolog(?:y|ical)\b/gi, 'tech');
  if (tech !== form) out.add(tech);
  out.delete(form);
  return [...out];
}

/** Demonyms and the country they name (general English): "Chinese firms" names China as a qualifier. */
const DEMONYMS: Record<string, string> = {
  Chinese: 'China',
  Japanese: 'Japan',
  Dutch: 'Netherlands',
  American: 'United States',
  Taiwanese: 'Taiwan',
  Korean: 'South Korea',
  German: 'Germany',
  French: 'France',
  British: 'United Kingdom',
  Russian: 'Russia',
  Indian: 'India',
  European: 'European Union',
};
const DEMONYM_BEFORE_NOUN = new RegExp(`\\b(${Object.keys(DEMONYMS).join('|')})(?=\\s+\\p{Ll})`, 'gu');

export interface Reading {
  entityId: string;
  kind: string;
  rule: MentionRule;
}

export interface Mention {
  start: number;
  end: number;
  /** The text as the article writes it. */
  surface: string;
  /** Possible entities, best first. */
  readings: Reading[];
}

interface Payload {
  entityId: string;
  rule: MentionRule;
}

/** Words a recorded surface form may not start with: it would then name something else each time ("he", "its regulations"). */
const WEAK_START = new Set(['a', 'an', 'its', 'his', 'her', 'their', 'these', 'those', 'this', 'that', 'he', 'she', 'it', 'they', 'we', 'our', 'some', 'other']);
/** A lone demonym ("Chinese", "Dutch") qualifies too many things to stand for one entity. */
const DEMONYM = /^\p{Lu}\p{Ll}+(?:ese|ish|ian|an|ch)$/u;

function usableSurfaceForm(form: string): boolean {
  const words = form.trim().split(/\s+/);
  if (form.trim().length < 3 || WEAK_START.has(words[0]!.toLowerCase())) return false;
  return !(words.length === 1 && DEMONYM.test(words[0]!));
}

/** Acronyms ("US", "AI", "U.S.") are matched in their own case only. */
function isAcronym(form: string): boolean {
  const letters = form.replace(/[^\p{L}]/gu, '');
  return letters.length >= 2 && letters === letters.toUpperCase() && letters.length <= 6;
}

function pluralVariants(form: string): string[] {
  if (isAcronym(form) || !/\p{Ll}$/u.test(form)) return [];
  if (/(?:ss|us|is)$/.test(form)) return [];
  return form.endsWith('s') ? [form.slice(0, -1)] : [/(?:[^aeiou]y)$/.test(form) ? `${form.slice(0, -1)}ies` : `${form}s`];
}

export class MentionFinder {
  private readonly automaton: NameAutomaton<Payload>;
  private readonly entities: ReadonlyMap<string, KnownEntity>;
  /** country id → its government actor; government actor → its country. */
  private readonly governmentOf = new Map<string, string>();
  private readonly countryOfGovernment = new Map<string, string>();
  /** Demonym → the country entity it names, for the countries the graph knows. */
  private readonly demonyms = new Map<string, string>();

  constructor(graph: KnownGraph) {
    this.entities = new Map(graph.entities.map((e) => [e.id, e]));
    const patterns: Array<NamePattern<Payload>> = [];
    const add = (text: string, entityId: string, rule: MentionRule) => {
      patterns.push({ text, payload: { entityId, rule }, caseSensitive: isAcronym(text) });
      if (rule === 'name' || rule === 'alias') {
        for (const variant of pluralVariants(text)) patterns.push({ text: variant, payload: { entityId, rule: 'plural' } });
      }
    };
    for (const entity of graph.entities) {
      if (entity.named) add(entity.name, entity.id, 'name');
      for (const alias of entity.aliases) add(alias, entity.id, 'alias');
    }
    // Variants, only where they name one entity and no name or alias of another says the same.
    const taken = new Set(patterns.map((p) => foldName(p.text)));
    const variants = new Map<string, Set<string>>();
    const variantText = new Map<string, string>();
    for (const entity of graph.entities) {
      for (const form of [...(entity.named ? [entity.name] : []), ...entity.aliases]) {
        for (const variant of nameVariants(form)) {
          const key = foldName(variant);
          if (taken.has(key) || variant.length < 4) continue;
          variants.set(key, (variants.get(key) ?? new Set()).add(entity.id));
          variantText.set(key, variant);
        }
      }
    }
    for (const [key, ids] of variants) if (ids.size === 1) add(variantText.get(key)!, [...ids][0]!, 'variant');
    for (const [demonym, country] of Object.entries(DEMONYMS)) {
      const found = graph.entities.find((e) => e.kind === 'Country' && [e.name, ...e.aliases].some((n) => foldName(n) === foldName(country)));
      if (found) this.demonyms.set(demonym, found.id);
    }
    const known = new Set(patterns.map((p) => `${foldName(p.text)}\u0000${p.payload.entityId}`));
    for (const claim of graph.claims) {
      for (const citation of claim.citations) {
        for (const [form, entityId] of [[citation.mentionsFrom, claim.from], [citation.mentionsTo, claim.to]] as const) {
          if (!form || !usableSurfaceForm(form) || !this.entities.has(entityId)) continue;
          const key = `${foldName(form)}\u0000${entityId}`;
          if (known.has(key)) continue;
          known.add(key);
          add(form, entityId, 'surface-form');
        }
      }
    }
    this.automaton = new NameAutomaton(patterns);
    this.linkGovernments(graph);
  }

  /** How many names, aliases and surface forms the automaton holds. */
  get size(): number {
    return this.automaton.size;
  }

  /** A country's government is the government actor of that country that is not part of another actor (an administration is). */
  private linkGovernments(graph: KnownGraph): void {
    const parts = new Set(graph.claims.filter((c) => c.type === 'PART_OF').map((c) => c.from));
    const candidates = graph.entities
      .filter((e) => e.kind === 'Actor' && e.type === 'government' && e.country && !parts.has(e.id))
      .sort((a, b) => a.id.localeCompare(b.id));
    for (const government of candidates) {
      const country = government.country!;
      if (!this.entities.has(country) || this.governmentOf.has(country)) continue;
      this.governmentOf.set(country, government.id);
      this.countryOfGovernment.set(government.id, country);
    }
  }

  /** Every mention in the text, longest-leftmost where names overlap, in text order. */
  find(text: string): Mention[] {
    const matches = this.automaton.findAll(text).sort((a, b) => a.start - b.start || b.end - a.end);
    const mentions: Mention[] = [];
    let covered = -1;
    for (const match of matches) {
      if (match.start < covered) continue;
      covered = match.end;
      // Several patterns with the same span (a name and a plural of another name) merge.
      const best = new Map<string, MentionRule>();
      for (const p of match.payloads) {
        const had = best.get(p.entityId);
        if (!had || MENTION_RULE_WEIGHT[p.rule] > MENTION_RULE_WEIGHT[had]) best.set(p.entityId, p.rule);
      }
      const readings: Reading[] = [...best].map(([entityId, rule]) => ({ entityId, kind: this.entities.get(entityId)!.kind, rule }));
      for (const reading of [...readings]) {
        const government = this.governmentOf.get(reading.entityId);
        if (government && !best.has(government)) readings.push({ entityId: government, kind: 'Actor', rule: 'metonym:country-as-government' });
        const country = this.countryOfGovernment.get(reading.entityId);
        if (country && !best.has(country)) readings.push({ entityId: country, kind: 'Country', rule: 'metonym:government-as-country' });
      }
      readings.sort((a, b) => MENTION_RULE_WEIGHT[b.rule] - MENTION_RULE_WEIGHT[a.rule] || a.entityId.localeCompare(b.entityId));
      mentions.push({ start: match.start, end: match.end, surface: text.slice(match.start, match.end), readings });
    }
    // A demonym before a noun ("Chinese firms") names the country as a qualifier, where no name covers it.
    for (const m of text.matchAll(DEMONYM_BEFORE_NOUN)) {
      const country = this.demonyms.get(m[1]!);
      const start = m.index!;
      const end = start + m[1]!.length;
      if (!country || mentions.some((x) => x.start < end && start < x.end)) continue;
      mentions.push({ start, end, surface: m[1]!, readings: [{ entityId: country, kind: 'Country', rule: 'demonym' }] });
    }
    return mentions.sort((a, b) => a.start - b.start || b.end - a.end);
  }
}
