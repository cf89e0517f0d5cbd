import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // graphql 16 ships CommonJS and ESM builds; Node (and so graphql-yoga) loads the CommonJS one, Vite
    // would pick the ESM one for our sources — two "realms" that refuse each other's types. Use one.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    include: ['tests/**/*.test.ts'],
    // One Neo4j for the whole run (Community has one database), started in global setup.
    globalSetup: ['tests/support/global-setup.ts'],
    // Files run one after another: the seed-loader tests rewrite the graph that API tests read.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 240_000,
    reporters: ['default'],
  },
});
