// HTTP without fetch's conveniences, for tests that need the bytes as sent (gzip undecoded) or must
// stay bounded against a response that never ends: a byte cap and a deadline, each failing the test
// with the figure instead of hanging it.
import { request } from 'node:http';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export interface RawOptions {
  headers?: Record<string, string>;
  method?: string;
  /** Fail once the body passes this many bytes (a response that never ends). @default 32 MiB */
  maxBytes?: number;
  /** Fail if the whole response has not arrived within this many ms. @default 60 000 */
  timeoutMs?: number;
}

export function rawGet(url: string, options: RawOptions = {}): Promise<RawResponse> {
  const maxBytes = options.maxBytes ?? 32 << 20;
  const timeoutMs = options.timeoutMs ?? 60_000;
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'GET', headers: options.headers ?? {}, agent: false }, (res) => {
      const parts: Buffer[] = [];
      let bytes = 0;
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (bytes > maxBytes) {
          req.destroy();
          reject(new Error(`${url}: the body passed ${maxBytes} bytes and was still coming (a response that does not end)`));
          return;
        }
        parts.push(chunk);
      });
      res.on('end', () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts) });
      });
      res.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error(`${url}: no complete response within ${timeoutMs} ms`));
    }, timeoutMs);
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    req.end();
  });
}
