// Adds `extensions.dbQueries` (names of the Neo4j round trips, in order) to each result. Enabled only
// for tests and benchmarks, which check that a request's round trips do not grow with its rows.
import type { Plugin } from 'graphql-yoga';
import type { AppContext } from '../../graphql/context.ts';

export function useQueryStats(): Plugin<AppContext> {
  return {
    onExecute({ args }) {
      const context = args.contextValue as AppContext;
      return {
        onExecuteDone({ result, setResult }) {
          if (!('data' in result || 'errors' in result)) return;
          setResult({ ...result, extensions: { ...result.extensions, dbQueries: context.queries.map((q) => q.name) } });
        },
      };
    },
  };
}
