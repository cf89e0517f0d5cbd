// The shapes the repository hands to resolvers, built from projected rows. A record may carry `$`: the
// values of the fields planned with it (keyed by response key), so resolvers of those fields read them
// instead of asking the database again.
import type { Ontology } from '../ontology/ontology.ts';
import type { Row } from '../db/executor.ts';

export type Props = Record<string, unknown>;
/** Values of fields fetched together with a record, by response key. */
export type Prefetched = Record<string, unknown>;

export interface EntityRecord {
  id: string;
  /** Ontology kind (Actor, Policy, Technology, Country, Goal). */
  kind: string;
  name: string;
  aliases: string[];
  props: Props;
  $?: Prefetched;
}

export interface SourceRecord {
  id: string;
  props: Props;
  $?: Prefetched;
}

export interface RelationshipRecord {
  id: string;
  type: string;
  /** The endpoints' ids: read only when a selected field needs them (the summary), else null. */
  fromId: string | null;
  toId: string | null;
  independentSources: number;
  sourceCount: number;
  /** Citations the Claim holds (`citations` lists at most `first` of them). */
  citationCount: number;
  /** The relationship's properties (qualifiers, flattened dates, modality), as its Claim holds them. */
  props: Props;
  $?: Prefetched;
}

export interface CitationRecord {
  quote: string;
  paragraph: number | null;
  offset: number | null;
  mentionsFrom: string | null;
  mentionsTo: string | null;
  /** True only when the quote was found verbatim in the source text when it was loaded. */
  verified: boolean;
  /** What was checked (src/sources/verification.ts); a graph written before it knew only `verified`. */
  verification: { status: string; digest: string | null; checkedAt: string | null };
  source: SourceRecord;
}

interface Projected {
  props: Props;
  labels?: string[];
  sub?: Prefetched | null;
}

/**
 * An entity from a projection `{props, labels, sub}`, a plain node value (props with `labels`), or the
 * `[id, name, kind]` triple a relationship's endpoint is read as from its Claim (cheaper to build in
 * Cypher and to decode than nested maps; see src/cypher/projection/projections.ts `endpoint`).
 */
export function toEntity(value: unknown, ontology: Ontology): EntityRecord {
  if (Array.isArray(value)) return endpointTriple(value, ontology);
  const projected = value as Projected;
  const { labels: nodeLabels, ...nodeProps } = (projected.props ? {} : value) as Props & { labels?: string[] };
  const props = projected.props ?? nodeProps;
  const labels = projected.labels ?? nodeLabels ?? [];
  const kind = labels.find((label) => ontology.entityKinds.includes(label));
  if (!kind) throw new Error(`node ${String(props.id)} has no entity kind label (labels: ${labels.join(', ')})`);
  return {
    id: String(props.id),
    kind,
    name: String(props.name),
    aliases: Array.isArray(props.aliases) ? (props.aliases as string[]) : [],
    props,
    $: projected.sub ?? undefined,
  };
}

function endpointTriple([id, name, kind]: unknown[], ontology: Ontology): EntityRecord {
  if (typeof kind !== 'string' || !ontology.entityKinds.includes(kind)) throw new Error(`endpoint ${String(id)} has no entity kind (got ${String(kind)})`);
  return { id: String(id), kind, name: String(name), aliases: [], props: { id, name }, $: undefined };
}

/** A source from a projection `{props, sub}`, its projected properties alone, or a plain node value. */
export function toSource(value: unknown): SourceRecord {
  const projected = value as Projected;
  if (projected.props) return { id: String(projected.props.id), props: projected.props, $: projected.sub ?? undefined };
  const { labels: _labels, ...props } = value as Props;
  return { id: String(props.id), props };
}

/** A relationship from the projection of its Claim `{props, sub}`. */
export function toRelationship(value: unknown): RelationshipRecord {
  const { props, sub } = value as Projected;
  return {
    id: String(props.id),
    type: String(props.type),
    fromId: props.fromId == null ? null : String(props.fromId),
    toId: props.toId == null ? null : String(props.toId),
    independentSources: Number(props.independentSources ?? 0),
    sourceCount: Array.isArray(props.sourceIds) ? props.sourceIds.length : 0,
    citationCount: Number(props.citationCount ?? 0),
    props,
    $: sub ?? undefined,
  };
}

/** A citation from the projection `[props, source]` of a CITES relationship and its source. */
export function toCitation(value: unknown): CitationRecord {
  // `[quote, source id]` when only those were asked for (src/cypher/projection/projections.ts).
  if (Array.isArray(value) && typeof value[0] === 'string') return toCitation([{ quote: value[0] }, { id: value[1] }]);
  const [props, source, loadedAt] = value as [Props, unknown, unknown];
  const verified = props.verified === true;
  return {
    quote: String(props.quote),
    paragraph: (props.paragraph as number | null) ?? null,
    offset: (props.offset as number | null) ?? null,
    mentionsFrom: (props.mentionsFrom as string | null) ?? null,
    mentionsTo: (props.mentionsTo as string | null) ?? null,
    verified,
    verification: {
      status: typeof props.verification === 'string' ? props.verification : verified ? 'verified' : 'unchecked',
      digest: (props.checkedDigest as string | null) ?? null,
      checkedAt: (props.checkedAt as string | null) ?? (typeof loadedAt === 'string' ? loadedAt : null),
    },
    source: toSource(source),
  };
}

/** Groups keyed rows into lists in the order of `keys` (the DataLoader contract). */
export function groupByKey<T>(keys: readonly string[], rows: Row[], map: (row: Row) => T): T[][] {
  const groups = new Map<string, T[]>(keys.map((k) => [k, []]));
  for (const row of rows) groups.get(String(row.key))?.push(map(row));
  return keys.map((k) => groups.get(k) ?? []);
}
