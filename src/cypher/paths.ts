// Connections between two entities over domain relationships (Claim and Source nodes are not connected
// to entities, so paths run through entities only). The search itself runs in the repository
// (src/repository/path-search.ts): a bidirectional breadth-first search, one statement per level, that
// expands the cheaper side and never lists the neighbours of a hub. This file holds its two statements —
// one level of the search, and the chosen paths' nodes and relationships projected with the selected
// fields by id.
import { GRAPH_VERSION, returnRows } from './fragments.ts';
import type { CypherBuilder } from './projection/builder.ts';
import type { FieldPlan } from './projection/field-plan.ts';
import { projectClaim, projectEntity } from './projection/projections.ts';

export const MAX_PATH_HOPS = 6;

export interface PathFilters {
  /** Skip entities the sources do not name ("a former employee") between the two ends. */
  excludeUnnamed: boolean;
  /** Only hops supported by at least this many independent sources (1 leaves out editorial links). */
  minSources: number;
}

export interface PathSearch extends PathFilters {
  from: string;
  to: string;
  /** 1 to MAX_PATH_HOPS (validated). */
  maxHops: number;
}

export interface PathLevel extends PathFilters {
  /** The two ends' ids: always allowed as a node, named or not. */
  ends: readonly [string, string];
  /** Nodes whose every relationship comes back (each of a bounded degree). */
  expand: readonly string[];
  /** Nodes whose relationships are read in the database but come back only when they reach `meet`: hubs, and the last level. */
  scan: readonly string[];
  /**
   * Which end the meetings of `scan` are read from: `scan` walks the scanned nodes' relationships,
   * `meet` the other side's (the repository picks the end with fewer relationships). The rows are the
   * same either way. @default 'scan'
   */
  scanFrom?: 'scan' | 'meet';
  /** The other side's nodes (for `scan`; the repository finds the meetings of `expand` itself). */
  meet: readonly string[];
}

/** One relationship a level returned (`pathLevelStatement`). */
export interface PathLevelRow {
  fromNode: string;
  id: string;
  /** True when the relationship starts at `fromNode`. */
  outgoing: boolean;
  independentSources: number;
  toNode: string;
  named: boolean;
  /** Relationships of `toNode`, all types and directions. */
  degree: number;
}

/**
 * A level's rows from the lists its records carry (`row`). Each row travels as a list in this order, not
 * as a map: a level can return thousands, and a map repeats its seven keys in every record for the
 * driver to decode. On M, Node's CPU per path request fell from 29.5 to 23.7 ms (docs/performance.md,
 * "Session 10").
 */
export function levelRows(lists: readonly unknown[]): PathLevelRow[] {
  const rows: PathLevelRow[] = [];
  for (const list of lists) {
    const row = list as [string, string, boolean, number, string, boolean, number] | null | undefined;
    if (!row) continue;
    rows.push({ fromNode: row[0], id: row[1], outgoing: row[2], independentSources: row[3], toNode: row[4], named: row[5], degree: row[6] });
  }
  return rows;
}

/**
 * One level of the search: a record per relationship from an `expand` node to an entity (with that
 * entity's degree, so the next level can be priced before it runs), and per relationship from a `scan`
 * node to a node of the other side — a hub's relationships are read in the database, never shipped.
 */
export function pathLevelStatement(b: CypherBuilder, level: PathLevel): string {
  const hop = level.minSources > 0 ? [`coalesce(r.independentSources, 0) >= ${b.param(level.minSources)}`] : [];
  const node = level.excludeUnnamed ? [`(m.named IS NULL OR m.named <> false OR m.id IN ${b.param(level.ends)})`] : [];
  const where = (conditions: string[]) => (conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : '');
  const columns = `n.id AS fromNode, r.id AS id, startNode(r) = n AS outgoing, coalesce(r.independentSources, 0) AS independentSources,
         m.id AS toNode, m.named IS NULL OR m.named <> false AS named, COUNT { (m)--() } AS degree`;
  const parts: string[] = [];
  if (level.expand.length > 0) {
    parts.push(`UNWIND ${b.param(level.expand)} AS id
  MATCH (n:Entity {id: id})
  MATCH (n)-[r]-(m:Entity)${where([...hop, ...node])}
  RETURN ${columns}`);
  }
  if (level.scan.length > 0 && level.meet.length > 0) {
    // From one end: its nodes' relationships walked, the other side's nodes sought by id, and the two
    // joined on the far node (NodeHashJoin), so no far node's id is read per relationship walked. On M
    // (15 interleaved runs, load ~6): an actor's 464 nodes against the country of 33 388, read from the
    // country, 67 773 → 34 911 db hits, p50 70 → 33 ms; 238 nodes against 988 (the diversity level of
    // James Patel-Lee → Dundoria) 75 544 → 40 469 db hits, 76 → 38 ms. The hints pin the plan: both
    // sets by their index, the join on the end not walked (with statistics of another graph the planner
    // once sought the scanned hub and walked it: 21 357 db hits for a 6 000-relationship hub in CI).
    const [walked, joined] = level.scanFrom === 'meet' ? (['m', 'n'] as const) : (['n', 'm'] as const);
    const ids = { n: b.param(level.scan), m: b.param(level.meet) };
    parts.push(`MATCH (${walked}:Entity)-[r]-(${joined}:Entity)
    USING INDEX ${walked}:Entity(id) USING INDEX ${joined}:Entity(id) USING JOIN ON ${joined}
    WHERE ${[`${walked}.id IN ${ids[walked]}`, `${joined}.id IN ${ids[joined]}`, ...hop].join(' AND ')}
  RETURN ${columns}`);
  }
  if (parts.length === 0) throw new Error('a path search level needs nodes to expand or to scan');
  return `${GRAPH_VERSION}
CALL () {
  ${parts.join('\n  UNION ALL\n  ')}
}
WITH graphVersion, collect([fromNode, id, outgoing, independentSources, toNode, named, degree]) AS rows
${returnRows(['graphVersion', 'rows'])}`;
}

/** The nodes and relationships of the chosen paths, by id, with the selected fields. */
export function pathPartsStatement(
  b: CypherBuilder,
  nodeIds: readonly string[],
  relationshipIds: readonly string[],
  nodeFields: readonly FieldPlan[],
  relationshipFields: readonly FieldPlan[],
): string {
  const n = b.variable('n');
  const c = b.variable('c');
  // Only what the request selected: no look-up of hops' relationships it did not ask for.
  const nodes = nodeIds.length > 0 ? `CALL () { UNWIND ${b.param(nodeIds)} AS id MATCH (${n}:Entity {id: id}) RETURN collect(${projectEntity(b, n, nodeFields)}) AS nodes }` : 'WITH graphVersion, [] AS nodes';
  const relationships =
    relationshipIds.length > 0
      ? `CALL () { UNWIND ${b.param(relationshipIds)} AS id MATCH (${c}:Claim {id: id}) RETURN collect(${projectClaim(b, c, relationshipFields)}) AS relationships }`
      : 'WITH graphVersion, nodes, [] AS relationships';
  return `${GRAPH_VERSION}
${nodes}
${relationships}
RETURN graphVersion, nodes, relationships`;
}
