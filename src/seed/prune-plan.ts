// What the graph holds that a load does not: loader-owned sources, entities and relationships whose ids
// are not in the load. A load deletes them only when the operator asked for it (`--prune --yes`,
// SEED_PRUNE); otherwise it refuses before writing anything and says what it would have deleted.
import type { CypherQuery, Executor } from '../db/executor.ts';
import * as q from '../cypher/seed.ts';
import { LOADER_ORIGINS } from './graph-rows.ts';
import type { IdDigestSet } from './id-digest-set.ts';

/** Ids read per round trip. */
const PAGE = 10_000;
/**
 * Ids deleted per transaction. A transaction of 10 000 relationships (their claims and citations) took
 * ~5 s on a quiet machine and passed the 30 s write limit under CI's load; 1 000 stay far inside it.
 */
export const PRUNE_DELETE_BATCH = 1_000;
/** How many ids of each kind a plan names. */
const FIRST = 5;

export type PruneKind = 'relationships' | 'entities' | 'sources';
/** Relationships first: an entity or source is deleted only after every relationship that used it. */
export const PRUNE_ORDER: readonly PruneKind[] = ['relationships', 'entities', 'sources'];

export interface LoadIds {
  sources: IdDigestSet;
  entities: IdDigestSet;
  relationships: IdDigestSet;
}

export interface PrunePlan {
  /** How many items of each kind would be deleted, and the first few ids (in id order). */
  kinds: Record<PruneKind, { count: number; first: string[] }>;
  total: number;
  /**
   * Entities and sources the data no longer has but changes accepted through the API use (an API
   * relationship connects the entity or cites the source): never deleted, named here (first few).
   */
  kept: Record<'entities' | 'sources', { count: number; first: string[] }>;
}

const PAGES: Record<PruneKind, CypherQuery> = {
  relationships: q.claimIdsPage,
  entities: q.entityIdsPage,
  sources: q.sourceIdsPage,
};
/** Which of a page of stale ids changes made through the API still use (kept, never pruned). */
const USED_BY_OTHERS: Partial<Record<PruneKind, CypherQuery>> = {
  entities: q.entitiesUsedByOthers,
  sources: q.sourcesUsedByOthers,
};
const DELETES: Record<PruneKind, CypherQuery> = {
  relationships: q.pruneRelationships,
  entities: q.pruneEntities,
  sources: q.pruneSources,
};

export function describePlan(plan: PrunePlan): string {
  const lines = PRUNE_ORDER.filter((kind) => plan.kinds[kind].count > 0).map((kind) => {
    const { count, first } = plan.kinds[kind];
    return `  ${count} ${kind}: ${first.join(', ')}${count > first.length ? ', …' : ''}`;
  });
  for (const kind of ['entities', 'sources'] as const) {
    const { count, first } = plan.kept[kind];
    if (count > 0) lines.push(`  kept, because changes made through the API use them: ${count} ${kind}: ${first.join(', ')}${count > first.length ? ', …' : ''}`);
  }
  return lines.join('\n');
}

export class PruneRequiredError extends Error {
  override name = 'PruneRequiredError';
  constructor(
    readonly plan: PrunePlan,
    hint: string,
  ) {
    super(
      `the graph holds ${plan.total} item${plan.total === 1 ? '' : 's'} this load does not; nothing was written or deleted:\n` +
        `${describePlan(plan)}\n${hint}`,
    );
  }
}

/**
 * Pages through one id index, yielding the ids the load does not hold, page by page, less those that
 * changes made through the API still use (`onKept` hears of them).
 */
async function* staleIds(executor: Executor, kind: PruneKind, ids: LoadIds, onKept: (kept: string[]) => void = () => {}): AsyncGenerator<string[]> {
  let after = '';
  for (;;) {
    const rows = await executor.read(PAGES[kind], { after, origins: [...LOADER_ORIGINS], limit: PAGE });
    if (rows.length === 0) return;
    let stale = rows.map((row) => String(row.id)).filter((id) => !ids[kind].has(id));
    const used = USED_BY_OTHERS[kind];
    if (used && stale.length > 0) {
      const kept = new Set((await executor.read(used, { ids: stale, origins: [...LOADER_ORIGINS] })).map((row) => String(row.id)));
      if (kept.size > 0) {
        onKept(stale.filter((id) => kept.has(id)));
        stale = stale.filter((id) => !kept.has(id));
      }
    }
    if (stale.length > 0) yield stale;
    after = String(rows[rows.length - 1]!.id);
    if (rows.length < PAGE) return;
  }
}

/** Counts what would be pruned (reads only). Cheap when the graph holds no loader-owned items. */
export async function planPrune(executor: Executor, ids: LoadIds): Promise<PrunePlan> {
  const plan: PrunePlan = {
    kinds: { relationships: { count: 0, first: [] }, entities: { count: 0, first: [] }, sources: { count: 0, first: [] } },
    total: 0,
    kept: { entities: { count: 0, first: [] }, sources: { count: 0, first: [] } },
  };
  const [present] = await executor.read(q.loaderItemsPresent, { origins: [...LOADER_ORIGINS] });
  const has: Record<PruneKind, boolean> = {
    relationships: present?.claims === true,
    entities: present?.entities === true,
    sources: present?.sources === true,
  };
  for (const kind of PRUNE_ORDER) {
    if (!has[kind]) continue;
    const onKept = (kept: string[]) => {
      if (kind === 'relationships') return;
      const entry = plan.kept[kind];
      entry.count += kept.length;
      if (entry.first.length < FIRST) entry.first.push(...kept.slice(0, FIRST - entry.first.length));
    };
    for await (const stale of staleIds(executor, kind, ids, onKept)) {
      const entry = plan.kinds[kind];
      entry.count += stale.length;
      if (entry.first.length < FIRST) entry.first.push(...stale.slice(0, FIRST - entry.first.length));
    }
    plan.total += plan.kinds[kind].count;
  }
  return plan;
}

/**
 * Deletes what the plan counted, a page per transaction. Refuses to delete more of a kind than the plan
 * said (something else wrote to the graph meanwhile): the operator approved that plan, not another.
 */
export async function executePrune(executor: Executor, ids: LoadIds, plan: PrunePlan): Promise<void> {
  for (const kind of PRUNE_ORDER) {
    const allowed = plan.kinds[kind].count;
    if (allowed === 0) continue;
    let deleted = 0;
    for await (const stale of staleIds(executor, kind, ids)) {
      if (deleted + stale.length > allowed) {
        throw new Error(
          `pruning found more ${kind} to delete than the plan (${allowed}); something else wrote to the graph during the load. ` +
            `${deleted} were deleted; run the load again to see the new plan.`,
        );
      }
      for (let at = 0; at < stale.length; at += PRUNE_DELETE_BATCH) {
        await executor.write(DELETES[kind], { ids: stale.slice(at, at + PRUNE_DELETE_BATCH) });
      }
      deleted += stale.length;
    }
  }
}
