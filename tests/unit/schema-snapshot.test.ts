// Snapshots of what the ontology generates: the GraphQL SDL (with its enums) and the schema DDL. A change
// to the ontology or the SDL shows up here for review.
import { printSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { buildSchema } from '../../src/graphql/build-schema.ts';
import { schemaStatements } from '../../src/cypher/schema.ts';
import { loadOntology } from '../../src/ontology/ontology.ts';

const ontology = loadOntology();

describe('generated artefacts', () => {
  it('prints the GraphQL schema', () => {
    expect(printSchema(buildSchema(ontology))).toMatchSnapshot();
  });

  it('lists constraints and indexes derived from the ontology', () => {
    expect(schemaStatements(ontology).map((s) => s.text)).toMatchSnapshot();
  });

  it('documents every type, field and argument of the public schema', () => {
    const schema = buildSchema(ontology);
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__') || ['String', 'Int', 'Float', 'Boolean', 'ID'].includes(type.name)) continue;
      if (!type.description) missing.push(type.name);
      if ('getFields' in type) {
        for (const field of Object.values(type.getFields())) {
          const isEntityField = 'args' in field && type.name !== 'Query';
          if (!field.description && !isEntityField) missing.push(`${type.name}.${field.name}`);
          for (const arg of 'args' in field ? field.args : []) if (!arg.description && type.name === 'Query' && !['after', 'id', 'from', 'to'].includes(arg.name)) missing.push(`${type.name}.${field.name}(${arg.name})`);
        }
      }
    }
    expect(missing).toEqual([]);
  });
});
