// The parse cache is bounded in bytes (issue 10: 10 MB bodies, each text kept by the cache, ran the
// heap out): many large distinct documents stay within the bound, and repeated ones are reused.
import { createYoga } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { buildSchema } from '../../src/graphql/build-schema.ts';
import { loadOntology } from '../../src/ontology/ontology.ts';
import { BYTES_PER_TOKEN, createParseCache, useParseCache } from '../../src/server/plugins/use-parse-cache.ts';

const schema = buildSchema(loadOntology());

function appWith(cache: ReturnType<typeof createParseCache>) {
  let parses = 0;
  const yoga = createYoga({
    schema,
    logging: false,
    parserAndValidationCache: false,
    plugins: [useParseCache({ cache }), { onParse: () => void parses++ }],
  });
  const ask = async (query: string) => {
    const response = await yoga.fetch('http://test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query }),
    });
    return response.json() as Promise<{ data?: { __typename: string }; errors?: unknown[] }>;
  };
  return { ask, parses: () => parses };
}

describe('parse cache', () => {
  it('stays within its byte bound however many large distinct documents arrive', async () => {
    const maxBytes = 4 * 1024 * 1024;
    const cache = createParseCache(maxBytes);
    const { ask } = appWith(cache);
    // 300 distinct documents of ~2000 tokens each: about 300 MB of parsed documents if all were kept.
    const fields = Array.from({ length: 666 }, (_, j) => `a${j}: __typename`).join(' ');
    for (let i = 0; i < 300; i++) {
      const result = await ask(`query Q${i} { ${fields} }`);
      expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
    }
    expect(cache.calculatedSize).toBeLessThanOrEqual(maxBytes);
    expect(cache.size).toBeLessThan(300);
    expect(cache.size).toBeGreaterThanOrEqual(Math.floor(maxBytes / (2000 * BYTES_PER_TOKEN * 1.1)));
  });

  it('reuses a parsed document (and a parse error) for the same text', async () => {
    const cache = createParseCache();
    const { ask } = appWith(cache);
    await ask('{ __typename }');
    await ask('{ __typename }');
    expect(cache.size).toBe(1);
    await ask('{ __typename ');
    const again = await ask('{ __typename ');
    expect(again.errors).toHaveLength(1);
    expect(cache.size).toBe(2);
    expect(cache.get('{ __typename ')).toBeInstanceOf(Error);
  });
});
