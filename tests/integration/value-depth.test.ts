// Issue 19 row 8: a list literal nested 2 000 deep (4 KB) and a variable nested 5 000 deep got HTTP 200
// INTERNAL_SERVER_ERROR with a stack in the log. Both are now refused before parsing or coercion, with
// 400, a stable code and the depth found; the log has no error.
import { describe, expect, it } from 'vitest';
import { testApp } from '../support/app.ts';

const nested = (depth: number) => '['.repeat(depth) + '"x"' + ']'.repeat(depth);
const deepValue = (depth: number): unknown => {
  let value: unknown = 'x';
  for (let i = 0; i < depth; i++) value = [value];
  return value;
};

describe('values nested too deep (issue 19 row 8)', () => {
  it('a list literal nested 2 000 deep is 400 QUERY_TOO_COMPLEX before parsing, with no error in the log', async () => {
    const { post, logs } = testApp();
    const { status, body } = await post(`{ relationships(types: ${nested(2_000)}, first: 1) { totalCount } }`);
    expect(status).toBe(400);
    expect(body.errors[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', depth: 33, limit: 32 });
    expect(body.errors[0].message).toMatch(/lists or objects nested more than 32 levels deep in a value/);
    expect(logs.filter((line) => /"level":"error"/.test(line) || /RangeError|Maximum call stack/.test(line))).toEqual([]);
  });

  it('a variable nested 5 000 deep is 400 BAD_USER_INPUT naming the variable, with no error in the log', async () => {
    const { app, logs } = testApp();
    // Written by hand: JSON.stringify itself runs out of stack on 5 000 levels in a test worker.
    const query = 'query($types: [String!]) { relationships(types: $types, first: 1) { totalCount } }';
    const body = `{"query":${JSON.stringify(query)},"variables":{"types":${nested(5_000)}}}`;
    const response = await app.fetch(
      'http://chokepoint.test/graphql',
      { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body },
      { req: { socket: { remoteAddress: '127.0.0.1' } } },
    );
    expect(response.status).toBe(400);
    const { errors } = (await response.json()) as { errors: Array<{ message: string; extensions: Record<string, unknown> }> };
    expect(errors[0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', variable: 'types', depth: 33, limit: 32 });
    expect(errors[0]!.message).toMatch(/Variable "\$types" nests lists or objects more than 32 levels deep/);
    expect(logs.filter((line) => /"level":"error"/.test(line) || /RangeError|Maximum call stack/.test(line))).toEqual([]);
  });

  it('values nested within the limit still get the usual answers', async () => {
    const { post } = testApp();
    // A type error at depth 3 is the ordinary variable check's 400, not the depth limit's.
    const wrong = await post('query($types: [String!]) { relationships(types: $types, first: 1) { totalCount } }', { types: deepValue(3) });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(wrong.body.errors[0].extensions.depth).toBeUndefined();
    const fine = await post('query($types: [String!]) { relationships(types: $types, first: 1) { totalCount } }', { types: ['TARGETS'] });
    expect(fine.status).toBe(200);
    expect(fine.body.errors).toBeUndefined();
  });
});
