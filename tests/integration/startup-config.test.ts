// `npm start` with bad configuration: one clear message listing every problem, a non-zero exit, and
// no database started.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

function start(env: Record<string, string>) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('start-up configuration', () => {
  it('rejects a bad PORT with one clear message and exit code 1', () => {
    const result = start({ PORT: 'eighty' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("PORT='eighty' is not allowed: expected a whole number from 1 to 65535");
    expect(result.stderr.match(/invalid configuration/g)).toHaveLength(1);
  });

  it('rejects a malformed NEO4J_URI, naming the allowed schemes', () => {
    const result = start({ NEO4J_URI: 'http://localhost:7474' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("NEO4J_URI='http://localhost:7474' is not a Neo4j URI");
    expect(result.stderr).toContain('bolt, bolt+s, bolt+ssc, neo4j, neo4j+s, neo4j+ssc');
  });

  it('reports every problem at once', () => {
    const result = start({ PORT: '0', NEO4J_URI: 'nonsense', LOG_LEVEL: 'loud' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('3 problems');
    expect(result.stderr).toContain("PORT='0'");
    expect(result.stderr).toContain("NEO4J_URI='nonsense'");
    expect(result.stderr).toContain("LOG_LEVEL='loud'");
  });
});
