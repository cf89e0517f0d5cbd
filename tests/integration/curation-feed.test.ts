// Issue 18, the change feed over SSE: a subscriber of one API process receives the changes another
// process on the same database accepts (the process keeps no state: both ask Neo4j), in order, and
// after a disconnect resumes from the last sequence number it saw without missing one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeTestExecutor, seedGraph, wipeDatabase } from '../support/database.ts';
import { callAs, keysForEveryRole, type Keys } from '../support/curation.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { until } from '../support/until.ts';

const TEXT = 'WASHINGTON (Feed Wire) - The United States announced new curbs on chip sales to China on Tuesday.';
const QUOTE = 'The United States announced new curbs on chip sales to China on Tuesday.';

let keys: Keys;
let a: TestServer;
let b: TestServer;
beforeAll(async () => {
  await seedGraph();
  keys = await keysForEveryRole('-feed');
  a = await startTestServer();
  b = await startTestServer();
});
afterAll(async () => {
  await a?.close();
  await b?.close();
  // Changes accepted through the API outlive a reseed: leave the next file an empty database (it seeds its own).
  await wipeDatabase();
  await closeTestExecutor();
});

interface Event {
  seq: number;
  kind: string;
  itemId: string;
  at: number;
}

/** Subscribes over SSE and collects the events until `stop()`. */
function subscribe(server: TestServer, since: number) {
  const events: Event[] = [];
  const controller = new AbortController();
  const done = (async () => {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: 'subscription ($since: Int) { changes(since: $since) { seq kind itemId } }', variables: { since } }),
      signal: controller.signal,
    });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const decoder = new TextDecoder();
    let pending = '';
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        pending += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = pending.indexOf('\n\n')) >= 0) {
          const block = pending.slice(0, end);
          pending = pending.slice(end + 2);
          const data = block.split('\n').find((line) => line.startsWith('data:'));
          if (data) {
            const parsed = JSON.parse(data.slice(5));
            if (parsed.errors) throw new Error(JSON.stringify(parsed.errors));
            if (parsed.data) events.push({ ...parsed.data.changes, at: Date.now() });
          }
        }
      }
    } catch (error) {
      if ((error as Error).name !== 'AbortError') throw error;
    }
  })();
  return {
    events,
    async stop() {
      controller.abort();
      await done.catch(() => {});
    },
  };
}

describe('change feed over SSE', () => {
  it('streams another process’s accepted changes in order, and resumes from the last seq after a disconnect', async () => {
    const { changes } = await callAs(b, '{ changes(since: 0, first: 1) { lastSeq } }', {}, keys.reader);
    const start = changes.lastSeq as number;
    const first = subscribe(b, start);

    await callAs(a, 'mutation ($input: SourceInput!) { registerSource(input: $input) { seq } }', { input: { id: 'feed-wire', type: 'news_report', text: TEXT } }, keys.contributor);
    const proposed = await callAs(
      a,
      'mutation ($input: RelationshipProposalInput!) { proposeRelationship(input: $input) { id revision } }',
      { input: { type: 'TARGETS', from: 'us-export-controls-2022-10', to: 'china', key: 'feed-test', modality: 'announced', citations: [{ sourceId: 'feed-wire', quote: QUOTE }] } },
      keys.contributor,
    );
    const p = proposed.proposeRelationship;
    await callAs(a, 'mutation ($id: ID!, $r: Int!) { review(id: $id, revision: $r, decision: ACCEPT) { change { seq } } }', { id: p.id, r: p.revision }, keys.reviewer);
    await until(() => first.events.length >= 2, 'two events on the other process');
    expect(first.events.map((e) => e.seq)).toEqual([start + 1, start + 2]);
    expect(first.events[0]).toMatchObject({ kind: 'REGISTER_SOURCE', itemId: 'feed-wire' });
    expect(first.events[1]).toMatchObject({ kind: 'ADD_RELATIONSHIP', itemId: 'us-export-controls-2022-10.TARGETS.china#feed-test' });
    const lastSeen = first.events.at(-1)!.seq;
    await first.stop();

    // While nobody listens, another change; the resumed subscription starts right after the last one seen.
    await callAs(a, 'mutation ($input: SourceInput!) { registerSource(input: $input) { seq } }', { input: { id: 'feed-wire-2', type: 'news_report', text: TEXT } }, keys.contributor);
    const resumed = subscribe(b, lastSeen);
    await until(() => resumed.events.length >= 1, 'the missed change after resuming');
    expect(resumed.events[0]).toMatchObject({ seq: lastSeen + 1, kind: 'REGISTER_SOURCE', itemId: 'feed-wire-2' });
    await resumed.stop();
  }, 120_000);
});
