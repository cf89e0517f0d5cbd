// The questions of the benchmark, each asked three ways: the Chokepoint API (its GraphQL contract),
// hand-written Cypher through the raw driver, and @neo4j/graphql 7 (bench/neo4j-graphql/type-defs.graphql).
// Each way has a function that turns its answer into one canonical shape, so the three can be compared.
import type { CypherQuery, Row } from '../../src/db/executor.ts';
import type { Anchors } from './anchors.ts';
import * as raw from './raw-cypher.ts';
import { choosePaths, type CandidatePath } from '../../src/repository/path-choice.ts';

export type SystemName = 'chokepoint' | 'raw' | 'neo4jGraphql';
export const SYSTEMS: readonly SystemName[] = ['chokepoint', 'raw', 'neo4jGraphql'];
export const SYSTEM_LABELS: Record<SystemName, string> = {
  chokepoint: 'Chokepoint API',
  raw: 'raw driver',
  neo4jGraphql: '@neo4j/graphql',
};

export interface GraphqlRequest {
  query: string;
  variables: Record<string, unknown>;
}

/** A @neo4j/graphql question that needs client work and a second request (inside the timed call). */
export interface FollowUp {
  then: (data: any, post: (request: GraphqlRequest) => Promise<any>) => Promise<unknown>;
}

export interface Question {
  key: string;
  title: string;
  chokepoint: GraphqlRequest;
  /** `then`: client work on the rows that is part of answering (inside the timed call). */
  raw: { statement: CypherQuery; params: Record<string, unknown>; then?: (rows: Row[]) => unknown };
  neo4jGraphql: GraphqlRequest & Partial<FollowUp>;
  /** How @neo4j/graphql is asked, when it lacks the API's feature (shown in the report). */
  fairness?: string;
  canonical: Record<SystemName, (answer: any) => unknown>;
}

/** What the questions need besides the anchors, worked out once before any timing (see prepare.ts). */
export interface Prepared {
  /**
   * How the raw statement finds the broadest target's page: `walk` policies in date order (when most
   * policies fall under the target), or `anchored` on the target like the narrow one (when few do).
   */
  broadStatement: 'walk' | 'anchored';
  /** Share of all policies under the broad target. */
  broadShare: number;
  narrowIds: string[];
  broadIds: string[];
  timelineIds: string[];
  /** How the raw statement (and the @neo4j/graphql @cypher field) finds a timeline page: `walk` all events in date order (large sets), or `anchored` on the set's entities. */
  timelineStatement: 'walk' | 'anchored';
  /** The API's first-pass (exact and prefix) Lucene query. */
  searchQuery: string;
  /** The API's typo-tolerant Lucene query (its second pass). */
  searchFuzzyQuery: string;
  /** The folded search text (exact name or alias matches rank first). */
  searchKey: string;
  governmentTypes: readonly string[];
}

type Json = any;

const HEADLINE_PAGE = 20;
const ENTITY_PAGE = 20;
const SEARCH_TOP = 10;
const TABLE_PAGE = 100;
const PATH_LIMIT = 5;
const TIMELINE_PAGE = 50;

// --- canonical shapes ----------------------------------------------------------------------------

const citation = (quote: string, source: string) => ({ quote, source });
/**
 * A date as the API states it. The read model stores an open first day (a NOT_AFTER event) as
 * 0001-01-01 so that it sorts first (src/seed/read-model.ts OPEN_START); the API answers null there, and
 * an application reading the driver would map it the same way. `end` is compared when the question asks it.
 */
const OPEN_START = '0001-01-01';
const dated = (start: string | null | undefined, precision: string | null | undefined, end?: string | null) => {
  const open = start === OPEN_START ? null : (start ?? null);
  if (!open && !end) return null;
  return { start: open, precision: String(precision).toLowerCase(), ...(end === undefined ? {} : { end: end ?? null }) };
};
const ref = (e: Json) => ({ id: e.id, name: e.name });

