// GraphQL enums generated from the ontology: EntityKind from the entity kinds, <Kind>Type from each
// kind's type vocabulary, <Kind>Status from its status vocabulary. Values are the vocabulary keys in
// UPPER_SNAKE_CASE; resolvers see the ontology's own keys.
import type { Ontology } from '../ontology/ontology.ts';

export interface GeneratedEnums {
  sdl: string;
  /** graphql-tools enum resolvers: GraphQL value → internal value. */
  resolvers: Record<string, Record<string, string>>;
}

const toEnumValue = (key: string) => key.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
const describe = (text: string) => `"""${text.replace(/"""/g, '\\"\\"\\"').trim()}"""`;

function enumSdl(name: string, description: string, values: Record<string, string>): string {
  const body = Object.entries(values)
    .map(([key, text]) => `  ${describe(text)}\n  ${toEnumValue(key)}`)
    .join('\n');
  return `${describe(description)}\nenum ${name} {\n${body}\n}`;
}

export function generateEnums(ontology: Ontology): GeneratedEnums {
  const parts: string[] = [];
  const resolvers: GeneratedEnums['resolvers'] = {};
  const add = (name: string, description: string, values: Record<string, string>) => {
    parts.push(enumSdl(name, description, values));
    resolvers[name] = Object.fromEntries(Object.keys(values).map((key) => [toEnumValue(key), key]));
  };
  add(
    'EntityKind',
    'The kinds of entity (from schema/ontology/kinds).',
    Object.fromEntries(ontology.entityKinds.map((kind) => [kind, ontology.kind(kind).description || kind])),
  );
  add(
    'Modality',
    'How a source asserts a relationship (from schema/ontology/modality.yaml; docs/decisions/0006-modality.md).',
    Object.fromEntries([...ontology.modalities.values()].map((m) => [m.key, m.description])),
  );
  for (const def of ontology.kinds.values()) {
    if (Object.keys(def.types).length > 0) add(`${def.kind}Type`, `Types of ${def.kind} (from schema/ontology).`, def.types);
    if (Object.keys(def.statuses).length > 0) add(`${def.kind}Status`, `Statuses of a ${def.kind} (from schema/ontology).`, def.statuses);
  }
  return { sdl: parts.join('\n\n'), resolvers };
}
