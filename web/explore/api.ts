// The explorer's only way to the data: POSTs to the public GraphQL API (/graphql), the same questions an
// analyst can ask in the playground or the Python client. Every query the view runs is built here, so
// "copy as GraphQL" shows exactly these.

export const MODALITIES = ['STATED', 'ANNOUNCED', 'PROPOSED', 'UNDER_CONSIDERATION', 'REPORTED', 'DENIED'] as const;
export type Modality = (typeof MODALITIES)[number];
/** Asserted as intended or considered, not as done: drawn dashed. */
export const TENTATIVE: readonly Modality[] = ['PROPOSED', 'UNDER_CONSIDERATION'];

export interface EntityRef {
  id: string;
  name: string;
  kind: string;
}

export interface PartialDate {
  value: string | null;
  precision: string;
  basis?: string;
  start?: string | null;
  end?: string | null;
}

export interface Rel {
  id: string;
  type: string;
  modality: Modality;
  independentSources: number;
  citationCount: number;
  date: PartialDate | null;
  from: EntityRef;
  to: EntityRef;
}

export interface Filters {
  /** Relationship types to show; empty: all. */
  types: string[];
  /** Modalities to show; empty: all. */
  modality: Modality[];
  minSources: number;
  /** Date window (ISO days); undated relationships stay. */
  from?: string;
  to?: string;
}

export interface Answer<T> {
  data: T;
  graphVersion: string | null;
}

export class ApiError extends Error {
  constructor(message: string, readonly code?: string) {
    super(message);
  }
}

/** One POST to /graphql; GraphQL errors become an ApiError with the server's message and code. */
export async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<Answer<T>> {
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  let body: { data?: T; errors?: Array<{ message: string; extensions?: { code?: string } }> };
  try {
    body = await response.json();
  } catch {
    throw new ApiError(`The API answered HTTP ${response.status} without JSON.`);
  }
  if (body.errors?.length) throw new ApiError(body.errors.map((e) => e.message).join(' '), body.errors[0]?.extensions?.code);
  return { data: body.data as T, graphVersion: response.headers.get('chokepoint-graph-version') };
}

export const ENTITY = 'id name kind';
export const REL = `id type modality independentSources citationCount date { value precision start end } from { ${ENTITY} } to { ${ENTITY} }`;

export const SEARCH = `query Search($text: String!) {
  search(text: $text, first: 8) { exact matched entity { ${ENTITY} } }
}`;

export const TYPES = `query RelationshipTypes { relationshipTypes { type description } }`;

/** The variables' declarations and the per-entity arguments shared by the page and the count requests. */
function neighbourhoodParams(count: number): string[] {
  const params: string[] = ['$types: [String!]', '$modality: [Modality!]', '$minSources: Int'];
  for (let i = 0; i < count; i++) params.push(`$id${i}: ID!`, `$first${i}: Int!`);
  return params;
}

const FILTER_ARGS = 'types: $types, modality: $modality, minSources: $minSources';

/**
 * The neighbourhoods of several entities in one request (aliases n0out, n0in, …): one round trip per
 * redraw. Capped pages only — whether there is more comes from `pageInfo.hasNextPage` (the API reads one
 * row past the page); how many more is `neighbourhoodCountsQuery`, asked after the drawing, because at a
 * hub a filtered count walks every relationship the filters could match (33 k on M's largest).
 */
export function neighbourhoodsQuery(count: number): string {
  const fields: string[] = [];
  for (let i = 0; i < count; i++) {
    fields.push(
      `  e${i}: entity(id: $id${i}) { ${ENTITY} }`,
      `  n${i}out: relationships(from: $id${i}, ${FILTER_ARGS}, first: $first${i}) { pageInfo { hasNextPage } nodes { ${REL} } }`,
      `  n${i}in: relationships(to: $id${i}, ${FILTER_ARGS}, first: $first${i}) { pageInfo { hasNextPage } nodes { ${REL} } }`,
    );
  }
  return `query Neighbourhoods(${neighbourhoodParams(count).join(', ')}) {\n${fields.join('\n')}\n}`;
}

/** How many relationships each expanded entity has in each direction with the filters: the "n more…" figures. */
export function neighbourhoodCountsQuery(count: number): string {
  const fields: string[] = [];
  for (let i = 0; i < count; i++) {
    // `first` is not needed for a count; the variables are shared with the page request, so it is declared and passed anyway.
    fields.push(
      `  n${i}out: relationships(from: $id${i}, ${FILTER_ARGS}, first: $first${i}) { totalCount }`,
      `  n${i}in: relationships(to: $id${i}, ${FILTER_ARGS}, first: $first${i}) { totalCount }`,
    );
  }
  return `query NeighbourhoodCounts(${neighbourhoodParams(count).join(', ')}) {\n${fields.join('\n')}\n}`;
}

export function neighbourhoodVariables(expanded: Array<{ id: string; first: number }>, filters: Filters): Record<string, unknown> {
  const variables: Record<string, unknown> = {
    types: filters.types.length ? filters.types : null,
    modality: filters.modality.length ? filters.modality : null,
    minSources: filters.minSources || null,
  };
  expanded.forEach((entry, i) => {
    variables[`id${i}`] = entry.id;
    variables[`first${i}`] = entry.first;
  });
  return variables;
}

