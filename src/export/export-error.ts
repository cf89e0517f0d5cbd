// Errors of the export routes, with the API's stable codes (src/errors/api-errors.ts) and an HTTP status.
// The body has the GraphQL error shape, so a client handles both endpoints the same way.
import { ErrorCode } from '../errors/api-errors.ts';

export class ExportError extends Error {
  override name = 'ExportError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extensions: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  toResponse(extraHeaders: Record<string, string> = {}): Response {
    return new Response(JSON.stringify({ errors: [{ message: this.message, extensions: { code: this.code, ...this.extensions } }] }), {
      status: this.status,
      headers: { 'content-type': 'application/json; charset=utf-8', ...this.headers, ...extraHeaders },
    });
  }
}

/** A pinned version (or a pull in progress) met another graph: refuse rather than mix rows of two graphs. */
export function versionChanged(expected: string | null, actual: string | null): ExportError {
  return new ExportError(
    412,
    ErrorCode.GRAPH_VERSION_CHANGED,
    actual === null
      ? `The graph has no version (nothing is loaded); the export was pinned to version ${expected}.`
      : `The graph changed: it is at version ${actual}, the export was pinned to ${expected}. Start the pull again (without 'version', or with the new one).`,
    { expected, actual },
  );
}

export function graphLoading(): ExportError {
  return new ExportError(503, ErrorCode.GRAPH_LOADING, 'A load is writing the graph; try again when it has finished.', {}, { 'retry-after': '10' });
}
