// Issue 18, "optionally JWTs from an identity provider (HS256 secret or a JWKS URL), mapped to roles": a
// bearer JWT becomes a principal with the role its claim names; an expired token, a wrong audience or
// issuer, a bad signature or a claim naming no role is refused (401/403) and changes nothing; API keys
// keep working beside it; a JWKS served by the test on a free port verifies RS256 tokens.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import type { JwtConfig } from '../../src/config/config.ts';
import { readConfig, ConfigError } from '../../src/config/config.ts';
import { testApp, type TestApp } from '../support/app.ts';
import { closeTestExecutor, seedGraph, wipeDatabase } from '../support/database.ts';
import { bearer, keysForEveryRole, writeSideCounts, type Keys } from '../support/curation.ts';
import { FIXTURE_SEED, FIXTURE_SOURCES } from '../support/seed-fixture.ts';

const SECRET = 'a-test-secret-of-more-than-thirty-two-characters';
const ISSUER = 'https://idp.test/';
const AUDIENCE = 'chokepoint';
const HS256: JwtConfig = { secret: SECRET, issuer: ISSUER, audience: AUDIENCE, roleClaim: 'groups' };
const RELATIONSHIP = 'ruritania-widget-controls.TARGETS.graustark';

const ME = '{ me { keyId name role } }';
const RETRACT = `mutation { proposeRetraction(id: "${RELATIONSHIP}", reason: "jwt test") { id author } }`;
const REVIEW = `mutation ($id: ID!) { review(id: $id, revision: 1, decision: REJECT, comment: "not mine to judge") { proposal { status } } }`;

/** A token signed with the shared secret; `claims` and `expiresIn` override the defaults. */
async function hs256(claims: JWTPayload, options: { expiresIn?: string | number; secret?: string; audience?: string; issuer?: string } = {}) {
  return new SignJWT({ groups: ['contributor'], ...claims })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(String(claims.sub ?? 'alice'))
    .setIssuer(options.issuer ?? ISSUER)
    .setAudience(options.audience ?? AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '5m')
    .sign(new TextEncoder().encode(options.secret ?? SECRET));
}

let keys: Keys;
beforeAll(async () => {
  await seedGraph({ dataDir: FIXTURE_SEED, sourcesDir: FIXTURE_SOURCES });
  keys = await keysForEveryRole('-jwt');
});
afterAll(async () => {
  // The fixture graph with API-made items would outlive the next file's reseed (a load never prunes what the API made).
  await wipeDatabase();
  await closeTestExecutor();
});

