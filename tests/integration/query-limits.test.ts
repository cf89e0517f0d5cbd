// Hostile query documents over HTTP (issue 10, "bounded input"): each is refused with QUERY_TOO_COMPLEX,
// naming what was measured, before any resolver runs — and GraphiQL's own schema query still passes.
import { getIntrospectionQuery } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../src/limits/limits.ts';
import { testApp } from '../support/app.ts';
import { closeTestExecutor, seedGraph } from '../support/database.ts';
import { afterAll } from 'vitest';

const { post, logs } = testApp();
beforeAll(() => seedGraph(), 240_000);
afterAll(() => closeTestExecutor());

const lastRequestLog = () => JSON.parse(logs.filter((l) => l.includes('"msg":"request"')).at(-1)!);

function expectRefused(result: { status: number; body: any }) {
  expect(result.status).toBe(400);
  expect(result.body.data).toBeUndefined();
  const error = result.body.errors[0];
  expect(error.extensions.code).toBe('QUERY_TOO_COMPLEX');
  expect(lastRequestLog().dbQueries).toBe(0);
  return error;
}

describe('hostile documents', () => {
  it('refuses nested fragment spreads (about 1 KB standing for 2^31 fields), naming the figure', async () => {
    let query = 'query Hostile { ...F30 }\nfragment F0 on Query { stats { entities } }\n';
    for (let i = 1; i <= 30; i++) query += `fragment F${i} on Query { ...F${i - 1} ...F${i - 1} }\n`;
    expect(query.length).toBeLessThan(1300);
    const error = expectRefused(await post(query));
    expect(error.message).toContain(`it expands to ${2 ** 31} fields once fragments are spread; at most ${LIMITS.maxFields} are allowed`);
    expect(error.extensions.fields).toBe(2 ** 31);
    // The service answers other requests afterwards.
    expect((await post('{ stats { entities } }')).body.data.stats.entities).toBeGreaterThan(0);
  });

  it('refuses aliases of an introspection field before executing', async () => {
    for (const field of ['__schema{types{name}}', '__type(name:$t){name}']) {
      const aliases = (n: number) => 'query($t:String!){' + Array.from({ length: n }, (_, i) => `a${i}:${field}`).join(' ') + '}';
      // 2000 of them (~50 KB, under the body limit) are more tokens than a document may have…
      expect(JSON.stringify(aliases(2000)).length).toBeLessThan(65_536);
      expect(expectRefused(await post(aliases(2000), { t: 'Query' })).message).toContain('tokens');
      // …and 300 are more aliases than a query may use.
      const error = expectRefused(await post(aliases(300), { t: 'Query' }));
      expect(error.message).toContain(`it uses 300 aliases; at most ${LIMITS.maxAliases} are allowed`);
    }
  });

  it('refuses over-deep introspection', async () => {
    const deep = '{ __type(name: "Query") { fields { type { fields { type { fields { type { fields { type { fields { type { fields { type { name } } } } } } } } } } } } } }';
    expect(expectRefused(await post(deep)).message).toContain('it nests 14 levels deep; at most 12 are allowed');
  });

  it("answers GraphiQL's own schema query", async () => {
    const query = getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true, schemaDescription: true });
    const result = await post(query);
    expect(result.status).toBe(200);
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data.__schema.queryType.name).toBe('Query');
  });
});

describe('the cost estimate', () => {
  const nested = 'relationships(first: $n) { nodes { from { relationships(first: $n) { nodes { id } } } } }';

  it('counts `first` moved into a variable default', async () => {
    const error = expectRefused(await post(`query Costly($n: Int = 500) { ${nested} }`));
    expect(error.extensions.cost).toBe(500 + 500 + 500 * 500);
    expect(error.message).toContain(`at most ${LIMITS.maxCost} are allowed`);
  });

  it("counts a relationship's citations by their `first`", async () => {
    const query = (n: number) => `{ relationships(first: 500) { nodes { citations(first: ${n}) { quote } } } }`;
    const error = expectRefused(await post(query(500)));
    expect(error.extensions.cost).toBe(500 + 500 * 500);
    const small = await post(query(25));
    expect(small.status).toBe(200);
    expect(small.body.errors).toBeUndefined();
    // Without `first`, the schema's default (10) counts, as before the cap.
    expect(expectRefused(await post(`{ a: relationships(first: 500) { nodes { citations { quote } } } b: ${query(190).slice(2, -2)} }`)).extensions.cost).toBe(
      500 + 500 * 10 + 500 + 500 * 190,
    );
  });

  it('counts a provided value over the default, both ways', async () => {
    expectRefused(await post(`query($n: Int = 5) { ${nested} }`, { n: 500 }));
    const small = await post(`query($n: Int = 500) { ${nested} }`, { n: 5 });
    expect(small.status).toBe(200);
    expect(small.body.errors).toBeUndefined();
  });
});
