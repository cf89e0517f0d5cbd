// Parquet (read by pandas, DuckDB, Spark and BI tools): one row group per batch, Snappy-compressed,
// written with hyparquet-writer's incremental ParquetWriter; each row group's bytes leave as soon as
// it is written, so memory holds one batch, not the file. Key-value metadata carries the graph
// version, the filters and each column's meaning.
import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import type { ColumnType, Table } from '../../tables/columns.ts';

type SchemaElement = ConstructorParameters<typeof ParquetWriter>[0]['schema'][number];

const DAY_MS = 86_400_000;

function element(name: string, type: ColumnType): SchemaElement {
  const repetition_type = 'OPTIONAL';
  switch (type) {
    case 'integer':
      return { name, type: 'INT32', repetition_type };
    case 'number':
      return { name, type: 'DOUBLE', repetition_type };
    case 'boolean':
      return { name, type: 'BOOLEAN', repetition_type };
    case 'date':
      return { name, type: 'INT32', converted_type: 'DATE', repetition_type };
    default:
      return { name, type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type };
  }
}

function converter(type: ColumnType): (value: unknown) => unknown {
  switch (type) {
    case 'json':
      return (v) => (v === null || v === undefined ? null : JSON.stringify(v));
    case 'date':
      return (v) => (typeof v === 'string' ? Math.round(Date.parse(`${v}T00:00:00Z`) / DAY_MS) : null);
    case 'string':
      return (v) => (v === null || v === undefined ? null : String(v));
    default:
      return (v) => v ?? null;
  }
}

export async function* encodeParquet<R>(table: Table<R>, batches: AsyncIterable<R[]>, metadata: Record<string, string>): AsyncGenerator<Uint8Array> {
  const columns = table.columns;
  const convert = columns.map((c) => converter(c.type));
  const bytes = new ByteWriter(1 << 20);
  const writer = new ParquetWriter({
    writer: bytes,
    schema: [{ name: 'root', num_children: columns.length }, ...columns.map((c) => element(c.name, c.type))],
    kvMetadata: Object.entries(metadata).map(([key, value]) => ({ key, value })),
    createdBy: 'chokepoint export (hyparquet-writer)',
  });
  /** Hands over what the writer has produced and rewinds its buffer (the file offset keeps counting). */
  const take = () => {
    const chunk = bytes.getBytes().slice();
    bytes.index = 0;
    return chunk;
  };
  for await (const batch of batches) {
    const columnData = columns.map((column, i) => {
      const data = new Array<unknown>(batch.length);
      const conv = convert[i]!;
      for (let r = 0; r < batch.length; r++) data[r] = conv(column.value(batch[r]!));
      return { name: column.name, data };
    });
    await writer.write({ columnData, rowGroupSize: batch.length });
    yield take();
  }
  await writer.finish();
  yield take();
}
