// A proposed entity as the seed validator reads it — a raw record of its kind (id, name, aliases and the
// kind's properties) — checked by the seed's own `readNode` and its second pass (references and the
// sources dates are resolved against must exist), plus what the graph decides: the id is free, and no
// other entity already has the name or an alias (the error names it). One set of rules for both paths.
import type { Executor, TransactionRunner } from '../db/executor.ts';
import { entitiesNamed, nodesByIds } from '../cypher/curation-entities.ts';
import { sourceExists } from '../cypher/curation.ts';
import type { Ontology } from '../ontology/ontology.ts';
import { readNode, type SeedNode } from '../seed/validate-seed.ts';
import { nameKey } from '../text/fold.ts';
import { fieldError } from '../errors/curation-errors.ts';
import { BOUNDS, checkDate, checkLine, checkList } from './input-bounds.ts';

export interface EntityPropertyInput {
  name: string;
  value?: string | null;
  values?: string[] | null;
  date?: Record<string, unknown> | null;
}

export interface EntityInput {
  kind: string;
  id: string;
  name: string;
  aliases?: string[] | null;
  properties?: EntityPropertyInput[] | null;
}

/** What a proposal stores and acceptance checks again: the kind and the raw record a seed file would hold. */
export interface RawEntity {
  kind: string;
  data: Record<string, unknown> & { id: string; name: string };
}

/** Properties the input carries in fields of their own, or that the API does not take yet. */
const NOT_A_PROPERTY: Record<string, string> = {
  id: "give it as 'id'",
  name: "give it as 'name'",
  aliases: "give them as 'aliases'",
  figures: 'figures carry quotes of their own and are not proposed through the API yet',
};

type Reader = Pick<Executor, 'read'> | TransactionRunner;
const run = (db: Reader, query: Parameters<Executor['read']>[0], params: Record<string, unknown>) => ('read' in db ? db.read(query, params) : db.run(query, params));

/** The raw record of a proposed entity: every string bounded and free of control characters before any check. */
export function entityRecord(ontology: Ontology, input: EntityInput): RawEntity {
  const def = ontology.kinds.get(String(input.kind));
  if (!def || !def.entity) throw fieldError('kind', input.kind, 'is not an entity kind', ontology.entityKinds.join(', '));
  const data: RawEntity['data'] = { id: checkLine('id', input.id, BOUNDS.id)!, name: checkLine('name', input.name, BOUNDS.name)! };
  const aliases = checkList('aliases', input.aliases, BOUNDS.listItems).map((a, i) => checkLine(`aliases[${i}]`, a, BOUNDS.name)!);
  if (aliases.length > 0) data.aliases = aliases;
  for (const [i, prop] of checkList('properties', input.properties, BOUNDS.qualifiers).entries()) {
    const name = checkLine(`properties[${i}].name`, prop.name, 100)!;
    if (NOT_A_PROPERTY[name]) throw fieldError(`properties[${i}].name`, name, `is not taken here: ${NOT_A_PROPERTY[name]}`);
    if (name in data) throw fieldError(`properties[${i}].name`, name, 'is given twice');
    data[name] = propertyValue(def, name, prop, `properties[${i}]`);
  }
  return { kind: def.kind, data };
}

/**
 * One property's input in the shape the seed's YAML would hold it (bounded, no control characters);
 * the seed's `readNode` then says what is wrong with it. Shared by new entities and entity edits.
 */
export function propertyValue(def: { properties: Record<string, { type: string }> }, name: string, prop: EntityPropertyInput, field: string): unknown {
  const type = def.properties[name]?.type;
  if (type === 'partialDate') return checkDate(`${field}.date`, prop.date) ?? null;
  if (type === 'string[]') return checkList(`${field}.values`, prop.values, BOUNDS.listItems).map((v, j) => checkLine(`${field}.values[${j}]`, v, BOUNDS.line));
  const value = checkLine(`${field}.value`, prop.value, BOUNDS.line)!;
  return type === 'boolean' && /^(true|false)$/.test(value) ? value === 'true' : type === 'number' && value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : value;
}

