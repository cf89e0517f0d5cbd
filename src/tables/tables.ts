// The four exported tables — relationships (the cited edge table), citations, entities, sources — as
// columns built from the ontology, and the records they read (rows of src/cypher/exports.ts).
import type { Row } from '../db/executor.ts';
import type { Ontology, PropertyDef } from '../ontology/ontology.ts';
import type { Props } from './columns.ts';
import { EDGE_ROW_HEAD, type EdgeProperties } from '../cypher/exports.ts';
import { propertyColumns, unionOfProperties, upper, type Column, type Table } from './columns.ts';

/**
 * Bump when the bytes of an export change for the same graph version (it is part of every ETag, and of
 * the format of the CSV lines a load stores on each Claim: src/tables/stored-lines.ts).
 */
export const EXPORT_REVISION = '2';

export interface CitationRecord {
  relationshipId: string;
  ordinal: number;
  sourceId: string;
  quote: string;
  paragraph: number | null;
  offset: number | null;
  mentionsFrom: string | null;
  mentionsTo: string | null;
  verified: boolean | null;
  /** 'verified' | 'verified_at_curation' | 'unchecked' (src/sources/verification.ts, as the API's enum in lower case). */
  verification: string;
  checkedDigest: string | null;
  checkedAt: string | null;
  /** Only in an export with retracted claims: its relationship's retraction (null while it stands). */
  retraction?: Retraction | null;
}

/** Who retracted a claim, when and why (the retracted Claim's own properties, src/cypher/curation.ts). */
export interface Retraction {
  at: string | null;
  by: string | null;
  reason: string | null;
}

/** The stored status → the export's word (the GraphQL enum in lower case). */
const VERIFICATION_WORDS: Record<string, string> = { verified: 'verified', curation: 'verified_at_curation', unchecked: 'unchecked' };

export interface EdgeRecord {
  id: string;
  type: string;
  fromId: string;
  fromKind: string | null;
  fromName: string | null;
  toId: string;
  toKind: string | null;
  toName: string | null;
  /** The domain edge's properties: qualifiers and flattened dates. */
  props: Props;
  modality: string | null;
  independentSources: number;
  sourceCount: number;
  citationCount: number;
  /** Only when the statement collected them (JSON Lines, GraphML). */
  citations?: CitationRecord[];
  /** Only in an export with retracted claims: null while it stands. */
  retraction?: Retraction | null;
}

export type NodeRecord = Props & { labels?: string[] };

const kindOf = (ontology: Ontology, labels: unknown) =>
  ontology.entityKinds.find((kind) => Array.isArray(labels) && labels.includes(kind)) ?? null;

const text = (value: unknown) => (value === null || value === undefined ? null : String(value));
const count = (value: unknown) => (typeof value === 'number' ? value : Number(value ?? 0));

/** Citations of one relationship from the statement's lists (src/cypher/exports.ts CITATION_FIELDS), in ordinal order. */
export function toCitations(relationshipId: string, rows: unknown): CitationRecord[] {
  const lists = (rows as unknown[][] | null) ?? [];
  const citations = new Array<CitationRecord>(lists.length);
  for (let i = 0; i < lists.length; i++) {
    const [ordinal, sourceId, quote, paragraph, offset, mentionsFrom, mentionsTo, verified, verification, checkedDigest, checkedAt] = lists[i]!;
    citations[i] = {
      relationshipId,
      ordinal: Number(ordinal),
      sourceId: String(sourceId),
      quote: String(quote),
      paragraph: (paragraph as number | null) ?? null,
      offset: (offset as number | null) ?? null,
      mentionsFrom: (mentionsFrom as string | null) ?? null,
      mentionsTo: (mentionsTo as string | null) ?? null,
      verified: (verified as boolean | null) ?? null,
      // A graph written before verification was recorded knows only `verified`.
      verification: VERIFICATION_WORDS[String(verification ?? (verified === true ? 'verified' : 'unchecked'))] ?? 'unchecked',
      checkedDigest: (checkedDigest as string | null) ?? null,
      checkedAt: (checkedAt as string | null) ?? null,
    };
  }
  return lists.length > 1 ? citations.sort((a, b) => a.ordinal - b.ordinal) : citations;
}

