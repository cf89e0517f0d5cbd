// Entity edits' statements are anchored on an index (decision 0033): the edited entity and a merged id
// by their unique ids, the write by the entity's id, the name clash check by the full-text index (the
// edited entity left out by id), and the loader's entity upsert, whose new guard on `curatedSeq` keeps
// its MERGE on the unique id. None scans a label.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applySchema } from '../../src/store/apply-schema.ts';
import { entityForEdit, setEntityProps } from '../../src/cypher/curation-entity-edits.ts';
import { entitiesNamed } from '../../src/cypher/curation-entities.ts';
import { writeStatements } from '../../src/cypher/seed.ts';
import { closeTestExecutor, testExecutor, testOntology } from '../support/database.ts';
import { planOf, scans, seeks } from '../support/plans.ts';

beforeAll(() => applySchema(testExecutor(), testOntology()));
afterAll(closeTestExecutor);


describe('entity edit statements', () => {
  it('read the edited entity and a merged id by their unique ids', async () => {
    const ops = await planOf(entityForEdit, { id: 'x' });
    expect(seeks(ops, /:Entity\(id\)/)).toBe(1);
    expect(seeks(ops, /MergedEntity\(id\)/)).toBe(1);
    expect(scans(ops)).toEqual([]);
  });

  it('write the changed properties by the entity id', async () => {
    const ops = await planOf(setEntityProps, { id: 'x', props: { description: 'y' }, seq: 1 });
    expect(seeks(ops, /:Entity\(id\)/)).toBe(1);
    expect(scans(ops)).toEqual([]);
  });

  it('check names by the full-text index, leaving the edited entity out by id', async () => {
    const ops = await planOf(entitiesNamed, { names: [{ field: 'aliases[0]', value: 'x', key: 'x', phrase: '"x"' }], except: ['y'] });
    expect(ops.some((o) => /ProcedureCall/.test(o.operator) && /fulltext/.test(o.details))).toBe(true);
    expect(scans(ops)).toEqual([]);
  });

  it("keep the loader's entity upsert on the unique id with its curated and merged guards", async () => {
    const upsert = writeStatements(testOntology()).upsertEntities.get('Actor')!;
    expect(upsert.text).toContain('WHERE n.curatedSeq IS NULL');
    const ops = await planOf(upsert, { rows: [{ id: 'x', props: { id: 'x', name: 'X' } }] });
    expect(seeks(ops, /:Entity\(id\)/)).toBeGreaterThanOrEqual(1);
    // The merged-away check is a seek on its own unique id too.
    expect(seeks(ops, /:MergedEntity\(id\)/)).toBeGreaterThanOrEqual(1);
    expect(scans(ops)).toEqual([]);
  });
});
