// The executable schema: the SDL in schema/graphql/ plus enums generated from the ontology, bound to
// the resolvers in src/graphql/resolvers.
import { readFileSync } from 'node:fs';
import { projectPath } from '../project-root.ts';
import { createSchema } from 'graphql-yoga';
import type { GraphQLSchema } from 'graphql';
import type { Ontology } from '../ontology/ontology.ts';
import type { AppContext } from './context.ts';
import { generateEnums } from './ontology-enums.ts';
import { entityResolvers } from './resolvers/entities.ts';
import { figureResolvers } from './resolvers/figures.ts';
import { queryResolvers } from './resolvers/query.ts';
import { relationshipResolvers } from './resolvers/relationships.ts';
import { DateScalar } from './scalars.ts';
import { curationResolvers } from './resolvers/curation-root.ts';

export const SDL_FILE = projectPath('schema/graphql/chokepoint.graphql');
/** The write side (mutations, keys, proposals): its own file, extending the schema above. */
export const CURATION_SDL_FILE = projectPath('schema/graphql/curation.graphql');

/** The full SDL: the hand-written file and the generated enums. */
export function typeDefs(ontology: Ontology): string {
  return `${readFileSync(SDL_FILE, 'utf8')}\n\n${readFileSync(CURATION_SDL_FILE, 'utf8')}\n\n# --- Generated from schema/ontology ---\n\n${generateEnums(ontology).sdl}\n`;
}

export function buildSchema(ontology: Ontology): GraphQLSchema {
  return createSchema<AppContext>({
    typeDefs: typeDefs(ontology),
    resolvers: {
      Date: DateScalar,
      ...generateEnums(ontology).resolvers,
      ...curationResolvers(queryResolvers),
      ...entityResolvers,
      ...relationshipResolvers,
      ...figureResolvers,
    },
  });
}
