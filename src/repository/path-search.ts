// The search behind `path`: a bidirectional breadth-first search, one statement per level, that cannot
// explode at a hub (docs/decisions/0021-path-search.md). Each level expands the side whose frontier costs
// less to read (priced from the degrees the previous level returned); a hub's neighbours are never
// listed — it is read in the database for relationships to the other side only; before a frontier is
// listed, a cheaper scan looks for the meeting; and the whole search does at most a budget of work. Once
// the ends meet, it goes on for longer routes with a smaller budget (path-choice.ts ranks by evidence,
// so a better supported longer route can come first); if the budget runs out before they meet, the
// answer says it is partial.
import type { PathLevel, PathLevelRow, PathSearch } from '../cypher/paths.ts';
import { QueryTimeoutError } from '../db/errors.ts';
import type { CandidateHop, CandidatePath } from './path-choice.ts';

/** One relationship a level returned (src/cypher/paths.ts pathLevelStatement). */
export type LevelRow = PathLevelRow;

export interface PathSearchLimits {
  /** A node with more relationships than this is a hub: read in the database for meetings, never listed. @default 1000 */
  hubDegree: number;
  /** An end with up to this many relationships is listed even when it is a hub (two hub ends must meet somewhere). @default 5000 */
  endDegree: number;
  /** Work the whole search may do, in relationships listed (a relationship only read in the database costs 1/scanShare). @default 12 000 */
  budget: number;
  /** How many relationships read in the database (not listed) cost as much as one listed. @default 20 */
  scanShare: number;
  /** Work allowed after the ends met, for longer, different routes (within the budget). @default 3000 */
  diversityBudget: number;
  /** A level that would list more relationships than this is preceded by a scan for the meeting (a round trip that may save it). @default 400 */
  scanFirstAbove: number;
  /** Candidate paths handed to the choice. @default 200 */
  maxCandidates: number;
  /** Parents remembered per node (routes through it that reach it first). @default 4 */
  maxParents: number;
  /**
   * Time the whole search may take, in ms: each level runs with what is left as its time limit, and the
   * search stops with the routes found so far (partial if the ends had not met) when it is spent.
   * The repository gives PATH_TIME_SHARE of QUERY_TIMEOUT_MS. @default 6000
   */
  timeBudgetMs: number;
}

/** The share of QUERY_TIMEOUT_MS the search may use; the rest is for fetching the chosen routes. */
export const PATH_TIME_SHARE = 0.6;

export const DEFAULT_PATH_LIMITS: PathSearchLimits = {
  hubDegree: 1_000,
  endDegree: 5_000,
  budget: 12_000,
  scanShare: 20,
  scanFirstAbove: 400,
  diversityBudget: 3_000,
  maxCandidates: 200,
  maxParents: 4,
  timeBudgetMs: 6_000,
};

export interface PathSearchResult {
  candidates: CandidatePath[];
  /** True when the budget ran out before the two ends met (or before a hub could be looked past): other routes may exist. */
  partial: boolean;
  /** Why the search stopped, in words (for the partial flag and the logs). */
  stoppedBecause: string;
  /** Levels run (round trips). */
  levels: number;
  /** Relationships read, by the search's own count. */
  relationshipsRead: number;
}

interface Link {
  parent: string;
  hop: CandidateHop;
}

interface Seen {
  depth: number;
  /** Relationships of the node, all types and directions (prices a scan from this side). */
  degree: number;
  parents: Link[];
}

class Side {
  readonly seen = new Map<string, Seen>();
  /** Nodes whose relationships were listed: every relationship at them is known already. */
  readonly listed = new Set<string>();
  /** Nodes first reached at `depth`, with their degrees. */
  frontier: Array<{ id: string; degree: number }>;
  depth = 0;
  /** Whether a hub of this side was read for meetings only (routes behind it were not followed). */
  hubsCut = false;

  constructor(
    readonly root: string,
    rootDegree: number,
  ) {
    this.seen.set(root, { depth: 0, degree: rootDegree, parents: [] });
    this.frontier = [{ id: root, degree: rootDegree }];
  }