/** @neo4j/graphql citations come as a connection sorted by ordinal. */
const ngCitations = (connection: Json) => connection.edges.map((e: Json) => citation(e.properties.quote, e.node.id));
const cpCitations = (list: Json[]) => list.map((c) => citation(c.quote, c.source.id));
const rawCitations = (list: Json[]) => list.map((c) => citation(c.quote, c.source));

// --- GraphQL documents ----------------------------------------------------------------------------

const CP_HEADLINE = `query Headline($target: String!, $first: Int!) {
  measures(targeting: $target, first: $first) {
    nodes {
      id name type status
      date { start precision }
      issuers { id name }
      targets { id name }
      evidence(types: ["ISSUED", "TARGETS"]) { id type citations { quote source { id } } }
    }
  }
}`;

const NG_HEADLINE = `query Headline($ids: [ID!]!, $first: Int!) {
  policies(where: { targets: { some: { id: { in: $ids } } } }, sort: [{ whenStart: ASC }, { id: ASC }], limit: $first) {
    id name type status whenStart whenPrecision
    issuers(sort: [{ name: ASC }], limit: 100) { id name }
    targets(sort: [{ name: ASC }], limit: 25) { id name }
    evidence(types: ["ISSUED", "TARGETS"], first: 25) {
      id type
      citationsConnection(sort: [{ edge: { ordinal: ASC } }]) { edges { properties { quote } node { id } } }
    }
  }
}`;

const CP_COUNT = `query HeadlineCount($target: String!) { measures(targeting: $target) { totalCount } }`;
const NG_COUNT = `query HeadlineCount($ids: [ID!]!) { policiesConnection(where: { targets: { some: { id: { in: $ids } } } }) { totalCount } }`;

const CP_ENTITY = `query EntityPage($id: ID!, $first: Int!) {
  entity(id: $id) {
    id name kind aliases description
    relationships(first: $first) {
      totalCount
      nodes { id type from { id name } to { id name } independentSources citations { quote source { id } } }
    }
  }
}`;

const NG_ENTITY = `query EntityPage($id: ID!, $first: Int!) {
  entities(where: { id: { eq: $id } }) { __typename id name aliases description }
  claimsConnection(where: { OR: [{ fromId: { eq: $id } }, { toId: { eq: $id } }] }, sort: [{ id: ASC }], first: $first) {
    totalCount
    edges {
      node {
        id type independentSources
        from { id name }
        to { id name }
        citationsConnection(sort: [{ edge: { ordinal: ASC } }]) { edges { properties { quote } node { id } } }
      }
    }
  }
}`;

const CP_SEARCH = `query Search($text: String!, $first: Int!) { search(text: $text, first: $first) { score matched entity { id name kind } } }`;
const NG_SEARCH = `query Search($query: String!, $fuzzy: String!, $key: String!, $first: Int!) { searchEntities(query: $query, fuzzy: $fuzzy, key: $key, first: $first) { __typename id name } }`;

const CP_TABLE = `query EdgeTable($first: Int!) {
  relationships(first: $first) {
    pageInfo { hasNextPage endCursor }
    nodes { id type from { id } to { id } independentSources citations { quote source { id } } }
  }
}`;

// A list, not claimsConnection: the library's connection counts and collects the whole Claim table
// first, which on M (500 k claims) exceeds Neo4j's transaction memory (2.8 GiB) and fails after ~30 s.
const NG_TABLE = `query EdgeTable($first: Int!) {
  claims(sort: [{ id: ASC }], limit: $first) {
    id type fromId toId independentSources
    citationsConnection(sort: [{ edge: { ordinal: ASC } }]) { edges { properties { quote } node { id } } }
  }
}`;

const CP_PATH = `query Path($from: ID!, $to: ID!, $limit: Int!) {
  path(from: $from, to: $to, maxHops: 4, limit: $limit) {
    nodes { id }
    hops { relationship { id type citations { quote source { id } } } }
  }
}`;

