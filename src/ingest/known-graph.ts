// What the assistant knows before it reads an article: the entities with their names, the cited claims
// and the sources. Built from a validated seed (or from a running graph); the evaluation builds it
// with an article's citations taken out.
import type { PartialDate } from '../ontology/partial-date.ts';
import type { SeedGraph } from '../seed/validate-seed.ts';

export interface KnownEntity {
  id: string;
  kind: string;
  /** The kind's `type` vocabulary value (government, person, export_control …). */
  type?: string;
  name: string;
  aliases: string[];
  /** Unnamed entities ("Unnamed US official") are found only through their aliases and surface forms. */
  named: boolean;
  /** For governments and agencies: the country they belong to. */
  country?: string;
  /** For policies: in force, announced, proposed, under consideration … (the kind's status vocabulary). */
  status?: string;
  /** For policies: the days its announcement, effect or report date can mean (first and last). */
  when?: { start: string; end: string };
}

export interface KnownCitation {
  sourceId: string;
  quote: string;
  /** How this quote names the endpoints, where the editors recorded it. */
  mentionsFrom?: string;
  mentionsTo?: string;
}

export interface KnownClaim {
  id: string;
  type: string;
  from: string;
  to: string;
  modality: string;
  citations: KnownCitation[];
}

export interface KnownSource {
  id: string;
  /** Syndicated copies share a story; a claim counts distinct stories among counted sources. */
  story: string;
  counted: boolean;
  published?: PartialDate;
  file?: string;
}

export interface KnownGraph {
  entities: KnownEntity[];
  claims: KnownClaim[];
  sources: KnownSource[];
}

/** The known graph of a validated seed. */
export function knownGraphFromSeed(seed: SeedGraph): KnownGraph {
  return {
    entities: seed.entities.map((e) => ({
      id: e.id,
      kind: e.kind,
      type: typeof e.properties.type === 'string' ? e.properties.type : undefined,
      name: String(e.properties.name ?? e.id),
      aliases: Array.isArray(e.properties.aliases) ? e.properties.aliases.map(String) : [],
      named: e.properties.named !== false,
      country: typeof e.properties.country === 'string' ? e.properties.country : undefined,
      status: typeof e.properties.status === 'string' ? e.properties.status : undefined,
      when: whenOf(e.dates),
    })),
    claims: seed.relationships.map((r) => ({
      id: r.id,
      type: r.type,
      from: r.from,
      to: r.to,
      modality: r.modality,
      citations: r.citations.map((c) => ({ sourceId: c.source, quote: c.quote, mentionsFrom: c.mentionsFrom, mentionsTo: c.mentionsTo })),
    })),
    sources: seed.sources.map((s) => ({
      id: s.id,
      story: s.story,
      counted: s.counted,
      published: s.dates.published,
      file: typeof s.properties.file === 'string' ? s.properties.file : undefined,
    })),
  };
}

function whenOf(dates: Record<string, PartialDate>): KnownEntity['when'] {
  const known = ['announced', 'effective', 'asOf'].map((k) => dates[k]).filter((d) => d?.start && d.end);
  if (known.length === 0) return undefined;
  return { start: known.map((d) => d!.start!).sort()[0]!, end: known.map((d) => d!.end!).sort().at(-1)! };
}

/** Distinct stories among the counted sources (how `independentSources` counts). */
export function independentCount(sourceIds: Iterable<string>, sources: ReadonlyMap<string, KnownSource>): number {
  const stories = new Set<string>();
  for (const id of sourceIds) {
    const source = sources.get(id);
    if (source?.counted) stories.add(source.story);
  }
  return stories.size;
}
