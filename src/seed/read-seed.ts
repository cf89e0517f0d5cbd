// Reads the seed files (seed/data) as YAML, keeping each record's file and line for error messages.
// Shapes are checked later, against the ontology, in validate-seed.ts.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMap, isSeq, LineCounter, parseDocument, type Node } from 'yaml';

export const SEED_DIR = fileURLToPath(new URL('../../seed/', import.meta.url));
export const SEED_DATA_DIR = join(SEED_DIR, 'data');

export interface RawRecord {
  /** Path relative to the seed data folder's parent, e.g. `seed/data/actors.yaml`. */
  file: string;
  line: number;
  data: Record<string, unknown>;
}

export interface RawEntityFile {
  file: string;
  kind: string;
  records: RawRecord[];
}

export interface RawSeed {
  entityFiles: RawEntityFile[];
  relationships: RawRecord[];
  /** Problems found while reading (unparseable YAML, wrong top-level shape). */
  problems: Array<{ file: string; id: string; problem: string }>;
}

function displayPath(path: string): string {
  const rel = relative(join(SEED_DIR, '..'), path);
  return rel.startsWith('..') ? path : rel;
}

function yamlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? yamlFiles(join(dir, entry.name)) : [join(dir, entry.name)]))
    .filter((path) => path.endsWith('.yaml') || path.endsWith('.yml'))
    .sort();
}

/** Reads every YAML file under `dataDir`: files with `kind` hold records of that kind; files with `relationships` hold relationships. */
export function readSeed(dataDir: string = SEED_DATA_DIR): RawSeed {
  const seed: RawSeed = { entityFiles: [], relationships: [], problems: [] };
  if (!existsSync(dataDir)) {
    seed.problems.push({ file: dataDir, id: '-', problem: 'the seed data folder does not exist' });
    return seed;
  }
  for (const path of yamlFiles(dataDir)) {
    const file = displayPath(path);
    const lines = new LineCounter();
    const doc = parseDocument(readFileSync(path, 'utf8'), { lineCounter: lines, uniqueKeys: true });
    if (doc.errors.length > 0) {
      for (const error of doc.errors) seed.problems.push({ file, id: '-', problem: `YAML syntax: ${error.message}` });
      continue;
    }
    const top = doc.contents;
    if (!isMap(top)) {
      seed.problems.push({ file, id: '-', problem: "expected a map with 'kind' and 'records', or with 'relationships'" });
      continue;
    }
    // toJS resolves YAML anchors and aliases (a quote shared by several relationships).
    const js = doc.toJS({ maxAliasCount: 10_000 }) as Record<string, unknown>;
    const records = (key: string): RawRecord[] | undefined => {
      const list = top.get(key, true);
      if (list === undefined) return undefined;
      const values = js[key];
      if (!isSeq(list) || !Array.isArray(values)) {
        seed.problems.push({ file, id: '-', problem: `'${key}' must be a list` });
        return [];
      }
      return list.items.map((item, i) => ({
        file,
        line: lines.linePos((item as Node).range?.[0] ?? 0).line,
        data: (values[i] ?? {}) as Record<string, unknown>,
      }));
    };
    const kind = top.get('kind');
    const entityRecords = records('records');
    const relationshipRecords = records('relationships');
    if (typeof kind === 'string' && entityRecords) {
      seed.entityFiles.push({ file, kind, records: entityRecords });
    } else if (relationshipRecords) {
      seed.relationships.push(...relationshipRecords);
    } else {
      seed.problems.push({ file, id: '-', problem: "expected 'kind' with 'records', or 'relationships'" });
    }
  }
  return seed;
}
