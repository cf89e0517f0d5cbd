// Browsers of other origins (issue 10.6): no CORS by default (no Origin reflected, never credentials),
// an allowlist when configured; GET and form posts — what any web page can make a browser send —
// never run a query. The playground, curl-style JSON posts and GET with the preflight header still work.
import { afterAll, describe, expect, it } from 'vitest';
import { ENDPOINT, testApp } from '../support/app.ts';
import { closeTestExecutor } from '../support/database.ts';

afterAll(() => closeTestExecutor());

const EVIL = 'https://evil.example';
const DASHBOARD = 'https://dashboard.example.org';
const QUERY = '{ __typename }';

async function request(app: ReturnType<typeof testApp>['app'], init: RequestInit & { url?: string }) {
  const response = await app.fetch(init.url ?? ENDPOINT, init);
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, body: text.startsWith('{') ? JSON.parse(text) : undefined };
}

const corsHeaders = (headers: Headers) => [...headers.keys()].filter((name) => name.startsWith('access-control-'));

describe('CORS', () => {
  const { app } = testApp();

  it('reflects no Origin and allows no credentials by default', async () => {
    const post = await request(app, { method: 'POST', headers: { origin: EVIL, 'content-type': 'application/json' }, body: JSON.stringify({ query: QUERY }) });
    expect(post.status).toBe(200);
    expect(corsHeaders(post.headers)).toEqual([]);
    const preflight = await request(app, {
      method: 'OPTIONS',
      headers: { origin: EVIL, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(corsHeaders(preflight.headers)).toEqual([]);
  });

  it('allows the origins of CORS_ORIGINS, without credentials, and no others', async () => {
    const { app: listed } = testApp({ http: { corsOrigins: [DASHBOARD] } });
    const preflight = await request(listed, {
      method: 'OPTIONS',
      headers: { origin: DASHBOARD, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(DASHBOARD);
    expect(preflight.headers.get('access-control-allow-methods')).toBe('GET, POST');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('Content-Type');
    expect(preflight.headers.get('access-control-allow-credentials')).toBeNull();
    const post = await request(listed, { method: 'POST', headers: { origin: DASHBOARD, 'content-type': 'application/json' }, body: JSON.stringify({ query: QUERY }) });
    expect(post.headers.get('access-control-allow-origin')).toBe(DASHBOARD);
    expect(post.headers.get('access-control-allow-credentials')).toBeNull();
    expect(post.headers.get('vary')).toContain('Origin');
    const other = await request(listed, { method: 'POST', headers: { origin: EVIL, 'content-type': 'application/json' }, body: JSON.stringify({ query: QUERY }) });
    expect(corsHeaders(other.headers)).toEqual([]);
  });
});

describe('requests a foreign page can send without a preflight run no query', () => {
  const { app, logs } = testApp();
  const executed = () => logs.filter((line) => line.includes('"msg":"request"') && line.includes('"operation"')).length;

  it.each([
    ['a urlencoded form post', 'application/x-www-form-urlencoded', `query=${encodeURIComponent(QUERY)}`],
    ['a multipart form post', 'multipart/form-data; boundary=x', `--x\r\nContent-Disposition: form-data; name="operations"\r\n\r\n${JSON.stringify({ query: QUERY })}\r\n--x--\r\n`],
    ['a text/plain post', 'text/plain', JSON.stringify({ query: QUERY })],
  ])('%s: 415, with the content type to use', async (_what, type, body) => {
    const before = executed();
    const result = await request(app, { method: 'POST', headers: { origin: EVIL, 'content-type': type }, body });
    expect(result.status).toBe(415);
    expect(result.body.data).toBeUndefined();
    expect(result.body.errors[0].extensions.code).toBe('BAD_REQUEST');
    expect(result.body.errors[0].message).toContain("send 'Content-Type: application/json'");
    expect(result.body.errors[0].message).toContain(`got '${type.split(';')[0]}'`);
    expect(executed()).toBe(before);
  });

  it('a GET with a query: 400, naming the header that makes it run', async () => {
    const result = await request(app, { method: 'GET', url: `${ENDPOINT}?query=${encodeURIComponent(QUERY)}`, headers: { origin: EVIL, accept: 'application/json' } });
    expect(result.status).toBe(400);
    expect(result.body.data).toBeUndefined();
    expect(result.body.errors[0].message).toContain("'GraphQL-Require-Preflight: 1'");
  });
});

describe('clients keep working', () => {
  const { app } = testApp();

  it('a JSON post with no Accept header (curl, requests)', async () => {
    const result = await request(app, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: QUERY }) });
    expect(result.status).toBe(200);
    expect(result.body.data.__typename).toBe('Query');
  });

  it('a GraphQL-over-HTTP post (application/graphql-response+json)', async () => {
    const result = await request(app, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', accept: 'application/graphql-response+json' },
      body: JSON.stringify({ query: QUERY }),
    });
    expect(result.status).toBe(200);
    expect(result.headers.get('content-type')).toContain('application/graphql-response+json');
  });

  it('a GET with the preflight header', async () => {
    const result = await request(app, {
      method: 'GET',
      url: `${ENDPOINT}?query=${encodeURIComponent(QUERY)}`,
      headers: { accept: 'application/json', 'graphql-require-preflight': '1' },
    });
    expect(result.status).toBe(200);
    expect(result.body.data.__typename).toBe('Query');
  });

  it('the playground page', async () => {
    const result = await request(app, { method: 'GET', headers: { accept: 'text/html' } });
    expect(result.status).toBe(200);
    expect(result.headers.get('content-type')).toContain('text/html');
    expect(result.text).toContain('<title>Chokepoint</title>');
  });
});
