// Accepted changes as seed YAML: writes a seed data folder that holds the graph as curation left it, so a
// team can keep the whole knowledge base in git and rebuild it with `npm run seed`. Staged, validated by
// the seed's own validator (every quote verbatim in its text), and only then written: a failed export
// changes no file.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { Document, isMap, isSeq, parseDocument, visit, type Node, type YAMLSeq } from 'yaml';
import type { Executor } from '../db/executor.ts';
import { changesSince } from '../cypher/curation.ts';
import type { Ontology } from '../ontology/ontology.ts';
import { readHeldTexts } from '../sources/held-texts.ts';
import { readSeed } from '../seed/read-seed.ts';
import { validateSeed } from '../seed/validate-seed.ts';
import { readStored, type StoredState } from './apply-change.ts';
import { relationshipId } from './relationship-record.ts';
import { mergeEnd } from '../cypher/curation-merges.ts';
import { entityForEdit } from '../cypher/curation-entity-edits.ts';
import { storedEntityRecord } from './edit-entity.ts';

/** Where the export puts records that have no place in the seed files yet (later exports edit them in place). */
export const EXPORTED_SOURCES_FILE = 'curated-sources.yaml';
export const EXPORTED_RELATIONSHIPS_FILE = join('relationships', 'curated.yaml');

/** Change kinds this export writes; any other kind in the log stops it (nothing is dropped silently). */
const RELATIONSHIP_KINDS = new Set(['ADD_RELATIONSHIP', 'ADD_CITATION', 'EDIT_RELATIONSHIP', 'RETRACT', 'REVERT', 'REVERT_RETRACT', 'RECONFIRM']);
/** An accepted entity proposal: its raw record goes to `curated-<kind>.yaml` unless a file holds it already. */
const ENTITY_KIND = 'ADD_ENTITY';
/**
 * A merge (src/curation/merge-entities.ts): the dropped entity's record leaves the files, the kept
 * one's aliases are written as the graph holds them, and its moved relationships are exported like
 * any touched relationship (the old ones retracted, the new ones live).
 */
const MERGE_KIND = 'MERGE';
/** A merge undone: the entity is live again (its record must still be in the files: an export before the revert removed it). */
const REVERT_MERGE_KIND = 'REVERT_MERGE';
/**
 * An entity edited through the API (src/curation/edit-entity.ts) and the revert of one: the fields the
 * log names are written into the entity's record as the graph holds them now (others stay as written).
 */
const ENTITY_EDIT_KINDS = new Set(['EDIT_ENTITY', 'REVERT_EDIT_ENTITY']);
const PAGE = 500;

export class SeedExportError extends Error {
  override name = 'SeedExportError';
}

export interface SeedExportOptions {
  /** The seed data folder to start from (the repository's seed/data, or an earlier export). */
  fromDir: string;
  /** Where the data folder is written (may be `fromDir`: only the files that change are rewritten). */
  outDir: string;
  /**
   * The folder of article texts (SOURCES_DIR): the registered sources' held texts are written here
   * (new files only), and every quote of the result is checked against the texts in it.
   */
  textsDir: string;
  /** @default () => new Date() */
  now?: () => Date;
}

export interface SeedExportReport {
  /** Sources registered through the API, written to curated-sources.yaml. */
  sources: string[];
  /** Entities accepted through the API (a record in curated-<kind>.yaml unless a file held it already). */
  entities: string[];
  /** Texts written to textsDir (those already there with the same content are not counted). */
  textsWritten: string[];
  /** Seed relationships rewritten in their own file (edited, cited or reverted through the API). */
  patched: string[];
  /** Relationships written to relationships/curated.yaml (created through the API, or no longer in any seed file). */
  added: string[];
  /** Retracted relationships: left out of what the loader loads, kept under `retracted:` with who, when and why. */
  retracted: string[];
  /** Files under outDir written or removed. */
  files: string[];
  /** The last change exported: a later export from the same graph starts nothing new below it. */
  lastSeq: number;
  /** Entities merged into others: their records left the files (the kept entities' aliases were rewritten). */
  merged?: string[];
}

interface LoggedChange {
  seq: number;
  kind: string;
  itemId: string;
  after: string | null;
  appliedAt: string;
}

