// @neo4j/graphql 7 over the same graph, for the benchmark only: bench/neo4j-graphql/type-defs.graphql,
// served by graphql-yoga in its own process exactly like the Chokepoint API, and like it run from a bundle
// under plain Node. Started by bench/lib/systems.ts.
import { readFileSync } from 'node:fs';
import { Neo4jGraphQL } from '@neo4j/graphql';
import { createYoga } from 'graphql-yoga';
import { projectPath } from '../../src/project-root.ts';
import { benchDriver, connectionFromEnv, serve } from './serve.ts';

const connection = connectionFromEnv();
const driver = benchDriver(connection);
const typeDefs = readFileSync(projectPath('bench/neo4j-graphql/type-defs.graphql'), 'utf8');
const schema = await new Neo4jGraphQL({ typeDefs, driver }).getSchema();
const yoga = createYoga({
  schema,
  graphqlEndpoint: '/graphql',
  landingPage: false,
  graphiql: false,
  logging: false,
  context: () => (connection.database ? { cypherQueryOptions: {}, sessionConfig: { database: connection.database } } : {}),
});
await serve(yoga, () => driver.close());
