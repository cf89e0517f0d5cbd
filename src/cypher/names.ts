// Resolves what a user wrote in name arguments (`targeting`, `imposedBy`, `promoting`, `path`'s ends,
// `timeline`'s entity) to entities, and expands each match to the ids the question stands for — all
// arguments of a request in one statement. Exact look-ups only: the id itself (an index seek), or a name
// or alias equal to the text after folding (the full-text index finds candidates by phrase; the exact
// comparison against `nameKeys` happens here, so tokenising cannot widen a match).
import { API_CONTRACT } from './api-contract.ts';
import { GRAPH_VERSION } from './fragments.ts';
import type { CypherBuilder } from './projection/builder.ts';
import { FULLTEXT_INDEX } from './schema.ts';

/**
 * How a match is expanded: `narrower` — a technology and every narrower one (taxonomy edges, "is a kind
 * of"); `narrowerAndAreas` — the same over taxonomy and area edges ("an area of": the bottleneck areas of
 * the hi-tech sector);
 * `government` — an actor itself (not a country), plus, for a country or a government body, the
 * country's government bodies and the officials affiliated with them; `involved` — the entity itself plus,
 * for a country or government body, the same bodies and officials; `none` — the entity only.
 */
export type Expansion = 'none' | 'narrower' | 'narrowerAndAreas' | 'government' | 'involved';

/** The expansions that widen a technology to narrower ones. */
export const TECHNOLOGY_EXPANSIONS: readonly Expansion[] = ['narrower', 'narrowerAndAreas'];

export interface NameQuery {
  argument: string;
  /** The text as written (trimmed): compared with ids. */
  text: string;
  /** The folded name key (see src/text/fold.ts): compared with `nameKeys`. */
  key: string;
  /** A quoted Lucene phrase of the key: finds candidates in the full-text index. */
  phrase: string;
  /** Entity kinds allowed. */
  labels: string[];
  expand: Expansion;
  /** Taxonomy (and area) links followed by a technology expansion need at least this many independent sources (0: all). */
  minSources: number;
}

export function resolveNames(b: CypherBuilder, queries: NameQuery[]): string {
  const taxonomy = b.types([b.ontology.taxonomyType]);
  // Kind-of and area-of links: followed only for `narrowerAndAreas` (relationship types cannot be parameters).
  const withAreas = b.types([b.ontology.taxonomyType, ...(b.ontology.areaType ? [b.ontology.areaType] : [])]);
  const technology = b.param([...TECHNOLOGY_EXPANSIONS]);
  const government = b.param([...API_CONTRACT.governmentActorTypes]);
  const affiliated = b.types(['AFFILIATED_WITH']);
  const issuing = b.types([...API_CONTRACT.issuingTypes]);
  const targets = b.types(['TARGETS']);
  const promotes = b.types(['PROMOTES']);
  return `${GRAPH_VERSION}
UNWIND ${b.param(queries)} AS q
CALL (q) {
  CALL (q) {
    MATCH (n:Entity {id: q.text}) RETURN n
    UNION
    CALL db.index.fulltext.queryNodes('${FULLTEXT_INDEX}', q.phrase) YIELD node
    WITH node AS n LIMIT 200
    WHERE q.key IN n.nameKeys
    RETURN n
  }
  WITH n WHERE any(l IN labels(n) WHERE l IN q.labels)
  // The expansion yields nodes, so the editorial walk and the counts below start from them (a hub
  // country's 1 301 ids were sought again by id: 2 602 of the statement's 8 114 db hits on M).
  CALL (q, n) {
    WITH n WHERE NOT (q.expand = 'government' AND n:Country)
    RETURN n AS x
    UNION
    WITH n WHERE q.expand = 'narrower' AND n:Technology
    // Each reachable technology once (a pruning breadth-first expand), over links with enough sources.
    MATCH (x:Technology) (()-[l:${taxonomy} WHERE l.independentSources >= q.minSources]->())+ (n)
    RETURN DISTINCT x
    UNION
    WITH n WHERE q.expand = 'narrowerAndAreas' AND n:Technology
    MATCH (x:Technology) (()-[l:${withAreas} WHERE l.independentSources >= q.minSources]->())+ (n)
    RETURN DISTINCT x
    UNION
    WITH n WHERE q.expand IN ['government', 'involved'] AND (n:Country OR (n:Actor AND n.type IN ${government}))
    WITH CASE WHEN n:Country THEN n.id ELSE n.country END AS country
    MATCH (a:Actor) WHERE a.country = country AND a.type IN ${government}
    CALL (a) {
      RETURN a AS x
      UNION
      MATCH (o:Actor)-[:${affiliated}]->(a) RETURN o AS x
    }
    RETURN x
  }
  WITH q, n, collect(DISTINCT x) AS nodes
  WITH q, n, nodes, [x IN nodes | x.id] AS ids
  // Editorial taxonomy links (no independent source) among those the narrower expansion followed.
  CALL (q, n, nodes, ids) {
    WITH n, nodes, ids WHERE q.expand IN ${technology} AND n:Technology AND q.minSources = 0
    UNWIND nodes AS z
    MATCH (z)-[link:${withAreas}]->(y:Technology)
    WHERE q.expand = 'narrowerAndAreas' OR type(link) = ${b.param(b.ontology.taxonomyType)}
    WITH link, y, ids
    WHERE link.independentSources = 0 AND y.id IN ids
    RETURN collect(DISTINCT link.id) AS editorial
  }
  // The counts the caller prices its plans with: the degree always (paths, timelines), the others only
  // for the argument that uses them (a hub timeline's 1 301 ids would otherwise pay ~9 000 db hits for
  // three counts nobody reads).
  CALL (q, nodes) {
    UNWIND nodes AS x
    RETURN sum(COUNT { (x)--() }) AS degree,
           sum(CASE WHEN q.argument = 'targeting' THEN COUNT { (x)<-[:${targets}]-() } ELSE 0 END) AS targetedBy,
           sum(CASE WHEN q.argument = 'promoting' THEN COUNT { (x)<-[:${promotes}]-() } ELSE 0 END) AS promotedBy,
           sum(CASE WHEN q.argument = 'imposedBy' THEN COUNT { (x)-[:${issuing}]->() } ELSE 0 END) AS issues
  }
  RETURN collect({props: n {.id, .name}, labels: labels(n), ids: ids, editorial: editorial, degree: degree, targetedBy: targetedBy, promotedBy: promotedBy, issues: issues}) AS matches
}
RETURN graphVersion, q.argument AS argument, matches, COUNT { (:Policy) } AS policies, COUNT { (:Claim) } AS claims`;
}