async function readLog(executor: Executor): Promise<LoggedChange[]> {
  const changes: LoggedChange[] = [];
  for (let since = 0; ; ) {
    const rows = await executor.read(changesSince, { since, limit: PAGE });
    for (const row of rows) {
      const c = row.change as Record<string, unknown>;
      changes.push({ seq: Number(c.seq), kind: String(c.kind), itemId: String(c.itemId), after: (c.after as string | null) ?? null, appliedAt: String(c.appliedAt) });
    }
    if (rows.length < PAGE) return changes;
    since = changes[changes.length - 1]!.seq;
  }
}

/** A relationship as a seed record: the stored raw record with each citation's location (`at`) where known. */
function seedRecord(state: StoredState): Record<string, unknown> {
  const located = new Map(state.cites.map((c) => [`${c.source}\u0000${String(c.props.quote)}`, c.props]));
  const citations = state.raw.citations.map((c) => {
    const props = located.get(`${c.source}\u0000${c.quote}`);
    const at = typeof props?.paragraph === 'number' && typeof props.offset === 'number' ? { at: { paragraph: props.paragraph, offset: props.offset } } : {};
    return { ...c, ...at };
  });
  // In the order the seed files write them: what it is, then its qualifiers and dates, then its evidence.
  const { type, from, to, key, modality, citations: _stored, ...rest } = state.raw;
  return { type, from, to, ...(key ? { key } : {}), ...(modality ? { modality } : {}), ...rest, citations };
}

/** A retracted relationship as the export keeps it: the record as it was, and who retracted it, when and why. */
function retractedRecord(state: StoredState): Record<string, unknown> {
  return { ...seedRecord(state), retracted: { at: state.props.retractedAt ?? null, by: state.props.retractedBy ?? null, reason: state.reason ?? null } };
}

/** What a record says, without the citations' locations (the loader recomputes those): to leave equal records untouched. */
function sameContent(a: unknown, b: unknown): boolean {
  const strip = (r: unknown) => {
    const { citations, ...rest } = r as Record<string, unknown>;
    const cites = Array.isArray(citations) ? citations.map((c) => ({ ...(c as Record<string, unknown>), at: undefined })) : citations;
    return canonical({ ...rest, citations: cites });
  };
  return JSON.stringify(strip(a)) === JSON.stringify(strip(b));
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, canonical(v)]),
    );
  }
  return value;
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? yamlFiles(join(dir, entry.name)).map((f) => join(entry.name, f)) : [entry.name]))
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
    .sort();
}

/**
 * Removes (or replaces) one record of a sequence. An anchor defined inside it that other records use
 * (`citations: &six-areas [...]`, `*six-areas`) moves, with a copy of its value, to the first of them,
 * so they keep their value; the comment above it is kept.
 */
export function replaceItem(doc: Document, seq: YAMLSeq, index: number, replacement: Node | null): void {
  const old = seq.items[index] as Node;
  const anchors = new Map<string, Node>();
  visit(old, {
    Node(_key, node) {
      if ('anchor' in node && typeof node.anchor === 'string' && node.anchor) anchors.set(node.anchor, node as Node);
    },
  });
  if (anchors.size > 0) {
    // The first record that uses an anchor gets a copy of its value under the same anchor; the later ones stay aliases.
    const rehomed = new Set<string>();
    visit(doc, {
      Alias(_key, alias) {
        const target = anchors.get(alias.source);
        if (!target || rehomed.has(alias.source)) return undefined;
        rehomed.add(alias.source);
        const copy = doc.createNode(target.toJSON()) as Node & { anchor?: string };
        copy.anchor = alias.source;
        return copy;
      },
    });
  }
  // The comment above a record usually heads a group of records: it stays, on the replacement or the next record.
  const heading = old.commentBefore;
  const spaced = old.spaceBefore;
  if (replacement) {
    seq.items[index] = replacement;
    replacement.commentBefore = heading;
    replacement.spaceBefore = spaced;
    return;
  }
  seq.items.splice(index, 1);
  const next = seq.items[index] as Node | undefined;
  if (heading && next) {
    next.commentBefore = next.commentBefore ? `${heading}\n${next.commentBefore}` : heading;
    next.spaceBefore = next.spaceBefore || spaced;
  } else if (heading) seq.comment = seq.comment ? `${heading}\n${seq.comment}` : heading;
}

