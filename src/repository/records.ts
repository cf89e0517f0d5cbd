// The shapes the repository hands to resolvers, and their construction from query rows.
import type { Ontology } from '../ontology/ontology.ts';
import type { Row } from '../db/executor.ts';

export type Props = Record<string, unknown>;

export interface EntityRecord {
  id: string;
  /** Ontology kind (Actor, Policy, Technology, Country). */
  kind: string;
  name: string;
  aliases: string[];
  props: Props;
}

export interface SourceRecord {
  id: string;
  props: Props;
}

export interface RelationshipRecord {
  id: string;
  type: string;
  fromId: string;
  toId: string;
  independentSources: number;
  sourceCount: number;
  /** The domain edge's properties (qualifiers, flattened dates). */
  props: Props;
}

export interface CitationRecord {
  quote: string;
  paragraph: number | null;
  offset: number | null;
  mentionsFrom: string | null;
  mentionsTo: string | null;
  source: SourceRecord;
}

type NodeValue = Props & { labels?: string[] };

export function toEntity(value: unknown, ontology: Ontology): EntityRecord {
  const node = value as NodeValue;
  const kind = node.labels?.find((label) => ontology.entityKinds.includes(label));
  if (!kind) throw new Error(`node ${String(node.id)} has no entity kind label (labels: ${node.labels?.join(', ')})`);
  const { labels: _labels, ...props } = node;
  return {
    id: String(props.id),
    kind,
    name: String(props.name),
    aliases: Array.isArray(props.aliases) ? (props.aliases as string[]) : [],
    props,
  };
}

export function toSource(value: unknown): SourceRecord {
  const { labels: _labels, ...props } = value as NodeValue;
  return { id: String(props.id), props };
}

export function toRelationship(row: Row): RelationshipRecord {
  return {
    id: String(row.id),
    type: String(row.type),
    fromId: String(row.fromId),
    toId: String(row.toId),
    independentSources: Number(row.independentSources ?? 0),
    sourceCount: Number(row.sourceCount ?? 0),
    props: (row.props ?? {}) as Props,
  };
}

export function toCitation(row: Row): CitationRecord {
  return {
    quote: String(row.quote),
    paragraph: (row.paragraph as number | null) ?? null,
    offset: (row.offset as number | null) ?? null,
    mentionsFrom: (row.mentionsFrom as string | null) ?? null,
    mentionsTo: (row.mentionsTo as string | null) ?? null,
    source: toSource(row.source),
  };
}

/** Groups keyed rows into lists in the order of `keys` (the DataLoader contract). */
export function groupByKey<T>(keys: readonly string[], rows: Row[], map: (row: Row) => T): T[][] {
  const groups = new Map<string, T[]>(keys.map((k) => [k, []]));
  for (const row of rows) groups.get(String(row.key))?.push(map(row));
  return keys.map((k) => groups.get(k) ?? []);
}
