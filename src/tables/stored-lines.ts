// The relationships table as CSV, written once at load instead of at every export: each Claim stores
// its row's CSV line (`csvLine`), made by the export's own columns (tables.ts, csv.ts) from the
// Claim's properties, and the graph state records the format those lines have (a hash of the header
// and EXPORT_REVISION). An export streams the stored lines only when that format is the current one,
// else it builds the lines from the columns as every other table does.
//
// Why: read one by one, the ~15 properties of a row cost Neo4j about 0.7 µs each (a walk of the node's
// property chain per property) and Node as much again to decode and format; one stored line is one
// property read and one string.
import { createHash } from 'node:crypto';
import { CypherDate } from '../db/values.ts';
import type { Props } from './columns.ts';
import { csvHeader, csvLine } from './csv.ts';
import { EXPORT_REVISION, type EdgeRecord, type Tables } from './tables.ts';

/** The format of stored lines: changes whenever the columns or the export revision do. */
export function storedLineFormat(tables: Tables): string {
  return createHash('sha256').update(`${EXPORT_REVISION}\n${csvHeader(tables.relationships)}`).digest('hex').slice(0, 16);
}

const text = (value: unknown) => (value === null || value === undefined ? null : String(value));
const count = (value: unknown) => (typeof value === 'number' ? value : Number(value ?? 0));

/**
 * The edge record of a Claim from the properties the loader writes on it (src/seed/graph-rows.ts
 * claimRow): what `edgeReader` reads from the export statement, in the same form — the type's own
 * qualifier and date properties, dates as 'YYYY-MM-DD'.
 */
export function claimEdgeRecord(tables: Tables, props: Readonly<Record<string, unknown>>): EdgeRecord {
  const type = String(props.type);
  const names = tables.relationshipProperties.byType.get(type) ?? tables.relationshipProperties.all;
  const own: Props = {};
  for (const name of names) {
    const value = props[name];
    if (value !== null && value !== undefined) own[name] = value instanceof CypherDate ? value.iso : value;
  }
  return {
    id: String(props.id),
    type,
    fromId: String(props.fromId),
    fromKind: text(props.fromKind),
    fromName: text(props.fromName),
    toId: String(props.toId),
    toKind: text(props.toKind),
    toName: text(props.toName),
    props: own,
    modality: text(props.modality),
    independentSources: count(props.independentSources),
    sourceCount: Array.isArray(props.sourceIds) ? props.sourceIds.length : 0,
    citationCount: count(props.citationCount),
  };
}

/** The stored CSV line of a Claim, from its properties (the loader calls this for every Claim row). */
export function claimLineWriter(tables: Tables): (props: Readonly<Record<string, unknown>>) => string {
  const line = csvLine(tables.relationships);
  return (props) => line(claimEdgeRecord(tables, props));
}
