// The playground's default (issue 19 row 3): on for a local run, off for a production server others can
// reach, and GRAPHIQL always decides when it is set.
import { describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config/config.ts';

describe('GRAPHIQL default', () => {
  it.each([
    [{}, true],
    [{ NODE_ENV: 'production' }, true],
    [{ NODE_ENV: 'production', HOST: 'localhost' }, true],
    [{ NODE_ENV: 'development', HOST: '0.0.0.0' }, true],
    [{ NODE_ENV: 'production', HOST: '0.0.0.0' }, false],
    [{ NODE_ENV: 'production', HOST: '10.1.2.3' }, false],
    [{ NODE_ENV: 'production', HOST: '0.0.0.0', GRAPHIQL: 'true' }, true],
    [{ HOST: '127.0.0.1', GRAPHIQL: 'false' }, false],
  ])('%o → playground %s', (env, expected) => {
    expect(readConfig(env).graphiql).toBe(expected);
  });
});
