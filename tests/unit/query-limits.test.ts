import { getOperationAST, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { buildSchema } from '../../src/graphql/build-schema.ts';
import { DEFAULT_LIST_SIZE, measureOperation } from '../../src/graphql/query-limits.ts';
import { loadOntology } from '../../src/ontology/ontology.ts';

const schema = buildSchema(loadOntology());
const measure = (query: string, variables: Record<string, unknown> = {}) => {
  const document = parse(query);
  return measureOperation(schema, getOperationAST(document)!, {}, variables);
};

describe('query shape', () => {
  it('multiplies page sizes down nested lists', () => {
    expect(measure('{ relationships(first: 10) { nodes { citations { quote } } } }').cost).toBe(10 + 10 * DEFAULT_LIST_SIZE);
    expect(measure('query($n: Int) { relationships(first: $n) { nodes { id } } }', { n: 7 }).cost).toBe(7);
  });

  it('uses argument defaults from the schema', () => {
    expect(measure('{ measures { nodes { id } } }').cost).toBe(50);
  });

  it('counts depth and aliases', () => {
    const shape = measure('{ a: stats { entities } b: stats { sources } entity(id: "x") { relationships { nodes { from { id } } } } }');
    expect(shape.aliases).toBe(2);
    // entity › relationships › nodes › from › id
    expect(shape.depth).toBe(5);
  });
});
