// Issue 19 row 10, the export side: a pinned version that cannot be any graph's (`?version=zzz`) is the
// client's mistake — 400 naming the value and the expected shape, not 412 "The graph changed" — and a
// huge If-Match is never echoed whole (a 15 KB header came back twice in the error).
import { describe, expect, it } from 'vitest';
import { useSeededServer } from '../support/api-suite.ts';

const { server } = useSeededServer();

const get = async (path: string, headers: Record<string, string> = {}) => {
  const response = await fetch(`${server().url}${path}`, { headers });
  return { status: response.status, text: await response.text() };
};

describe('pinning an export: bad input gets a clear answer', () => {
  it('?version=zzz is 400 BAD_USER_INPUT naming the value and what a version looks like', async () => {
    for (const value of ['zzz', 'latest', '12345678-not-hex']) {
      const { status, text } = await get(`/export/relationships.csv?version=${value}`);
      expect(status, value).toBe(400);
      const error = JSON.parse(text).errors[0];
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'version', value });
      expect(error.message).toMatch(new RegExp(`'version' is "${value}"; it takes a graph version, the hexadecimal string the Chokepoint-Graph-Version header`));
    }
    // A well-formed version that is not the graph's is still 412: the graph moved on.
    expect((await get(`/export/relationships.csv?version=${'0'.repeat(64)}`)).status).toBe(412);
  });

  it('a 15 KB If-Match is refused with 412 and echoed cut short, with its length', async () => {
    const huge = `"${'a'.repeat(15_000)}"`;
    const { status, text } = await get('/export/entities.csv', { 'if-match': huge });
    expect(status).toBe(412);
    expect(text.length).toBeLessThan(2_000);
    const error = JSON.parse(text).errors[0];
    expect(error.extensions.code).toBe('GRAPH_VERSION_CHANGED');
    expect(error.extensions.expected).toBe(`${huge.slice(0, 100)}… (15002 characters)`);
    expect(error.message).toContain('(15002 characters)');
  });
});
