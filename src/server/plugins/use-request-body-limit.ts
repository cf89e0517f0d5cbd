// Refuses a request body over the limit with HTTP 413 while it is read: a declared Content-Length over
// the limit is refused before reading anything, and a body without one (chunked) is counted as it
// streams and cut off at the limit, so a 10 MB body is never held in memory whole. A body whose declared
// length is within the limit is read as it is: the HTTP parser holds it to that length.
import { GraphQLError } from 'graphql';
import type { FetchAPI, Plugin } from 'graphql-yoga';
import { payloadTooLarge } from '../../errors/api-errors.ts';

export interface RequestBodyLimitOptions {
  /** Largest body in bytes. @default 65536 (MAX_REQUEST_BYTES) */
  maxBytes: number;
}

export function useRequestBodyLimit({ maxBytes }: RequestBodyLimitOptions): Plugin {
  return {
    // Yoga has chosen the body parser (JSON, GET) by now; wrap it so it reads through the counter.
    onRequestParse({ request, requestParser, setRequestParser, fetchAPI }) {
      const declared = request.headers.get('content-length');
      if (declared !== null) {
        if (!/^\d+$/.test(declared)) {
          throw new GraphQLError(`The Content-Length header must be a whole number of bytes; got "${declared.slice(0, 40)}".`, {
            extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
          });
        }
        if (Number(declared) > maxBytes) throw payloadTooLarge(Number(declared), maxBytes, true);
        // Within the limit: Node's HTTP parser ends the body at the declared length (bytes past it are
        // read as the next request, and refused as such), so there is nothing left to count. Wrapping the
        // body in a counting stream and a new Request cost ~5 % of the CPU of a small question.
        return;
      }
      if (!requestParser || !request.body) return;
      const parse = requestParser;
      setRequestParser((original) => parse(limited(original, maxBytes, fetchAPI)));
    },
  };
}

/** The same request, its body counted: past `maxBytes` the stream fails and the source is cancelled. */
function limited(request: Request, maxBytes: number, fetchAPI: FetchAPI): Request {
  let read = 0;
  // The body is Node's own stream or the @whatwg-node ponyfill's; a transform must be of the same kind.
  const Transform = request.body instanceof ReadableStream ? globalThis.TransformStream : fetchAPI.TransformStream;
  const counter = new Transform<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      read += chunk.byteLength;
      if (read > maxBytes) controller.error(payloadTooLarge(read, maxBytes, false));
      else controller.enqueue(chunk);
    },
  });
  return new fetchAPI.Request(request.url, {
    method: request.method,
    headers: request.headers,
    signal: request.signal,
    body: request.body!.pipeThrough(counter),
    // @ts-expect-error Node's fetch needs `duplex` for a streamed body; the DOM types lack it.
    duplex: 'half',
  });
}
