// The ontology as typed data, loaded from schema/ontology/ in two passes: parse every file, then
// resolve references and check invariants. Everything that needs a label or a relationship type asks
// this model; nothing else lists them.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectPath } from '../project-root.ts';
import { parse } from 'yaml';

export const ONTOLOGY_DIR = projectPath('schema/ontology/');
export const MODALITY_FILE = 'modality.yaml';

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
  /** Entities (Actor, Policy, Technology, Country, Goal) carry the shared `Entity` label; Source does not. */
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
  /** Both endpoints must be of the same kind (PART_OF: an organ of an organisation, a part of a technology). */
  sameKind: boolean;
  /** The taxonomy relationship (BROADER): followed to expand a technology to its narrower ones. */
  taxonomy: boolean;
  /** The area relationship (AREA_OF, "an area within"): followed only when a query asks to include areas. */
  area: boolean;
  phrase: string;
  inversePhrase: string;
  /** The phrase as a gerund ("issuing"), for summaries of claims that are not stated ("considered issuing"). */
  gerund: string;
  properties: Record<string, PropertyDef>;
}

/** One way a source can assert a claim (schema/ontology/modality.yaml). */
export interface ModalityDef {
  key: string;
  description: string;
  /** Words or phrases that, in a quote, signal this modality ("is considering"). */
  cues: string[];
  /**
   * Cues that attribute what follows to a teller ("according to Xinhua", "Reuters, citing Xinhua,
   * reported that"): they hedge a claim like the other cues, except on `attributionTypes`, whose claim is
   * the attribution itself.
   */
  attributionCues: string[];
  /** For status-bearing relationship types: the Policy statuses this modality agrees with; undefined = any. */
  policyStatuses?: string[];
  /**
   * How a relationship of this modality reads in one line: `{from}`, `{to}`, `{phrase}` ("issued") and
   * `{gerund}` ("issuing") are filled in ("{from} considered {gerund} {to}").
   */
  summary: string;
}

