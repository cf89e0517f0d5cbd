// The SSE writer of subscriptions (src/server/plugins/use-sse-event-ids.ts) and the feed's resume position
// (src/curation/resume-position.ts): each event carries the id its resolver named, an event without one
// carries none (never the previous one), pings are bare comments, and the stream ends with `complete`.
// The header's precedence over `since` and its refusals are checked here; the whole path on the real
// Neo4j is tests/integration/curation-feed-resume.test.ts.
import type { ExecutionResult } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { SseEvent } from '../../src/graphql/context.ts';
import { resumePosition } from '../../src/curation/resume-position.ts';
import { sseResponse } from '../../src/server/plugins/use-sse-event-ids.ts';

/** A subscription's results, each naming its id (or none) the way the resolver does, the first after a pause. */
async function* results(event: SseEvent, items: Array<{ id: string | null; data: unknown }>, pauseMs: number): AsyncGenerator<ExecutionResult> {
  for (const [index, item] of items.entries()) {
    if (index === 0) await new Promise((r) => setTimeout(r, pauseMs));
    event.id = item.id;
    yield { data: item.data as Record<string, unknown>, extensions: { http: { status: 200 }, graphVersion: 'v1' } };
  }
}

describe('sseResponse', () => {
  it('writes each event with its id, no id where none was named, pings without ids, then complete', async () => {
    const event: SseEvent = { id: null };
    const items = [
      { id: '7', data: { changes: { kind: 'ADD_ENTITY' } } },
      { id: null, data: { changes: { kind: 'NONE' } } },
      { id: '9', data: { changes: { kind: 'RETRACT' } } },
    ];
    const response = sseResponse(results(event, items, 120), event, 20);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const blocks = (await response.text()).split('\n\n').filter(Boolean);

    // A ping every 20 ms while the first result waits 120 ms: several, all bare comments.
    const pings = blocks.filter((block) => block === ':');
    expect(pings.length).toBeGreaterThanOrEqual(3);
    const rest = blocks.filter((block) => block !== ':');
    expect(rest).toEqual([
      'id: 7\nevent: next\ndata: {"data":{"changes":{"kind":"ADD_ENTITY"}},"extensions":{"graphVersion":"v1"}}',
      'event: next\ndata: {"data":{"changes":{"kind":"NONE"}},"extensions":{"graphVersion":"v1"}}',
      'id: 9\nevent: next\ndata: {"data":{"changes":{"kind":"RETRACT"}},"extensions":{"graphVersion":"v1"}}',
      'event: complete\ndata:',
    ]);
    expect(blocks.filter((block) => block.includes('id:')).every((block) => block.includes('event: next'))).toBe(true);
  });

  it('stops the subscription when the client goes away', async () => {
    const event: SseEvent = { id: null };
    let returned = false;
    const endless: AsyncIterable<ExecutionResult> = {
      [Symbol.asyncIterator]: () => ({
        next: async () => {
          event.id = '1';
          return { value: { data: { n: 1 } }, done: false };
        },
        return: async () => {
          returned = true;
          return { value: undefined, done: true };
        },
      }),
    };
    const reader = sseResponse(endless, event, 1_000).body!.getReader();
    await reader.read();
    await reader.cancel();
    expect(returned).toBe(true);
  });
});

describe('resumePosition', () => {
  it('takes the Last-Event-ID over since, since without it, and no header when it is empty', () => {
    expect(resumePosition(3, '41')).toBe(41);
    expect(resumePosition(50, '41')).toBe(41);
    expect(resumePosition(3, null)).toBe(3);
    expect(resumePosition(undefined, undefined)).toBe(0);
    expect(resumePosition(3, '  ')).toBe(3);
    expect(resumePosition(-5, null)).toBe(0);
  });

  it('refuses a header that is not a seq, naming it, the value and what is allowed', () => {
    for (const bad of ['abc', '-1', '1.5', '0x10', '1e3', '1234567890123456']) {
      expect(() => resumePosition(0, bad), bad).toThrow(/^Last-Event-ID: is not an event id of this feed; allowed: .*change seq/);
    }
    try {
      resumePosition(0, 'x'.repeat(5_000));
      expect.unreachable();
    } catch (error) {
      const extensions = (error as { extensions: Record<string, unknown> }).extensions;
      expect(extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'Last-Event-ID', http: { status: 400 } });
      expect(String(extensions.value).length).toBeLessThan(300);
    }
  });
});
