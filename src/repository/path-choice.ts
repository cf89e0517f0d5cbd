// Chooses which connections to show from the shortest candidates: one per route, the best supported
// first, and routes that differ from each other — so "how is ASML connected to China?" is not answered
// twice through the same unnamed ex-employee (two parallel relationships make two paths) while a route
// through the export deal is left out.
//
// A path's evidence is its weakest hop (fewest independent sources: a chain is as strong as that); among
// equally supported paths, those through named entities come first (an unnamed "former employee" tells
// less), then the better supported hop on average, then the shorter path, then by ids. A candidate is
// skipped when it revisits
// an entity, repeats the entities of a chosen route in the same order, or shares most of its intermediate
// entities with one (Jaccard ≥ 0.75) — unless too few distinct routes remain to fill the answer.

export interface CandidateHop {
  id: string;
  fromId: string;
  independentSources: number;
}

export interface CandidatePath {
  nodeIds: string[];
  /** Whether each node is named (false for "a former ASML employee"). */
  named: boolean[];
  hops: CandidateHop[];
}

export interface RankedPath extends CandidatePath {
  /** Independent sources of the weakest hop. */
  weakestHop: number;
  /** Independent sources summed over the hops. */
  totalSources: number;
  unnamed: number;
}

const SIMILAR = 0.75;

function rankOf(path: CandidatePath): RankedPath {
  const counts = path.hops.map((h) => h.independentSources);
  return {
    ...path,
    weakestHop: counts.length > 0 ? Math.min(...counts) : 0,
    totalSources: counts.reduce((a, b) => a + b, 0),
    unnamed: path.named.filter((named) => !named).length,
  };
}

function better(a: RankedPath, b: RankedPath): number {
  return (
    b.weakestHop - a.weakestHop ||
    a.unnamed - b.unnamed ||
    b.totalSources / Math.max(b.hops.length, 1) - a.totalSources / Math.max(a.hops.length, 1) ||
    a.hops.length - b.hops.length ||
    a.nodeIds.join('\u0000').localeCompare(b.nodeIds.join('\u0000')) ||
    a.hops.map((h) => h.id).join('\u0000').localeCompare(b.hops.map((h) => h.id).join('\u0000'))
  );
}

function similarity(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let shared = 0;
  for (const id of a) if (b.has(id)) shared++;
  return shared / (a.size + b.size - shared);
}

export function choosePaths(candidates: readonly CandidatePath[], limit: number): RankedPath[] {
  // One path per route (sequence of entities): the best supported of its parallel variants.
  const byRoute = new Map<string, RankedPath>();
  for (const candidate of candidates) {
    if (new Set(candidate.nodeIds).size !== candidate.nodeIds.length) continue;
    const ranked = rankOf(candidate);
    const route = candidate.nodeIds.join('\u0000');
    const current = byRoute.get(route);
    if (!current || better(ranked, current) < 0) byRoute.set(route, ranked);
  }
  const ranked = [...byRoute.values()].sort(better);
  const inner = (p: RankedPath) => new Set(p.nodeIds.slice(1, -1));
  const chosen: RankedPath[] = [];
  const deferred: RankedPath[] = [];
  for (const path of ranked) {
    if (chosen.length >= limit) break;
    const mine = inner(path);
    if (chosen.some((other) => similarity(mine, inner(other)) >= SIMILAR)) deferred.push(path);
    else chosen.push(path);
  }
  // Fill up with the near-duplicates, best first, when there are not enough distinct routes.
  for (const path of deferred) {
    if (chosen.length >= limit) break;
    chosen.push(path);
  }
  return chosen.sort(better);
}
