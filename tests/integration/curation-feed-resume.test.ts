// Issue 18, the change feed resumes by event id: every SSE event of `subscription { changes }` carries
// `id: <seq>`, and a client that reconnects with the standard Last-Event-ID header receives exactly the
// changes after it — none missed, none twice — then the live ones; on the same process or another one on
// the same database (the processes keep no state). The header wins over `since` (decision 0029); a
// header that is not an event id is refused with 400 before anything is read; one far behind is served
// page by page. Read with a raw HTTP reader.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CypherQuery } from '../../src/db/executor.ts';
import { closeTestExecutor, seedGraph, testExecutor, wipeDatabase } from '../support/database.ts';
import { callAs, keysForEveryRole, type Keys } from '../support/curation.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { until } from '../support/until.ts';

const TEXT = 'BERLIN (Resume Wire) - The United States announced new curbs on chip sales to China on Tuesday.';
const QUOTE = 'The United States announced new curbs on chip sales to China on Tuesday.';
// Selects no `seq`: the event id comes from the change itself, not from what the client asked for.
const FEED = 'subscription ($since: Int) { changes(since: $since) { kind itemId } }';
const FEED_NO_SINCE = 'subscription { changes { kind itemId } }';

let keys: Keys;
let a: TestServer;
let b: TestServer;
beforeAll(async () => {
  await seedGraph();
  keys = await keysForEveryRole('-resume');
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

const lastSeq = async () => (await callAs(a, '{ changes(since: 0, first: 1) { lastSeq } }', {}, keys.reader)).changes.lastSeq as number;
const registerSource = async (server: TestServer, id: string) =>
  (await callAs(server, 'mutation ($input: SourceInput!) { registerSource(input: $input) { seq } }', { input: { id, type: 'news_report', urlNote: 'test text', text: TEXT } }, keys.contributor))
    .registerSource.seq as number;

async function proposeAndAccept(server: TestServer, key: string): Promise<number> {
  const proposed = await callAs(
    server,
    'mutation ($input: RelationshipProposalInput!) { proposeRelationship(input: $input) { id revision } }',
    { input: { type: 'TARGETS', from: 'us-export-controls-2022-10', to: 'china', key, modality: 'announced', citations: [{ sourceId: 'resume-wire', quote: QUOTE }] } },
    keys.contributor,
  );
  const p = proposed.proposeRelationship;
  const reviewed = await callAs(server, 'mutation ($id: ID!, $r: Int!) { review(id: $id, revision: $r, decision: ACCEPT) { change { seq } } }', { id: p.id, r: p.revision }, keys.reviewer);
  return reviewed.review.change.seq as number;
}

interface SseBlock {
  id?: string;
  event?: string;
  data?: string;
  comment: boolean;
}

interface SseReader {
  status: number;
  contentType: string;
  /** Every block the server wrote, comments (pings) included, in order. */
  blocks: SseBlock[];
  /** The `next` events' ids and payloads. */
  events(): Array<{ id: string | undefined; change: { kind: string; itemId: string } }>;
  close(): void;
  ended: Promise<void>;
}

/** Opens the feed over plain HTTP and splits what arrives into SSE blocks (fields as the SSE spec names them). */
function openFeed(server: TestServer, query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}): Promise<SseReader> {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify({ query, variables });
    const req = request(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', 'content-length': Buffer.byteLength(body), ...headers },
    });
    req.on('error', reject);
    req.on('response', (res) => {
      const blocks: SseBlock[] = [];
      let pending = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        pending += chunk;
        let end: number;
        while ((end = pending.indexOf('\n\n')) >= 0) {
          const lines = pending.slice(0, end).split('\n');
          pending = pending.slice(end + 2);
          const block: SseBlock = { comment: lines.every((line) => line.startsWith(':')) };
          for (const line of lines) {
            const colon = line.indexOf(':');
            if (colon <= 0) continue;
            const field = line.slice(0, colon) as 'id' | 'event' | 'data';
            block[field] = line.slice(colon + 1).replace(/^ /, '');
          }
          blocks.push(block);
        }
      });
      const ended = new Promise<void>((done) => {
        res.on('end', done);
        res.on('close', done);
      });
      resolve({
        status: res.statusCode ?? 0,
        contentType: String(res.headers['content-type']),
        blocks,
        events: () =>
          blocks
            .filter((block) => block.event === 'next')
            .map((block) => {
              const parsed = JSON.parse(block.data!);
              if (parsed.errors) throw new Error(JSON.stringify(parsed.errors));
              return { id: block.id, change: parsed.data.changes };
            }),
        close: () => req.destroy(),
        ended,
      });
    });
    req.end(body);
  });
}

