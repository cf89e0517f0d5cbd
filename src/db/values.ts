// The one place where Neo4j values and JavaScript values are converted, in both directions.
import neo4j from 'neo4j-driver';

/** A parameter value that must reach Cypher as a DATE, not a string. */
export class CypherDate {
  constructor(readonly iso: string) {}
}

/** Marks an ISO calendar date (YYYY-MM-DD) to be sent as a Neo4j DATE. */
export function cypherDate(iso: string): CypherDate {
  return new CypherDate(iso);
}

/**
 * Parameters out: whole numbers become Neo4j Integers (so LIMIT $first works and ids stay exact),
 * CypherDate becomes a Neo4j Date. Everything else passes through.
 */
export function toCypher(value: unknown): unknown {
  if (value instanceof CypherDate) {
    const [y, m, d] = value.iso.split('-').map(Number);
    return new neo4j.types.Date(y!, m!, d!);
  }
  if (typeof value === 'number' && Number.isSafeInteger(value)) return neo4j.int(value);
  if (Array.isArray(value)) return value.map(toCypher);
  if (value && typeof value === 'object') {
    // A plain loop: the write path sends millions of rows through here, and entries/fromEntries cost 3× more.
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) out[key] = toCypher((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}

/**
 * Results in (converted in place; the caller owns the decoded values): Integers become numbers (the driver
 * already decodes them as numbers, src/db/driver.ts), temporal values become ISO strings, nodes and relationships
 * become their property maps (with `labels` or `type` added). Nothing else in the code sees driver types.
 */
export function fromCypher(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  // Most values are plain strings, booleans or floats, then lists and maps: answer those before probing
  // for driver types (bulk exports and planned pages convert hundreds of thousands of values).
  const type = typeof value;
  if (type === 'string' || type === 'boolean' || type === 'number') return value;
  // Lists and maps are converted in place: they are fresh from the driver's record and nothing else
  // holds them, and a copy of each (bulk exports read millions) was a good share of Node's garbage.
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (item !== null && typeof item === 'object') value[i] = fromCypher(item);
    }
    return value;
  }
  if (Object.getPrototypeOf(value) === Object.prototype) {
    const map = value as Record<string, unknown>;
    for (const key of Object.keys(map)) {
      const item = map[key];
      if (item === undefined) map[key] = null;
      else if (item !== null && typeof item === 'object') map[key] = fromCypher(item);
    }
    return map;
  }
  if (neo4j.isInt(value)) return (value as { toNumber(): number }).toNumber();
  if (
    neo4j.isDate(value) ||
    neo4j.isDateTime(value) ||
    neo4j.isLocalDateTime(value) ||
    neo4j.isTime(value) ||
    neo4j.isLocalTime(value) ||
    neo4j.isDuration(value)
  ) {
    return String(value);
  }
  if (neo4j.isNode(value as never)) {
    const node = value as unknown as { labels: string[]; properties: Record<string, unknown> };
    return { ...(fromCypher(node.properties) as object), labels: node.labels };
  }
  if (neo4j.isRelationship(value as never)) {
    const rel = value as unknown as { type: string; properties: Record<string, unknown> };
    return { ...(fromCypher(rel.properties) as object), type: rel.type };
  }
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value as object)) out[key] = fromCypher((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}
