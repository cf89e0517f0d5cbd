// The column model every export format shares: a table is a list of typed, documented columns, each
// reading its value from a record. CSV, JSON Lines, Parquet, GraphML and the manifest all use it, so
// a column means the same thing in every format.
import type { PropertyDef } from '../ontology/ontology.ts';

/** A node's or relationship's properties as read from Neo4j (the repository's records use the same shape). */
export type Props = Record<string, unknown>;

/**
 * `json` holds a list or an object: nested in JSON Lines, JSON text in CSV, Parquet and GraphML.
 * `date` is an ISO calendar date (YYYY-MM-DD); Parquet stores it as a DATE.
 */
export type ColumnType = 'string' | 'integer' | 'number' | 'boolean' | 'date' | 'json';

export interface Column<R> {
  name: string;
  type: ColumnType;
  description: string;
  value(record: R): unknown;
}

export interface Table<R> {
  name: string;
  description: string;
  columns: Array<Column<R>>;
}

/** camelCase property names become snake_case column names (`asOf` → `as_of`). */
export function snake(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

const str = (value: unknown) => (value === null || value === undefined ? null : String(value));

/** Upper-cases a stored vocabulary key the way the GraphQL enums spell it (`under_consideration` → `UNDER_CONSIDERATION`). */
export const upper = (value: unknown) => (typeof value === 'string' ? value.toUpperCase() : null);

function partialDateValue(precision: string, start: string | null, end: string | null): string | null {
  if (!start) return null;
  if (precision === 'day') return start;
  if (precision === 'month') return start.slice(0, 7);
  if (precision === 'year') return start.slice(0, 4);
  if (precision === 'range') return `${start}/${end}`;
  return null;
}

/**
 * Columns for one stored property (of a node or an edge), read from `props(record)`. A partial date
 * becomes four columns: its value as the API shows it ("2022-10"), precision, first and last day.
 */
export function propertyColumns<R>(def: PropertyDef, props: (record: R) => Props, describe: string, prefix = ''): Array<Column<R>> {
  const name = prefix + snake(def.name);
  const description = def.description ?? describe;
  switch (def.type) {
    case 'partialDate': {
      const at = (record: R, part: string) => (props(record)[`${def.name}${part}`] as string | undefined) ?? null;
      return [
        {
          name,
          type: 'string',
          description: `${description} As the API's PartialDate.value: "2022", "2022-10", "2022-10-07" or "start/end".`,
          value: (r) => {
            const precision = at(r, 'Precision');
            return precision ? partialDateValue(precision, at(r, 'Start'), at(r, 'End')) : null;
          },
        },
        { name: `${name}_precision`, type: 'string', description: `Precision of '${name}': DAY, MONTH, YEAR or RANGE.`, value: (r) => upper(at(r, 'Precision')) },
        { name: `${name}_start`, type: 'date', description: `First day '${name}' can mean.`, value: (r) => at(r, 'Start') },
        { name: `${name}_end`, type: 'date', description: `Last day '${name}' can mean.`, value: (r) => at(r, 'End') },
      ];
    }
    case 'string[]':
      return [{ name, type: 'json', description, value: (r) => props(r)[def.name] ?? null }];
    case 'figure[]':
      // Stored as JSON text by the loader (src/seed/write-graph.ts).
      return [{ name, type: 'json', description, value: (r) => parseJson(props(r)[def.name]) }];
    case 'boolean':
      return [{ name, type: 'boolean', description, value: (r) => (props(r)[def.name] as boolean | undefined) ?? null }];
    case 'number':
      return [{ name, type: 'number', description, value: (r) => (props(r)[def.name] as number | undefined) ?? null }];
    case 'enum':
      return [{ name, type: 'string', description, value: (r) => str(props(r)[def.name]) }];
    default:
      return [{ name, type: 'string', description, value: (r) => str(props(r)[def.name]) }];
  }
}

function parseJson(value: unknown): unknown {
  if (typeof value !== 'string') return value ?? null;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** The union of the properties several definitions declare, first declaration wins, in file order. */
export function unionOfProperties(defs: Iterable<{ properties: Record<string, PropertyDef> }>, skip: string[]): PropertyDef[] {
  const seen = new Map<string, PropertyDef>();
  for (const def of defs) {
    for (const prop of Object.values(def.properties)) {
      if (!skip.includes(prop.name) && !seen.has(prop.name)) seen.set(prop.name, prop);
    }
  }
  return [...seen.values()];
}