  /**
   * The nodes a meeting can still be missing at, and their relationships in all: a relationship at a
   * listed node came back when it was listed (and its other end was checked against the other side then,
   * or when that end was reached). A node both sides have seen stays in: the relationships between two
   * such nodes are longer, different routes (ASML → China through the export measures).
   */
  unlisted(maxDepth = Infinity): { ids: string[]; degree: number; minDepth: number } {
    const ids: string[] = [];
    let degree = 0;
    let minDepth = Infinity;
    for (const [id, seen] of this.seen) {
      if (seen.depth > maxDepth || this.listed.has(id)) continue;
      ids.push(id);
      degree += seen.degree;
      minDepth = Math.min(minDepth, seen.depth);
    }
    return { ids, degree, minDepth };
  }
}

type Plan = ReturnType<typeof planLevel>;

/** Whether two sets to scan against each other hold no pair of different nodes (one and the same node). */
function pairless(scan: readonly string[], meet: readonly string[]): boolean {
  return scan.length === 1 && meet.length === 1 && scan[0] === meet[0];
}

/**
 * From which end to read the relationships between nodes of `scanDegree` relationships and `meet`: the
 * end with fewer. Either way both sets are sought by id and the walked end's relationships joined with
 * the other set on the far node (src/cypher/paths.ts), about one db hit a relationship walked.
 */
function scanPlan(scanDegree: number, meet: { degree: number }, limits: PathSearchLimits) {
  const scanFrom: 'scan' | 'meet' = meet.degree < scanDegree ? 'meet' : 'scan';
  return { scanFrom, cost: Math.min(scanDegree, meet.degree) / limits.scanShare };
}

/**
 * The next level of `side`: nodes to list (their neighbours become the next frontier) and hubs of the
 * frontier to read in the database for meetings with the other side only. `cost` is in listed
 * relationships.
 *
 * A relationship between the nodes to scan and the other side's can be found from either end: by reading
 * the scanned nodes' relationships, or the other side's. The level reads from the end with fewer
 * relationships in all (`scanFrom`), and meets only the other side's nodes not yet listed (`Side.unlisted`):
 * on M an actor of 4 relationships scanned the country of 33 388 against 332 nodes for 67 207 db hits.
 */
function planLevel(side: Side, other: Side, maxHops: number, limits: PathSearchLimits) {
  const expand: string[] = [];
  const scan: string[] = [];
  let cost = 0;
  let scanDegree = 0;
  for (const node of side.frontier) {
    const isEnd = side.depth === 0;
    if (node.degree <= limits.hubDegree || (isEnd && node.degree <= limits.endDegree)) {
      expand.push(node.id);
      cost += node.degree;
    } else {
      scan.push(node.id);
      scanDegree += node.degree;
    }
  }
  // A frontier node at depth d meets the other side's nodes up to depth maxHops - 1 - d.
  const meet = other.unlisted(maxHops - 1 - side.depth);
  if (pairless(scan, meet.ids)) {
    // A hub end that both sides have reached and nothing else: there is no pair to read.
    scan.length = 0;
    scanDegree = 0;
  }
  const reading = scanPlan(scanDegree, meet, limits);
  if (scan.length > 0) cost += reading.cost;
  return { expand, scan, scanFrom: reading.scanFrom, meet: meet.ids, cost: Math.ceil(cost), cutHubs: scan.length > 0 };
}

/**
 * A level that only looks for meetings: every relationship between the two sides' unlisted nodes, read
 * from the side with fewer (the level that ends the search when no side can expand within `maxHops`).
 */
function planScan(forward: Side, backward: Side, maxHops: number, limits: PathSearchLimits): Plan {
  // Only pairs that can make a route within maxHops: depths i and j with i + 1 + j <= maxHops.
  const scan = forward.unlisted(maxHops - 1 - backward.unlisted().minDepth);
  const meet = backward.unlisted(maxHops - 1 - scan.minDepth);
  const reading = scanPlan(scan.degree, meet, limits);
  const none = pairless(scan.ids, meet.ids);
  return { expand: [], scan: none ? [] : scan.ids, scanFrom: reading.scanFrom, meet: none ? [] : meet.ids, cost: Math.ceil(reading.cost), cutHubs: false };
}

const byRowKey = (a: LevelRow, b: LevelRow): number =>
  a.fromNode < b.fromNode ? -1 : a.fromNode > b.fromNode ? 1 : a.toNode < b.toNode ? -1 : a.toNode > b.toNode ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

