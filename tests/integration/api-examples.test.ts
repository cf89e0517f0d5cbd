// Every example operation shown in the playground (schema/graphql/examples) runs without errors and
// returns data — so the playground never opens on a broken tab.
import { describe, expect, it } from 'vitest';
import { loadExamples } from '../../src/server/graphiql-examples.ts';
import { useSeededServer } from '../support/api-suite.ts';

const { server } = useSeededServer();

/** True when some list anywhere in the value is non-empty. */
function hasRows(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (value && typeof value === 'object') return Object.values(value).some(hasRows);
  return false;
}

describe('playground examples', () => {
  const examples = loadExamples();
  it('are there, the headline query first', () => {
    expect(examples.length).toBeGreaterThanOrEqual(5);
    expect(examples[0]!.query).toContain('measures(targeting: "AI chips")');
  });

  it.each(examples.map((e) => [e.file, e.query]))('%s runs and returns data', async (_file, query) => {
    const result = await server().gql(query);
    expect(result.errors).toBeUndefined();
    expect(hasRows(result.data)).toBe(true);
  });
});
