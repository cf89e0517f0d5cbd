// The embedded Neo4j plans a statement once, whatever the sizes of its list parameters (issue 24: the
// first question of each new list size paid a planning of ~400 ms on M; neo4j-embedded's
// EmbeddedNeo4j.java turns Neo4j's size-bucketed plan cache off). One plan means one estimate: the
// planner's row estimate for `e.id IN $ids` is the same for 3 ids and for 3 000 (with the size buckets it
// followed the list's size).
import neo4j from 'neo4j-driver';
import { afterAll, describe, expect, inject, it } from 'vitest';

const { uri, username, password } = inject('neo4j');
const driver = neo4j.driver(uri, neo4j.auth.basic(username, password));
afterAll(async () => {
  await driver.executeQuery('MATCH (e:PlanCacheTest) DETACH DELETE e');
  await driver.close();
});

interface Plan { arguments: Record<string, unknown> }

async function seekEstimate(ids: number): Promise<number> {
  const session = driver.session();
  try {
    const result = await session.run('EXPLAIN MATCH (e:Entity) WHERE e.id IN $ids RETURN e.id AS id /* plan-cache test */', {
      ids: Array.from({ length: ids }, (_, i) => `plan-cache-${i}`),
    });
    // The rows the plan expects to return (whatever the operators: the file does not load the schema).
    return Number((result.summary.plan as unknown as Plan).arguments.EstimatedRows);
  } finally {
    await session.close();
  }
}

describe('plan cache of the embedded Neo4j', () => {
  it('plans a statement once whatever the size of its list parameters', async () => {
    await driver.executeQuery('CALL db.clearQueryCaches()');
    // Enough entities for an estimate that can follow the list's size (with the size buckets, it does).
    await driver.executeQuery("UNWIND range(1, 2000) AS i CREATE (:Entity:PlanCacheTest {id: 'plan-cache-' + i})");
    const estimates = [await seekEstimate(3), await seekEstimate(3_000), await seekEstimate(30)];
    expect(estimates[0]).toBeGreaterThan(0);
    expect(estimates).toEqual([estimates[0], estimates[0], estimates[0]]);
  });
});
