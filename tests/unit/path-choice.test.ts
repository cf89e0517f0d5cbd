import { describe, expect, it } from 'vitest';
import { choosePaths, type CandidatePath } from '../../src/repository/path-choice.ts';

const path = (nodeIds: string[], sources: number[], named: boolean[] = nodeIds.map(() => true), suffix = ''): CandidatePath => ({
  nodeIds,
  named,
  hops: sources.map((independentSources, i) => ({ id: `${nodeIds[i]}-${nodeIds[i + 1]}${suffix}`, fromId: nodeIds[i]!, independentSources })),
});

describe('choosing paths to show', () => {
  it('keeps one path per route, the best supported of parallel variants', () => {
    const chosen = choosePaths([path(['a', 'x', 'z'], [1, 1], undefined, '#1'), path(['a', 'x', 'z'], [2, 1], undefined, '#2')], 5);
    expect(chosen).toHaveLength(1);
    expect(chosen[0]!.totalSources).toBe(3);
  });

  it('ranks by the weakest hop, then named routes, then average support, then length', () => {
    const short = path(['a', 'u', 'z'], [1, 1], [true, false, true]);
    const named = path(['a', 'm', 'n', 'z'], [1, 2, 2]);
    const editorial = path(['a', 'z'], [0]);
    const strong = path(['a', 'p', 'q', 'r', 'z'], [3, 3, 3, 3]);
    expect(choosePaths([short, named, editorial, strong], 5).map((p) => p.nodeIds.join(''))).toEqual(['apqrz', 'amnz', 'auz', 'az']);
  });

  it('prefers routes through different entities, and fills up with similar ones only when needed', () => {
    const first = path(['a', 'm', 'n', 'z'], [2, 2, 2]);
    const reordered = path(['a', 'n', 'm', 'z'], [2, 2, 2]);
    const other = path(['a', 'q', 'z'], [1, 1]);
    expect(choosePaths([first, reordered, other], 2).map((p) => p.nodeIds.join(''))).toEqual(['amnz', 'aqz']);
    expect(choosePaths([first, reordered, other], 3)).toHaveLength(3);
  });

  it('drops paths that revisit an entity', () => {
    expect(choosePaths([path(['a', 'x', 'a', 'z'], [1, 1, 1])], 5)).toEqual([]);
  });
});
