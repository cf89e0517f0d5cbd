// docker-compose.yml cannot be run here (no Docker engine), so its wiring is checked as data: the
// Neo4j image and healthcheck, the volume, the API waiting for a healthy database, and the same
// variables the service reads.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { configVariableNames } from '../../src/config/config.ts';
import { API_NODE_FLAGS } from '../../src/process/node-flags.ts';

const compose = parse(readFileSync('docker-compose.yml', 'utf8'));

describe('docker-compose.yml', () => {
  it('runs Neo4j 5.26 Community with a healthcheck and a data volume', () => {
    const neo4j = compose.services.neo4j;
    expect(neo4j.image).toBe('neo4j:5.26-community');
    expect(neo4j.healthcheck.test.join(' ')).toContain("cypher-shell -u neo4j -p");
    expect(neo4j.volumes).toContain('neo4j-data:/data');
    expect(Object.keys(compose.volumes)).toContain('neo4j-data');
  });

  it('builds the API from the Dockerfile and starts it once the database is healthy', () => {
    const api = compose.services.api;
    expect(api.build).toBe('.');
    expect(api.depends_on.neo4j.condition).toBe('service_healthy');
    expect(api.environment.NEO4J_URI).toBe('bolt://neo4j:7687');
    expect(api.environment.NEO4J_PASSWORD).toBe(compose.services.neo4j.environment.NEO4J_PASSWORD);
    for (const name of Object.keys(api.environment)) expect(configVariableNames()).toContain(name);
  });

  it('takes the host ports from the environment (.env), keeping the ports inside the containers', () => {
    expect(compose.services.api.ports).toEqual(['127.0.0.1:${PORT:-4000}:4000']);
    expect(compose.services.neo4j.ports).toEqual(['127.0.0.1:${NEO4J_HTTP_PORT:-7474}:7474', '127.0.0.1:${NEO4J_BOLT_PORT:-7687}:7687']);
    const example = readFileSync('.env.example', 'utf8');
    for (const name of ['NEO4J_BOLT_PORT', 'NEO4J_HTTP_PORT']) expect(example).toMatch(new RegExp(`^# ${name}=`, 'm'));
  });

  it('has a Dockerfile that starts the service the way npm start does', () => {
    const dockerfile = readFileSync('Dockerfile', 'utf8');
    expect(dockerfile).toMatch(/^FROM node:20/m);
    // Both build the bundle of src/main.ts and run it with plain Node, NODE_ENV=production (npm start:
    // unless the caller set another).
    expect(dockerfile).toMatch(/^COPY scripts \.\/scripts$/m);
    expect(dockerfile).toMatch(/^RUN npm run build$/m);
    expect(dockerfile).toContain(`CMD ${JSON.stringify(['node', ...API_NODE_FLAGS, 'dist/main.mjs'])}`.replaceAll(',', ', '));
    expect(dockerfile).toMatch(/^ENV NODE_ENV=production\b/m);
    const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
    const scripts = pkg.scripts;
    expect(scripts.build).toBe('node scripts/bundle.mjs');
    expect(scripts.start).toBe(`node scripts/bundle.mjs && NODE_ENV=\${NODE_ENV:-production} exec node ${API_NODE_FLAGS.join(' ')} dist/main.mjs`);
    // The image installs production dependencies only: the bundler must be one of them.
    expect(Object.keys(pkg.dependencies)).toContain('esbuild');
  });
});
