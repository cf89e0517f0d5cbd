// The CSV files of an offline import (neo4j-admin's `database import full` format): one file per group
// and row shape, its header first. A shape is the row's property keys with their types in order, so a
// column always has one type, as the Cypher write path would store it (src/db/values.ts toCypher: safe
// integers → long, other numbers → double, CypherDate → date, lists of strings → string[]). A missing
// property is an unquoted empty field (no property); an empty string is quoted ("").
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { CypherDate } from '../../db/values.ts';
import type { Props, PropValue } from '../graph-rows.ts';

/** Separates the items of a list (and the labels) inside a field: a control character no text uses. */
export const ARRAY_DELIMITER = '\u001f';
/** Buffered per file and written in chunks of about this many characters. */
const FLUSH_AT = 1 << 20;

export type NodeGroup = 'Source' | 'Entity' | 'Claim' | 'GraphState';
export type RelationshipGroup = 'edge' | 'cites';

/** What the import needs to know of the files: which are nodes, which relationships, and whether a value spans lines. */
export interface ImportFileSet {
  dir: string;
  nodes: string[];
  relationships: string[];
  /** True when some value holds a line break: the import must then parse multi-line fields (slower). */
  multiline: boolean;
  rows: { nodes: number; relationships: number };
  /**
   * Node properties that are empty lists: an import field cannot hold one (an empty field means no
   * property), so they are set through Cypher once the database is open (restoreEmptyLists).
   */
  emptyLists: Array<{ group: NodeGroup; id: string; props: Props }>;
}

export class ImportValueError extends Error {
  override name = 'ImportValueError';
}

function typeOf(key: string, value: PropValue): string {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') return Number.isSafeInteger(value) ? 'long' : 'double';
  if (value instanceof CypherDate) return 'date';
  if (Array.isArray(value)) {
    if (value.length === 0) {
      throw new ImportValueError(`property '${key}' of a relationship is an empty list, which the import cannot store as the Cypher write path does; load without --bulk`);
    }
    return 'string[]';
  }
  throw new ImportValueError(`property '${key}' has a value of an unsupported type (${typeof value}); allowed: string, number, boolean, date, list of strings`);
}

class Writer {
  private readonly fd: number;
  private chunks: string[] = [];
  private length = 0;

  constructor(readonly path: string, header: string) {
    this.fd = openSync(path, 'w');
    this.write(header);
  }

  write(line: string): void {
    this.chunks.push(line);
    this.length += line.length;
    if (this.length >= FLUSH_AT) this.flush();
  }

