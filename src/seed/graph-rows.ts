// Row building: a validated graph (sources, entities, relationships with citations) → the rows the
// write path sends to Neo4j, one function per row kind. Pure: no I/O, no clock, same input → same rows
// (the graph version is a hash of these rows). Derived read-model properties (read-model.ts) join here.
import { cypherDate, type CypherDate } from '../db/values.ts';
import type { PartialDate } from '../ontology/partial-date.ts';
import { nameKey } from '../text/fold.ts';
import { UNCHECKED, type CitationVerification } from '../sources/verification.ts';
import { statedWhen, type ReadModel, type ReadProps } from './read-model.ts';
import type { SeedCitation, SeedNode, SeedRelationship, SeedSource } from './validate-seed.ts';

export type PropValue = string | number | boolean | string[] | CypherDate;
export type Props = Record<string, PropValue>;

/** Who wrote an item: the loader owns (and may prune) only items of these origins. */
export const LOADER_ORIGINS = ['seed', 'generated'] as const;
/** `api`: written through the API's curation (src/curation/); the loader never owns or prunes those. */
export type Origin = (typeof LOADER_ORIGINS)[number] | 'api';

/** What the row builders read of a relationship (SeedRelationship satisfies it; `modality` per contract 1). */
export type GraphRelationship = Pick<
  SeedRelationship,
  'id' | 'type' | 'from' | 'to' | 'modality' | 'properties' | 'dates' | 'citations' | 'independentSources' | 'sourceIds'
>;

export type GraphNode = Pick<SeedNode, 'id' | 'kind' | 'properties' | 'dates' | 'figures'>;
export type GraphSource = GraphNode & Pick<SeedSource, 'story' | 'counted'>;

/** What every row builder needs besides the item: who writes it and the load's read model. */
export interface RowContext {
  origin: Origin;
  model: ReadModel;
  /** The kind of an entity of the load, by id. */
  kindOf: (id: string) => string | undefined;
  /** The edge table's CSV line of a Claim from its properties, stored as `csvLine` (src/tables/stored-lines.ts). */
  claimLine?: (props: Readonly<Props>) => string;
}

export interface SourceRow {
  id: string;
  props: Props;
}
export interface EntityRow {
  id: string;
  kind: string;
  props: Props;
}
export interface EdgeRow {
  id: string;
  type: string;
  from: string;
  to: string;
  props: Props;
}
export interface ClaimRow {
  id: string;
  props: Props;
}
export interface CitationRow {
  claimId: string;
  sourceId: string;
  /** `<claim id>#<ordinal>@<source id>`: unique per citation. */
  key: string;
  props: Props;
}

/** `announced` → announcedStart, announcedEnd (DATE), announcedPrecision, announcedText, … */
function flattenDate(name: string, date: PartialDate, into: Props): void {
  if (date.start) into[`${name}Start`] = cypherDate(date.start);
  if (date.end) into[`${name}End`] = cypherDate(date.end);
  into[`${name}Precision`] = date.precision;
  if (date.text) into[`${name}Text`] = date.text;
  if (date.resolvedAgainst) into[`${name}ResolvedAgainst`] = date.resolvedAgainst;
  if (date.note) into[`${name}Note`] = date.note;
}

function nodeProps(node: GraphNode, origin: Origin, derived: ReadProps): Props {
  const props: Props = { id: node.id, origin };
  for (const key in node.properties) props[key] = node.properties[key]!;
  const aliases = Array.isArray(node.properties.aliases) ? node.properties.aliases : [];
  if (aliases.length > 0) props.aliasText = aliases.join(' | ');
  // Exact name look-ups compare these keys (the full-text index only finds candidates).
  if (typeof node.properties.name === 'string') {
    props.nameKeys = [...new Set([node.properties.name, ...aliases].map(nameKey))];
    props.nameKeyText = props.nameKeys.join(' | ');
  }
  if (node.figures.length > 0) props.figures = JSON.stringify(node.figures);
  for (const name in node.dates) flattenDate(name, node.dates[name]!, props);
  return Object.assign(props, derived);
}