describe('change feed resuming by Last-Event-ID', () => {
  it('gives each event its seq as id; a reconnect with Last-Event-ID gets exactly the missed changes, in order, then live ones — on another process too', async () => {
    await registerSource(a, 'resume-wire');
    const start = await lastSeq();
    const first = await openFeed(a, FEED, { since: start });
    expect(first.status).toBe(200);
    expect(first.contentType).toContain('text/event-stream');

    const accepted = [await proposeAndAccept(a, 'resume-1'), await registerSource(a, 'resume-wire-2')];
    await until(() => first.events().length >= 2, 'the first two events');
    expect(first.events()).toEqual([
      { id: String(accepted[0]), change: { kind: 'ADD_RELATIONSHIP', itemId: 'us-export-controls-2022-10.TARGETS.china#resume-1' } },
      { id: String(accepted[1]), change: { kind: 'REGISTER_SOURCE', itemId: 'resume-wire-2' } },
    ]);
    const lastId = first.events().at(-1)!.id!;
    first.close();
    await first.ended;

    // Accepted while nobody listens: what the reconnect must deliver, exactly once.
    const missed = [await registerSource(a, 'resume-wire-3'), await proposeAndAccept(b, 'resume-2'), await registerSource(b, 'resume-wire-4')];
    expect(missed).toEqual([accepted[1]! + 1, accepted[1]! + 2, accepted[1]! + 3]);

    // As an EventSource reconnects: the same document (its `since` is now stale) plus the header, to the other process.
    const resumed = await openFeed(b, FEED, { since: start }, { 'Last-Event-ID': lastId });
    expect(resumed.status).toBe(200);
    await until(() => resumed.events().length >= 3, 'the three missed events');
    const live = await registerSource(a, 'resume-wire-5');
    await until(() => resumed.events().length >= 4, 'the live event');
    // Give a duplicate or a stray event time to show up before the exact comparison.
    await new Promise((r) => setTimeout(r, 300));
    expect(resumed.events()).toEqual([
      { id: String(missed[0]), change: { kind: 'REGISTER_SOURCE', itemId: 'resume-wire-3' } },
      { id: String(missed[1]), change: { kind: 'ADD_RELATIONSHIP', itemId: 'us-export-controls-2022-10.TARGETS.china#resume-2' } },
      { id: String(missed[2]), change: { kind: 'REGISTER_SOURCE', itemId: 'resume-wire-4' } },
      { id: String(live), change: { kind: 'REGISTER_SOURCE', itemId: 'resume-wire-5' } },
    ]);
    // Pings and the opening comment carry no id: only events move a client's resume position.
    expect(resumed.blocks.filter((block) => block.id !== undefined).every((block) => block.event === 'next')).toBe(true);
    resumed.close();

    // A document with no `since` at all resumes by the header alone (without it, it would replay from seq 1).
    const bare = await openFeed(a, FEED_NO_SINCE, {}, { 'Last-Event-ID': String(missed[1]) });
    await until(() => bare.events().length >= 2, 'the events after the header’s id');
    await new Promise((r) => setTimeout(r, 300));
    expect(bare.events().map((event) => event.id)).toEqual([String(missed[2]), String(live)]);
    bare.close();
  }, 180_000);

  it('serves a Last-Event-ID far behind page by page: every missed change once, in order, no read larger than a page', async () => {
    const reads: Array<{ limit: number; rows: number }> = [];
    const base = testExecutor();
    // The same executor, noting each read of the log the feed makes.
    const counting = new Proxy(base, {
      get(target, prop) {
        if (prop === 'read') {
          return async (query: CypherQuery, params: Record<string, unknown> = {}, ...rest: unknown[]) => {
            const rows = await (target.read as (...args: unknown[]) => Promise<unknown[]>).call(target, query, params, ...rest);
            if (query.name === 'curation.changesSince') reads.push({ limit: Number(params.limit), rows: rows.length });
            return rows;
          };
        }
        const value = Reflect.get(target, prop, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const paged = await startTestServer({ executor: counting, curation: { feedPage: 2 } });
    try {
      const last = await lastSeq();
      expect(last).toBeGreaterThanOrEqual(7);
      const feed = await openFeed(paged, FEED_NO_SINCE, {}, { 'Last-Event-ID': '0' });
      await until(() => feed.events().length >= last, 'every change from the start');
      await new Promise((r) => setTimeout(r, 300));
      expect(feed.events().map((event) => Number(event.id))).toEqual(Array.from({ length: last }, (_, i) => i + 1));
      feed.close();
      expect(reads.length).toBeGreaterThanOrEqual(Math.ceil(last / 2));
      expect(reads.every((read) => read.limit === 2 && read.rows <= 2)).toBe(true);
    } finally {
      await paged.close();
    }
  }, 120_000);

  it('refuses a Last-Event-ID that is not an event id with 400, naming the header, the value and what is allowed', async () => {
    for (const bad of ['abc', '-3', '12.5', '1e9', '9'.repeat(40)]) {
      const refused = await openFeed(a, FEED, { since: 0 }, { 'Last-Event-ID': bad });
      expect(refused.status, bad).toBe(400);
      await refused.ended;
      const data = refused.blocks.find((block) => block.event === 'next')?.data;
      const error = JSON.parse(data!).errors[0];
      expect(error.extensions, bad).toMatchObject({ code: 'BAD_USER_INPUT', field: 'Last-Event-ID', header: 'Last-Event-ID', value: bad.slice(0, 200) });
      expect(error.message).toMatch(/^Last-Event-ID: is not an event id of this feed; allowed: .*change seq/);
      expect(refused.blocks.some((block) => block.id !== undefined), bad).toBe(false);
    }
  }, 60_000);
});
