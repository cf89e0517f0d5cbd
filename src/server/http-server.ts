// The Node HTTP server around the app, with the limits that belong to connections rather than to
// requests: a request's headers and body must arrive in time (a body sent a byte at a time is cut
// off with 408), and one address holds at most so many connections (more are answered 429 and
// closed before anything is parsed). `main` and the tests build the server here; `createApp` builds
// the app it serves.
import { createServer, type RequestListener, type Server } from 'node:http';
import type { Socket } from 'node:net';
import type { HttpConfig } from '../config/config.ts';
import { ErrorCode } from '../errors/api-errors.ts';
import type { Logger } from '../log/logger.ts';

export type ConnectionLimits = Pick<HttpConfig, 'maxConnectionsPerAddress' | 'headersTimeoutMs' | 'requestTimeoutMs'>;

const RETRY_AFTER_S = 5;

/** A whole HTTP/1.1 response written straight to a socket (no request was, or will be, parsed). */
function rawResponse(status: string, body: unknown, headers: Record<string, string> = {}): string {
  const json = JSON.stringify(body);
  const lines = [
    `HTTP/1.1 ${status}`,
    'content-type: application/json; charset=utf-8',
    `content-length: ${Buffer.byteLength(json)}`,
    'connection: close',
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
  ];
  return `${lines.join('\r\n')}\r\n\r\n${json}`;
}

const errorBody = (message: string, extensions: Record<string, unknown>) => ({ errors: [{ message, extensions }] });

export function createHttpServer(app: RequestListener, limits: ConnectionLimits, logger: Logger): Server {
  const refused = new WeakSet<Socket>();
  const server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      // Node checks both timeouts on this interval (30 s by default, which would let a slow client
      // hold its connection up to 30 s longer than the limit says).
      connectionsCheckingInterval: Math.max(50, Math.min(1_000, Math.floor(limits.headersTimeoutMs / 4))),
    },
    (req, res) => {
      // The parser may still read a request the cap refused: it is not served.
      if (refused.has(req.socket)) {
        res.destroy();
        return;
      }
      app(req, res);
    },
  );

  const open = new Map<string, number>();
  // Before Node's own listener: a refused socket is answered and closed before a request is parsed.
  server.prependListener('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? 'unknown';
    const count = open.get(address) ?? 0;
    if (limits.maxConnectionsPerAddress > 0 && count >= limits.maxConnectionsPerAddress) {
      refused.add(socket);
      logger.warn('connection refused: too many from one address', { address, open: count, limit: limits.maxConnectionsPerAddress });
      socket.end(
        rawResponse(
          '429 Too Many Requests',
          errorBody(
            `${address} already has ${count} open connections, as many as one address may hold (the server's MAX_CONNECTIONS_PER_ADDRESS); ` +
              `close some (or reuse them: keep-alive) and retry.`,
            { code: ErrorCode.RATE_LIMITED, connections: count, limit: limits.maxConnectionsPerAddress },
          ),
          { 'retry-after': String(RETRY_AFTER_S) },
        ),
      );
      socket.on('error', () => {});
      return;
    }
    open.set(address, count + 1);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left > 0) open.set(address, left);
      else open.delete(address);
    });
  });

  // Node's default answer to a late request is a bare 408; say which limit it met.
  server.on('clientError', (error: Error & { code?: string }, socket: Socket) => {
    const writable = socket.writable && !(socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent;
    if (refused.has(socket) || !writable) {
      socket.destroy();
      return;
    }
    if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
      logger.warn('request timed out while it arrived', { address: socket.remoteAddress });
      socket.end(
        rawResponse(
          '408 Request Timeout',
          errorBody(
            `The request did not arrive in time: its headers must arrive within ${limits.headersTimeoutMs} ms and headers and body within ` +
              `${limits.requestTimeoutMs} ms (the server's HEADERS_TIMEOUT_MS, REQUEST_TIMEOUT_MS).`,
            { code: ErrorCode.REQUEST_TIMEOUT, headersTimeoutMs: limits.headersTimeoutMs, requestTimeoutMs: limits.requestTimeoutMs },
          ),
        ),
      );
      return;
    }
    const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
    socket.end(
      rawResponse(
        tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request',
        errorBody(tooLarge ? 'The request headers are too large.' : 'The request is not valid HTTP.', { code: ErrorCode.BAD_REQUEST }),
      ),
    );
  });
  return server;
}
