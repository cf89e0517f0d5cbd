// Reports the graph version a response was read from: `extensions.graphVersion` and the
// `Chokepoint-Graph-Version` header. It is the version the request's own statements read (in their
// transactions); a request that read nothing reports the last version this process saw.
import type { Plugin } from 'graphql-yoga';
import type { AppContext } from '../../graphql/context.ts';

export const GRAPH_VERSION_HEADER = 'Chokepoint-Graph-Version';

export function useGraphVersion(): Plugin<AppContext> {
  const versions = new WeakMap<Request, () => string | null>();
  let lastSeen: string | null = null;
  const current = (context: AppContext) => {
    // A load is writing the graph: no version describes what the request saw (never the last one seen).
    if (context.graph.loading) return null;
    if (context.graph.current) lastSeen = context.graph.current;
    return context.graph.current ?? lastSeen;
  };
  return {
    onExecute({ args }) {
      const context = args.contextValue as AppContext & { request: Request };
      versions.set(context.request, () => current(context));
      return {
        onExecuteDone({ result, setResult }) {
          if (!('data' in result || 'errors' in result)) return;
          const version = current(context);
          if (version) setResult({ ...result, extensions: { ...result.extensions, graphVersion: version } });
        },
      };
    },
    onResponse({ request, response }) {
      const versionOf = versions.get(request);
      const version = versionOf ? versionOf() : lastSeen;
      if (version && response.headers && !response.headers.has(GRAPH_VERSION_HEADER)) response.headers.set(GRAPH_VERSION_HEADER, version);
    },
  };
}
