// Editing an existing entity (issue 18, decision 0033): its aliases (the list replaced), description and
// the other properties of its kind, checked as the seed loader checks an entity record (the seed's own
// `readNode`, through entity-record.ts), planned from the entity as it is stored, and applied inside a
// review's transaction as the changed properties only — with the derived name keys and full-text
// properties rebuilt by the loader's own row builder (src/seed/graph-rows.ts), so search and name
// resolution follow in the same commit. A new name is also copied onto each of its relationships
// (bounded like a merge). Figures and the dates that place a policy in time (they key its relationships
// on timelines) are not editable here yet; each is refused by name.
import { entityForEdit, setEntityProps } from '../cypher/curation-entity-edits.ts';
import { liveRelationshipsOf } from '../cypher/curation-merges.ts';
import { FORGET_PARAMS, forgetTimelineCounts } from '../cypher/timeline-counts.ts';
import type { Ontology } from '../ontology/ontology.ts';
import { entityRow, type RowContext } from '../seed/graph-rows.ts';
import { ReadModel } from '../seed/read-model.ts';
import { WHEN_FIELDS } from '../ontology/partial-date.ts';
import { readNode, type SeedNode } from '../seed/validate-seed.ts';
import { UNLINKED_REASON } from '../seed/validate-structure.ts';
import { nameKey } from '../text/fold.ts';
import { applyRelationship, readStored, type Statement } from './apply-change.ts';
import { checkEntityFields, checkNamesFree, propertyValue, type EntityPropertyInput, type RawEntity } from './entity-record.ts';
import { conflict, fieldError, notFoundItem } from '../errors/curation-errors.ts';
import { BOUNDS, checkLine, checkList } from './input-bounds.ts';
import { MERGE_MAX_RELATIONSHIPS } from './merge-entities.ts';
import { storedDate } from './relationship-record.ts';

export interface EntityEditInput {
  /** A new canonical name: every relationship of the entity carries it too (at most ENTITY_RENAME_MAX_RELATIONSHIPS). */
  name?: string | null;
  /** Replaces the whole list; an empty list removes every alias. */
  aliases?: string[] | null;
  description?: string | null;
  /** Properties of the entity's kind to set. */
  properties?: EntityPropertyInput[] | null;
  /** Optional properties to remove (e.g. `description`). */
  unset?: string[] | null;
}

/** An edit as a proposal stores it: values in the shape a seed file holds them, and the names removed. */
export interface EntityEdit {
  set: Record<string, unknown>;
  unset: string[];
}

/** Fields one edit may set or remove at most: aliases, description, and `properties` and `unset` (20 each). */
export const ENTITY_EDIT_MAX_FIELDS = 2 + 2 * BOUNDS.qualifiers;

/** Fields an entity edit does not take, and why (the error says so). */
const NOT_EDITABLE: Record<string, string> = {
  id: 'an id never changes (propose a merge into another entity instead)',
  figures: 'figures carry quotes of their own and are not edited through the API yet',
};
const WHEN_REASON = 'it decides where the entity sorts in measures and timelines and keys its relationships there; not editable through the API yet';

/** An entity's record as a seed file would hold it, read back from its stored properties (figures left out: not editable). */
export function storedEntityRecord(ontology: Ontology, kind: string, props: Record<string, unknown>): RawEntity {
  const def = ontology.kind(kind);
  const data: RawEntity['data'] = { id: String(props.id), name: String(props.name) };
  for (const prop of Object.values(def.properties)) {
    if (prop.name === 'name' || prop.name === 'figures') continue;
    if (prop.type === 'partialDate') {
      const date = storedDate(props, prop.name);
      if (date) data[prop.name] = date;
    } else if (props[prop.name] !== null && props[prop.name] !== undefined) {
      data[prop.name] = props[prop.name];
    }
  }
  return { kind, data };
}

/**
 * The input's sizes and kind-free texts, checked before the entity is read (hostile input costs no
 * database call); `entityEditRecord` then shapes it for the entity's kind.
 */
export function boundEntityEdit(input: EntityEditInput): void {
  checkLine('name', input.name, BOUNDS.name, false);
  checkLine('description', input.description, BOUNDS.line, false);
  checkList('aliases', input.aliases, BOUNDS.listItems).forEach((a, i) => checkLine(`aliases[${i}]`, a, BOUNDS.name));
  checkList('properties', input.properties, BOUNDS.qualifiers).forEach((p, i) => checkLine(`properties[${i}].name`, p?.name, 100));
  checkList('unset', input.unset, BOUNDS.qualifiers).forEach((name, i) => checkLine(`unset[${i}]`, name, 100));
}

