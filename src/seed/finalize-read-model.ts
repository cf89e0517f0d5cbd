// Computes the read-model figures that depend on the whole graph (src/cypher/read-model.ts), in batches
// of technologies, each its own transaction. Idempotent: running it again sets the same values.
import type { Executor } from '../db/executor.ts';
import { setSubtreeTargetCounts, technologyIds } from '../cypher/read-model.ts';

const BATCH = 200;

export async function finalizeReadModel(executor: Executor): Promise<{ technologies: number }> {
  let after = '';
  let technologies = 0;
  for (;;) {
    const ids = (await executor.read(technologyIds, { after, limit: BATCH })).map((row) => String(row.id));
    if (ids.length === 0) return { technologies };
    await executor.write(setSubtreeTargetCounts, { ids });
    technologies += ids.length;
    after = ids.at(-1)!;
  }
}