/** A retraction from the statement's list `[at, by, reason]` (src/cypher/exports.ts RETRACTION_FIELDS); null for a live claim. */
export function toRetraction(value: unknown): Retraction | null {
  if (!Array.isArray(value)) return null;
  const [at, by, reason] = value as unknown[];
  return { at: text(at), by: text(by), reason: text(reason) };
}

/**
 * Reads edge rows of `relationshipBatch(…, properties)`: `id`; `row`, the list EDGE_ROW_HEAD +
 * EDGE_ROW_TAIL; `props`, the values of the row type's properties (`byType`, else `all`).
 */
export function edgeReader(properties: EdgeProperties): (row: Row) => EdgeRecord {
  const tail = EDGE_ROW_HEAD.length;
  return (row) => {
    const v = row.row as unknown[];
    const type = String(v[0]);
    const names = properties.byType.get(type) ?? properties.all;
    const values = row.props as unknown[];
    const props: Props = {};
    for (let i = 0; i < names.length; i++) {
      const value = values[i];
      if (value !== null && value !== undefined) props[names[i]!] = value;
    }
    const id = String(row.id);
    return {
      id,
      type,
      fromId: String(v[1]),
      fromKind: text(v[2]),
      fromName: text(v[3]),
      toId: String(v[4]),
      toKind: text(v[5]),
      toName: text(v[6]),
      props,
      modality: text(v[tail]),
      independentSources: count(v[tail + 1]),
      sourceCount: count(v[tail + 2]),
      citationCount: count(v[tail + 3]),
      citations: row.citations === undefined ? undefined : toCitations(id, row.citations),
      ...(row.retraction === undefined ? {} : { retraction: toRetraction(row.retraction) }),
    };
  };
}

export interface Tables {
  relationships: Table<EdgeRecord>;
  /** The relationships and citations tables of an export with retracted claims: the same columns and RETRACTION_COLUMNS. */
  withRetracted: { relationships: Table<EdgeRecord>; citations: Table<CitationRecord> };
  /** Stored properties of a relationship the columns read (dates flattened: dateStart, dateEnd, datePrecision), and each type's own. */
  relationshipProperties: EdgeProperties;
  citations: Table<CitationRecord>;
  entities: Table<NodeRecord>;
  sources: Table<NodeRecord>;
  /** Entity kind of a node record (Actor, Policy, …), for GraphML. */
  kindOf(record: NodeRecord): string | null;
}