export interface Neighbourhood {
  entity: EntityRef | null;
  rels: Rel[];
  /** True when either direction has relationships past the drawn page (with the filters). */
  more: boolean;
}

type PageData = Record<string, { pageInfo: { hasNextPage: boolean }; nodes: Rel[] } | EntityRef | null>;

export async function fetchNeighbourhoods(expanded: Array<{ id: string; first: number }>, filters: Filters): Promise<Answer<Neighbourhood[]>> {
  if (expanded.length === 0) return { data: [], graphVersion: null };
  const answer = await gql<PageData>(neighbourhoodsQuery(expanded.length), neighbourhoodVariables(expanded, filters));
  const data = expanded.map((_, i) => {
    const out = answer.data[`n${i}out`] as { pageInfo: { hasNextPage: boolean }; nodes: Rel[] };
    const inn = answer.data[`n${i}in`] as { pageInfo: { hasNextPage: boolean }; nodes: Rel[] };
    return { entity: answer.data[`e${i}`] as EntityRef | null, rels: [...out.nodes, ...inn.nodes], more: out.pageInfo.hasNextPage || inn.pageInfo.hasNextPage };
  });
  return { data, graphVersion: answer.graphVersion };
}

/** Relationships the filters match, both directions added, per expanded entity (in the order given). */
export async function fetchNeighbourhoodCounts(expanded: Array<{ id: string; first: number }>, filters: Filters): Promise<number[]> {
  if (expanded.length === 0) return [];
  const answer = await gql<Record<string, { totalCount: number }>>(neighbourhoodCountsQuery(expanded.length), neighbourhoodVariables(expanded, filters));
  return expanded.map((_, i) => answer.data[`n${i}out`]!.totalCount + answer.data[`n${i}in`]!.totalCount);
}

export const ENTITIES = (count: number) =>
  `query Entities(${Array.from({ length: count }, (_, i) => `$id${i}: ID!`).join(', ')}) {\n${Array.from({ length: count }, (_, i) => `  e${i}: entity(id: $id${i}) { ${ENTITY} }`).join('\n')}\n}`;

const FIGURE = 'name value unit approximate quote source { id title publisher }';
export const ENTITY_DETAILS = `query EntityDetails($id: ID!) {
  entity(id: $id) {
    ${ENTITY} aliases description
    ... on Actor { actorType: type figures { ${FIGURE} } }
    ... on Policy { policyType: type status date { value precision basis } figures { ${FIGURE} } }
    ... on Technology { technologyType: type figures { ${FIGURE} } }
    ... on Country { iso2 }
    ... on Goal { goalType: type }
  }
  timeline(entity: $id, first: 40) { totalCount nodes { id kind title date { value precision basis start } } }
}`;

export interface Figure {
  name: string;
  value: number;
  unit: string;
  approximate: boolean;
  quote: string;
  source: { id: string; title: string | null; publisher: string | null };
}

export interface EntityDetails extends EntityRef {
  aliases: string[];
  description: string | null;
  figures?: Figure[];
  actorType?: string;
  policyType?: string;
  technologyType?: string;
  goalType?: string;
  status?: string;
  iso2?: string | null;
  date?: PartialDate | null;
}

export interface TimelineEvent {
  id: string;
  kind: string;
  title: string;
  date: PartialDate;
}

const CITATION = `quote verified paragraph mentionsFrom mentionsTo source { id title publisher publishedOn published { value } type countsAsIndependent file }`;
export const EVIDENCE = `query Evidence($from: ID!, $to: ID!, $types: [String!]) {
  relationships(from: $from, to: $to, types: $types, first: 20) {
    nodes { ${REL} summary sourceCount qualifiers { name value } citations(first: 500) { ${CITATION} } }
  }
}`;

/** A policy with every relationship it has (both directions) and their citations: a timeline event's evidence. */
export const POLICY_EVIDENCE = `query PolicyEvidence($id: ID!) {
  entity(id: $id) {
    ${ENTITY} aliases description
    ... on Policy { status date { value precision basis } evidence(first: 50) { ${REL} summary sourceCount qualifiers { name value } citations(first: 100) { ${CITATION} } } }
  }
}`;

export interface Citation {
  quote: string;
  verified: boolean;
  paragraph: number | null;
  mentionsFrom: string | null;
  mentionsTo: string | null;
  source: {
    id: string;
    title: string | null;
    publisher: string | null;
    publishedOn: string | null;
    published: { value: string | null } | null;
    type: string;
    countsAsIndependent: boolean;
    file: string;
  };
}

export interface RelDetails extends Rel {
  summary: string;
  sourceCount: number;
  qualifiers: Array<{ name: string; value: string }>;
  citations: Citation[];
}

export const PATHS = `query Routes($from: ID!, $to: ID!, $minSources: Int) {
  path(from: $from, to: $to, maxHops: 4, limit: 5, minSources: $minSources) {
    length weakestHop totalSources
    hops { forward relationship { ${REL} citations(first: 20) { ${CITATION} } } }
  }
}`;

export interface Route {
  length: number;
  weakestHop: number;
  totalSources: number;
  hops: Array<{ forward: boolean; relationship: Rel & { citations: Citation[] } }>;
}
