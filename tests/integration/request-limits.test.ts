// Oversized requests (issue 10, "bounded input"): a body over MAX_REQUEST_BYTES is refused with 413
// while it is read — declared or streamed, never buffered whole; a document over the token limit is
// refused while it is parsed.
import { createServer } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_HTTP } from '../../src/config/config.ts';
import { LIMITS } from '../../src/limits/limits.ts';
import { ENDPOINT, testApp } from '../support/app.ts';
import { closeTestExecutor } from '../support/database.ts';

afterAll(() => closeTestExecutor());

const MB10 = 10 * 1024 * 1024;
const CHUNK = 64 * 1024;

/** A 10 MB JSON body made of a padded query, produced chunk by chunk; `pulled` counts chunks read. */
function tenMegabytes() {
  const counter = { pulled: 0 };
  const chunk = new TextEncoder().encode(' '.repeat(CHUNK));
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode('{"query":"{ __typename '));
    },
    pull(controller) {
      counter.pulled++;
      if (counter.pulled * CHUNK >= MB10) {
        controller.enqueue(new TextEncoder().encode('}"}'));
        controller.close();
      } else controller.enqueue(chunk);
    },
  });
  return { stream, counter };
}

const { app, post } = testApp();

async function send(body: BodyInit, headers: Record<string, string> = {}) {
  const response = await app.fetch(ENDPOINT, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body,
    duplex: 'half',
  } as RequestInit);
  return { status: response.status, body: await response.json() };
}

describe('request body limit', () => {
  it(`defaults to ${DEFAULT_HTTP.maxRequestBytes} bytes`, () => {
    expect(DEFAULT_HTTP.maxRequestBytes).toBe(65_536);
  });

  it('refuses a declared 10 MB body before reading it, naming the size and the limit', async () => {
    const { stream, counter } = tenMegabytes();
    const result = await send(stream, { 'content-length': String(MB10) });
    expect(result.status).toBe(413);
    expect(result.body.errors[0].extensions).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', size: MB10, limit: 65_536 });
    expect(result.body.errors[0].message).toBe(
      `The request body is ${MB10} bytes; at most 65536 bytes are allowed (the server's MAX_REQUEST_BYTES).`,
    );
    expect(counter.pulled).toBeLessThanOrEqual(1);
  });

  it('cuts off a streamed 10 MB body without Content-Length at the limit', async () => {
    const { stream, counter } = tenMegabytes();
    const result = await send(stream);
    expect(result.status).toBe(413);
    expect(result.body.errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
    expect(result.body.errors[0].message).toMatch(/^The request body is over 65536 bytes \(\d+ read before it was refused\)/);
    // The limit is one chunk and a bit; the stream is read no further (a few chunks in flight at most).
    expect(counter.pulled).toBeLessThan(6);
  });

  it('accepts a body just under the limit', async () => {
    const query = `{ __typename ${' '.repeat(65_536 - 100)} }`;
    const result = await post(query);
    expect(result.status).toBe(200);
    expect(result.body.data.__typename).toBe('Query');
  });

  it('refuses 10 MB bodies sent over HTTP one after another, and keeps serving', async () => {
    const server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
    try {
      const body = JSON.stringify({ query: `{ __typename ${' '.repeat(MB10)} }` });
      for (let i = 0; i < 5; i++) {
        const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        expect(response.status).toBe(413);
        expect((await response.json()).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
      }
      const ok = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) });
      expect(((await ok.json()) as any).data.__typename).toBe('Query');
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  // A body declared within the limit is not counted again (the plugin trusts the declared length): this
  // holds because the HTTP parser ends the body there. A client that sends 10 MB after declaring 23 bytes
  // never has them read as its body.
  it('holds a body to its declared length over HTTP: the bytes past it are never read as body', async () => {
    const server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const body = '{"query":"{ __typename'; // 23 bytes declared; the rest of the document follows "outside" it
      const reply = await new Promise<string>((resolve, reject) => {
        const socket = connect(port, '127.0.0.1', () => {
          socket.write(`POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
          socket.write(' }"}' + ' '.repeat(MB10));
        });
        const chunks: Buffer[] = [];
        socket.on('data', (chunk) => chunks.push(chunk));
        socket.on('error', () => resolve(Buffer.concat(chunks).toString()));
        socket.on('close', () => resolve(Buffer.concat(chunks).toString()));
        setTimeout(() => reject(new Error('no reply within 10 s')), 10_000).unref();
      });
      // Node's parser reads what follows the 23 bytes as a next request, answers 400 and closes the
      // connection; the document those bytes would complete is never executed.
      expect(reply).toMatch(/^HTTP\/1\.1 400 /);
      expect(reply).not.toContain('"__typename":"Query"');
      // The server keeps serving.
      const ok = await fetch(`http://127.0.0.1:${port}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) });
      expect(((await ok.json()) as any).data.__typename).toBe('Query');
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('token limit', () => {
  it(`refuses a document of more than ${LIMITS.maxTokens} tokens while parsing it`, async () => {
    const query = `{ ${'__typename '.repeat(LIMITS.maxTokens)} }`;
    expect(query.length).toBeLessThan(DEFAULT_HTTP.maxRequestBytes);
    const result = await post(query);
    expect(result.status).toBe(400);
    expect(result.body.errors[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', maxTokens: LIMITS.maxTokens, characters: query.length });
    expect(result.body.errors[0].message).toBe(
      `The query is refused: it has more than ${LIMITS.maxTokens} tokens (names, punctuation and values; the document is ${query.length} characters long); at most ${LIMITS.maxTokens} are allowed.`,
    );
  });

  it('parses a document of exactly the limit (and measures it next)', async () => {
    // `{`, 4998 fields, `}`: parsed, then refused by the next limit, on fields.
    const result = await post(`{ ${'__typename '.repeat(LIMITS.maxTokens - 2)} }`);
    expect(result.body.errors[0].message).toContain(`it expands to ${LIMITS.maxTokens - 2} fields`);
  });
});
