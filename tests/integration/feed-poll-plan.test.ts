// The change feed's two statements are anchored on an index (decision 0028): the poll every API process
// runs every FEED_POLL_MS while anyone subscribes reads the one GraphState node by its unique id, and a
// woken subscriber's read seeks the Change log by seq in index order (no scan of the log, no sort).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applySchema } from '../../src/store/apply-schema.ts';
import { changesSince, lastChangeSeq } from '../../src/cypher/curation.ts';
import { closeTestExecutor, testExecutor, testOntology } from '../support/database.ts';
import { operators } from '../support/plans.ts';

beforeAll(() => applySchema(testExecutor(), testOntology()));
afterAll(closeTestExecutor);


describe('the feed’s statements', () => {
  it('poll the last seq by the GraphState id index', async () => {
    const ops = operators(await testExecutor().explain(lastChangeSeq, {}));
    expect(ops.some((o) => o.operator.startsWith('NodeUniqueIndexSeek') && /GraphState\(id\)/.test(o.details))).toBe(true);
    expect(ops.some((o) => /Scan/.test(o.operator))).toBe(false);
  });

  it('read the changes after a seq by the seq index, in its order', async () => {
    const ops = operators(await testExecutor().explain(changesSince, { since: 10, limit: 500 }));
    expect(ops.some((o) => o.operator.startsWith('NodeUniqueIndexSeekByRange') && /Change\(seq\)/.test(o.details))).toBe(true);
    expect(ops.some((o) => /Scan/.test(o.operator))).toBe(false);
    expect(ops.some((o) => /Sort/.test(o.operator))).toBe(false);
  });
});