  private flush(): void {
    if (this.chunks.length === 0) return;
    writeSync(this.fd, this.chunks.join(''));
    this.chunks = [];
    this.length = 0;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

interface Shape {
  writer: Writer;
  keys: string[];
  /** The column type of each key. */
  types: string[];
}

/** Writes import files into `dir` (created); call close() for the file set once every row is in. */
export class ImportFiles {
  private readonly shapes = new Map<string, Shape>();
  private readonly nodeFiles: string[] = [];
  private readonly relationshipFiles: string[] = [];
  private multiline = false;
  private readonly emptyLists: ImportFileSet['emptyLists'] = [];
  private rows = { nodes: 0, relationships: 0 };

  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  /** A node of `group` (its import id space) with `labels`; `props.id` is its id. */
  node(group: NodeGroup, labels: readonly string[], props: Props): void {
    const id = props.id;
    if (typeof id !== 'string') throw new ImportValueError(`a ${group} node has no string id`);
    let empty: Props | undefined;
    for (const key in props) {
      const value = props[key];
      if (Array.isArray(value) && value.length === 0) (empty ??= {})[key] = value;
    }
    if (empty) {
      props = { ...props };
      for (const key in empty) delete props[key];
      this.emptyLists.push({ group, id, props: empty });
    }
    const shape = this.shape(`n:${group}`, props, (columns) => [`id:ID(${group})`, ':LABEL', ...columns], this.nodeFiles);
    const fields = [this.text(id), this.text(labels.join(ARRAY_DELIMITER))];
    this.rows.nodes++;
    shape.writer.write(this.line(fields, shape.keys, props));
  }

  /** A relationship of `type` from a node of one group to a node of another, by their ids. */
  relationship(group: RelationshipGroup, from: { group: NodeGroup; id: string }, to: { group: NodeGroup; id: string }, type: string, props: Props): void {
    const shape = this.shape(
      `r:${group}`,
      props,
      (columns) => [`:START_ID(${from.group})`, `:END_ID(${to.group})`, ':TYPE', ...columns],
      this.relationshipFiles,
    );
    this.rows.relationships++;
    shape.writer.write(this.line([this.text(from.id), this.text(to.id), type], shape.keys, props));
  }

  close(): ImportFileSet {
    for (const shape of this.shapes.values()) shape.writer.close();
    return { dir: this.dir, nodes: this.nodeFiles, relationships: this.relationshipFiles, multiline: this.multiline, rows: this.rows, emptyLists: this.emptyLists };
  }

  /** Rows of a group mostly repeat the shape of the one before: checked key by key, with no string built. */
  private readonly lastShape = new Map<string, Shape>();

  private shape(group: string, props: Props, header: (columns: string[]) => string[], files: string[]): Shape {
    const last = this.lastShape.get(group);
    if (last && this.fits(last, props, group[0] === 'n')) return last;
    const shape = this.shapeBySignature(group, props, header, files);
    this.lastShape.set(group, shape);
    return shape;
  }

  private fits(shape: Shape, props: Props, skipId: boolean): boolean {
    let i = 0;
    for (const key in props) {
      if (skipId && key === 'id') continue;
      if (shape.keys[i] !== key || shape.types[i] !== typeOf(key, props[key]!)) return false;
      i++;
    }
    return i === shape.keys.length;
  }

  private shapeBySignature(group: string, props: Props, header: (columns: string[]) => string[], files: string[]): Shape {
    let signature = group;
    for (const key in props) if (key !== 'id' || group[0] === 'r') signature += `\t${key}:${typeOf(key, props[key]!)}`;
    let shape = this.shapes.get(signature);
    if (!shape) {
      const keys: string[] = [];
      const types: string[] = [];
      for (const key in props) {
        if (key === 'id' && group[0] === 'n') continue;
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) throw new ImportValueError(`property name '${key}' cannot be a column; allowed: letters, digits and _`);
        keys.push(key);
        types.push(typeOf(key, props[key]!));
      }
      const path = join(this.dir, `${group.replace(':', '-')}-${this.shapes.size}.csv`);
      const columns = keys.map((key, i) => `${key}:${types[i]}`);
      shape = { writer: new Writer(path, header(columns).join(',') + '\n'), keys, types };
      this.shapes.set(signature, shape);
      files.push(path);
    }
    return shape;
  }

  private line(fields: string[], keys: readonly string[], props: Props): string {
    for (const key of keys) fields.push(this.value(props[key]!));
    return fields.join(',') + '\n';
  }

  private value(value: PropValue): string {
    if (typeof value === 'string') return this.text(value);
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    if (value instanceof CypherDate) return value.iso;
    for (const item of value) {
      if (item.includes(ARRAY_DELIMITER)) throw new ImportValueError(`a list item holds the control character U+001F, which the import uses between items: ${JSON.stringify(item.slice(0, 80))}`);
    }
    return this.text(value.join(ARRAY_DELIMITER));
  }

  /** A string field: quoted when it is empty or holds a comma, a quote, a line break or outer spaces. */
  private text(value: string): string {
    if (value === '') return '""';
    if (!/[",\r\n]|^\s|\s$/.test(value)) return value;
    if (!this.multiline && /[\r\n]/.test(value)) this.multiline = true;
    return `"${value.replaceAll('"', '""')}"`;
  }
}