/** The edit's input shaped for the entity's kind (every text bounded, no control characters). */
export function entityEditRecord(ontology: Ontology, kind: string, input: EntityEditInput): EntityEdit {
  const def = ontology.kind(kind);
  const edit: EntityEdit = { set: {}, unset: [] };
  const editable = (field: string, name: string) => {
    if (NOT_EDITABLE[name]) throw fieldError(field, name, `is not editable: ${NOT_EDITABLE[name]}`);
    if (!(name in def.properties)) throw fieldError(field, name, `is not a property of ${kind}`, Object.keys(def.properties).filter((p) => !NOT_EDITABLE[p]).join(', '));
    if (def.properties[name]!.type === 'partialDate' && (WHEN_FIELDS as readonly string[]).includes(name)) throw fieldError(field, name, `is not editable: ${WHEN_REASON}`);
    if (name in edit.set || edit.unset.includes(name)) throw fieldError(field, name, 'is given twice');
  };
  if (input.aliases !== undefined && input.aliases !== null) {
    const aliases = checkList('aliases', input.aliases, BOUNDS.listItems).map((a, i) => checkLine(`aliases[${i}]`, a, BOUNDS.name)!);
    if (aliases.length > 0) edit.set.aliases = aliases;
    else edit.unset.push('aliases');
  }
  if (input.name !== undefined && input.name !== null) edit.set.name = checkLine('name', input.name, BOUNDS.name);
  if (input.description !== undefined && input.description !== null) edit.set.description = checkLine('description', input.description, BOUNDS.line);
  for (const [i, prop] of checkList('properties', input.properties, BOUNDS.qualifiers).entries()) {
    const name = checkLine(`properties[${i}].name`, prop.name, 100)!;
    if (name === 'aliases' || name === 'description' || name === 'name') throw fieldError(`properties[${i}].name`, name, `is given as '${name}'`);
    editable(`properties[${i}].name`, name);
    edit.set[name] = propertyValue(def, name, prop, `properties[${i}]`);
  }
  for (const [i, name] of checkList('unset', input.unset, BOUNDS.qualifiers).entries()) {
    checkLine(`unset[${i}]`, name, 100);
    editable(`unset[${i}]`, name);
    if (def.properties[name]!.required) throw fieldError(`unset[${i}]`, name, `is required for ${kind}`, 'an optional property');
    edit.unset.push(name);
  }
  if (Object.keys(edit.set).length === 0 && edit.unset.length === 0) throw fieldError('edit', input, 'changes nothing', 'aliases, description, properties or unset');
  return edit;
}

/** The record an edit leaves. */
export function appliedEdit(record: RawEntity, edit: EntityEdit): RawEntity {
  const data = { ...record.data, ...edit.set } as RawEntity['data'];
  for (const name of edit.unset) delete data[name];
  return { kind: record.kind, data };
}

export interface StoredEntity {
  record: RawEntity;
  /** How many relationships it has, up to 1 (an `unlinkedReason` is required without one, refused with one). */
  linked: boolean;
}

/** The live entity `id` as stored; a field-level error when it is not one (naming where a merged id went). */
export async function readEntity(read: Statement, ontology: Ontology, id: string, field = 'entityId'): Promise<StoredEntity> {
  const [row] = await read(entityForEdit, { id });
  if (row?.mergedInto) throw fieldError(field, id, `was merged into '${String(row.mergedInto)}'`, `the id of a live entity (perhaps '${String(row.mergedInto)}')`);
  if (!row?.live) throw notFoundItem('entity', id);
  const linked = (await read(liveRelationshipsOf, { id, limit: 1 })).length > 0;
  return { record: storedEntityRecord(ontology, String(row.kind), row.props as Record<string, unknown>), linked };
}

/**
 * Checks the record an edit leaves as the seed loader would (every property, references, the rule on
 * `unlinkedReason`), and that no alias it adds is another entity's name or alias. Field-level errors.
 */
export async function checkEdited(read: Statement, ontology: Ontology, before: StoredEntity, edit: EntityEdit): Promise<RawEntity> {
  const after = appliedEdit(before.record, edit);
  await checkEntityFields({ run: read }, ontology, after);
  if (UNLINKED_REASON in edit.set && before.linked) throw fieldError(`properties.${UNLINKED_REASON}`, edit.set[UNLINKED_REASON], 'is refused: the entity has relationships', 'no unlinkedReason on an entity with relationships');
  if (edit.unset.includes(UNLINKED_REASON) && !before.linked) throw fieldError('unset', UNLINKED_REASON, 'is required while the entity has no relationship', 'keep it, or give it a new reason');
  const had = new Set([before.record.data.name, ...((before.record.data.aliases as string[] | undefined) ?? [])].map(nameKey));
  const added = [
    ...(typeof edit.set.name === 'string' ? [{ field: 'name', value: edit.set.name }] : []),
    ...((edit.set.aliases as string[] | undefined) ?? []).map((value, i) => ({ field: `aliases[${i}]`, value })),
  ].filter((a) => !had.has(nameKey(a.value)));
  await checkNamesFree({ run: read }, added, [after.data.id]);
  return after;
}

/** Relationships a renamed entity may have: the acceptance rewrites each one's copy of the name. */
export const ENTITY_RENAME_MAX_RELATIONSHIPS = MERGE_MAX_RELATIONSHIPS;

