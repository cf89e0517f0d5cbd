// Refuses operations that are too deep, use too many aliases or could fetch too many items, before any
// resolver (and so any Cypher) runs. Introspection (GraphiQL's schema query) is exempt.
import { getOperationAST, Kind, type FragmentDefinitionNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { queryTooComplex } from '../../graphql/errors.ts';
import { isIntrospectionOnly, measureOperation } from '../../graphql/query-limits.ts';

export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
  maxCost: number;
}

export function useQueryLimits(limits: QueryLimits): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const operation = getOperationAST(args.document, args.operationName);
      if (!operation || isIntrospectionOnly(operation)) return;
      const fragments: Record<string, FragmentDefinitionNode> = {};
      for (const definition of args.document.definitions) {
        if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
      }
      const shape = measureOperation(args.schema, operation, fragments, (args.variableValues ?? {}) as Record<string, unknown>);
      const problems: string[] = [];
      if (shape.depth > limits.maxDepth) problems.push(`it nests ${shape.depth} levels deep; at most ${limits.maxDepth} are allowed`);
      if (shape.aliases > limits.maxAliases) problems.push(`it uses ${shape.aliases} aliases; at most ${limits.maxAliases} are allowed`);
      if (shape.cost > limits.maxCost) {
        problems.push(
          `it could fetch about ${shape.cost} items (the product of 'first' down nested lists); at most ${limits.maxCost} are allowed — ask for smaller pages`,
        );
      }
      if (problems.length > 0) {
        setResultAndStopExecution({
          errors: [queryTooComplex(`The query is refused: ${problems.join('; ')}.`, { ...shape, limits: { maxDepth: limits.maxDepth, maxAliases: limits.maxAliases, maxCost: limits.maxCost } })],
        });
      }
    },
  };
}
