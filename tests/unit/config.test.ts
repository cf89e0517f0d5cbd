import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, configVariableNames, readConfig } from '../../src/config/config.ts';

describe('readConfig', () => {
  it('uses the embedded Neo4j with documented defaults when NEO4J_URI is unset', () => {
    const config = readConfig({});
    expect(config.port).toBe(4000);
    expect(config.neo4j).toEqual({ mode: 'embedded', port: 7687, dataDir: '.data/neo4j', heapMb: 1024, pageCacheMb: 256, maxRestarts: 5 });
  });

  it.each(['bolt://db:7687', 'neo4j://cluster.example:7687', 'neo4j+s://abcd.databases.neo4j.io', 'bolt+ssc://10.0.0.1'])(
    'accepts %s as an external database',
    (uri) => {
      const config = readConfig({ NEO4J_URI: uri, NEO4J_USERNAME: 'reader', NEO4J_PASSWORD: 'secret' });
      expect(config.neo4j).toMatchObject({ mode: 'external', uri, username: 'reader', password: 'secret' });
    },
  );

  it('collects every problem into one error', () => {
    try {
      readConfig({ PORT: '99999', NEO4J_EMBEDDED_HEAP_MB: 'lots', SEED_ON_START: 'maybe' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems).toEqual(
        expect.arrayContaining([
          "NEO4J_EMBEDDED_HEAP_MB='lots' is not allowed: expected a whole number from 256 to 16384",
          "PORT='99999' is not allowed: expected a whole number from 1 to 65535",
          "SEED_ON_START='maybe' is not allowed: expected true or false",
        ]),
      );
      expect((error as ConfigError).problems).toHaveLength(3);
    }
  });

  it('reads the slow-client limits (issue 19 rows 5, 11), and refuses a headers timeout longer than the request timeout', () => {
    expect(readConfig({}).http).toMatchObject({ exportIdleTimeoutMs: 30_000, headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, maxConnectionsPerAddress: 128 });
    expect(readConfig({ MAX_CONNECTIONS_PER_ADDRESS: '0', EXPORT_IDLE_TIMEOUT_MS: '5000' }).http).toMatchObject({ maxConnectionsPerAddress: 0, exportIdleTimeoutMs: 5_000 });
    expect(() => readConfig({ HEADERS_TIMEOUT_MS: '60000', REQUEST_TIMEOUT_MS: '20000' })).toThrow(
      "HEADERS_TIMEOUT_MS='60000' is not allowed: it must be at most REQUEST_TIMEOUT_MS (20000), the time for headers and body together",
    );
  });

  it('reads the HTTP limits, with defaults', () => {
    expect(readConfig({}).http.maxRequestBytes).toBe(65_536);
    expect(readConfig({ MAX_REQUEST_BYTES: '1048576' }).http.maxRequestBytes).toBe(1_048_576);
    expect(() => readConfig({ MAX_REQUEST_BYTES: '10' })).toThrow("MAX_REQUEST_BYTES='10' is not allowed: expected a whole number from 1024 to 104857600");
  });

  it('reads the cost budget and whether a proxy is trusted', () => {
    expect(readConfig({}).http).toMatchObject({ rateLimitCostPerMinute: 3_000_000, trustProxy: false });
    expect(readConfig({ RATE_LIMIT_COST_PER_MINUTE: '0', TRUST_PROXY: 'true' }).http).toMatchObject({ rateLimitCostPerMinute: 0, trustProxy: true });
    expect(() => readConfig({ RATE_LIMIT_COST_PER_MINUTE: '-1' })).toThrow("RATE_LIMIT_COST_PER_MINUTE='-1' is not allowed");
  });

  it('reads CORS_ORIGINS as a list of exact web origins, none by default', () => {
    expect(readConfig({}).http.corsOrigins).toEqual([]);
    expect(readConfig({ CORS_ORIGINS: 'https://dashboard.example.org, http://localhost:3000' }).http.corsOrigins).toEqual([
      'https://dashboard.example.org',
      'http://localhost:3000',
    ]);
    for (const bad of ['*', 'https://dashboard.example.org/', 'dashboard.example.org', 'ftp://files.example.org']) {
      expect(() => readConfig({ CORS_ORIGINS: bad })).toThrow(`CORS_ORIGINS has '${bad}', which is not a web origin`);
    }
  });

  it('documents every variable it reads in .env.example', () => {
    const example = readFileSync('.env.example', 'utf8');
    const names = configVariableNames();
    expect(names.length).toBeGreaterThan(10);
    for (const name of names) expect(example, `${name} is missing from .env.example`).toMatch(new RegExp(`^#? ?${name}=`, 'm'));
  });
});
