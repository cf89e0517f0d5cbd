// The ontology as typed data, loaded from schema/ontology/ in two passes: parse every file, then
// resolve references and check invariants. Everything that needs a label or a relationship type asks
// this model; nothing else lists them.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const ONTOLOGY_DIR = fileURLToPath(new URL('../../schema/ontology/', import.meta.url));

export type PropertyType =
  | 'string'
  | 'string[]'
  | 'boolean'
  | 'number'
  | 'enum'
  | 'ref'
  | 'partialDate'
  | 'figure[]';

export interface PropertyDef {
  name: string;
  type: PropertyType;
  required: boolean;
  description?: string;
  /** For `enum`: the kind's vocabulary it draws on (`types` or `statuses`). */
  values?: 'types' | 'statuses';
  /** For `ref`: the kind referred to. */
  kind?: string;
  pattern?: RegExp;
  default?: unknown;
}

export interface KindDef {
  kind: string;
  /** Entities (Actor, Policy, Technology, Country) carry the shared `Entity` label; Source does not. */
  entity: boolean;
  description: string;
  types: Record<string, string>;
  statuses: Record<string, string>;
  /** For Source: the types counted as independent evidence (editorial references are not). */
  countedTypes: string[];
  properties: Record<string, PropertyDef>;
}

export interface RelationshipTypeDef {
  type: string;
  description: string;
  from: string[];
  to: string[];
  symmetric: boolean;
  /** The taxonomy relationship (BROADER): followed to expand a technology to its narrower ones. */
  taxonomy: boolean;
  phrase: string;
  inversePhrase: string;
  properties: Record<string, PropertyDef>;
}

export interface Ontology {
  kinds: ReadonlyMap<string, KindDef>;
  /** Entity kinds in a stable order: Actor, Policy, Technology, Country. */
  entityKinds: readonly string[];
  relationshipTypes: ReadonlyMap<string, RelationshipTypeDef>;
  /** The one relationship type with `taxonomy: true`. */
  taxonomyType: string;
  kind(name: string): KindDef;
  relationshipType(name: string): RelationshipTypeDef;
  /** Relationship types whose `from` or `to` side admits the kind. */
  typesTouching(kind: string, side: 'from' | 'to'): string[];
}

export class OntologyError extends Error {
  override name = 'OntologyError';
  constructor(readonly problems: string[]) {
    super(`the ontology in schema/ontology is invalid:\n  - ${problems.join('\n  - ')}`);
  }
}

const PROPERTY_TYPES: readonly PropertyType[] = [
  'string',
  'string[]',
  'boolean',
  'number',
  'enum',
  'ref',
  'partialDate',
  'figure[]',
];
const ENTITY_KIND_ORDER = ['Actor', 'Policy', 'Technology', 'Country'];
const RELATIONSHIP_TYPE_NAME = /^[A-Z][A-Z_]*$/;
const KIND_NAME = /^[A-Z][A-Za-z]*$/;

type Raw = Record<string, unknown>;

function readYamlFiles(dir: string): Array<{ file: string; data: Raw }> {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.yaml'))
    .sort()
    .map((name) => ({ file: join(dir, name), data: (parse(readFileSync(join(dir, name), 'utf8')) ?? {}) as Raw }));
}

function parseProperties(raw: unknown, where: string, problems: string[]): Record<string, PropertyDef> {
  const props: Record<string, PropertyDef> = {};
  for (const [name, value] of Object.entries((raw ?? {}) as Record<string, Raw>)) {
    const type = value?.type as PropertyType;
    if (!PROPERTY_TYPES.includes(type)) {
      problems.push(`${where}: property '${name}' has type '${String(type)}'; allowed: ${PROPERTY_TYPES.join(', ')}`);
      continue;
    }
    props[name] = {
      name,
      type,
      required: value.required === true,
      description: typeof value.description === 'string' ? value.description : undefined,
      values: value.values as PropertyDef['values'],
      kind: typeof value.kind === 'string' ? value.kind : undefined,
      pattern: typeof value.pattern === 'string' ? new RegExp(value.pattern) : undefined,
      default: value.default,
    };
  }
  return props;
}