describe('JWT with an HS256 secret', () => {
  let app: TestApp;
  beforeAll(() => {
    app = testApp({ http: { jwt: HS256 } });
  });

  it('maps the role claim to a principal (the highest role of a list) that signs its proposals', async () => {
    const token = await hs256({ sub: 'alice', name: 'Alice Analyst', groups: ['reader', 'contributor', 'staff'] });
    const me = await app.post(ME, {}, { headers: bearer(token) });
    expect(me.body.data.me).toEqual({ keyId: 'jwt:alice', name: 'Alice Analyst', role: 'CONTRIBUTOR' });
    const proposed = await app.post(RETRACT, {}, { headers: bearer(token) });
    expect(proposed.status).toBe(200);
    expect(proposed.body.data.proposeRetraction.author).toBe('jwt:alice');
    // Nobody reviews their own proposal, whichever way they authenticate.
    const own = await app.post(REVIEW, { id: proposed.body.data.proposeRetraction.id }, { headers: bearer(await hs256({ sub: 'alice', groups: 'reviewer' })) });
    expect(own.status).toBe(403);
    const other = await app.post(REVIEW, { id: proposed.body.data.proposeRetraction.id }, { headers: bearer(await hs256({ sub: 'bob', groups: 'reviewer' })) });
    expect(other.body.data.review.proposal.status).toBe('REJECTED');
  });

  it('refuses a token below the role a field needs with 403, and changes nothing', async () => {
    const before = await writeSideCounts();
    const refused = await app.post(RETRACT, {}, { headers: bearer(await hs256({ groups: 'reader' })) });
    expect(refused.status).toBe(403);
    expect(refused.body.errors[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' }, message: expect.stringContaining('needs role contributor') });
    expect(await writeSideCounts()).toEqual(before);
  });

  it.each([
    ['expired', () => hs256({}, { expiresIn: Math.floor(Date.now() / 1000) - 60 }), 401, 'UNAUTHENTICATED', /expired/],
    ['for another audience', () => hs256({}, { audience: 'another-service' }), 401, 'UNAUTHENTICATED', /'aud' claim.*only 'chokepoint'/],
    ['from another issuer', () => hs256({}, { issuer: 'https://evil.test/' }), 401, 'UNAUTHENTICATED', /'iss' claim.*only 'https:\/\/idp\.test\/'/],
    ['signed with another secret', () => hs256({}, { secret: 'another-secret-of-more-than-thirty-two-chars' }), 401, 'UNAUTHENTICATED', /signature/],
    ['naming an unknown role', () => hs256({ groups: ['superuser'] }), 403, 'FORBIDDEN', /'groups' claim is \["superuser"\].*allowed: reader, contributor, reviewer, admin/],
    ['without a role claim', () => hs256({ groups: undefined }), 403, 'FORBIDDEN', /'groups' claim is nothing/],
  ])('refuses a token %s with a clear %i, writing nothing', async (_what, make, status, code, message) => {
    const before = await writeSideCounts();
    const refused = await app.post(RETRACT, {}, { headers: bearer(await make()) });
    expect(refused.status).toBe(status);
    expect(refused.body.errors[0].extensions.code).toBe(code);
    expect(refused.body.errors[0].message).toMatch(message);
    expect(refused.body.data ?? null).toBeNull();
    expect(await writeSideCounts()).toEqual(before);
  });

  it('refuses an unsigned token (alg none) and keeps accepting API keys', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const body = Buffer.from(JSON.stringify({ sub: 'mallory', iss: ISSUER, aud: AUDIENCE, exp: Math.floor(Date.now() / 1000) + 300, groups: 'admin' })).toString('base64url');
    const unsigned = await app.post(ME, {}, { headers: bearer(`${header}.${body}.`) });
    expect(unsigned.status).toBe(401);
    const key = await app.post(ME, {}, { headers: bearer(keys.reviewer) });
    expect(key.body.data.me).toMatchObject({ role: 'REVIEWER', keyId: expect.stringMatching(/^[0-9a-f]{16}$/) });
  });

  it('refuses a JWT where none is configured, saying so', async () => {
    const plain = testApp();
    const refused = await plain.post(ME, {}, { headers: bearer(await hs256({})) });
    expect(refused.status).toBe(401);
    expect(refused.body.errors[0].message).toMatch(/accepts only its own API keys.*JWT_SECRET/);
  });
});

describe('JWT with a JWKS URL (served by the test on a free port)', () => {
  let jwks: Server;
  let url: string;
  let signer: CryptoKey;
  let stranger: CryptoKey;
  let app: TestApp;
  let fetched = 0;
  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    signer = pair.privateKey;
    stranger = (await generateKeyPair('RS256')).privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
    jwks = createServer((_req, res) => {
      fetched++;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks.json`;
    app = testApp({ http: { jwt: { jwksUrl: url, issuer: ISSUER, audience: AUDIENCE, roleClaim: 'role' } } });
  });
  afterAll(async () => {
    await new Promise((resolve) => jwks?.close(resolve));
  });

  const rs256 = (key: CryptoKey, kid = 'test-key', role: unknown = 'reviewer') =>
    new SignJWT({ role }).setProtectedHeader({ alg: 'RS256', kid }).setSubject('carol').setIssuer(ISSUER).setAudience(AUDIENCE).setExpirationTime('5m').sign(key);

  it('verifies an RS256 token against the provider’s keys, fetching them once', async () => {
    const first = await app.post(ME, {}, { headers: bearer(await rs256(signer)) });
    expect(first.body.data.me).toEqual({ keyId: 'jwt:carol', name: 'carol', role: 'REVIEWER' });
    const second = await app.post(ME, {}, { headers: bearer(await rs256(signer)) });
    expect(second.body.data.me.role).toBe('REVIEWER');
    expect(fetched).toBe(1);
  });

  it('refuses a token signed by a key the set does not hold, and an HS256 token (no secret configured)', async () => {
    const forged = await app.post(ME, {}, { headers: bearer(await rs256(stranger)) });
    expect(forged.status).toBe(401);
    expect(forged.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const symmetric = await app.post(ME, {}, { headers: bearer(await hs256({ groups: undefined, role: 'admin' })) });
    expect(symmetric.status).toBe(401);
    expect(symmetric.body.errors[0].message).toMatch(/algorithm/);
  });

  it('answers 503 AUTH_UNAVAILABLE, not 401, when the key set cannot be fetched', async () => {
    const down = createServer();
    await new Promise<void>((resolve) => down.listen(0, '127.0.0.1', resolve));
    const port = (down.address() as AddressInfo).port;
    await new Promise((resolve) => down.close(resolve));
    const unreachable = testApp({ http: { jwt: { jwksUrl: `http://127.0.0.1:${port}/jwks.json`, issuer: ISSUER, audience: AUDIENCE, roleClaim: 'role' } } });
    const refused = await unreachable.post(ME, {}, { headers: bearer(await rs256(signer)) });
    expect(refused.status).toBe(503);
    expect(refused.body.errors[0].extensions).toMatchObject({ code: 'AUTH_UNAVAILABLE', retryAfterSeconds: 5 });
    expect(refused.headers.get('retry-after')).toBe('5');
  });
});

describe('JWT configuration', () => {
  it('is off by default and reads the five variables', () => {
    expect(readConfig({}).http.jwt).toBeUndefined();
    expect(readConfig({ JWT_SECRET: SECRET, JWT_ISSUER: ISSUER, JWT_AUDIENCE: AUDIENCE, JWT_ROLE_CLAIM: 'groups' }).http.jwt).toEqual(HS256);
    expect(readConfig({ JWT_JWKS_URL: 'https://idp.test/jwks.json', JWT_ISSUER: ISSUER, JWT_AUDIENCE: AUDIENCE }).http.jwt).toEqual({ jwksUrl: 'https://idp.test/jwks.json', issuer: ISSUER, audience: AUDIENCE, roleClaim: 'role' });
  });

  it('lists every problem of a partial or weak setting', () => {
    try {
      readConfig({ JWT_SECRET: 'short', JWT_JWKS_URL: 'http://idp.example.org/jwks.json' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems.join('\n');
      expect(problems).toMatch(/JWT_SECRET is 5 characters long: an HS256 secret must have at least 32/);
      expect(problems).toMatch(/JWT_JWKS_URL='http:\/\/idp.example.org\/jwks.json' is not allowed: expected an https:\/\/ URL/);
      expect(problems).toMatch(/JWT_ISSUER is not set/);
      expect(problems).toMatch(/JWT_AUDIENCE is not set/);
    }
    expect(() => readConfig({ JWT_ISSUER: ISSUER })).toThrow(/neither JWT_SECRET nor JWT_JWKS_URL/);
  });
});