export function buildTables(ontology: Ontology): Tables {
  const kinds = ontology.entityKinds.map((k) => k.toUpperCase()).join(', ');
  // Dates first, then the other qualifiers by name: a stable order whatever the files' order.
  const relProps = unionOfProperties(ontology.relationshipTypes.values(), []).sort(
    (a, b) => Number(a.type !== 'partialDate') - Number(b.type !== 'partialDate') || a.name.localeCompare(b.name),
  );
  // Dates keep their name (date, date_precision, …); other qualifiers get a q_ prefix (q_role, q_place).
  const qualifierColumns = relProps.flatMap((def) =>
    propertyColumns<EdgeRecord>(
      def,
      (r) => r.props,
      `Qualifier '${def.name}' of the relationship, in the source's words (types that have it: ${[...ontology.relationshipTypes.values()]
        .filter((t) => def.name in t.properties)
        .map((t) => t.type)
        .join(', ')}).`,
      def.type === 'partialDate' ? '' : 'q_',
    ),
  );

  const relationships: Table<EdgeRecord> = {
    name: 'relationships',
    description: 'The cited edge table: one row per relationship (from —type→ to), ordered by id.',
    columns: [
      { name: 'id', type: 'string', description: 'Stable relationship id: <from>.<TYPE>.<to>[.<n>].', value: (r) => r.id },
      { name: 'type', type: 'string', description: 'Relationship type (the ontology in schema/ontology/relationships).', value: (r) => r.type },
      { name: 'from_id', type: 'string', description: 'Id of the entity the relationship starts from.', value: (r) => r.fromId },
      { name: 'from_kind', type: 'string', description: `Kind of the start entity: ${kinds}.`, value: (r) => upper(r.fromKind) },
      { name: 'from_name', type: 'string', description: 'Name of the start entity.', value: (r) => r.fromName },
      { name: 'to_id', type: 'string', description: 'Id of the entity the relationship points to.', value: (r) => r.toId },
      { name: 'to_kind', type: 'string', description: 'Kind of the end entity.', value: (r) => upper(r.toKind) },
      { name: 'to_name', type: 'string', description: 'Name of the end entity.', value: (r) => r.toName },
      ...qualifierColumns,
      {
        name: 'modality',
        type: 'string',
        description: 'How the sources put it: STATED, ANNOUNCED, PROPOSED, UNDER_CONSIDERATION, REPORTED or DENIED (empty until the graph records modality).',
        value: (r) => upper(r.modality),
      },
      {
        name: 'independent_sources',
        type: 'integer',
        description: 'Distinct stories that support it: syndicated copies count once, editorial references not at all.',
        value: (r) => r.independentSources,
      },
      { name: 'source_count', type: 'integer', description: 'Sources cited, counting every copy.', value: (r) => r.sourceCount },
      { name: 'citation_count', type: 'integer', description: 'Citations (verbatim quotes) behind it: rows in the citations table.', value: (r) => r.citationCount },
    ],
  };

  const citations: Table<CitationRecord> = {
    name: 'citations',
    description: 'One row per citation: the verbatim quote that supports a relationship, and where it is. Joins to relationships on relationship_id = id.',
    columns: [
      { name: 'relationship_id', type: 'string', description: 'The relationship it supports (relationships.id).', value: (c) => c.relationshipId },
      { name: 'ordinal', type: 'integer', description: 'Position among the relationship’s citations, from 0.', value: (c) => c.ordinal },
      { name: 'source_id', type: 'string', description: 'The cited source (sources.id).', value: (c) => c.sourceId },
      { name: 'quote', type: 'string', description: 'The verbatim quote, one sentence or less.', value: (c) => c.quote },
      { name: 'paragraph', type: 'integer', description: 'Paragraph of the source text the quote is in, from 1.', value: (c) => c.paragraph },
      { name: 'offset', type: 'integer', description: 'Character offset of the quote within that paragraph.', value: (c) => c.offset },
      { name: 'mentions_from', type: 'string', description: 'How the quote names the start entity, when it differs from its name.', value: (c) => c.mentionsFrom },
      { name: 'mentions_to', type: 'string', description: 'How the quote names the end entity.', value: (c) => c.mentionsTo },
      {
        name: 'verified',
        type: 'boolean',
        description: 'True when the quote was found verbatim in the text the service holds for the source, by the load that wrote it.',
        value: (c) => c.verified,
      },
      {
        name: 'verification',
        type: 'string',
        description:
          'What was checked: verified (found verbatim now in the held text of checked_digest), verified_at_curation (the service holds no text; ' +
          'the seed records that every quote of the source was found in the text of checked_digest on checked_at, and CI confirms it), or unchecked.',
        value: (c) => c.verification,
      },
      {
        name: 'checked_digest',
        type: 'string',
        description: 'The text the quote was checked against: sha256: and the hex SHA-256 of its UTF-8 bytes (sources: checked_digest; API: Source.heldText.digest). Empty when unchecked.',
        value: (c) => c.checkedDigest,
      },
      {
        name: 'checked_at',
        type: 'string',
        description: 'When: for verified, the ISO time of the load that checked it; for verified_at_curation, the recorded day (YYYY-MM-DD). Empty when unchecked.',
        value: (c) => c.checkedAt,
      },
    ],
  };

  const entityKinds = ontology.entityKinds.map((kind) => ontology.kind(kind));
  const entityProps = unionOfProperties(entityKinds, ['name', 'aliases']);
  const entities: Table<NodeRecord> = {
    name: 'entities',
    description: `One row per entity (${ontology.entityKinds.map((k) => k.toLowerCase()).join(', ')}), ordered by id. Columns are the union of the kinds’ properties.`,
    columns: [
      { name: 'id', type: 'string', description: 'Stable entity id.', value: (n) => n.id },
      { name: 'kind', type: 'string', description: `Entity kind: ${kinds}.`, value: (n) => upper(kindOf(ontology, n.labels)) },
      { name: 'name', type: 'string', description: 'Name.', value: (n) => n.name ?? null },
      { name: 'aliases', type: 'json', description: 'Other names (a list).', value: (n) => n.aliases ?? [] },
      ...entityProps.flatMap((def) =>
        propertyColumns<NodeRecord>(def, (n) => n, `Property '${def.name}' (${entityKinds.filter((k) => def.name in k.properties).map((k) => k.kind).join(', ')}).`),
      ),
    ],
  };

  const sourceKind = ontology.kind('Source');
  const sources: Table<NodeRecord> = {
    name: 'sources',
    description: 'One row per source document that citations point to, ordered by id.',
    columns: [
      { name: 'id', type: 'string', description: 'Stable source id.', value: (n) => n.id },
      ...Object.values(sourceKind.properties).flatMap((def) => propertyColumns<NodeRecord>(def, (n) => n, `Property '${def.name}' of the source.`)),
      {
        name: 'counted',
        type: 'boolean',
        description: 'Counts towards independent sources (news reports do; editorial references do not).',
        value: (n) => (n.counted as boolean | undefined) ?? null,
      },
    ],
  };

  const stored = (defs: PropertyDef[]) =>
    defs.flatMap((def) => (def.type === 'partialDate' ? [`${def.name}Start`, `${def.name}End`, `${def.name}Precision`] : [def.name]));
  const relationshipProperties: EdgeProperties = {
    all: stored(relProps),
    byType: new Map([...ontology.relationshipTypes.values()].map((t) => [t.type, stored(relProps.filter((def) => def.name in t.properties))])),
  };
  const withRetracted = {
    relationships: withRetractionColumns(relationships, 'relationship'),
    citations: withRetractionColumns(citations, 'relationship this citation supports'),
  };
  return { relationships, withRetracted, relationshipProperties, citations, entities, sources, kindOf: (n) => kindOf(ontology, n.labels) };
}

