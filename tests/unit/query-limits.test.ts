// Query shape and cost, measured before a query runs (issue 10.3): linear work on hostile fragment
// nesting, introspection measured like any query, variable defaults and every list's real cap counted.
import { getIntrospectionQuery, getNamedType, getNullableType, isInterfaceType, isListType, isObjectType, parse } from 'graphql';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { searchCost } from '../../src/text/search-text.ts';
import { buildSchema } from '../../src/graphql/build-schema.ts';
import { LIMITS } from '../../src/limits/limits.ts';
import { createCostModel, operationCost, UNCAPPED_LIST_SIZE } from '../../src/graphql/query-cost.ts';
import { measureShape } from '../../src/graphql/query-limits.ts';
import { loadOntology } from '../../src/ontology/ontology.ts';

const ontology = loadOntology();
const schema = buildSchema(ontology);
const model = createCostModel(schema, ontology);

const shapeOf = (query: string) => measureShape(schema, parse(query))!;
/** As the plugin asks: variables coerced first, so their defaults apply. */
const costOf = (query: string, variables: Record<string, unknown> = {}) => operationCost(model, parse(query), undefined, variables)!.cost;

/** Each fragment spreads the one before it twice: `levels` levels stand for 2^levels fields. */
function nestedFragments(levels: number): string {
  let query = `query { ...F${levels} }\nfragment F0 on Query { stats { entities } }\n`;
  for (let i = 1; i <= levels; i++) query += `fragment F${i} on Query { ...F${i - 1} ...F${i - 1} }\n`;
  return query;
}

describe('query shape', () => {
  it('counts depth and aliases', () => {
    const shape = shapeOf('{ a: stats { entities } b: stats { sources } entity(id: "x") { relationships { nodes { from { id } } } } }');
    expect(shape.aliases).toBe(2);
    // entity › relationships › nodes › from › id
    expect(shape.depth).toBe(5);
    expect(shape.fields).toBe(9);
  });

  it('measures nested fragment spreads with work linear in the document', () => {
    for (const levels of [20, 40, 200]) {
      const document = nestedFragments(levels);
      const shape = shapeOf(document);
      // 2^levels copies of `stats { entities }` (saturated at 2^53 - 1 for the deepest)…
      expect(shape.fields).toBe(Math.min(2 ** (levels + 1), Number.MAX_SAFE_INTEGER));
      // …measured by looking at each selection of the document once: 2 per fragment, plus the root.
      expect(shape.visits).toBe(2 * levels + 2 + 1);
    }
  });

  it('measures every operation when the document does not say which one runs', () => {
    const shape = shapeOf(`query A { a: stats { entities } } query B { ...F } fragment F on Query { x: stats { entities } y: stats { sources } z: stats { sources } }`);
    expect(shape.aliases).toBe(3);
    expect(measureShape(schema, parse(`query A { a: stats { entities } } query B { stats { entities } }`), 'B')!.aliases).toBe(0);
  });

  it('counts aliases at every spread of a fragment', () => {
    const shape = shapeOf(`query { ...A ...A ...A } fragment A on Query { x: stats { entities } y: stats { sources } }`);
    expect(shape.aliases).toBe(6);
  });

  it('measures introspection like any other query', () => {
    const aliases = '{ ' + Array.from({ length: 2000 }, (_, i) => `a${i}: __schema { types { name } }`).join(' ') + ' }';
    const shape = shapeOf(aliases);
    expect(shape.aliases).toBe(2000);
    expect(shape.fields).toBe(6000);
    const deep = shapeOf('{ __type(name: "Query") { fields { type { fields { type { fields { type { fields { type { fields { type { fields { type { name } } } } } } } } } } } } } }');
    expect(deep.depth).toBe(14);
  });

  it("lets GraphiQL's own schema query through every limit", () => {
    // GraphiQL 5 asks with these options (and `ofType` nested 9 times, the graphql-js default).
    const query = getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true, schemaDescription: true });
    const shape = shapeOf(query);
    expect(shape.depth).toBeLessThanOrEqual(LIMITS.maxDepth);
    expect(shape.aliases).toBe(0);
    expect(shape.fields).toBeLessThanOrEqual(LIMITS.maxFields);
    expect(costOf(query)).toBeLessThanOrEqual(LIMITS.maxCost);
  });
});

