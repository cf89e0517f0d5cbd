import { readFileSync } from 'node:fs';
import { Neo4jGraphQL } from '@neo4j/graphql';
import { graphql } from 'graphql';
import neo4j from 'neo4j-driver';
const driver = neo4j.driver(process.env.URI!, neo4j.auth.basic('neo4j', ''));
const typeDefs = readFileSync('bench/neo4j-graphql/type-defs.graphql', 'utf8');
const schema = await new Neo4jGraphQL({ typeDefs, driver, debug: false }).getSchema();
const q = `query EdgeTable($first: Int!) {
  claims(sort: [{ id: ASC }], limit: $first) {
    id type fromId toId independentSources citationsConnection(sort: [{ edge: { ordinal: ASC } }]) { edges { properties { quote } node { id } } }
  }
}`;
const t = performance.now();
const r = await graphql({ schema, source: q, variableValues: { first: 100 }, contextValue: {} });
console.log(performance.now() - t, JSON.stringify(r.data).length, String(JSON.stringify(r.errors?.map((e) => [e.message, (e.originalError as any)?.message]))).slice(0, 2000));
await driver.close();
