// The database is real: Neo4j 5.26 Community answers over Bolt, writes persist, reads are read-only.
import { afterAll, describe, expect, it } from 'vitest';
import { cypher } from '../../src/db/executor.ts';
import { closeTestExecutor, testExecutor } from '../support/database.ts';

afterAll(closeTestExecutor);

describe('the test database', () => {
  it('is Neo4j 5.26.x Community', async () => {
    const [row] = await testExecutor().read(cypher('test.components', 'CALL dbms.components() YIELD name, versions, edition RETURN name, versions, edition'));
    expect(row?.name).toBe('Neo4j Kernel');
    expect((row?.versions as string[])[0]).toMatch(/^5\.26\.\d+$/);
    expect(row?.edition).toBe('community');
  });

  it('round-trips a write and a read', async () => {
    const id = `roundtrip-${Date.now()}`;
    const executor = testExecutor();
    await executor.write(cypher('test.create', 'CREATE (:RoundTrip {id: $id, when: date($day), n: $n})'), { id, day: '2022-10-07', n: 31 });
    const [row] = await executor.read(cypher('test.read', 'MATCH (x:RoundTrip {id: $id}) RETURN x.when AS when, x.n AS n'), { id });
    expect(row).toEqual({ when: '2022-10-07', n: 31 });
    await executor.write(cypher('test.delete', 'MATCH (x:RoundTrip {id: $id}) DELETE x'), { id });
    expect(await executor.read(cypher('test.read', 'MATCH (x:RoundTrip {id: $id}) RETURN x'), { id })).toEqual([]);
  });

  it('runs reads in read transactions, where a write is refused', async () => {
    await expect(testExecutor().read(cypher('test.sneakyWrite', 'CREATE (:ShouldNotExist)'))).rejects.toThrow(/write|access mode|AccessMode/i);
    const [row] = await testExecutor().read(cypher('test.count', 'MATCH (x:ShouldNotExist) RETURN count(x) AS n'));
    expect(row?.n).toBe(0);
  });
});
