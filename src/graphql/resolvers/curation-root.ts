// The root resolvers of the write side (schema/graphql/curation.graphql) joined to the read side's
// Query: API keys, and the curation queue and feed.
import { apiKeyMutations, apiKeyQueries, roleEnum } from './api-keys.ts';
import { curationMutations, curationQueries, curationSubscriptions, curationTypes, followMerges } from './curation.ts';

export function curationResolvers(queryResolvers: Record<string, unknown>) {
  return {
    ...roleEnum,
    ...curationTypes,
    Query: {
      ...queryResolvers,
      ...apiKeyQueries,
      ...curationQueries,
      // A merged id answers the entity it was merged into (src/curation/merge-entities.ts).
      ...(typeof queryResolvers.entity === 'function' ? { entity: followMerges(queryResolvers.entity as Parameters<typeof followMerges>[0]) } : {}),
    },
    Mutation: { ...apiKeyMutations, ...curationMutations },
    Subscription: curationSubscriptions,
  };
}