describe('query cost', () => {
  it('multiplies list lengths down nested lists', () => {
    expect(costOf('{ relationships(first: 10) { nodes { citations { quote } } } }')).toBe(10 + 10 * UNCAPPED_LIST_SIZE);
    expect(costOf('{ measures { nodes { id } } }')).toBe(50);
  });

  it('counts `first` from a provided variable, and from the variable default when none is provided', () => {
    const query = 'query($n: Int = 500) { relationships(first: $n) { nodes { from { relationships(first: $n) { nodes { id } } } } } }';
    // 500 relationships, each endpoint, 500 relationships of each endpoint.
    expect(costOf(query)).toBe(500 + 500 + 500 * 500);
    expect(costOf(query, { n: 7 })).toBe(7 + 7 + 7 * 7);
  });

  it('uses each list field’s real cap', () => {
    // Hits and their entities, plus the search's own work by its text (src/text/search-text.ts).
    expect(costOf('{ search(text: "x") { entity { id } } }')).toBe(10 + 10 + searchCost('x'));
    expect(costOf('{ search(text: "x", first: 50) { entity { id } } }')).toBe(50 + 50 + searchCost('x'));
    expect(costOf('{ search(text: "semiconductor lithography", first: 50) { entity { id } } }')).toBe(50 + 50 + searchCost('semiconductor lithography'));
    expect(searchCost('semiconductor lithography')).toBeGreaterThan(searchCost('x'));
    expect(costOf('{ entity(id: "x") { ... on Policy { issuers { id } parties { id } } } }')).toBe(1 + 2 * LIMITS.maxPolicyActors);
    // path: `limit` paths of at most `maxHops` hops (and maxHops + 1 nodes).
    expect(costOf('{ path(from: "a", to: "b", maxHops: 6, limit: 20) { hops { relationship { id } } nodes { id } } }')).toBe(
      20 + 20 * 6 + 20 * 6 + 20 * 7,
    );
    expect(costOf('{ relationshipTypes { type } stats { byKind { name } byRelationshipType { name } } }')).toBe(
      ontology.relationshipTypes.size + 1 + ontology.entityKinds.length + ontology.relationshipTypes.size,
    );
    expect(costOf('{ sources { id } }')).toBe(100);
    expect(costOf('{ sources(first: 7) { sameStoryAs { id } } }')).toBe(7 + 7 * UNCAPPED_LIST_SIZE);
  });

  it('counts issuers and parties at the cap the Cypher projection applies', () => {
    const projections = readFileSync('src/cypher/projection/projections.ts', 'utf8');
    for (const field of ['issuers', 'parties']) {
      const cap = new RegExp(`'Policy\\.${field}': neighbours\\([^)]*, (\\d+)\\)`).exec(projections)?.[1];
      expect(Number(cap), field).toBe(LIMITS.maxPolicyActors);
    }
  });

  it('has a cap for every list field of the schema that returns objects', () => {
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__') || !(isObjectType(type) || isInterfaceType(type))) continue;
      for (const field of Object.values(type.getFields())) {
        const element = getNamedType(field.type);
        if (!isListType(getNullableType(field.type)) || !(isObjectType(element) || isInterfaceType(element))) continue;
        const connection = type.name.endsWith('Connection') && (field.name === 'nodes' || field.name === 'edges');
        const first = field.args.some((a) => a.name === 'first');
        if (!connection && !first && !model.caps.has(`${type.name}.${field.name}`)) missing.push(`${type.name}.${field.name}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('bounds introspection lists by the size of the schema', () => {
    const types = Object.keys(schema.getTypeMap()).length;
    expect(costOf('{ __schema { types { name } } }')).toBe(1 + types);
    // Re-entering types through fields cannot return more fields than the schema holds, per level.
    const once = costOf('{ __schema { types { fields { name } } } }');
    const twice = costOf('{ __schema { types { fields { type { fields { name } } } } } }');
    expect(twice - once).toBe(2 * (once - 1 - types));
    // 31 aliases of the schema cost 31 times one.
    const aliased = '{ ' + Array.from({ length: 31 }, (_, i) => `a${i}: __schema { types { name } }`).join(' ') + ' }';
    expect(costOf(aliased)).toBe(31 * (1 + types));
  });
});
