// Says which fields of a response are partial answers — a path search that ran out of its work budget
// returns the routes it found so far — as `extensions.partial: [{ path, reason }]`, beside the data.
import type { Plugin } from 'graphql-yoga';
import type { AppContext } from '../../graphql/context.ts';

export function usePartialAnswers(): Plugin<AppContext> {
  return {
    onExecute({ args }) {
      const context = args.contextValue as AppContext;
      return {
        onExecuteDone({ result, setResult }) {
          if (!('data' in result || 'errors' in result)) return;
          const partial = context.repo.partialAnswers;
          if (partial.length > 0) setResult({ ...result, extensions: { ...result.extensions, partial: [...partial] } });
        },
      };
    },
  };
}
