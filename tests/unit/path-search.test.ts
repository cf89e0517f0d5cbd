// The path search's own rules with a level runner that fails: a level that runs out of time ends the
// search with the routes found so far, flagged partial when the ends had not met; other errors pass.
// (Its behaviour on a real graph with hubs: tests/integration/path-hubs.test.ts.) And which end a scan for
// meetings reads from, with a scripted runner.
import { describe, expect, it } from 'vitest';
import { QueryTimeoutError } from '../../src/db/errors.ts';
import { DEFAULT_PATH_LIMITS, searchPaths, type LevelRow } from '../../src/repository/path-search.ts';

const SEARCH = { from: 'a', to: 'z', maxHops: 4, excludeUnnamed: false, minSources: 0 };
const row = (fromNode: string, toNode: string, id: string): LevelRow => ({ fromNode, toNode, id, outgoing: true, independentSources: 1, named: true, degree: 2 });

describe('path search at a timeout', () => {
  it('a level past its time limit before the ends met: no routes, partial, the limit in the reason', async () => {
    const found = await searchPaths(SEARCH, { fromDegree: 2, toDegree: 2 }, async () => {
      throw new QueryTimeoutError('paths.level', 10_000);
    });
    expect(found.candidates).toEqual([]);
    expect(found.partial).toBe(true);
    expect(found.stoppedBecause).toMatch(/time limit of 10000 ms/);
  });

  it('a level past its time limit after the ends met: the routes found, not partial', async () => {
    let calls = 0;
    const found = await searchPaths(SEARCH, { fromDegree: 1, toDegree: 1 }, async (level) => {
      calls++;
      if (calls === 1) return level.expand.includes('a') ? [row('a', 'm', 'r1')] : [row('z', 'm', 'r2')];
      if (calls === 2) return level.expand.includes('z') ? [row('z', 'm', 'r2')] : [row('m', 'z', 'r2')];
      throw new QueryTimeoutError('paths.level', 10_000);
    });
    expect(found.candidates.map((c) => c.nodeIds)).toContainEqual(['a', 'm', 'z']);
    expect(found.partial).toBe(false);
  });

  it('any other error is not swallowed', async () => {
    await expect(searchPaths(SEARCH, { fromDegree: 2, toDegree: 2 }, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
  });
});

describe('path search within its time budget', () => {
  it('gives each level what is left of the budget, and stops with the routes found so far when it is spent', async () => {
    let now = 0;
    const limits: number[] = [];
    let step = 0;
    const found = await searchPaths(
      { ...SEARCH, maxHops: 6 },
      { fromDegree: 1, toDegree: 1 },
      async (level, timeoutMs) => {
        limits.push(timeoutMs);
        now += 4_000; // each level takes 4 s of the 6 s budget
        step++;
        // The two sides move apart and never meet.
        return level.expand.map((id) => row(id, `${id}-${step}`, `r${step}`));
      },
      { ...DEFAULT_PATH_LIMITS, timeBudgetMs: 6_000 },
      () => now,
    );
    expect(limits).toEqual([6_000, 2_000]);
    expect(found.levels).toBe(2);
    expect(found.partial).toBe(true);
    expect(found.stoppedBecause).toMatch(/time budget \(6000 ms\) ran out after 2 levels/);
  });

  it('a search that ends within the budget is not partial and never sees the budget', async () => {
    const found = await searchPaths(SEARCH, { fromDegree: 1, toDegree: 1 }, async (level) =>
      level.expand.includes('a') ? [row('a', 'z', 'r1')] : [row('z', 'a', 'r1')],
    { ...DEFAULT_PATH_LIMITS, timeBudgetMs: 6_000 }, () => 0);
    expect(found.partial).toBe(false);
    expect(found.candidates.map((c) => c.nodeIds)).toContainEqual(['a', 'z']);
  });
});

describe('path search meets a hub from the small side (decision 0035)', () => {
  it('never walks the relationships of a hub end of 40 000: its meeting is read from the small node next to it', async () => {
    const levels: Array<{ expand: readonly string[]; walked: readonly string[] }> = [];
    const found = await searchPaths({ ...SEARCH, maxHops: 2 }, { fromDegree: 1, toDegree: 40_000 }, async (level) => {
      // The nodes whose relationships this level walks: the listed ones, and the scanned side it reads from.
      levels.push({ expand: level.expand, walked: [...level.expand, ...(level.scanFrom === 'meet' ? level.meet : level.scan)] });
      if (level.expand.includes('a')) return [row('a', 'm', 'r1')];
      if (level.scan.includes('m') && level.meet.includes('z')) return [row('m', 'z', 'r2')];
      if (level.scan.includes('z') && level.meet.includes('m')) return [row('z', 'm', 'r2')];
      return [];
    });
    expect(found.candidates.map((c) => c.nodeIds)).toEqual([['a', 'm', 'z']]);
    expect(found.partial).toBe(false);
    expect(levels.length).toBeGreaterThan(1);
    expect(levels.flatMap((l) => l.walked)).not.toContain('z');
  });
});

describe('path search answers do not depend on the order of a level\'s rows', () => {
  it('gives the same candidates, in the same order, whatever order the database returns the rows in', async () => {
    // a and z each reach m1…m6; six 2-hop routes tie on every ranking rule, so the order they are met in
    // decides which come first. The rows of a level come in the plan's order, which changes with the plan.
    const middles = ['m1', 'm2', 'm3', 'm4', 'm5', 'm6'];
    const search = (reverse: boolean) =>
      searchPaths({ ...SEARCH, maxHops: 2 }, { fromDegree: 6, toDegree: 6 }, async (level) => {
        // The scripted graph: a — m_i — z. Listed nodes give all their relationships; scanned ones those
        // that reach the other side's nodes.
        const edges = middles.flatMap((m, i) => [{ x: 'a', y: m, id: `a-${i}` }, { x: 'z', y: m, id: `z-${i}` }]);
        const rows: LevelRow[] = [];
        for (const e of edges) {
          for (const [from, to] of [[e.x, e.y], [e.y, e.x]] as const) {
            if (level.expand.includes(from) || (level.scan.includes(from) && level.meet.includes(to))) rows.push(row(from, to, e.id));
          }
        }
        return reverse ? rows.reverse() : rows;
      });
    const [forward, reversed] = [await search(false), await search(true)];
    expect(forward.candidates.length).toBe(6);
    expect(reversed.candidates.map((c) => c.nodeIds)).toEqual(forward.candidates.map((c) => c.nodeIds));
  });
});