/** A source's own date (its publication) as when* properties. */
function sourceWhen(source: GraphSource): ReadProps {
  const when = statedWhen(source.dates);
  return when ? { whenStart: cypherDate(when.start), whenEnd: cypherDate(when.end), whenPrecision: when.precision, whenField: when.field } : {};
}

export function sourceRow(source: GraphSource, ctx: RowContext): SourceRow {
  return { id: source.id, props: { ...nodeProps(source, ctx.origin, sourceWhen(source)), story: source.story, counted: source.counted } };
}

export function entityRow(entity: GraphNode, ctx: RowContext): EntityRow {
  return { id: entity.id, kind: entity.kind, props: nodeProps(entity, ctx.origin, ctx.model.entityProps(entity)) };
}

/** The domain edge: traversed by paths, neighbours and the taxonomy; carries qualifiers and dates. */
export function edgeRow(rel: GraphRelationship, ctx: RowContext): EdgeRow {
  const props: Props = { id: rel.id, origin: ctx.origin, independentSources: rel.independentSources, modality: rel.modality };
  for (const key in rel.properties) props[key] = rel.properties[key]!;
  for (const name in rel.dates) flattenDate(name, rel.dates[name]!, props);
  Object.assign(props, ctx.model.edgeProps(rel));
  return { id: rel.id, type: rel.type, from: rel.from, to: rel.to, props };
}

/**
 * The Claim node: every property of its domain edge (contract 4: reads never need the edge), its
 * read-model keys, and its own — the type, both endpoint ids, the cited sources, how many citations —
 * and, last, its row of the edge table as a CSV line (exports stream it as is).
 */
export function claimRow(rel: GraphRelationship, ctx: RowContext, edge: EdgeRow = edgeRow(rel, ctx)): ClaimRow {
  let verified = 0;
  for (const c of rel.citations) if (c.verified) verified++;
  const props: Props = {
    ...edge.props,
    ...ctx.model.claimProps(rel, ctx.kindOf),
    id: rel.id,
    origin: ctx.origin,
    type: rel.type,
    fromId: rel.from,
    toId: rel.to,
    independentSources: rel.independentSources,
    sourceIds: rel.sourceIds,
    citationCount: rel.citations.length,
    verifiedCitationCount: verified,
  };
  if (ctx.claimLine) props.csvLine = ctx.claimLine(props);
  return { id: rel.id, props };
}

/**
 * One `CITES` per citation, ordered by `ordinal`; `verified` only when the quote was found in this load,
 * and `verification` saying what was checked (src/sources/verification.ts): 'verified' with the digest of
 * the text it was found in, 'curation' with the digest and day the seed records, or 'unchecked'. No
 * clock here: a 'verified' citation was checked by the load that wrote it (GraphState.loadedAt).
 */
export function citationRows(rel: Pick<GraphRelationship, 'id' | 'citations'>): CitationRow[] {
  return rel.citations.map((c: SeedCitation, ordinal) => {
    // `verified` decides; `verification` adds the digest (a citation not verified now is never 'verified').
    const verification: CitationVerification = c.verified
      ? c.verification?.status === 'verified' ? c.verification : { status: 'verified' }
      : c.verification?.status === 'verified' ? UNCHECKED : (c.verification ?? UNCHECKED);
    const props: Props = { ordinal, quote: c.quote, verified: verification.status === 'verified', verification: verification.status };
    if (verification.digest) props.checkedDigest = verification.digest;
    if (verification.checkedAt) props.checkedAt = verification.checkedAt;
    if (c.mentionsFrom) props.mentionsFrom = c.mentionsFrom;
    if (c.mentionsTo) props.mentionsTo = c.mentionsTo;
    if (c.location) {
      props.paragraph = c.location.paragraph;
      props.offset = c.location.offset;
    }
    return { claimId: rel.id, sourceId: c.source, key: `${rel.id}#${ordinal}@${c.source}`, props };
  });
}