const HEADER_SOURCES =
  'Sources registered through the API (registerSource), added by `npm run curation -- export` with the\n' +
  'metadata they were registered with; checkedDigest/checkedOn record the export\'s check of every quote.';
const HEADER_ENTITIES =
  'Entities proposed and accepted through the API (proposeEntity), added by `npm run curation -- export`\n' +
  'as they were proposed. A later export leaves a record here alone: edit it in place.';
/** The file for entities of `kind` accepted through the API (e.g. curated-actors.yaml). */
export const exportedEntitiesFile = (kind: string) => `curated-${kind.toLowerCase()}.yaml`;
const HEADER_RELATIONSHIPS =
  'Relationships added by `npm run curation -- export`: those created through the API (relationships), and\n' +
  'every retracted one (retracted: the record as it was, with who retracted it, when and why). The loader\n' +
  'loads `relationships` only; `retracted` is the record of what was withdrawn. A later export edits records in place.';

/**
 * Writes the graph's accepted changes as seed YAML: `fromDir` copied, each seed relationship a change
 * touched rewritten in its own file (or removed from it when retracted), the API's sources and
 * relationships in the export's own files, the registered texts in `textsDir`. The result is validated
 * as `npm run seed -- --data-dir outDir --sources-dir textsDir` would; on any problem nothing is written.
 */