function vocabulary(raw: unknown): Record<string, string> {
  return Object.fromEntries(Object.entries((raw ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
}

/** Loads and checks the ontology; throws OntologyError listing every problem. */
export function loadOntology(dir: string = ONTOLOGY_DIR): Ontology {
  const problems: string[] = [];

  // Pass 1: parse.
  const kinds = new Map<string, KindDef>();
  for (const { file, data } of readYamlFiles(join(dir, 'kinds'))) {
    const kind = String(data.kind ?? '');
    if (!KIND_NAME.test(kind)) problems.push(`${file}: 'kind' must be a PascalCase name, got '${kind}'`);
    if (kinds.has(kind)) problems.push(`${file}: kind '${kind}' is defined twice`);
    kinds.set(kind, {
      kind,
      entity: data.entity === true,
      description: String(data.description ?? '').trim(),
      types: vocabulary(data.types),
      statuses: vocabulary(data.statuses),
      countedTypes: Array.isArray(data.countedTypes) ? data.countedTypes.map(String) : [],
      properties: parseProperties(data.properties, file, problems),
    });
  }
  const relationshipTypes = new Map<string, RelationshipTypeDef>();
  for (const { file, data } of readYamlFiles(join(dir, 'relationships'))) {
    const type = String(data.type ?? '');
    if (!RELATIONSHIP_TYPE_NAME.test(type)) problems.push(`${file}: 'type' must be UPPER_SNAKE_CASE, got '${type}'`);
    if (relationshipTypes.has(type)) problems.push(`${file}: relationship type '${type}' is defined twice`);
    relationshipTypes.set(type, {
      type,
      description: String(data.description ?? '').trim(),
      from: Array.isArray(data.from) ? data.from.map(String) : [],
      to: Array.isArray(data.to) ? data.to.map(String) : [],
      symmetric: data.symmetric === true,
      taxonomy: data.taxonomy === true,
      phrase: String(data.phrase ?? type.toLowerCase()),
      inversePhrase: String(data.inversePhrase ?? type.toLowerCase()),
      properties: parseProperties(data.properties, file, problems),
    });
  }

  // Pass 2: resolve references and check invariants.
  for (const def of kinds.values()) {
    for (const prop of Object.values(def.properties)) {
      if (prop.type === 'ref' && (!prop.kind || !kinds.has(prop.kind))) {
        problems.push(`kind ${def.kind}: property '${prop.name}' refers to unknown kind '${prop.kind}'`);
      }
      if (prop.type === 'enum' && (!prop.values || Object.keys(def[prop.values] ?? {}).length === 0)) {
        problems.push(`kind ${def.kind}: enum property '${prop.name}' needs a non-empty '${prop.values}' vocabulary`);
      }
    }
    if (def.entity && !def.properties.name?.required) problems.push(`kind ${def.kind}: entities need a required 'name'`);
    for (const t of def.countedTypes) {
      if (!(t in def.types)) problems.push(`kind ${def.kind}: countedTypes names '${t}', which is not one of its types`);
    }
  }
  if (!kinds.has('Source')) problems.push(`a 'Source' kind is required: relationships cite sources`);
  for (const def of relationshipTypes.values()) {
    for (const side of ['from', 'to'] as const) {
      if (def[side].length === 0) problems.push(`relationship ${def.type}: '${side}' lists no kinds`);
      for (const kind of def[side]) {
        if (!kinds.get(kind)?.entity) problems.push(`relationship ${def.type}: '${side}' names '${kind}', which is not an entity kind`);
      }
    }
  }
  const taxonomy = [...relationshipTypes.values()].filter((d) => d.taxonomy);
  if (taxonomy.length !== 1) problems.push(`exactly one relationship type must have 'taxonomy: true'; found ${taxonomy.length}`);
  if (problems.length > 0) throw new OntologyError(problems);

  const entityKinds = [...kinds.values()]
    .filter((k) => k.entity)
    .map((k) => k.kind)
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));

  return {
    kinds,
    entityKinds,
    relationshipTypes,
    taxonomyType: taxonomy[0]!.type,
    kind(name) {
      const def = kinds.get(name);
      if (!def) throw new Error(`unknown kind '${name}'`);
      return def;
    },
    relationshipType(name) {
      const def = relationshipTypes.get(name);
      if (!def) throw new Error(`unknown relationship type '${name}'`);
      return def;
    },
    typesTouching(kind, side) {
      return [...relationshipTypes.values()].filter((d) => d[side].includes(kind)).map((d) => d.type);
    },
  };
}

function rank(kind: string): number {
  const i = ENTITY_KIND_ORDER.indexOf(kind);
  return i < 0 ? ENTITY_KIND_ORDER.length : i;
}