const NG_PATH = `query PathCandidates($from: ID!, $to: ID!) { pathCandidates(from: $from, to: $to) }`;

const NG_PATH_HOPS = `query PathHops($ids: [ID!]!) {
  claims(where: { id: { in: $ids } }) {
    id type
    citationsConnection(sort: [{ edge: { ordinal: ASC } }]) { edges { properties { quote } node { id } } }
  }
}`;

const CP_TIMELINE = `query Timeline($entity: ID!, $first: Int!) {
  timeline(entity: $entity, first: $first) {
    nodes {
      id kind date { start end precision }
      policy { id name }
      relationship { id type from { id name } to { id name } }
    }
  }
}`;

const NG_TIMELINE = `query Timeline($ids: [ID!]!, $first: Int!) {
  timeline(entityIds: $ids, first: $first) {
    __typename
    ... on Policy { id name whenStart whenEnd whenPrecision }
    ... on Claim { id type whenStart whenEnd whenPrecision from { id name } to { id name } }
  }
}`;

/** The same question through the walking @cypher field (aliased, so the answer has the same shape). */
const NG_TIMELINE_WALK = NG_TIMELINE.replace('timeline(entityIds:', 'timeline: timelineWalk(entityIds:');

// --- canonical answers -------------------------------------------------------------------------------

const headlineCanonical: Question['canonical'] = {
  chokepoint: (data: Json) =>
    data.measures.nodes.map((p: Json) => ({
      id: p.id,
      name: p.name,
      type: p.type.toLowerCase(),
      status: p.status.toLowerCase(),
      date: dated(p.date?.start, p.date?.precision),
      issuers: p.issuers.map(ref),
      targets: p.targets.map(ref),
      evidence: p.evidence.map((r: Json) => ({ id: r.id, type: r.type, citations: cpCitations(r.citations) })),
    })),
  raw: (rows: Row[]) =>
    rows.map((p: Json) => ({
      id: p.id,
      name: p.name,
      type: p.type,
      status: p.status,
      date: dated(p.start, p.precision),
      issuers: p.issuers.map(ref),
      targets: p.targets.map(ref),
      evidence: p.evidence.map((r: Json) => ({ id: r.id, type: r.type, citations: rawCitations(r.citations) })),
    })),
  neo4jGraphql: (data: Json) =>
    data.policies.map((p: Json) => ({
      id: p.id,
      name: p.name,
      type: p.type,
      status: p.status,
      date: dated(p.whenStart, p.whenPrecision),
      issuers: p.issuers.map(ref),
      targets: p.targets.map(ref),
      evidence: p.evidence.map((r: Json) => ({ id: r.id, type: r.type, citations: ngCitations(r.citationsConnection) })),
    })),
};

const countCanonical: Question['canonical'] = {
  chokepoint: (data: Json) => data.measures.totalCount,
  raw: (rows: Row[]) => Number(rows[0]?.total),
  neo4jGraphql: (data: Json) => data.policiesConnection.totalCount,
};

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

interface PathHop {
  id: string;
  type: string;
  citations: unknown[];
}

/** Chosen paths as their entities and hops with citations, in the API's order. */
const pathShape = (nodeIds: string[], hops: PathHop[]) => ({ nodeIds, hops: hops.map((h) => ({ id: h.id, type: h.type, citations: h.citations })) });

/** The raw candidates (hops carry citations), ranked and picked the way the API picks. */
function chooseRawPaths(rows: Row[], limit: number) {
  return choosePaths(rows as unknown as CandidatePath[], limit).map((p) =>
    pathShape(p.nodeIds, (p.hops as unknown as Array<PathHop & { citations: Json[] }>).map((h) => ({ ...h, citations: rawCitations(h.citations) }))),
  );
}

