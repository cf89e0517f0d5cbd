// Computes the read-model figures that depend on the whole graph (src/cypher/read-model.ts), in batches
// of technologies, each its own transaction; beside them the stored timeline totals of every country's
// set (src/cypher/timeline-counts.ts). Idempotent: running it again sets the same values.
import { cypher, type Executor } from '../db/executor.ts';
import { setSubtreeTargetCounts, technologyIds } from '../cypher/read-model.ts';
import { resolveNames, type NameQuery } from '../cypher/names.ts';
import { CypherBuilder } from '../cypher/projection/builder.ts';
import { timelineStatement } from '../cypher/timeline.ts';
import { countryIds, pruneTimelineCounts, STORED_COUNT_MIN_IDS, storeLoadedTimelineCount, timelineCountKey } from '../cypher/timeline-counts.ts';
import type { Ontology } from '../ontology/ontology.ts';
import { nameKey } from '../text/fold.ts';
import type { LoadPhases } from './bulk/load-phases.ts';

const BATCH = 200;
/** Countries resolved per statement (their sets are counted one by one). */
const COUNTRY_BATCH = 50;

/**
 * The two parts are independent (the timeline totals read no subtree count), so they run side by side:
 * two statements at a time for the database's cores instead of one. `phases`, when given, gets their
 * common wall time, and each part's own as a part of it (a bulk load's profile, bulk/load-phases.ts).
 */
export async function finalizeReadModel(executor: Executor, ontology: Ontology, phases?: LoadPhases): Promise<{ technologies: number; timelineCounts: number }> {
  const timed = async <T>(part: string, step: () => Promise<T>): Promise<T> => {
    const began = performance.now();
    try {
      return await step();
    } finally {
      phases?.add(part, performance.now() - began, READ_MODEL);
    }
  };
  const both = () =>
    Promise.all([timed('subtree counts', () => storeSubtreeCounts(executor)), timed('timeline totals', () => storeTimelineCounts(executor, ontology))]);
  const [technologies, timelineCounts] = await (phases ? phases.time(READ_MODEL, both) : both());
  return { technologies, timelineCounts };
}

const READ_MODEL = 'read model (subtree counts beside timeline totals)';

/** Each technology's count of policies targeting its subtree, in batches of technologies. */
async function storeSubtreeCounts(executor: Executor): Promise<number> {
  let after = '';
  let done = 0;
  for (;;) {
    const ids = (await executor.read(technologyIds, { after, limit: BATCH })).map((row) => String(row.id));
    if (ids.length === 0) return done;
    await executor.write(setSubtreeTargetCounts, { ids });
    done += ids.length;
    after = ids.at(-1)!;
  }
}

/**
 * For each country: its timeline's set as the API expands it (`timeline(entity:)`, expansion `involved`,
 * through the API's own name statement) counted by the API's own count statement, and stored (MERGE on
 * the set's key: a second load of the same graph changes nothing, not even a node's element id); then
 * the stored counts of sets not counted here are dropped. Each count is its own read; a hub of M costs
 * ~55 000 db hits once.
 */
export async function storeTimelineCounts(executor: Executor, ontology: Ontology): Promise<number> {
  let after = '';
  const keys: string[] = [];
  for (;;) {
    const countries = (await executor.read(countryIds, { after, limit: COUNTRY_BATCH })).map((row) => String(row.id));
    if (countries.length === 0) {
      await executor.write(pruneTimelineCounts, { keys });
      return keys.length;
    }
    after = countries.at(-1)!;
    const queries: NameQuery[] = countries.map((id) => ({
      argument: id,
      text: id,
      key: nameKey(id),
      phrase: `"${nameKey(id).replace(/["\\]/g, ' ')}"`,
      labels: ['Country'],
      expand: 'involved',
      minSources: 0,
    }));
    const names = new CypherBuilder(ontology);
    const resolved = await executor.read(cypher('names.resolve', resolveNames(names, queries)), names.params);
    for (const row of resolved) {
      const match = (row.matches as Array<{ props: { id: string }; ids: string[] }>).find((m) => m.props.id === row.argument);
      if (!match || match.ids.length < STORED_COUNT_MIN_IDS) continue;
      const b = new CypherBuilder(ontology);
      const text = timelineStatement(b, {
        entityIds: match.ids, anchor: 'entities', from: null, to: null, after: null, limit: 1,
        policyFields: [], relationshipFields: [], withRows: false, withTotal: true,
      });
      const [counted] = await executor.read(cypher('timeline.total', text), b.params);
      const key = timelineCountKey(match.ids);
      await executor.write(storeLoadedTimelineCount, { anchor: match.props.id, key, total: counted!.total });
      keys.push(key);
    }
  }
}