export interface Ontology {
  kinds: ReadonlyMap<string, KindDef>;
  /** Entity kinds in a stable order: Actor, Policy, Technology, Country, Goal. */
  entityKinds: readonly string[];
  relationshipTypes: ReadonlyMap<string, RelationshipTypeDef>;
  /** The one relationship type with `taxonomy: true`. */
  taxonomyType: string;
  /** The relationship type with `area: true` (at most one), or undefined. */
  areaType: string | undefined;
  /** How a claim is asserted, in file order (the default first). */
  modalities: ReadonlyMap<string, ModalityDef>;
  /** The modality of a relationship that names none. */
  defaultModality: string;
  /** Relationship types whose modality must agree with the status of the Policy they point to (ISSUED). */
  statusBearingTypes: readonly string[];
  /** Relationship types whose claim is an attribution (REPORTED): attribution cues do not hedge them. */
  attributionTypes: readonly string[];
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
const ENTITY_KIND_ORDER = ['Actor', 'Policy', 'Technology', 'Country', 'Goal'];
const RELATIONSHIP_TYPE_NAME = /^[A-Z][A-Z_]*$/;
const MODALITY_KEY = /^[a-z][a-z_]*$/;
const KIND_NAME = /^[A-Z][A-Za-z]*$/;

type Raw = Record<string, unknown>;

/** Parses one YAML file; a syntax error becomes a problem naming the file, and the file reads as empty. */
function readYaml(file: string, problems: string[]): Raw {
  try {
    return (parse(readFileSync(file, 'utf8')) ?? {}) as Raw;
  } catch (error) {
    problems.push(`${file}: YAML syntax: ${(error as Error).message.split('\n')[0]}`);
    return {};
  }
}

function readYamlFiles(dir: string, problems: string[]): Array<{ file: string; data: Raw }> {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.yaml'))
    .sort()
    .map((name) => ({ file: join(dir, name), data: readYaml(join(dir, name), problems) }));
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
  for (const { file, data } of readYamlFiles(join(dir, 'kinds'), problems)) {
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
  for (const { file, data } of readYamlFiles(join(dir, 'relationships'), problems)) {
    const type = String(data.type ?? '');
    if (!RELATIONSHIP_TYPE_NAME.test(type)) problems.push(`${file}: 'type' must be UPPER_SNAKE_CASE, got '${type}'`);
    if (relationshipTypes.has(type)) problems.push(`${file}: relationship type '${type}' is defined twice`);
    relationshipTypes.set(type, {
      type,
      description: String(data.description ?? '').trim(),
      from: Array.isArray(data.from) ? data.from.map(String) : [],
      to: Array.isArray(data.to) ? data.to.map(String) : [],
      symmetric: data.symmetric === true,
      sameKind: data.sameKind === true,
      taxonomy: data.taxonomy === true,
      area: data.area === true,
      phrase: String(data.phrase ?? type.toLowerCase()),
      inversePhrase: String(data.inversePhrase ?? type.toLowerCase()),
      gerund: String(data.gerund ?? data.phrase ?? type.toLowerCase()),
      properties: parseProperties(data.properties, file, problems),
    });
  }

  const modality = readModality(dir, problems);

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
  for (const def of relationshipTypes.values()) {
    if (def.sameKind && !def.from.some((kind) => def.to.includes(kind))) {
      problems.push(`relationship ${def.type}: 'sameKind' needs a kind allowed at both ends; from: ${def.from.join(', ')}, to: ${def.to.join(', ')}`);
    }
  }
  const taxonomy = [...relationshipTypes.values()].filter((d) => d.taxonomy);
  if (taxonomy.length !== 1) problems.push(`exactly one relationship type must have 'taxonomy: true'; found ${taxonomy.length}`);
  const areas = [...relationshipTypes.values()].filter((d) => d.area);
  if (areas.length > 1) problems.push(`at most one relationship type may have 'area: true'; found ${areas.map((d) => d.type).join(', ')}`);
  for (const def of areas) if (def.taxonomy) problems.push(`relationship ${def.type}: an area link ('area: true') is not the taxonomy ('taxonomy: true')`);
  checkModality(modality, kinds, relationshipTypes, problems);
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
    areaType: areas[0]?.type,
    modalities: modality.modalities,
    defaultModality: modality.defaultModality,
    statusBearingTypes: modality.statusBearingTypes,
    attributionTypes: modality.attributionTypes,
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

interface ModalityVocabulary {
  file: string;
  modalities: Map<string, ModalityDef>;
  defaultModality: string;
  statusBearingTypes: string[];
  attributionTypes: string[];
}

function strings(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((v) => typeof v === 'string' && v.trim() !== '') ? value.map((v: string) => v.trim()) : undefined;
}

/** Pass 1 for modality.yaml: parse, reporting shape problems with the file's name. */
function readModality(dir: string, problems: string[]): ModalityVocabulary {
  const file = join(dir, MODALITY_FILE);
  const vocabulary: ModalityVocabulary = { file, modalities: new Map(), defaultModality: '', statusBearingTypes: [], attributionTypes: [] };
  if (!existsSync(file)) {
    problems.push(`${file}: missing; it defines how a claim can be asserted (stated, under_consideration, …)`);
    return vocabulary;
  }
  const data = readYaml(file, problems);
  vocabulary.defaultModality = String(data.default ?? '');
  const bearing = data.statusBearingTypes === undefined ? [] : strings(data.statusBearingTypes);
  if (!bearing) problems.push(`${file}: 'statusBearingTypes' must be a list of relationship types`);
  vocabulary.statusBearingTypes = bearing ?? [];
  const attribution = data.attributionTypes === undefined ? [] : strings(data.attributionTypes);
  if (!attribution) problems.push(`${file}: 'attributionTypes' must be a list of relationship types`);
  vocabulary.attributionTypes = attribution ?? [];
  const raw = data.modalities;
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    problems.push(`${file}: 'modalities' must map each modality key to {description, cues, policyStatuses?}`);
    return vocabulary;
  }
  for (const [key, value] of Object.entries(raw as Record<string, Raw>)) {
    if (!MODALITY_KEY.test(key)) problems.push(`${file}: modality '${key}' must be a snake_case key`);
    const description = typeof value?.description === 'string' ? value.description.trim() : '';
    if (description === '') problems.push(`${file}: modality '${key}' needs a description`);
    const cues = value?.cues === undefined ? [] : strings(value.cues);
    if (!cues) problems.push(`${file}: modality '${key}': 'cues' must be a list of non-empty words or phrases`);
    const attributionCues = value?.attributionCues === undefined ? [] : strings(value.attributionCues);
    if (!attributionCues) problems.push(`${file}: modality '${key}': 'attributionCues' must be a list of non-empty words or phrases`);
    const statuses = value?.policyStatuses === undefined ? undefined : strings(value.policyStatuses);
    if (value?.policyStatuses !== undefined && !statuses) problems.push(`${file}: modality '${key}': 'policyStatuses' must be a list of Policy statuses`);
    const summary = typeof value?.summary === 'string' && value.summary.trim() !== '' ? value.summary.trim() : '{from} {phrase} {to}';
    if (!summary.includes('{from}') || !summary.includes('{to}')) problems.push(`${file}: modality '${key}': 'summary' must contain {from} and {to}; got '${summary}'`);
    vocabulary.modalities.set(key, { key, description, cues: cues ?? [], attributionCues: attributionCues ?? [], policyStatuses: statuses, summary });
  }
  return vocabulary;
}

/** Pass 2 for modality.yaml: the default exists, cues are unambiguous, statuses and types exist. */
function checkModality(
  vocabulary: ModalityVocabulary,
  kinds: Map<string, KindDef>,
  relationshipTypes: Map<string, RelationshipTypeDef>,
  problems: string[],
): void {
  const { file, modalities, defaultModality } = vocabulary;
  if (modalities.size === 0) {
    if (existsSync(file)) problems.push(`${file}: lists no modalities`);
    return;
  }
  const keys = [...modalities.keys()].join(', ');
  if (!modalities.has(defaultModality)) problems.push(`${file}: 'default' is '${defaultModality}'; it must be one of: ${keys}`);
  else if ((modalities.get(defaultModality)?.cues.length ?? 0) > 0) {
    problems.push(`${file}: the default modality '${defaultModality}' must have no cues (it is what a quote says when it carries no other modality's cue)`);
  }
  const cueOwner = new Map<string, string>();
  for (const def of modalities.values()) {
    for (const cue of [...def.cues, ...def.attributionCues]) {
      const folded = cue.toLowerCase();
      const owner = cueOwner.get(folded);
      if (owner && owner !== def.key) problems.push(`${file}: cue '${cue}' is listed under both '${owner}' and '${def.key}'`);
      cueOwner.set(folded, def.key);
    }
  }
  const statuses = kinds.get('Policy')?.statuses ?? {};
  const covered = new Set<string>();
  for (const def of modalities.values()) {
    for (const status of def.policyStatuses ?? []) {
      if (!(status in statuses)) problems.push(`${file}: modality '${def.key}' names policy status '${status}'; Policy statuses are: ${Object.keys(statuses).join(', ')}`);
      covered.add(status);
    }
  }
  for (const status of Object.keys(statuses)) {
    if (!covered.has(status)) problems.push(`${file}: no modality agrees with the policy status '${status}'; list it under one modality's 'policyStatuses'`);
  }
  for (const type of vocabulary.statusBearingTypes) {
    const def = relationshipTypes.get(type);
    if (!def) problems.push(`${file}: 'statusBearingTypes' names '${type}', which is not a relationship type`);
    else if (!def.to.includes('Policy')) problems.push(`${file}: 'statusBearingTypes' names '${type}', which cannot point to a Policy`);
  }
  for (const type of vocabulary.attributionTypes) {
    if (!relationshipTypes.has(type)) problems.push(`${file}: 'attributionTypes' names '${type}', which is not a relationship type`);
  }
}

function rank(kind: string): number {
  const i = ENTITY_KIND_ORDER.indexOf(kind);
  return i < 0 ? ENTITY_KIND_ORDER.length : i;
}
