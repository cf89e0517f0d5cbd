// The root resolvers of the write side (schema/graphql/curation.graphql) joined to the read side's
// Query: API keys, and the curation queue and feed.
import { apiKeyMutations, apiKeyQueries, roleEnum } from './api-keys.ts';
import { curationMutations, curationQueries, curationSubscriptions, curationTypes } from './curation.ts';

export function curationResolvers(queryResolvers: Record<string, unknown>) {
  return {
    ...roleEnum,
    ...curationTypes,
    Query: { ...queryResolvers, ...apiKeyQueries, ...curationQueries },
    Mutation: { ...apiKeyMutations, ...curationMutations },
    Subscription: curationSubscriptions,
  };
}