/**
 * The four columns an export with retracted claims adds at the end (so a default export's columns, and
 * the stored CSV lines, are unchanged; decision 0032). Snake case, as every other column.
 */
export function retractionColumns<R extends { retraction?: Retraction | null }>(what: string): Array<Column<R>> {
  return [
    { name: 'retracted', type: 'boolean', description: `True when the ${what} was retracted through a reviewed change; false while it stands.`, value: (r) => Boolean(r.retraction) },
    { name: 'retracted_at', type: 'string', description: 'When it was retracted (ISO time). Empty while it stands.', value: (r) => r.retraction?.at ?? null },
    { name: 'retracted_by', type: 'string', description: 'Who accepted the retraction (key:<id> or jwt:<subject>). Empty while it stands.', value: (r) => r.retraction?.by ?? null },
    { name: 'retraction_reason', type: 'string', description: 'Why it was retracted, as the proposal gave it. Empty while it stands.', value: (r) => r.retraction?.reason ?? null },
  ];
}

function withRetractionColumns<R extends { retraction?: Retraction | null }>(table: Table<R>, what: string): Table<R> {
  return {
    ...table,
    description: `${table.description} Retracted claims included (includeRetracted=true), marked by the retraction columns.`,
    columns: [...table.columns, ...retractionColumns<R>(what)],
  };
}

/** Column names must be unique per table; a clash means the ontology grew a property that shadows a fixed column. */
export function checkTables(tables: Tables): void {
  for (const table of [tables.relationships, tables.citations, tables.entities, tables.sources, tables.withRetracted.relationships, tables.withRetracted.citations] as Array<Table<unknown>>) {
    const seen = new Set<string>();
    for (const column of table.columns) {
      if (seen.has(column.name)) throw new Error(`export table '${table.name}' has two columns named '${column.name}'`);
      seen.add(column.name);
    }
  }
}

