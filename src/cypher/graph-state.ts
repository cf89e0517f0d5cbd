// The graph's one bookkeeping node, (:GraphState {id: 'graph'}) (contract 3, decision 0007): whether a
// load is running, and the version of the last completed one. Written only by the loader
// (src/seed/write-graph.ts); read by the API, /ready and the exports through `readGraphState`.
import { cypher } from '../db/executor.ts';
import type { Row } from '../db/executor.ts';
import { GRAPH_VERSION } from './fragments.ts';

export type GraphStatus = 'loading' | 'ready';

export interface GraphState {
  /** 'loading' from before a load's first batch until after its last; 'ready' after a completed load. */
  status: GraphStatus;
  /**
   * Content-derived hex string: the hash of every row the completed load wrote. Unchanged content →
   * unchanged version. Null while a load runs (the graph is then a mix of two loads).
   */
  version: string | null;
  /** The version the running load will give the graph (while loading), or the last one (when ready). */
  loadingVersion: string | null;
  /** ISO datetime of the last completed load. */
  loadedAt: string | null;
  /** ISO datetime the last (or running) load started. */
  loadStartedAt: string | null;
  /** Counts the last completed load wrote. */
  counts: { sources: number; entities: number; relationships: number; citations: number; verifiedCitations: number } | null;
}

/** One row, or none on a graph no load has written. */
export const readGraphState = cypher(
  'graphState.read',
  `
MATCH (g:GraphState {id: 'graph'})
RETURN g.status AS status, g.version AS version, g.loadingVersion AS loadingVersion,
       g.loadedAt AS loadedAt, g.loadStartedAt AS loadStartedAt, g.seedVersion AS seedVersion,
       g.sources AS sources, g.entities AS entities, g.relationships AS relationships,
       g.citations AS citations, g.verifiedCitations AS verifiedCitations
`,
);

/** The row of `readGraphState` as a GraphState; undefined when no load ever ran. */
export function toGraphState(row: Row | undefined): GraphState | undefined {
  // No status: the node holds only a load lock (src/cypher/load-lock.ts) taken before any load marked it.
  if (!row || row.status === null || row.status === undefined) return undefined;
  const str = (v: unknown) => (typeof v === 'string' ? v : null);
  const num = (v: unknown) => (typeof v === 'number' ? v : 0);
  return {
    status: row.status === 'ready' ? 'ready' : 'loading',
    version: str(row.version),
    loadingVersion: str(row.loadingVersion),
    loadedAt: str(row.loadedAt),
    loadStartedAt: str(row.loadStartedAt),
    counts:
      row.relationships === null || row.relationships === undefined
        ? null
        : {
            sources: num(row.sources),
            entities: num(row.entities),
            relationships: num(row.relationships),
            citations: num(row.citations),
            verifiedCitations: num(row.verifiedCitations),
          },
  };
}

/** Before a load's first batch: the graph is changing, so it has no version until the load completes. */
export const markLoading = cypher(
  'graphState.markLoading',
  `
MERGE (g:GraphState {id: 'graph'})
SET g.status = 'loading', g.version = null, g.loadingVersion = $version, g.loadStartedAt = $startedAt
`,
);

/**
 * After a load's last batch (and its prune): the graph is what the load holds plus what reviewed changes
 * kept (src/seed/write-graph.ts completeLoad). `seedVersion` is the load's own content hash; `version`
 * is the same unless accepted changes exist.
 */
export const markReady = cypher(
  'graphState.markReady',
  `
MERGE (g:GraphState {id: 'graph'})
SET g.status = 'ready', g.version = $version, g.loadingVersion = $version, g.seedVersion = $seedVersion, g.loadedAt = $loadedAt,
    g.csvLineFormat = $csvLineFormat, g.sources = $counts.sources, g.entities = $counts.entities, g.relationships = $counts.relationships,
    g.citations = $counts.citations, g.verifiedCitations = $counts.verifiedCitations
`,
);

/**
 * Whether changes were accepted through the API (src/curation/), and the version after the last one:
 * a load then keeps counting and versioning from them instead of resetting to the seed's.
 */
export const curationHead = cypher(
  'graphState.curationHead',
  `OPTIONAL MATCH (g:GraphState {id: 'graph'}) RETURN coalesce(g.changeSeq, 0) AS changeSeq, coalesce(g.changeVersion, g.version, toString(g.changeSeq)) AS changeVersion`,
);

/**
 * What the graph holds, counted from the graph itself (count store, and one pass over the citations for
 * the verified ones): after a load into a graph that API changes also wrote, the load's own counts
 * would leave those out.
 */
export const graphCounts = cypher(
  'graphState.graphCounts',
  `
RETURN COUNT { (:Source) } AS sources, COUNT { (:Entity) } AS entities, COUNT { (:Claim) } AS relationships,
       COUNT { (:Claim)-[:CITES]->() } AS citations, COUNT { MATCH (:Claim)-[k:CITES]->() WHERE k.verified = true } AS verifiedCitations
`,
);

/**
 * The version answers are read from, alone: the response cache's key (src/server/response-cache/). One
 * row on the GraphState id constraint; 'loading' while a load writes the graph, null on an empty one.
 */
export const readServedVersion = cypher('graphState.servedVersion', `${GRAPH_VERSION}\nRETURN graphVersion`);
