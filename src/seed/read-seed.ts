// Reads the seed files (seed/data) as YAML, keeping each record's file and line for error messages.
// Sizes are bounded first (seed-limits.ts); shapes are checked later, against the ontology, in validate-seed.ts.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { projectPath } from '../project-root.ts';
import { isMap, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { flowDepth, formatBytes, recordSizeProblem, SEED_LIMITS } from './seed-limits.ts';
import { checkSeedText } from './seed-text.ts';

/** Problems listed before reading stops: past this, junk only costs time and scrolls the first ones away. */
export const MAX_SEED_PROBLEMS = 100;
/** YAML syntax errors listed per file (each one quotes a line of the file). */
const MAX_YAML_ERRORS = 10;

export const SEED_DIR = projectPath('seed/');
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
  problems: Array<{ file: string; line?: number; id: string; problem: string }>;
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
  const paths = yamlFiles(dataDir);
  if (paths.length > SEED_LIMITS.files) {
    seed.problems.push({ file: displayPath(dataDir), id: '-', problem: `holds ${paths.length} YAML files; at most ${SEED_LIMITS.files} are allowed` });
    return seed;
  }
  let total = 0;
  // Problems found but not listed (past a per-file cap) count towards MAX_SEED_PROBLEMS too.
  let unlisted = 0;
  for (const path of paths) {
    const file = displayPath(path);
    // Sizes before reading: a file over the limit is never read, let alone parsed.
    const bytes = statSync(path).size;
    total += bytes;
    if (bytes > SEED_LIMITS.fileBytes) {
      seed.problems.push({
        file,
        id: '-',
        problem: `the file is ${formatBytes(bytes)}; a seed file may be at most ${formatBytes(SEED_LIMITS.fileBytes)} (split it into several files)`,
      });
      continue;
    }
    if (total > SEED_LIMITS.totalBytes) {
      seed.problems.push({
        file,
        id: '-',
        problem: `the seed files reach ${formatBytes(total)} with this one; all together they may be at most ${formatBytes(SEED_LIMITS.totalBytes)}`,
      });
      break;
    }
    if (seed.problems.length + unlisted >= MAX_SEED_PROBLEMS) {
      seed.problems.push({ file, id: '-', problem: `stopped after the first ${MAX_SEED_PROBLEMS} problems; this file and the ones after it were not read. Fix those and run again` });
      break;
    }
    // Encoding and control characters before parsing: bad bytes are reported by position, never echoed.
    const checked = checkSeedText(readFileSync(path), MAX_SEED_PROBLEMS);
    for (const problem of checked.problems) seed.problems.push({ file, id: '-', problem });
    unlisted += Math.max(0, checked.count - checked.problems.length);
    if (checked.text === null) continue;
    const text = checked.text;
    const depth = flowDepth(text);
    if (depth > SEED_LIMITS.flowDepth) {
      seed.problems.push({ file, id: '-', problem: `brackets nest ${depth} deep; at most ${SEED_LIMITS.flowDepth} levels are allowed` });
      continue;
    }
    const lines = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true });
    if (doc.errors.length > 0) {
      for (const error of doc.errors.slice(0, MAX_YAML_ERRORS)) seed.problems.push({ file, id: '-', problem: `YAML syntax: ${error.message.slice(0, 500)}` });
      unlisted += Math.max(0, doc.errors.length - MAX_YAML_ERRORS - 1);
      if (doc.errors.length > MAX_YAML_ERRORS) seed.problems.push({ file, id: '-', problem: `… and ${doc.errors.length - MAX_YAML_ERRORS} more YAML syntax errors` });
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
      const kept: RawRecord[] = [];
      list.items.forEach((item, i) => {
        const range = (item as Node).range;
        const line = lines.linePos(range?.[0] ?? 0).line;
        const span = range ? range[1] - range[0] : 0;
        const tooBig =
          span > SEED_LIMITS.recordChars
            ? `is ${span} characters long; a record may be at most ${SEED_LIMITS.recordChars / 1024}K characters`
            : recordSizeProblem(values[i]);
        if (tooBig) seed.problems.push({ file, line, id: recordId(values[i]), problem: `the record ${tooBig}` });
        else kept.push({ file, line, data: (values[i] ?? {}) as Record<string, unknown> });
      });
      return kept;
    };
    const kind = top.get('kind');
    const entityRecords = records('records');
    const relationshipRecords = records('relationships');
    if (typeof kind === 'string' && entityRecords) {
      seed.entityFiles.push({ file, kind, records: entityRecords });
    } else if (relationshipRecords) {
      for (const record of relationshipRecords) seed.relationships.push(record);
    } else {
      seed.problems.push({ file, id: '-', problem: "expected 'kind' with 'records', or 'relationships'" });
    }
  }
  return seed;
}

/** The record's id, or its `<from>.<TYPE>.<to>` for a relationship, for messages. */
function recordId(value: unknown): string {
  if (!value || typeof value !== 'object') return '-';
  const data = value as Record<string, unknown>;
  const short = (v: unknown) => (typeof v === 'string' ? v.slice(0, 80) : '?');
  if (typeof data.id === 'string') return short(data.id);
  if (typeof data.type === 'string') return `${short(data.from)}.${short(data.type)}.${short(data.to)}`;
  return '-';
}
