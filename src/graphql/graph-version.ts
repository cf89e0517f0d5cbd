// The graph version a request reads, and the versions its cursors were taken on. Every planned statement
// reads the version in the same transaction as its rows; if a cursor comes from another version (the
// graph was reloaded in between), the request fails with GRAPH_VERSION_CHANGED instead of mixing rows.
import { GraphQLError } from 'graphql';
import { GRAPH_LOADING_VERSION } from '../cypher/fragments.ts';
import { ErrorCode } from '../errors/api-errors.ts';

/** How long a client is told to wait while a load writes the graph. */
const LOADING_RETRY_AFTER_SECONDS = 10;

export class GraphVersionTracker {
  private readonly expected = new Set<string>();
  /** The version the request's statements read (null until one has run, or when the graph has none). */
  current: string | null = null;
  /** Every version the request's statements read: a response cache stores an answer only if this is its own version alone. */
  readonly seen = new Set<string>();

  /** A cursor was taken on `version`. */
  expect(version: string | null): void {
    if (!version) return;
    this.expected.add(version);
    if (this.current) this.check(this.current);
  }

  /** True once a statement found a load writing the graph: the response carries no version. */
  loading = false;

  /** A statement read the graph at `version`; throws when a cursor came from another one, or while a load writes the graph. */
  observe(version: string | null): void {
    if (version === GRAPH_LOADING_VERSION) {
      this.loading = true;
      throw new GraphQLError(
        `A load is writing the graph; it is not served until the load completes (a half-written graph has no version). Retry in ${LOADING_RETRY_AFTER_SECONDS} s.`,
        {
          extensions: {
            code: ErrorCode.GRAPH_LOADING,
            retryAfterSeconds: LOADING_RETRY_AFTER_SECONDS,
            http: { status: 503, headers: { 'Retry-After': String(LOADING_RETRY_AFTER_SECONDS) } },
          },
        },
      );
    }
    if (!version) return;
    this.current = version;
    this.seen.add(version);
    this.check(version);
  }

  private check(version: string): void {
    for (const wanted of this.expected) {
      if (wanted !== version) {
        throw new GraphQLError(
          `The cursor was taken on graph version ${wanted.slice(0, 16)}, but the graph is now at version ${version.slice(0, 16)} ` +
            `(it was reloaded). Rows of two versions cannot be mixed: start again without 'after'.`,
          { extensions: { code: ErrorCode.GRAPH_VERSION_CHANGED, cursorVersion: wanted, graphVersion: version } },
        );
      }
    }
  }
}