function hopOf(row: LevelRow): CandidateHop {
  return { id: row.id, fromId: row.outgoing ? row.fromNode : row.toNode, independentSources: row.independentSources };
}

/** Routes from `side`'s root to `node` (each as nodes and hops, root first), at most `limit`. */
function chains(side: Side, node: string, limit: number): Array<{ nodes: string[]; hops: CandidateHop[] }> {
  const out: Array<{ nodes: string[]; hops: CandidateHop[] }> = [];
  const walk = (id: string, nodes: string[], hops: CandidateHop[]) => {
    if (out.length >= limit) return;
    const seen = side.seen.get(id);
    if (!seen || seen.parents.length === 0) {
      out.push({ nodes: [id, ...nodes], hops: [...hops] });
      return;
    }
    for (const link of seen.parents) walk(link.parent, [id, ...nodes], [link.hop, ...hops]);
  };
  walk(node, [], []);
  return out;
}

export async function searchPaths(
  search: PathSearch,
  ends: { fromDegree: number; toDegree: number },
  runLevel: (level: PathLevel, timeoutMs: number) => Promise<LevelRow[]>,
  limits: PathSearchLimits = DEFAULT_PATH_LIMITS,
  clock: () => number = () => performance.now(),
): Promise<PathSearchResult> {
  const deadline = clock() + limits.timeBudgetMs;
  const forward = new Side(search.from, ends.fromDegree);
  const backward = new Side(search.to, ends.toDegree);
  const named = new Map<string, boolean>();
  // Meetings: a relationship from a node of one side to a node of the other (forward end first).
  const meetings: Array<{ length: number; forwardNode: string; backwardNode: string; hop: CandidateHop }> = [];
  const meetingKeys = new Set<string>();
  let read = 0;
  let levels = 0;
  let partial = false;
  let stoppedBecause = `every route of up to ${search.maxHops} hops was looked at`;

  // Runs one level of `side` and records what it found; a level that only scans moves no frontier.
  const runPlan = async (side: Side, other: Side, plan: Plan): Promise<boolean> => {
    const remaining = Math.floor(deadline - clock());
    if (remaining <= 0) {
      // Out of time before this level: stop with what was found (partial when the ends had not met).
      partial = meetings.length === 0;
      stoppedBecause = `the search's time budget (${limits.timeBudgetMs} ms) ran out after ${levels} level${levels === 1 ? '' : 's'}`;
      return false;
    }
    if (plan.cutHubs) side.hubsCut = true;
    let rows: LevelRow[];
    try {
      rows = await runLevel({
      ends: [search.from, search.to],
      excludeUnnamed: search.excludeUnnamed,
      minSources: search.minSources,
      expand: plan.expand,
      scan: plan.scan,
      scanFrom: plan.scanFrom,
      meet: plan.meet,
    }, remaining);
    } catch (error) {
      // A level that runs out of time (a loaded database) ends the search with what it found, flagged.
      if (!(error instanceof QueryTimeoutError)) throw error;
      partial = meetings.length === 0;
      stoppedBecause = `a level of the search ran past its time limit${error.limitMs ? ` of ${error.limitMs} ms` : ''}`;
      return false;
    }
    // In one order whatever the plan returned them in: which of equally ranked routes are kept (parents
    // per node, candidates) and listed first must not change with the plan (a join returns its rows in
    // another order than a walk).
    rows.sort(byRowKey);
    levels++;
    read += plan.cost;
    const depth = side.depth + 1;
    const next = new Map<string, number>();
    const expanded = new Set(plan.expand);
    for (const row of rows) {
      named.set(row.toNode, row.named);
      const hop = hopOf(row);
      const there = other.seen.get(row.toNode);
      if (there) {
        const length = side.seen.get(row.fromNode)!.depth + 1 + there.depth;
        const forwardNode = side === forward ? row.fromNode : row.toNode;
        const backwardNode = side === forward ? row.toNode : row.fromNode;
        const key = `${forwardNode}\u0000${backwardNode}\u0000${row.id}`;
        if (!meetingKeys.has(key) && length <= search.maxHops) {
          meetingKeys.add(key);
          meetings.push({ length, forwardNode, backwardNode, hop });
        }
      }
      if (!expanded.has(row.fromNode)) continue; // read for meetings only
      const mine = side.seen.get(row.toNode);
      if (!mine) {
        side.seen.set(row.toNode, { depth, degree: row.degree, parents: [{ parent: row.fromNode, hop }] });
        next.set(row.toNode, row.degree);
      } else if (mine.depth === depth && mine.parents.length < limits.maxParents) {
        mine.parents.push({ parent: row.fromNode, hop });
      }
    }
    for (const id of plan.expand) side.listed.add(id);
    if (plan.expand.length > 0) {
      side.depth = depth;
      side.frontier = [...next].map(([id, degree]) => ({ id, degree }));
    }
    return true;
  };

  // Once the ends have met, the search goes on for longer, different routes, up to maxHops, with what is
  // left of the diversity budget; running out of it then is no longer partial.
  let diversityFrom = -1;
  // The sides' sizes when every unlisted pair was last scanned for meetings (nothing new to meet since).
  let scannedAt = '';
  for (;;) {
    const met = meetings.length > 0;
    if (met && diversityFrom < 0) diversityFrom = read;
    // A side can list its frontier while the level after it stays within maxHops; the last pairs are
    // met by a scan.
    const expansions = [forward, backward]
      .filter((side) => side.frontier.length > 0)
      .map((side) => {
        const other = side === forward ? backward : forward;
        return { side, other, plan: planLevel(side, other, search.maxHops, limits) };
      })
      // Listing a frontier is worth it while its new nodes can still meet the other side's unlisted ones
      // within maxHops (behind a hub the other side is unlisted close to its root: it may expand further).
      .filter((o) => o.side.depth + 1 + o.other.unlisted().minDepth < search.maxHops)
      .filter((o) => {
        // Hubs of a frontier are never listed: routes behind them are not followed.
        if (o.plan.cutHubs) o.side.hubsCut = true;
        return o.plan.expand.length > 0;
      })
      .sort((a, b) => a.plan.cost - b.plan.cost);
    const sizes = `${forward.seen.size}/${backward.seen.size}`;
    const scan = scannedAt === sizes ? undefined : planScan(forward, backward, search.maxHops, limits);
    const cheapest = expansions[0];
    const left = met ? Math.min(limits.budget - read, limits.diversityBudget - (read - diversityFrom)) : limits.budget - read;
    // First the cheapest look for meetings between everything the two sides have seen and not listed
    // (relationships read in the database from the smaller end, only meetings shipped): when the ends
    // are that close, no large frontier needs listing. It is also the search's last level.
    const scanFirst = scan && scan.scan.length > 0 && scan.meet.length > 0 && (!cheapest || (cheapest.plan.cost > limits.scanFirstAbove && scan.cost < cheapest.plan.cost));
    const next = scanFirst ? { side: forward, other: backward, plan: scan } : cheapest;
    if (!next) {
      stoppedBecause = 'no route is left to follow';
      if (!met && (forward.hubsCut || backward.hubsCut)) {
        partial = true;
        stoppedBecause = `the only routes left go through hubs (entities with over ${limits.hubDegree} relationships), which the search meets but does not follow`;
      }
      break;
    }
    if (next.plan.cost > left) {
      if (met) stoppedBecause = 'the shortest routes were found, and longer ones as far as the diversity budget allowed';
      else {
        partial = true;
        stoppedBecause = `the work budget (${limits.budget} relationships) would run out before the two ends met (${read} spent, the next level costs ${next.plan.cost})`;
      }
      break;
    }
    if (!(await runPlan(next.side, next.other, next.plan))) break;
    if (scanFirst) scannedAt = sizes;
  }

  meetings.sort((a, b) => a.length - b.length);
  const candidates: CandidatePath[] = [];
  for (const meeting of meetings) {
    if (candidates.length >= limits.maxCandidates) break;
    const left = chains(forward, meeting.forwardNode, limits.maxCandidates - candidates.length);
    const right = chains(backward, meeting.backwardNode, limits.maxCandidates - candidates.length);
    for (const l of left) {
      for (const r of right) {
        if (candidates.length >= limits.maxCandidates) break;
        const nodeIds = [...l.nodes, ...[...r.nodes].reverse()];
        candidates.push({
          nodeIds,
          named: nodeIds.map((id) => named.get(id) ?? true),
          hops: [...l.hops, meeting.hop, ...[...r.hops].reverse()],
        });
      }
    }
  }
  return { candidates, partial, stoppedBecause, levels, relationshipsRead: read };
}