/** The input field a problem of the seed validator is about. */
function fieldOf(raw: RawEntity, problem: string): string {
  if (/^id /.test(problem)) return 'id';
  const name = /^'(\w+)'|property '(\w+)'/.exec(problem)?.slice(1).find(Boolean);
  if (!name) return 'input';
  if (name === 'name' || name === 'aliases') return name;
  return `properties.${name}`;
}

/**
 * Checks a proposed entity as the seed loader would, then against the graph: its references and
 * dates' sources exist with the right kinds, its id is free, and none of its names is another entity's
 * name or alias. Throws a field-level BAD_USER_INPUT (a duplicate names `existingId`); returns the node.
 */
export async function checkEntityRecord(db: Reader, ontology: Ontology, raw: RawEntity): Promise<SeedNode> {
  const node = await checkEntityFields(db, ontology, raw);
  const [taken] = await run(db, sourceExists, { id: node.id });
  if (taken?.taken === true) throw fieldError('id', node.id, 'is already the id of an entity or source', 'a new id (lowercase words joined by hyphens)', { existingId: node.id });
  const names = [
    { field: 'name', value: raw.data.name },
    ...((raw.data.aliases as string[] | undefined) ?? []).map((value, i) => ({ field: `aliases[${i}]`, value })),
  ];
  await checkNamesFree(db, names, []);
  return node;
}

/**
 * The record checked as the seed loader checks it: `readNode` (every property of the kind, with the
 * field at fault named), then its references and its dates' sources exist with the right kinds.
 */
export async function checkEntityFields(db: Reader, ontology: Ontology, raw: RawEntity): Promise<SeedNode> {
  const def = ontology.kind(raw.kind);
  const problems: string[] = [];
  const node = readNode({ file: 'proposal', line: 0, data: raw.data }, def, (_where, _id, problem) => problems.push(problem));
  if (!node || problems.length > 0) {
    const first = problems[0] ?? 'the entity is not valid';
    const field = fieldOf(raw, first);
    const key = field.startsWith('properties.') ? field.slice('properties.'.length) : field;
    throw fieldError(field, raw.data[key] ?? null, first, undefined, { problems: problems.map((problem) => ({ field: fieldOf(raw, problem), problem })) });
  }

  // The seed's second pass: what the record refers to must exist, with the kind the ontology says.
  const refs: Array<{ field: string; id: string; kind: string }> = [];
  for (const prop of Object.values(def.properties)) {
    const value = node.properties[prop.name];
    if (prop.type === 'ref' && typeof value === 'string') refs.push({ field: `properties.${prop.name}`, id: value, kind: prop.kind! });
  }
  for (const [name, date] of Object.entries(node.dates)) {
    if (date.resolvedAgainst) refs.push({ field: `properties.${name}.resolvedAgainst`, id: date.resolvedAgainst, kind: 'Source' });
  }
  if (refs.length > 0) {
    const kinds = new Map((await run(db, nodesByIds, { ids: refs.map((r) => r.id) })).map((row) => [String(row.id), String(row.kind)]));
    const bad = refs.find((r) => kinds.get(r.id) !== r.kind);
    if (bad) throw fieldError(bad.field, bad.id, `refers to '${bad.id}', which is not a known ${bad.kind} id`);
  }

  return node;
}

/** None of `names` is the name or an alias of another entity than those in `except` (compared folded). */
export async function checkNamesFree(db: Reader, proposed: Array<{ field: string; value: string }>, except: string[]): Promise<void> {
  if (proposed.length === 0) return;
  const names = proposed.map((n) => {
    const key = nameKey(n.value);
    return { ...n, key, phrase: `"${key.replace(/["\\]/g, ' ')}"` };
  });
  const [clash] = await run(db, entitiesNamed, { names, except });
  if (clash) {
    throw fieldError(
      String(clash.field),
      clash.value,
      `is already the name or an alias of '${String(clash.id)}' ("${String(clash.name)}")`,
      `a name or alias no other entity has (if '${String(clash.id)}' is the same entity, use its id)`,
      { existingId: clash.id, existingName: clash.name },
    );
  }
}
