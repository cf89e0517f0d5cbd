// GET /ready: 200 only when the service answers at full speed — Neo4j answers a ping, the embedded JVM
// is not being restarted, no load is writing the graph (GraphState, contract 3), and the warm-up is done;
// otherwise 503 with the reason. /health (yoga's own) says the process is alive — and 503 once the
// supervisor gave up restarting the embedded Neo4j, so /health and the requests' 503 agree (issue 19 row 10)
// and a process manager that watches /health restarts the service, the one thing that can help.
import { useReadinessCheck, type Plugin } from 'graphql-yoga';
import { readGraphState, toGraphState } from '../../cypher/graph-state.ts';
import type { Executor } from '../../db/executor.ts';
import type { DatabaseState } from '../../db/open-database.ts';

export interface ReadinessSource {
  /** Who runs the database and, for our embedded one, whether it is running. */
  database(): DatabaseState;
  /** False until the warm-up has run (start-up is not finished before that). */
  warmedUp(): boolean;
}

export interface ReadinessBody {
  ready: boolean;
  neo4j: 'up' | 'unreachable' | 'restarting' | 'failed' | 'gave-up';
  /** The graph's version (GraphState), once a load has completed. */
  graphVersion?: string;
  reason?: string;
}

export function useReadiness(executor: Executor, source?: ReadinessSource): Plugin {
  const answer = (body: ReadinessBody) =>
    new Response(JSON.stringify(body), { status: body.ready ? 200 : 503, headers: { 'content-type': 'application/json' } });
  const readiness = useReadinessCheck({
    endpoint: '/ready',
    check: async () => {
      const database = source?.database();
      if (database === 'restarting') {
        return answer({ ready: false, neo4j: 'restarting', reason: 'the embedded Neo4j exited and is being restarted' });
      }
      if (database === 'failed') {
        return answer({
          ready: false,
          neo4j: 'failed',
          reason: 'the embedded Neo4j stopped after its database panicked (a full disk?); it is restarted once its disk has room (see the log)',
        });
      }
      if (database === 'gave-up') {
        return answer({
          ready: false,
          neo4j: 'gave-up',
          reason: 'the embedded Neo4j exited and could not be restarted (NEO4J_EMBEDDED_RESTARTS); see the log, then restart the service',
        });
      }
      if (!(await executor.ping())) {
        // A failed contact marks the database down (issue 24 item 7): its return triggers a re-warm, so a
        // JVM restarted while no request came is not reported ready cold.
        executor.health.contactFailed('the /ready ping got no answer');
        return answer({ ready: false, neo4j: 'unreachable', reason: 'Neo4j does not answer' });
      }
      let state;
      try {
        state = toGraphState((await executor.read(readGraphState))[0]);
      } catch {
        executor.health.contactFailed('the /ready read of the graph state failed');
        return answer({ ready: false, neo4j: 'unreachable', reason: 'Neo4j does not answer' });
      }
      const graphVersion = state?.version ?? undefined;
      if (state?.status === 'loading') {
        return answer({ ready: false, neo4j: 'up', reason: 'a load is writing the graph (it has no version until the load completes)' });
      }
      if (source && !source.warmedUp()) {
        return answer({ ready: false, neo4j: 'up', graphVersion, reason: 'warming up: running the playground examples and the hub countries\' timelines once' });
      }
      return answer({ ready: true, neo4j: 'up', graphVersion });
    },
  });
  return {
    onPluginInit({ addPlugin }) {
      addPlugin(readiness);
    },
    // yoga's own health check answers /health before any plugin's onRequest; its response is replaced here.
    onResponse({ request, setResponse }) {
      if (source?.database() !== 'gave-up' || !new URL(request.url, 'http://localhost').pathname.endsWith('/health')) return;
      setResponse(
        new Response(
          JSON.stringify({
            status: 'gave-up',
            reason: 'the embedded Neo4j could not be restarted (NEO4J_EMBEDDED_RESTARTS, or its store does not open); see the log line "gave up restarting the embedded Neo4j", fix the cause, then restart the service',
          }),
          { status: 503, headers: { 'content-type': 'application/json' } },
        ),
      );
    },
  };
}