/** @neo4j/graphql: candidates as JSON, picked client-side, then the chosen hops' citations in a second request. */
async function chooseNeo4jGraphqlPaths(data: Json, post: (request: GraphqlRequest) => Promise<Json>, limit: number) {
  const chosen = choosePaths((data.pathCandidates as string[]).map((json) => JSON.parse(json) as CandidatePath), limit);
  const ids = [...new Set(chosen.flatMap((p) => p.hops.map((h) => h.id)))];
  const claims = ids.length > 0 ? ((await post({ query: NG_PATH_HOPS, variables: { ids } })).claims as Json[]) : [];
  const byId = new Map(claims.map((c) => [c.id, { id: c.id, type: c.type, citations: ngCitations(c.citationsConnection) }]));
  return chosen.map((p) => pathShape(p.nodeIds, p.hops.map((h) => byId.get(h.id)!)));
}

export function buildQuestions(anchors: Anchors, prepared: Prepared): Question[] {
  const governmentTypes = prepared.governmentTypes;
  const headline = (key: string, title: string, target: { id: string; name: string }, ids: string[], statement: CypherQuery): Question => ({
    key,
    title,
    chokepoint: { query: CP_HEADLINE, variables: { target: target.name, first: HEADLINE_PAGE } },
    raw: { statement, params: { target: target.id, first: HEADLINE_PAGE } },
    neo4jGraphql: { query: NG_HEADLINE, variables: { ids, first: HEADLINE_PAGE } },
    fairness: `given the pre-expanded technology ids (${ids.length}; no name resolution or taxonomy expansion); evidence through a @cypher field`,
    canonical: headlineCanonical,
  });
  const count = (key: string, title: string, target: { id: string; name: string }, ids: string[]): Question => ({
    key,
    title,
    chokepoint: { query: CP_COUNT, variables: { target: target.name } },
    raw: { statement: raw.headlineCount, params: { target: target.id } },
    neo4jGraphql: { query: NG_COUNT, variables: { ids } },
    fairness: `given the pre-expanded technology ids (${ids.length})`,
    canonical: countCanonical,
  });

  return [
    headline('headline-narrow', `headline: measures(targeting: "${anchors.narrowTarget.name}"), ${HEADLINE_PAGE} rows with issuers, targets, citations`, anchors.narrowTarget, prepared.narrowIds, raw.headline),
    headline('headline-broad', `headline, broadest target: measures(targeting: "${anchors.broadTarget.name}"), ${HEADLINE_PAGE} rows (${Math.round(prepared.broadShare * 100)} % of all policies fall under it; raw statement: ${prepared.broadStatement === 'walk' ? 'date-order walk' : 'anchored on the target'})`, anchors.broadTarget, prepared.broadIds, prepared.broadStatement === 'walk' ? raw.headlineBroad : raw.headline),
    count('count-narrow', `totalCount of the headline ("${anchors.narrowTarget.name}")`, anchors.narrowTarget, prepared.narrowIds),
    count('count-broad', `totalCount, broadest target ("${anchors.broadTarget.name}")`, anchors.broadTarget, prepared.broadIds),
    {
      key: 'entity-page',
      title: `entity page: ${anchors.entityHub.name} with ${ENTITY_PAGE} relationships, endpoints, citations, totalCount`,
      chokepoint: { query: CP_ENTITY, variables: { id: anchors.entityHub.id, first: ENTITY_PAGE } },
      raw: { statement: raw.entityPage, params: { id: anchors.entityHub.id, first: ENTITY_PAGE } },
      neo4jGraphql: { query: NG_ENTITY, variables: { id: anchors.entityHub.id, first: ENTITY_PAGE } },
      fairness: 'relationships read as Claims by fromId/toId (generated filters); endpoints through @cypher fields',
      canonical: {
        chokepoint: (data: Json) => {
          const e = data.entity;
          return {
            entity: { id: e.id, name: e.name, kind: e.kind.toLowerCase(), aliases: e.aliases, description: e.description ?? null },
            total: e.relationships.totalCount,
            relationships: e.relationships.nodes.map((r: Json) => ({
              id: r.id,
              type: r.type,
              from: ref(r.from),
              to: ref(r.to),
              independentSources: r.independentSources,
              citations: cpCitations(r.citations),
            })),
          };
        },
        raw: (rows: Row[]) => {
          const e: Json = rows[0];
          return {
            entity: { id: e.id, name: e.name, kind: e.kind.toLowerCase(), aliases: e.aliases ?? [], description: e.description ?? null },
            total: Number(e.total),
            relationships: e.relationships.map((r: Json) => ({
              id: r.id,
              type: r.type,
              from: ref(r.from),
              to: ref(r.to),
              independentSources: Number(r.independentSources),
              citations: rawCitations(r.citations),
            })),
          };
        },
        neo4jGraphql: (data: Json) => {
          const e = data.entities[0];
          return {
            entity: { id: e.id, name: e.name, kind: e.__typename.toLowerCase(), aliases: e.aliases ?? [], description: e.description ?? null },
            total: data.claimsConnection.totalCount,
            relationships: data.claimsConnection.edges.map(({ node: r }: Json) => ({
              id: r.id,
              type: r.type,
              from: ref(r.from),
              to: ref(r.to),
              independentSources: r.independentSources,
              citations: ngCitations(r.citationsConnection),
            })),
          };
        },
      },
    },
    {
      key: 'search',
      title: `search "${anchors.searchText}", top ${SEARCH_TOP}`,
      chokepoint: { query: CP_SEARCH, variables: { text: anchors.searchText, first: SEARCH_TOP } },
      raw: { statement: raw.search, params: { query: prepared.searchQuery, fuzzy: prepared.searchFuzzyQuery, key: prepared.searchKey, first: SEARCH_TOP } },
      neo4jGraphql: { query: NG_SEARCH, variables: { query: prepared.searchQuery, fuzzy: prepared.searchFuzzyQuery, key: prepared.searchKey, first: SEARCH_TOP } },
      fairness: "a @cypher query field over the same full-text index, given the Lucene query and folded text the API builds (no 'matched' or score)",
      canonical: {
        chokepoint: (data: Json) => data.search.map((h: Json) => ({ id: h.entity.id, name: h.entity.name, kind: h.entity.kind.toLowerCase() })),
        raw: (rows: Row[]) => rows.map((h: Json) => ({ id: h.id, name: h.name, kind: h.kind.toLowerCase() })),
        neo4jGraphql: (data: Json) => data.searchEntities.map((h: Json) => ({ id: h.id, name: h.name, kind: h.__typename.toLowerCase() })),
      },
    },
    {
      key: 'edge-table',
      title: `edge table: first page of ${TABLE_PAGE} with citations`,
      chokepoint: { query: CP_TABLE, variables: { first: TABLE_PAGE } },
      raw: { statement: raw.edgeTable, params: { first: TABLE_PAGE } },
      neo4jGraphql: { query: NG_TABLE, variables: { first: TABLE_PAGE } },
      fairness: 'a list with sort and limit (its connection form collects the whole table: on M it fails on the transaction memory limit)',
      canonical: {
        chokepoint: (data: Json) =>
          data.relationships.nodes.map((r: Json) => ({
            id: r.id,
            type: r.type,
            fromId: r.from.id,
            toId: r.to.id,
            independentSources: r.independentSources,
            citations: cpCitations(r.citations),
          })),
        raw: (rows: Row[]) =>
          rows.map((r: Json) => ({
            id: r.id,
            type: r.type,
            fromId: r.fromId,
            toId: r.toId,
            independentSources: Number(r.independentSources),
            citations: rawCitations(r.citations),
          })),
        neo4jGraphql: (data: Json) =>
          data.claims.map((r: Json) => ({
            id: r.id,
            type: r.type,
            fromId: r.fromId,
            toId: r.toId,
            independentSources: r.independentSources,
            citations: ngCitations(r.citationsConnection),
          })),
      },
    },
    {
      key: 'path',
      title: `path ${anchors.pathFrom.name} → ${anchors.pathTo.name}: the ${PATH_LIMIT} best-supported distinct routes of up to 4 hops, with citations`,
      chokepoint: { query: CP_PATH, variables: { from: anchors.pathFrom.name, to: anchors.pathTo.name, limit: PATH_LIMIT } },
      raw: { statement: raw.pathCandidates, params: { from: anchors.pathFrom.id, to: anchors.pathTo.id }, then: (rows) => chooseRawPaths(rows, PATH_LIMIT) },
      neo4jGraphql: {
        query: NG_PATH,
        variables: { from: anchors.pathFrom.id, to: anchors.pathTo.id },
        then: (data, post) => chooseNeo4jGraphqlPaths(data, post, PATH_LIMIT),
      },
      fairness:
        'a @cypher query field given ids returns the candidate trails as JSON; routes are picked client-side with the API\'s own ranking (as for the raw driver), then a second request fetches the chosen hops\' citations',
      canonical: {
        chokepoint: (data: Json) =>
          data.path.map((p: Json) =>
            pathShape(
              p.nodes.map((n: Json) => n.id),
              p.hops.map((h: Json) => ({ id: h.relationship.id, type: h.relationship.type, citations: cpCitations(h.relationship.citations) })),
            ),
          ),
        raw: (answer: unknown) => answer,
        neo4jGraphql: (answer: unknown) => answer,
      },
    },
    {
      key: 'timeline',
      title: `timeline of ${anchors.timelineHub.name} (with its government bodies and officials: ${prepared.timelineIds.length} entities), first ${TIMELINE_PAGE} (raw statement: ${prepared.timelineStatement === 'walk' ? 'date-order walk' : 'anchored on the entities'})`,
      chokepoint: { query: CP_TIMELINE, variables: { entity: anchors.timelineHub.name, first: TIMELINE_PAGE } },
      raw:
        prepared.timelineStatement === 'walk'
          ? { statement: raw.timelineWalk, params: { ids: prepared.timelineIds, first: TIMELINE_PAGE } }
          : { statement: raw.timeline, params: { hub: anchors.timelineHub.id, first: TIMELINE_PAGE, governmentTypes } },
      neo4jGraphql: { query: prepared.timelineStatement === 'walk' ? NG_TIMELINE_WALK : NG_TIMELINE, variables: { ids: prepared.timelineIds, first: TIMELINE_PAGE } },
      fairness: `a @cypher query field returning a Policy | Claim union, given the pre-expanded entity ids (${prepared.timelineIds.length}: the hub, its government bodies and their officials)`,
      canonical: {
        chokepoint: (data: Json) =>
          data.timeline.nodes.map((e: Json) => ({
            id: e.id,
            date: dated(e.date.start, e.date.precision, e.date.end),
            policy: e.policy ? ref(e.policy) : null,
            relationship: e.relationship
              ? { id: e.relationship.id, type: e.relationship.type, from: ref(e.relationship.from), to: ref(e.relationship.to) }
              : null,
          })),
        raw: (rows: Row[]) =>
          rows.map((e: Json) => ({
            id: e.key,
            date: dated(e.start, e.precision, e.end),
            policy: e.policy ? ref(e.policy) : null,
            relationship: e.relationship
              ? { id: e.relationship.id, type: e.relationship.type, from: ref(e.relationship.from), to: ref(e.relationship.to) }
              : null,
          })),
        neo4jGraphql: (data: Json) =>
          data.timeline.map((e: Json) =>
            e.__typename === 'Policy'
              ? { id: `policy:${e.id}`, date: dated(e.whenStart, e.whenPrecision, e.whenEnd), policy: ref(e), relationship: null }
              : {
                  id: `relationship:${e.id}`,
                  date: dated(e.whenStart, e.whenPrecision, e.whenEnd),
                  policy: null,
                  relationship: { id: e.id, type: e.type, from: ref(e.from), to: ref(e.to) },
                },
          ),
      },
    },
  ];
}
