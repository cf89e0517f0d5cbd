// GraphML (Gephi, networkx, Cytoscape): entities as nodes, relationships as directed edges, every
// column as a declared attribute; a relationship's citations ride on its edge as JSON text.
import type { Column, ColumnType, Table } from '../../tables/columns.ts';

const ATTR_TYPES: Record<ColumnType, string> = {
  string: 'string',
  json: 'string',
  date: 'string',
  integer: 'long',
  number: 'double',
  boolean: 'boolean',
};

// XML 1.0 forbids most control characters even when escaped.
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

export function xmlEscape(text: string): string {
  return text.replace(INVALID_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function keys<R>(prefix: string, target: 'node' | 'edge', columns: Array<Column<R>>): string {
  return columns
    .map((c) => `  <key id="${prefix}${c.name}" for="${target}" attr.name="${c.name}" attr.type="${ATTR_TYPES[c.type]}"/>\n`)
    .join('');
}

function data<R>(prefix: string, columns: Array<Column<R>>, record: R): string {
  let out = '';
  for (const column of columns) {
    const value = column.value(record);
    if (value === null || value === undefined) continue;
    const text = column.type === 'json' ? JSON.stringify(value) : String(value);
    out += `<data key="${prefix}${column.name}">${xmlEscape(text)}</data>`;
  }
  return out;
}

export interface GraphParts<N, E> {
  nodes: { table: Table<N>; id(record: N): string; batches: () => AsyncIterable<N[]> };
  edges: {
    table: Table<E>;
    /** Columns the edge element itself carries (id, source, target) are left out of the attributes. */
    skip: string[];
    id(record: E): string;
    source(record: E): string;
    target(record: E): string;
    /** Extra attribute (the citations as JSON text). */
    extra: Column<E>;
    batches: () => AsyncIterable<E[]>;
  };
  description: string;
}

export async function* encodeGraphMl<N, E>(parts: GraphParts<N, E>): AsyncGenerator<string> {
  const nodeColumns = parts.nodes.table.columns.filter((c) => c.name !== 'id');
  const edgeColumns = [...parts.edges.table.columns.filter((c) => !parts.edges.skip.includes(c.name)), parts.edges.extra];
  yield '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"\n' +
    '  xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n' +
    `  <desc>${xmlEscape(parts.description)}</desc>\n` +
    keys('n_', 'node', nodeColumns) +
    keys('e_', 'edge', edgeColumns) +
    '  <graph id="chokepoint" edgedefault="directed">\n';
  for await (const batch of parts.nodes.batches()) {
    let out = '';
    for (const node of batch) out += `    <node id="${xmlEscape(parts.nodes.id(node))}">${data('n_', nodeColumns, node)}</node>\n`;
    yield out;
  }
  for await (const batch of parts.edges.batches()) {
    let out = '';
    for (const edge of batch) {
      out += `    <edge id="${xmlEscape(parts.edges.id(edge))}" source="${xmlEscape(parts.edges.source(edge))}" target="${xmlEscape(parts.edges.target(edge))}">${data('e_', edgeColumns, edge)}</edge>\n`;
    }
    yield out;
  }
  yield '  </graph>\n</graphml>\n';
}
