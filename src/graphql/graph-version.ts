// The graph version a request reads, and the versions its cursors were taken on. Every planned statement
// reads the version in the same transaction as its rows; if a cursor comes from another version (the
// graph was reloaded in between), the request fails with GRAPH_VERSION_CHANGED instead of mixing rows.
import { GraphQLError } from 'graphql';
import { ErrorCode } from './errors.ts';

export class GraphVersionTracker {
  private readonly expected = new Set<string>();
  /** The version the request's statements read (null until one has run, or when the graph has none). */
  current: string | null = null;

  /** A cursor was taken on `version`. */
  expect(version: string | null): void {
    if (!version) return;
    this.expected.add(version);
    if (this.current) this.check(this.current);
  }

  /** A statement read the graph at `version`; throws when a cursor came from another one. */
  observe(version: string | null): void {
    if (!version) return;
    this.current = version;
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