/** The live relationships of an entity a rename rewrites; a field-level error above the bound. */
export async function relationshipsToRename(read: Statement, id: string): Promise<string[]> {
  const ids = (await read(liveRelationshipsOf, { id, limit: ENTITY_RENAME_MAX_RELATIONSHIPS + 1 })).map((r) => String(r.id));
  if (ids.length > ENTITY_RENAME_MAX_RELATIONSHIPS) {
    throw fieldError('name', id, `cannot be renamed through the API: '${id}' has more than ${ENTITY_RENAME_MAX_RELATIONSHIPS} relationships, and each carries a copy of the name`, `an entity with at most ${ENTITY_RENAME_MAX_RELATIONSHIPS}`);
  }
  return ids;
}

/**
 * After a rename inside the acceptance's transaction: each live relationship of the entity is written
 * again through `applyRelationship` as it is, so its Claim's `fromName`/`toName` (read from the renamed
 * node in this transaction) and its stored CSV line carry the new name. Marked curated: a reseed would
 * otherwise write the seed's old name back onto them.
 */
export async function renameInRelationships(
  run: Statement,
  ontology: Ontology,
  id: string,
  meta: { at: string; by: string; seq: number; claimLine: RowContext['claimLine'] },
): Promise<number> {
  const ids = await relationshipsToRename(run, id);
  for (const relationship of ids) {
    const before = (await readStored(run, ontology, relationship))!;
    await applyRelationship(run, ontology, before, { raw: before.raw, retracted: false }, { id: relationship, at: meta.at, by: meta.by, seq: meta.seq, curated: true, claimLine: meta.claimLine });
  }
  return ids.length;
}

/** Two records say the same (keys in any order). */
export function sameRecord(a: RawEntity, b: RawEntity): boolean {
  const canon = (r: RawEntity) => JSON.stringify(Object.keys(r.data).sort().map((k) => [k, r.data[k]]));
  return a.kind === b.kind && canon(a) === canon(b);
}

/**
 * Writes `after` over the stored `before` inside the acceptance's transaction: both are turned into the
 * loader's node properties (entityRow: aliasText, nameKeys, nameKeyText, flattened dates), and only the
 * keys that differ are written (a removed one as null). Derived keys that come from the dates placing an
 * entity in time are not touched (those dates are not editable), so they stay as the load computed them.
 */
export async function applyEntityEdit(run: Statement, ontology: Ontology, before: RawEntity, after: RawEntity, seq: number): Promise<string[]> {
  const rowOf = (record: RawEntity) => {
    const node = checkedNode(ontology, record);
    return entityRow(node, { origin: 'api', model: new ReadModel({ sources: [], entities: [] }), kindOf: () => undefined }).props as Record<string, unknown>;
  };
  const was = rowOf(before);
  const now = rowOf(after);
  const props: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(was), ...Object.keys(now)])) {
    if (key === 'origin') continue;
    if (JSON.stringify(was[key] ?? null) !== JSON.stringify(now[key] ?? null)) props[key] = now[key] ?? null;
  }
  // An actor's type or country decides which country's timeline set it is in: that set's stored total
  // goes, under the old and the new values (src/cypher/timeline-counts.ts).
  const moves = 'type' in props || 'country' in props;
  if (moves) await run(forgetTimelineCounts, { ids: [after.data.id], ...FORGET_PARAMS });
  const [written] = await run(setEntityProps, { id: after.data.id, props, seq });
  if (!written) throw conflict(`entity '${after.data.id}' is gone since the edit was checked`, 0);
  if (moves) await run(forgetTimelineCounts, { ids: [after.data.id], ...FORGET_PARAMS });
  return Object.keys(props).sort();
}

/** The record as the loader's node (checkEdited checked it in this transaction: a problem here is a bug, not bad input). */
function checkedNode(ontology: Ontology, record: RawEntity): SeedNode {
  const problems: string[] = [];
  const node = readNode({ file: 'entity-edit', line: 0, data: record.data }, ontology.kind(record.kind), (_w, _id, problem) => problems.push(problem));
  if (!node || problems.length > 0) throw new Error(`entity '${record.data.id}' does not read back as a seed record: ${problems.join('; ')}`);
  return node;
}

/** Fields an edit touched, in order: what the preview and the change log name. */
export function editedFields(edit: EntityEdit): string[] {
  return [...Object.keys(edit.set), ...edit.unset].sort();
}

/** The proposal is still about the entity its author saw: else the acceptance is a CONFLICT naming what moved. */
export function staleEdit(basedOn: RawEntity, now: RawEntity, revision: number): void {
  if (sameRecord(basedOn, now)) return;
  const moved = [...new Set([...Object.keys(basedOn.data), ...Object.keys(now.data)])].filter((k) => JSON.stringify(basedOn.data[k] ?? null) !== JSON.stringify(now.data[k] ?? null)).sort();
  throw conflict(`entity '${now.data.id}' changed since the edit was proposed (${moved.join(', ')}); propose the edit again on the entity as it is now.`, revision, { field: 'entityId', changed: moved });
}
