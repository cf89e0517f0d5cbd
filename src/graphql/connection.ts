// Builds cursor connections from a page fetched with one extra row (which only tells hasNextPage).

export interface Connection<T> {
  nodes: T[];
  edges: Array<{ cursor: string; node: T }>;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  /** Resolved lazily: the count query runs only when a client asks for totalCount. */
  totalCount: () => Promise<number>;
}

export function connection<R, T = R>(
  rows: R[],
  first: number,
  cursorOf: (row: R) => string,
  count: () => Promise<number>,
  nodeOf: (row: R) => T = (row) => row as unknown as T,
): Connection<T> {
  const page = rows.slice(0, first);
  const edges = page.map((row) => ({ cursor: cursorOf(row), node: nodeOf(row) }));
  return {
    nodes: edges.map((edge) => edge.node),
    edges,
    pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null },
    totalCount: count,
  };
}
