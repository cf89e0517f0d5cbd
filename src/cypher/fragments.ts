// Constant Cypher fragments shared by several statements (never built from input).

/** Binds `graphVersion`: the version of the graph this statement reads, in the same transaction as its rows. */
export const GRAPH_VERSION = `CALL () { OPTIONAL MATCH (g:GraphState {id: 'graph'}) RETURN g.version AS graphVersion }`;

/** Sort key of an undated policy or event: after every date. */
export const UNDATED_KEY = '9999-12-31';
