// Crash injection for the write side's one-transaction actions: the action runs with a failure injected
// before its 1st statement, then its 2nd, … (through CurationOptions.beforeStatement, which every statement
// of an acceptance passes: src/curation/apply-change.ts) until a run meets no crash and commits. After each
// crash the whole graph (graphHash) and the GraphState node (version, change seq, counts) must be as before.
import { expect } from 'vitest';
import { cypher } from '../../src/db/executor.ts';
import { testApp, type TestApp } from './app.ts';
import { graphHash, testExecutor } from './database.ts';

type Answer = Awaited<ReturnType<TestApp['post']>>;

/** Everything GraphState holds (graphHash leaves it out): the version, the change seq, the counts. */
async function graphState(): Promise<Record<string, unknown>> {
  const [row] = await testExecutor().read(cypher('test.graphState', "MATCH (g:GraphState {id: 'graph'}) RETURN properties(g) AS props"));
  return row!.props as Record<string, unknown>;
}

/** More statements than any acceptance runs: a loop that never commits is a bug in the action or the test. */
const MAX_STATEMENTS = 60;

/**
 * Crashes `act` before each of its statements in turn and checks that nothing moved; returns the
 * statements of the run that committed (every one of which was crashed before once) and its answer.
 */
export async function crashBeforeEachStatement(act: (post: TestApp['post']) => Promise<Answer>): Promise<{ statements: string[]; committed: Answer }> {
  for (let crashAt = 1; crashAt <= MAX_STATEMENTS; crashAt++) {
    const before = { graph: await graphHash(), state: await graphState() };
    const seen: string[] = [];
    const { post } = testApp({
      curation: {
        beforeStatement: (name) => {
          seen.push(name);
          if (seen.length === crashAt) throw new Error(`injected crash before statement ${crashAt} (${name})`);
        },
      },
    });
    const answer = await act(post);
    if (seen.length < crashAt) return { statements: seen, committed: answer };
    const where = `crash before statement ${crashAt} (${seen[crashAt - 1]})`;
    expect(answer.body.errors?.[0]?.extensions?.code, where).toBe('INTERNAL_SERVER_ERROR');
    expect((await graphHash()).hash, where).toBe(before.graph.hash);
    expect(await graphState(), where).toEqual(before.state);
  }
  throw new Error(`the action still reached a crash after ${MAX_STATEMENTS} statements`);
}
