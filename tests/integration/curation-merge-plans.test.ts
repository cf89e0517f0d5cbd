// Merges' statements are anchored on an index (decision 0030): the dropped entity's relationships by the
// Claim endpoint indexes, a merged id's redirect by its unique id, `history(id:)` by the change log's
// item indexes (both the kept and the merged id), the reference check by the property's index, and the
// re-pointing of earlier merges by `mergedInto`. None scans a label.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applySchema } from '../../src/store/apply-schema.ts';
import { changesOfItem } from '../../src/cypher/curation.ts';
import { liveRelationshipsOf, mergedEntity, referencesTo, retireMerged } from '../../src/cypher/curation-merges.ts';
import { closeTestExecutor, testExecutor, testOntology } from '../support/database.ts';
import { planOf, scans, seeks } from '../support/plans.ts';

beforeAll(() => applySchema(testExecutor(), testOntology()));
afterAll(closeTestExecutor);


describe('merge statements', () => {
  it("list the dropped entity's relationships by both Claim endpoint indexes", async () => {
    const ops = await planOf(liveRelationshipsOf, { id: 'x', limit: 1001 });
    expect(seeks(ops, /Claim\(fromId, id\)/)).toBe(1);
    expect(seeks(ops, /Claim\(toId, id\)/)).toBe(1);
    expect(scans(ops)).toEqual([]);
  });

  it('resolve a merged id by its unique id', async () => {
    const ops = await planOf(mergedEntity, { id: 'x' });
    expect(seeks(ops, /MergedEntity\(id\)/)).toBe(1);
    expect(scans(ops)).toEqual([]);
  });

  it('find the history of an id by the item and the merged-item indexes', async () => {
    const ops = await planOf(changesOfItem, { id: 'x', limit: 1000 });
    expect(seeks(ops, /Change\(itemId\)/)).toBe(1);
    expect(seeks(ops, /Change\(otherItemId\)/)).toBe(1);
    expect(scans(ops)).toEqual([]);
  });

  it('check references by the property index, and re-point earlier merges by mergedInto', async () => {
    const refs = referencesTo(testOntology(), 'Country');
    expect(refs, 'Actor.country refers to a Country').not.toBeNull();
    const refOps = await planOf(refs!, { id: 'x' });
    expect(seeks(refOps, /Actor\(country\)/)).toBe(1);
    expect(scans(refOps)).toEqual([]);
    const retire = await planOf(retireMerged(testOntology(), 'Technology'), { id: 'x', kind: 'Technology', keep: 'y', at: '', by: '', reason: '', seq: 1 });
    expect(seeks(retire, /MergedEntity\(mergedInto\)/)).toBe(1);
    expect(scans(retire)).toEqual([]);
  });
});
