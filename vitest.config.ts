import { defineConfig } from 'vitest/config';

export default defineConfig({
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
