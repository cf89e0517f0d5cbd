// Constant Cypher fragments shared by several statements (never built from input).

/** The `graphVersion` a statement reads while a load is writing the graph (a version is a hex hash, never this). */
export const GRAPH_LOADING_VERSION = 'loading';

/**
 * Binds `graphVersion`: the version of the graph this statement reads, in the same transaction as its
 * rows — or GRAPH_LOADING_VERSION while a load writes it, so that a half-written graph is never served
 * (the API answers GRAPH_LOADING; issue 19 row 7).
 */
export const GRAPH_VERSION = `CALL () { OPTIONAL MATCH (g:GraphState {id: 'graph'}) RETURN CASE g.status WHEN 'loading' THEN '${GRAPH_LOADING_VERSION}' ELSE g.version END AS graphVersion }`;

/** Sort key of an undated policy or event: after every date. */
export const UNDATED_KEY = '9999-12-31';

/**
 * The closing clause of a planned statement whose page is collected as `rows`: the list unwound into one
 * record per row (the other columns repeated on each; one record with \`row\` null for an empty page).
 * neo4j-driver decodes a record that spans several Bolt chunks through a slow path (a string decoder per
 * string, over every part of the message), so one record holding a whole page cost more in Node than the
 * statement did in Neo4j; rows of their own stay small. The repository gathers them back (planned()).
 */
export function returnRows(columns: readonly string[]): string {
  if (!columns.includes('rows')) return `RETURN ${columns.join(', ')}`;
  const others = columns.filter((column) => column !== 'rows');
  return `UNWIND CASE WHEN size(rows) = 0 THEN [null] ELSE rows END AS row\nRETURN ${[...others, 'row'].join(', ')}`;
}

/** Stored dates: a partial date's `<name>Start`/`<name>End` and the read model's copies (src/seed/read-model.ts). */
const STORED_DATE = /(Start|End)$/;

/**
 * `v.name`, or for a stored date `toString(v.name)`: dates travel as 'YYYY-MM-DD' text, which is what the
 * API and the exports hand on — neo4j-driver builds a Date from a Bolt date with 64-bit Integer arithmetic,
 * about as costly as the rest of a row's decoding. Only for names from the ontology or the read model.
 */
export function storedValue(v: string, name: string): string {
  return STORED_DATE.test(name) ? `toString(${v}.${name})` : `${v}.${name}`;
}