export async function exportCuration(executor: Executor, ontology: Ontology, options: SeedExportOptions): Promise<SeedExportReport> {
  const fromDir = resolve(options.fromDir);
  const outDir = resolve(options.outDir);
  const textsDir = resolve(options.textsDir);
  if (!existsSync(fromDir) || !statSync(fromDir).isDirectory()) throw new SeedExportError(`--from: '${options.fromDir}' is not a folder; give the seed data folder to start from (seed/data)`);
  if (!existsSync(textsDir) || !statSync(textsDir).isDirectory()) throw new SeedExportError(`--texts-dir: '${options.textsDir}' is not a folder; give the folder of article texts (SOURCES_DIR)`);
  const today = (options.now ?? (() => new Date()))().toISOString().slice(0, 10);

  const log = await readLog(executor);
  const unsupported = [...new Set(log.filter((c) => c.kind !== 'REGISTER_SOURCE' && c.kind !== ENTITY_KIND && c.kind !== MERGE_KIND && c.kind !== REVERT_MERGE_KIND && !ENTITY_EDIT_KINDS.has(c.kind) && !RELATIONSHIP_KINDS.has(c.kind)).map((c) => c.kind))];
  if (unsupported.length > 0) {
    throw new SeedExportError(`the change log holds changes of kind ${unsupported.join(', ')}, which this export cannot write yet; nothing was written (it writes ${['REGISTER_SOURCE', ENTITY_KIND, MERGE_KIND, REVERT_MERGE_KIND, ...ENTITY_EDIT_KINDS, ...RELATIONSHIP_KINDS].join(', ')})`);
  }
  // Merges: which ids left the entities, and the relationships they retracted and wrote.
  const merged = new Set<string>();
  const mergeTouched: string[] = [];
  for (const change of log.filter((c) => c.kind === MERGE_KIND || c.kind === REVERT_MERGE_KIND)) {
    const after = JSON.parse(change.after ?? '{}') as { merged?: string; restored?: { id: string }; moves?: Array<{ relationshipId: string; becomes: string | null }> };
    if (after.merged) merged.add(after.merged);
    if (after.restored) merged.delete(after.restored.id);
    for (const move of after.moves ?? []) mergeTouched.push(move.relationshipId, ...(move.becomes ? [move.becomes] : []));
  }
  // The kept entities' names as the graph holds them now (a later merge may have kept gaining).
  const keptAliases = new Map<string, string[]>();
  for (const change of log.filter((c) => c.kind === MERGE_KIND || c.kind === REVERT_MERGE_KIND)) {
    if (merged.has(change.itemId) || keptAliases.has(change.itemId)) continue;
    const [end] = await executor.read(mergeEnd, { id: change.itemId });
    if (end?.live) keptAliases.set(change.itemId, (end.aliases as unknown[]).map(String));
  }

  // Sources registered through the API, with the metadata they were registered with (nothing added but the check record).
  const registered = new Map<string, Record<string, unknown>>();
  for (const change of log.filter((c) => c.kind === 'REGISTER_SOURCE')) {
    const after = JSON.parse(change.after ?? '{}') as { source?: Record<string, unknown> };
    if (after.source) registered.set(change.itemId, after.source);
  }
  // Entities accepted through the API, as the raw records a seed file holds (the proposal stored exactly that).
  const entities = new Map<string, { kind: string; data: Record<string, unknown> }>();
  for (const change of log.filter((c) => c.kind === ENTITY_KIND)) {
    const after = JSON.parse(change.after ?? '{}') as { entity?: { kind: string; data: Record<string, unknown> } };
    if (after.entity) entities.set(change.itemId, after.entity);
  }
  // Entities edited through the API: the fields any edit touched, with the values the graph holds now.
  const editedFields = new Map<string, Set<string>>();
  for (const change of log.filter((c) => ENTITY_EDIT_KINDS.has(c.kind))) {
    const after = JSON.parse(change.after ?? '{}') as { fields?: string[] };
    editedFields.set(change.itemId, new Set([...(editedFields.get(change.itemId) ?? []), ...(after.fields ?? [])]));
  }
  const edited = new Map<string, (record: Record<string, unknown>) => Record<string, unknown>>();
  for (const [id, fields] of editedFields) {
    const [row] = await executor.read(entityForEdit, { id });
    if (!row?.live) continue;
    const now = storedEntityRecord(ontology, String(row.kind), row.props as Record<string, unknown>).data;
    edited.set(id, (record) => {
      const next = { ...record };
      for (const field of fields) {
        if (field in now) next[field] = now[field];
        else delete next[field];
      }
      return next;
    });
  }
  for (const id of merged) entities.delete(id);
  for (const [id, patch] of edited) {
    const entity = entities.get(id);
    if (entity) entity.data = patch(entity.data);
  }
  for (const [id, aliases] of keptAliases) {
    const entity = entities.get(id);
    if (!entity) continue;
    const { aliases: _was, ...rest } = entity.data;
    // No aliases is no `aliases` key, as the loader and the graph have it (an empty list would be stored).
    entity.data = aliases.length > 0 ? { ...rest, aliases } : rest;
  }
  const held = await readHeldTexts(executor, [...registered.keys()]);
  const sourceRecords: Record<string, unknown>[] = [];
  const texts: Array<{ path: string; text: string }> = [];
  for (const [id, source] of registered) {
    const text = held.get(id);
    if (!text) throw new SeedExportError(`source '${id}' was registered but the graph holds no text for it; nothing was written`);
    // The export checks every quote against this text below: that check is what checkedDigest/checkedOn record.
    sourceRecords.push({ ...source, sha256: text.digest.slice('sha256:'.length), checkedDigest: text.digest, checkedOn: today });
    texts.push({ path: join(textsDir, String(source.file ?? `${id}.txt`)), text: text.text });
  }

  // Every relationship a change touched, as it is now.
  const touched = new Map<string, StoredState>();
  for (const id of new Set([...log.filter((c) => RELATIONSHIP_KINDS.has(c.kind)).map((c) => c.itemId), ...mergeTouched])) {
    const state = await readStored((q, p) => executor.read(q, p), ontology, id);
    if (state) touched.set(id, state);
  }

  // Stage: a copy of fromDir, patched. Records are found by id wherever they are (an earlier export's
  // files included), so exporting from a graph rebuilt from these files keeps what they hold.
  const stage = mkdtempSync(join(tmpdir(), 'chokepoint-export-'));
  const writtenTexts: string[] = [];
  try {
    cpSync(fromDir, stage, { recursive: true });
    const report: SeedExportReport = { sources: [...registered.keys()], entities: [], textsWritten: [], patched: [], added: [], retracted: [], files: [], lastSeq: log.at(-1)?.seq ?? 0 };
    const placedRelationships = new Set<string>();
    const placedSources = new Set<string>();
    const placedEntities = new Set<string>();
    const placedRetractions = new Set<string>();
    const sourceRecordById = new Map(sourceRecords.map((r) => [String(r.id), r]));
    for (const file of yamlFiles(stage)) {
      const path = join(stage, file);
      const doc = parseDocument(readFileSync(path, 'utf8'), { uniqueKeys: true });
      if (!isMap(doc.contents)) continue;
      let changed = false;
      const list = doc.contents.get('relationships', true);
      if (isSeq(list)) {
        for (let i = list.items.length - 1; i >= 0; i--) {
          const record = (list.items[i] as Node).toJSON(doc) as Record<string, unknown> | null;
          if (!record || typeof record.type !== 'string') continue;
          const id = relationshipId(String(record.from), record.type, String(record.to), typeof record.key === 'string' ? record.key : undefined);
          const state = touched.get(id);
          if (!state) continue;
          if (state.retracted) {
            // Out of what the loader loads; kept under `retracted:` in the export's own file.
            replaceItem(doc, list, i, null);
            changed = true;
            continue;
          }
          placedRelationships.add(id);
          const next = seedRecord(state);
          if (sameContent(record, next)) continue;
          replaceItem(doc, list, i, doc.createNode(next) as Node);
          report.patched.push(id);
          changed = true;
        }
      }
      // An earlier export's record of a retraction the graph has since reverted: the relationship is live again.
      const gone = doc.contents.get('retracted', true);
      if (isSeq(gone)) {
        for (let i = gone.items.length - 1; i >= 0; i--) {
          const record = (gone.items[i] as Node).toJSON(doc) as Record<string, unknown> | null;
          if (!record || typeof record.type !== 'string') continue;
          const id = relationshipId(String(record.from), record.type, String(record.to), typeof record.key === 'string' ? record.key : undefined);
          const state = touched.get(id);
          if (!state) continue;
          if (state.retracted) {
            const next = retractedRecord(state);
            placedRetractions.add(id);
            if (JSON.stringify(canonical(record)) === JSON.stringify(canonical(next))) continue;
            replaceItem(doc, gone, i, doc.createNode(next) as Node);
          } else replaceItem(doc, gone, i, null);
          changed = true;
        }
      }
      const fileKind = doc.contents.get('kind') as unknown;
      const entityRecords = typeof fileKind === 'string' && fileKind !== 'Source' ? doc.contents.get('records', true) : undefined;
      if (isSeq(entityRecords)) {
        for (let i = entityRecords.items.length - 1; i >= 0; i--) {
          const record = (entityRecords.items[i] as Node).toJSON(doc) as Record<string, unknown> | null;
          const id = String(record?.id ?? '');
          if (merged.has(id)) {
            // Merged into another entity: its names are the kept entity's aliases now.
            replaceItem(doc, entityRecords, i, null);
            changed = true;
            continue;
          }
          const aliases = keptAliases.get(id);
          if (record && aliases && JSON.stringify(record.aliases ?? []) !== JSON.stringify(aliases)) {
            const { aliases: _was, ...rest } = record;
            replaceItem(doc, entityRecords, i, doc.createNode(aliases.length > 0 ? { ...rest, aliases } : rest) as Node);
            changed = true;
          }
          const patch = record ? edited.get(id) : undefined;
          if (record && patch) {
            const current = (entityRecords.items[i] as Node).toJSON(doc) as Record<string, unknown>;
            const next = patch(current);
            if (JSON.stringify(canonical(next)) !== JSON.stringify(canonical(current))) {
              replaceItem(doc, entityRecords, i, doc.createNode(next) as Node);
              changed = true;
            }
          }
          // An entity's record, once in a file, is the file's: later edits to it are made there.
          if (entities.get(id)?.kind === fileKind) placedEntities.add(id);
        }
      }
      const records = fileKind === 'Source' ? doc.contents.get('records', true) : undefined;
      if (isSeq(records)) {
        for (let i = 0; i < records.items.length; i++) {
          const id = String(((records.items[i] as Node).toJSON(doc) as Record<string, unknown> | null)?.id ?? '');
          const next = sourceRecordById.get(id);
          if (!next) continue;
          placedSources.add(id);
          // The registered metadata and text never change, so an earlier export's record stands as written.
        }
      }
      if (changed) writeFileSync(path, doc.toString({ lineWidth: 0 }));
    }
    const live = [...touched.entries()].filter(([id, s]) => !s.retracted && !placedRelationships.has(id));
    const gone = [...touched.entries()].filter(([, s]) => s.retracted);
    const newlyGone = gone.filter(([id]) => !placedRetractions.has(id));
    report.added = live.map(([id]) => id);
    report.retracted = gone.map(([id]) => id);
    const newSources = sourceRecords.filter((r) => !placedSources.has(String(r.id)));
    const byKind = new Map<string, Record<string, unknown>[]>();
    for (const [id, entity] of entities) if (!placedEntities.has(id)) byKind.set(entity.kind, [...(byKind.get(entity.kind) ?? []), entity.data]);
    for (const [kind, records] of byKind) appendRecords(join(stage, exportedEntitiesFile(kind)), HEADER_ENTITIES, { kind }, 'records', records);
    report.entities = [...entities.keys()];
    if (merged.size > 0) report.merged = [...merged];
    if (newSources.length > 0) appendRecords(join(stage, EXPORTED_SOURCES_FILE), HEADER_SOURCES, { kind: 'Source' }, 'records', newSources);
    if (live.length > 0) appendRecords(join(stage, EXPORTED_RELATIONSHIPS_FILE), HEADER_RELATIONSHIPS, {}, 'relationships', live.map(([, s]) => seedRecord(s)));
    if (newlyGone.length > 0) appendRecords(join(stage, EXPORTED_RELATIONSHIPS_FILE), HEADER_RELATIONSHIPS, {}, 'retracted', newlyGone.map(([, s]) => retractedRecord(s)));

    // Texts first (new files only; a different file of that name is never overwritten), then validate.
    for (const { path, text } of texts) {
      if (existsSync(path)) {
        if (readFileSync(path, 'utf8') !== text) throw new SeedExportError(`'${path}' exists and holds another text than the graph's; nothing was written (move it away, or give another --texts-dir)`);
        continue;
      }
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text);
      writtenTexts.push(path);
    }
    const { problems } = validateSeed(readSeed(stage), ontology, { sourcesDir: textsDir });
    if (problems.length > 0) {
      throw new SeedExportError(
        `the exported seed would not load (${problems.length} problem${problems.length === 1 ? '' : 's'}); nothing was written:\n` +
          problems
            .slice(0, 20)
            .map((p) => `  ${relative(stage, p.file) || p.file}${p.line ? `:${p.line}` : ''}  [${p.id}]  ${p.problem}`)
            .join('\n'),
      );
    }
    report.textsWritten = writtenTexts.map((p) => relative(textsDir, p));
    report.files = syncInto(stage, outDir);
    return report;
  } catch (error) {
    for (const path of writtenTexts) rmSync(path, { force: true });
    throw error;
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

/** Appends records to a list of the export's own file (made, with its header and `top` keys, when missing). */
function appendRecords(path: string, header: string, top: Record<string, unknown>, key: string, records: Record<string, unknown>[]): void {
  mkdirSync(dirname(path), { recursive: true });
  const doc = existsSync(path) ? parseDocument(readFileSync(path, 'utf8'), { uniqueKeys: true }) : new Document({ ...top, relationships: key === 'retracted' ? [] : undefined });
  if (!existsSync(path)) doc.commentBefore = header.split('\n').map((l) => ` ${l}`).join('\n');
  if (!isMap(doc.contents)) throw new SeedExportError(`${path}: expected a map; move the file away and export again`);
  const list = doc.contents.get(key, true);
  if (isSeq(list)) for (const record of records) list.items.push(doc.createNode(record) as Node);
  else doc.contents.set(key, doc.createNode(records));
  writeFileSync(path, doc.toString({ lineWidth: 0 }));
}

/** Copies the staged folder's YAML over `outDir`, writing only files that differ. */
function syncInto(stage: string, outDir: string): string[] {
  const files: string[] = [];
  mkdirSync(outDir, { recursive: true });
  for (const file of yamlFiles(stage)) {
    const text = readFileSync(join(stage, file), 'utf8');
    const target = join(outDir, file);
    if (existsSync(target) && readFileSync(target, 'utf8') === text) continue;
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
    files.push(file);
  }
  return files;
}
