// Issue 18, "who may do what": API keys stored hashed, roles checked before anything runs (401 without
// a valid key, 403 below the role, nothing written either way), mutations only from JSON POSTs, reads
// open unless READS_REQUIRE_KEY, the cost budget kept per key, and `npm run keys`.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { cypher } from '../../src/db/executor.ts';
import { ENDPOINT, testApp } from '../support/app.ts';
import { closeTestExecutor, testExecutor, wipeDatabase } from '../support/database.ts';
import { bearer, keysForEveryRole, writeSideCounts, type Keys } from '../support/curation.ts';

const CREATE = 'mutation ($name: String!, $role: Role!) { createApiKey(name: $name, role: $role) { secret key { id name role createdBy } } }';
const ME = '{ me { keyId name role } }';

let keys: Keys;
beforeAll(async () => {
  await wipeDatabase();
  keys = await keysForEveryRole();
});
afterAll(() => closeTestExecutor());

describe('API keys and roles', () => {
  const { post, app } = testApp();

  it('keeps reads open without a key, and says who a key is', async () => {
    const anonymous = await post(ME);
    expect(anonymous.status).toBe(200);
    expect(anonymous.body.data.me).toBeNull();
    const reader = await post(ME, {}, { headers: bearer(keys.reader) });
    expect(reader.body.data.me).toMatchObject({ name: 'reader', role: 'READER' });
  });

  it('refuses a mutation without a key with 401 UNAUTHENTICATED and writes nothing', async () => {
    const before = await writeSideCounts();
    const refused = await post(CREATE, { name: 'x', role: 'ADMIN' });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toContain('Bearer');
    expect(refused.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(refused.body.errors[0].message).toContain('Mutation.createApiKey needs an API key with role admin');
    expect(refused.body.data ?? null).toBeNull();
    expect(await writeSideCounts()).toEqual(before);
  });

  it('lets only admins create keys: 403 FORBIDDEN for every role below, nothing written', async () => {
    for (const role of ['reader', 'contributor', 'reviewer'] as const) {
      const before = await writeSideCounts();
      const refused = await post(CREATE, { name: 'x', role: 'ADMIN' }, { headers: bearer(keys[role]) });
      expect(refused.status, role).toBe(403);
      expect(refused.body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', role, needed: 'admin' });
      expect(await writeSideCounts()).toEqual(before);
    }
    const made = await post(CREATE, { name: 'analyst team', role: 'CONTRIBUTOR' }, { headers: bearer(keys.admin) });
    expect(made.status).toBe(200);
    const { secret, key } = made.body.data.createApiKey;
    expect(key).toMatchObject({ name: 'analyst team', role: 'CONTRIBUTOR' });
    expect(key.createdBy).toMatch(/^key:[0-9a-f]{16}$/);
    expect(secret).toMatch(new RegExp(`^ck_${key.id}_`));
    expect((await post(ME, {}, { headers: bearer(secret) })).body.data.me).toMatchObject({ keyId: key.id, role: 'CONTRIBUTOR' });
  });

  it('stores only a hash of the secret', async () => {
    const made = await post(CREATE, { name: 'hash check', role: 'READER' }, { headers: bearer(keys.admin) });
    const { secret, key } = made.body.data.createApiKey;
    const [row] = await testExecutor().read(cypher('test.keyNode', 'MATCH (k:ApiKey {id: $id}) RETURN properties(k) AS props'), { id: key.id });
    const stored = JSON.stringify(row!.props);
    expect(stored).not.toContain(secret.slice(20));
    expect((row!.props as Record<string, string>).hash).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('refuses malformed, unknown and wrongly signed tokens, and other schemes, with 401', async () => {
    const [, id] = /^ck_([0-9a-f]{16})_/.exec(keys.admin)!;
    const forged = `ck_${id}_${'A'.repeat(43)}`;
    for (const authorization of ['Bearer nonsense', `Bearer ${forged}`, `Basic ${Buffer.from('a:b').toString('base64')}`, `Bearer ${'x'.repeat(5000)}`]) {
      const refused = await post(ME, {}, { headers: { authorization } });
      expect(refused.status, authorization.slice(0, 30)).toBe(401);
      expect(refused.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    }
  });

  it('refuses a revoked key from the next request on, and lists who revoked it', async () => {
    const made = await post(CREATE, { name: 'to revoke', role: 'REVIEWER' }, { headers: bearer(keys.admin) });
    const { secret, key } = made.body.data.createApiKey;
    expect((await post(ME, {}, { headers: bearer(secret) })).status).toBe(200);
    const revoked = await post('mutation ($id: ID!) { revokeApiKey(id: $id) { id revokedAt revokedBy } }', { id: key.id }, { headers: bearer(keys.admin) });
    expect(revoked.body.data.revokeApiKey.revokedAt).toBeTruthy();
    const refused = await post(ME, {}, { headers: bearer(secret) });
    expect(refused.status).toBe(401);
    expect(refused.body.errors[0].message).toContain('revoked');
    const listed = await post('{ apiKeys(first: 1000) { id revokedAt revokedBy } }', {}, { headers: bearer(keys.admin) });
    expect(listed.body.data.apiKeys.find((k: { id: string }) => k.id === key.id).revokedBy).toMatch(/^key:/);
    expect((await post('{ apiKeys { id } }', {}, { headers: bearer(keys.reviewer) })).status).toBe(403);
  });

  it('never runs a mutation from a GET, a form post or a cookie', async () => {
    const before = await writeSideCounts();
    const url = `${ENDPOINT}?query=${encodeURIComponent('mutation { createApiKey(name: "get", role: ADMIN) { secret } }')}`;
    const get = await app.fetch(url, { method: 'GET', headers: { ...bearer(keys.admin), 'graphql-require-preflight': '1', accept: 'application/json' } });
    expect(get.status).toBe(405);
    const form = await app.fetch(ENDPOINT, {
      method: 'POST',
      headers: { ...bearer(keys.admin), 'content-type': 'application/x-www-form-urlencoded' },
      body: `query=${encodeURIComponent('mutation { createApiKey(name: "form", role: ADMIN) { secret } }')}`,
    });
    expect(form.status).toBe(415);
    const cookie = await post('mutation { createApiKey(name: "cookie", role: ADMIN) { secret } }', {}, { headers: { cookie: `authorization=Bearer ${keys.admin}` } });
    expect(cookie.status).toBe(401);
    expect(await writeSideCounts()).toEqual(before);
  });

  it('checks field-level input: a name with control characters is refused', async () => {
    const refused = await post(CREATE, { name: 'bad\u0007name', role: 'READER' }, { headers: bearer(keys.admin) });
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name', value: 'bad\u0007name' });
  });
});

describe('READS_REQUIRE_KEY', () => {
  const { post } = testApp({ http: { readsRequireKey: true } });

  it('refuses an anonymous read with 401 and serves a reader key', async () => {
    const anonymous = await post('{ relationshipTypes { type } }');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const reader = await post('{ relationshipTypes { type } }', {}, { headers: bearer(keys.reader) });
    expect(reader.status).toBe(200);
    expect(reader.body.data.relationshipTypes.length).toBeGreaterThan(0);
  });

  it('covers the bulk exports too', async () => {
    const { app } = testApp({ http: { readsRequireKey: true } });
    const anonymous = await app.fetch('http://chokepoint.test/export/manifest.json');
    expect(anonymous.status).toBe(401);
    expect((await anonymous.json()).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const reader = await app.fetch('http://chokepoint.test/export/manifest.json', { headers: bearer(keys.reader) });
    expect(reader.status).not.toBe(401);
    await reader.body?.cancel();
    // Without the setting the exports stay open.
    const open = await testApp().app.fetch('http://chokepoint.test/export/manifest.json');
    expect(open.status).not.toBe(401);
    await open.body?.cancel();
  });
});

describe('cost budget per key', () => {
  it('charges a key wherever it comes from, and each key separately', async () => {
    const clock = { now: 1_000_000 };
    const query = '{ relationshipTypes { type } }';
    const { post } = testApp({ http: { rateLimitCostPerMinute: 1 }, clock: () => clock.now });
    // The whole budget is 1: one query each.
    expect((await post(query, {}, { headers: bearer(keys.reader), remoteAddress: '10.0.0.1' })).status).toBe(200);
    expect((await post(query, {}, { headers: bearer(keys.reader), remoteAddress: '10.0.0.2' })).status).toBe(429);
    expect((await post(query, {}, { headers: bearer(keys.contributor), remoteAddress: '10.0.0.1' })).status).toBe(200);
    // Anonymous requests are still kept per address.
    expect((await post(query, {}, { remoteAddress: '10.0.0.1' })).status).toBe(200);
  });
});

describe('npm run keys', () => {
  const run = promisify(execFile);
  const { uri, username, password } = inject('neo4j');
  const env = { ...process.env, NEO4J_URI: uri, NEO4J_USERNAME: username, NEO4J_PASSWORD: password, SEED_ON_START: 'false' };
  const keysCli = (...args: string[]) => run(process.execPath, ['--import', 'tsx', 'src/auth/cli.ts', ...args], { env, timeout: 120_000 });

  it('creates (printing the token once), lists and revokes keys', async () => {
    const created = await keysCli('create', '--name', 'cli admin', '--role', 'admin');
    const token = created.stdout.trim();
    expect(token).toMatch(/^ck_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    const id = token.slice(3, 19);
    const { post } = testApp();
    expect((await post(ME, {}, { headers: bearer(token) })).body.data.me).toMatchObject({ keyId: id, role: 'ADMIN' });
    expect((await keysCli('list')).stdout).toMatch(new RegExp(`${id}\\s+admin\\s+.*active\\s+"cli admin"`));
    await keysCli('revoke', id);
    expect((await keysCli('list')).stdout).toMatch(new RegExp(`${id}\\s+admin\\s+.*revoked`));
    expect((await post(ME, {}, { headers: bearer(token) })).status).toBe(401);
  }, 240_000);

  it('refuses bad usage and a bad role with a clear message', async () => {
    await expect(keysCli('create', '--name', 'x')).rejects.toMatchObject({ code: 2 });
    await expect(keysCli('create', '--name', 'x', '--role', 'owner')).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('allowed: reader, contributor, reviewer, admin') });
  }, 240_000);
});
