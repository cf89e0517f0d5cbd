// Constant Cypher fragments shared by several statements (never built from input).

/**
 * Given `c` (a Claim) bound, finds its domain relationship `r` — an index seek on both endpoints,
 * then an expand-into — and returns the relationship row the API reads.
 */
export const RELATIONSHIP_ROW = `
MATCH (:Entity {id: c.fromId})-[r]->(:Entity {id: c.toId})
WHERE r.id = c.id
RETURN c.id AS id, c.type AS type, c.fromId AS fromId, c.toId AS toId,
       c.independentSources AS independentSources, size(c.sourceIds) AS sourceCount,
       properties(r) AS props`;

/** Keyset condition on (sort date, id) for lists ordered by date with undated items last. */
export const UNDATED = `date('9999-12-31')`;
