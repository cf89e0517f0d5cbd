// Checks the raw seed against the ontology and turns it into a SeedGraph, or lists every problem
// (file, line, id, what is wrong and what is allowed). Nothing is written unless this finds nothing.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Figure } from '../ontology/figure.ts';
import { cuesIn, modalityCueProblem } from '../ontology/modality.ts';
import type { KindDef, Ontology, PropertyDef } from '../ontology/ontology.ts';
import { parsePartialDate, type PartialDate } from '../ontology/partial-date.ts';
import { containsFolded } from '../text/fold.ts';
import { readSourceTextFile } from '../sources/read-text-file.ts';
import { SourceTextError, textDigest } from '../sources/text-checks.ts';
import { UNCHECKED, type CitationVerification } from '../sources/verification.ts';
import { describeNearest, quoteShapeProblem, SourceText, type QuoteLocation } from './quotes.ts';
import { SEED_DIR, type RawRecord, type RawSeed } from './read-seed.ts';
import { structureProblems } from './validate-structure.ts';
import { metonymProblems, nameDerivedProblem, SUPPORT_VALUES, type Support } from './validate-support.ts';

export interface SeedProblem {
  file: string;
  line?: number;
  id: string;
  problem: string;
}

export interface SeedNode {
  id: string;
  kind: string;
  /** Scalar and list properties as declared in the ontology (dates and figures separately). */
  properties: Record<string, string | number | boolean | string[]>;
  dates: Record<string, PartialDate>;
  figures: Figure[];
  file: string;
  line: number;
}

export interface SeedSource extends SeedNode {
  type: string;
  /** Syndicated copies share a story key; a relationship counts distinct stories. */
  story: string;
  /** False for editorial references, which are cited but not counted. */
  counted: boolean;
}

export interface SeedCitation {
  source: string;
  quote: string;
  mentionsFrom?: string;
  mentionsTo?: string;
  location?: QuoteLocation;
  /** True when the quote was found verbatim in the source text during this run. */
  verified: boolean;
  /** Whether the quote states the link or only names its ends (then it is no independent support); absent: states. */
  support?: Support;
  /** The whole sentence the quote is cut from, when the text was at hand: what the cue check reads. */
  sentence?: string;
  /** What was checked: verified now (with the text's digest), at curation (recorded digest and day), or never. */
  verification?: CitationVerification;
}

export interface SeedRelationship {
  id: string;
  type: string;
  from: string;
  to: string;
  /** How the sources assert it (schema/ontology/modality.yaml); the default when the record names none. */
  modality: string;
  properties: Record<string, string | number | boolean | string[]>;
  dates: Record<string, PartialDate>;
  citations: SeedCitation[];
  /** Distinct stories among the counted sources cited. */
  independentSources: number;
  sourceIds: string[];
  file: string;
  line: number;
}

/** A source text the quotes were checked against: read from a file at this run, or held by the graph. */
export interface SeedText {
  sourceId: string;
  text: string;
  /** `sha256:<hex>` of its UTF-8 bytes. */
  digest: string;
  from: 'file' | 'held';
}

export interface SeedGraph {
  sources: SeedSource[];
  entities: SeedNode[];
  relationships: SeedRelationship[];
  /** The texts quotes were checked against (the load stores those read from files). */
  texts: SeedText[];
  /** What an operator should know but that does not stop a load (a held text the seed no longer expects). */
  notes: string[];
  /**
   * Sources whose quotes were all found in the text at hand, but whose record of that check
   * (`checkedDigest`) is missing or names another text: `npm run seed -- --check` fails on them,
   * `--write-locations` fixes them; a load goes on (it verifies now).
   */
  recordProblems: SeedProblem[];
}

export interface ValidateOptions {
  /** Folder with the news reports' text files; when given, every quote is checked verbatim against them. */
  sourcesDir?: string;
  /** Texts the graph holds (by source id), used for sources whose text is not at hand as a file. */
  heldTexts?: ReadonlyMap<string, { digest: string; text: string }>;
}

const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const RELATIONSHIP_RESERVED = new Set(['type', 'from', 'to', 'key', 'modality', 'citations']);
const CITATION_FIELDS = new Set(['source', 'quote', 'mentions', 'at', 'support', 'cueOutside']);
const FIGURE_FIELDS = new Set(['name', 'value', 'unit', 'approximate', 'source', 'quote']);

/** Relationship id: `<from>.<TYPE>.<to>`, plus `#<key>` when two relationships share all three. */
export function relationshipId(from: string, type: string, to: string, key?: string): string {
  return `${from}.${type}.${to}${key ? `#${key}` : ''}`;
}

export function validateSeed(raw: RawSeed, ontology: Ontology, options: ValidateOptions = {}): { graph: SeedGraph; problems: SeedProblem[] } {
  const problems: SeedProblem[] = [...raw.problems];
  const report = (record: Pick<RawRecord, 'file' | 'line'>, id: string, problem: string) =>
    problems.push({ file: record.file, line: record.line, id, problem });

  // Pass 1: every node record (sources and entities), ids unique across all of them.
  const seenIds = new Map<string, string>();
  const sources: SeedSource[] = [];
  const entities: SeedNode[] = [];
  const sourceKind = ontology.kind('Source');
  for (const file of raw.entityFiles) {
    const def = ontology.kinds.get(file.kind);
    if (!def) {
      problems.push({ file: file.file, id: '-', problem: `unknown kind '${file.kind}'; allowed: ${[...ontology.kinds.keys()].join(', ')}` });
      continue;
    }
    for (const record of file.records) {
      const node = readNode(record, def, report);
      if (!node) continue;
      const previous = seenIds.get(node.id);
      if (previous) {
        report(record, node.id, `duplicate id '${node.id}' (already defined in ${previous}); ids must be unique across all kinds`);
        continue;
      }
      seenIds.set(node.id, `${record.file}:${record.line}`);
      if (def === sourceKind) {
        const type = String(node.properties.type ?? '');
        sources.push({
          ...node,
          type,
          story: typeof node.properties.story === 'string' ? node.properties.story : node.id,
          counted: sourceKind.countedTypes.includes(type),
        });
      } else {
        entities.push(node);
      }
    }
  }

  // Pass 2: references between nodes (ref properties, dates resolved against sources, figure sources).
  const sourceById = new Map(sources.map((s) => [s.id, s]));
  const entityById = new Map(entities.map((e) => [e.id, e]));
  const notes: string[] = [];
  const texts = loadSourceTexts(sources, options, problems, notes);
  for (const source of sources) {
    if (source.properties.url === undefined && source.properties.urlNote === undefined) {
      report(
        source,
        source.id,
        "has neither 'url' nor 'urlNote': give the URL when the text gives enough to know it, otherwise say in 'urlNote' why there is none (never invent one)",
      );
    }
  }
  for (const node of [...sources, ...entities]) {
    const def = ontology.kind(node.kind);
    const where = { file: node.file, line: node.line };
    for (const prop of Object.values(def.properties)) {
      const value = node.properties[prop.name];
      if (prop.type === 'ref' && typeof value === 'string') {
        const target = prop.kind === 'Source' ? sourceById.get(value) : entityById.get(value);
        if (!target || target.kind !== prop.kind) {
          report(where, node.id, `'${prop.name}' refers to '${value}', which is not a known ${prop.kind} id`);
        }
      }
    }
    checkDates(node.dates, node.id, where, sourceById, report);
    for (const figure of node.figures) {
      checkQuote(figure.source, figure.quote, `figure '${figure.name}'`, node.id, where, sourceById, texts, report);
    }
  }

  // Pass 3: relationships.
  const relationships: SeedRelationship[] = [];
  const relationshipIds = new Map<string, string>();
  for (const record of raw.relationships) {
    const rel = readRelationship(record, ontology, entityById, sourceById, texts, report);
    if (!rel) continue;
    const previous = relationshipIds.get(rel.id);
    if (previous) {
      report(record, rel.id, `duplicate relationship '${rel.id}' (already defined at ${previous}); merge the citations, or give each a distinct 'key'`);
      continue;
    }
    const def = ontology.relationshipType(rel.type);
    const reverse = relationshipId(rel.to, rel.type, rel.from, record.data.key as string | undefined);
    if (def.symmetric && relationshipIds.has(reverse)) {
      report(record, rel.id, `${rel.type} is symmetric and '${reverse}' already states it (at ${relationshipIds.get(reverse)})`);
      continue;
    }
    relationshipIds.set(rel.id, `${record.file}:${record.line}`);
    relationships.push(rel);
  }

  // Pass 4: across records — orphans, names shared by two entities, metonyms on the wrong entity.
  problems.push(...structureProblems(entities, raw.relationships));
  problems.push(...metonymProblems(entities, relationships));

  const recordProblems = checkRecords(sources, texts, relationships, problems);

  sources.sort(byId);
  entities.sort(byId);
  relationships.sort(byId);
  const used = [...texts.values()].map(({ sourceId, raw, digest, from }) => ({ sourceId, text: raw, digest, from }));
  return { graph: { sources, entities, relationships, texts: used, notes, recordProblems }, problems };
}

/**
 * The record of each check (`checkedDigest`) must name the text its quotes were just found in: a
 * source whose text is at hand as a file, with no problem in its quotes, and a record that is missing
 * or names another digest, gets a record problem.
 */
function checkRecords(sources: SeedSource[], texts: Map<string, LoadedText>, relationships: SeedRelationship[], problems: SeedProblem[]): SeedProblem[] {
  const out: SeedProblem[] = [];
  if (problems.length > 0) return out;
  const cited = new Set(relationships.flatMap((r) => r.sourceIds));
  for (const source of sources) {
    const text = texts.get(source.id);
    if (!text || text.from !== 'file' || !cited.has(source.id)) continue;
    const recorded = source.properties.checkedDigest;
    if (recorded === text.digest && typeof source.properties.checkedOn === 'string') continue;
    out.push({
      file: source.file,
      line: source.line,
      id: source.id,
      problem:
        `every quote is verbatim in the text at hand (${text.digest}), but the record says ` +
        `${typeof recorded === 'string' ? `checkedDigest ${recorded}` : 'no checkedDigest'}${typeof source.properties.checkedOn === 'string' ? '' : ' and no checkedOn'}; ` +
        'record the check with `npm run seed -- --write-locations --sources-dir DIR`',
    });
  }
  return out;
}

function byId(a: { id: string }, b: { id: string }): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export type Report = (record: Pick<RawRecord, 'file' | 'line'>, id: string, problem: string) => void;

/** One node record checked against its kind (also the API's source registration, src/curation/). */
export function readNode(record: RawRecord, def: KindDef, report: Report): SeedNode | undefined {
  const data = record.data;
  const id = typeof data.id === 'string' ? data.id : '';
  if (!ID_PATTERN.test(id)) {
    report(record, id || '-', `id '${String(data.id ?? '')}' is not allowed: use lowercase words joined by hyphens (e.g. 'us-export-controls-2022-10')`);
    return undefined;
  }
  const node: SeedNode = { id, kind: def.kind, properties: {}, dates: {}, figures: [], file: record.file, line: record.line };
  for (const key of Object.keys(data)) {
    if (key !== 'id' && !(key in def.properties)) {
      report(record, id, `unknown property '${key}' for ${def.kind}; allowed: ${Object.keys(def.properties).join(', ')}`);
    }
  }
  readProperties(data, def.properties, def, node, record, report);
  return node;
}

function readProperties(
  data: Record<string, unknown>,
  props: Record<string, PropertyDef>,
  def: KindDef | undefined,
  into: Pick<SeedNode, 'id' | 'properties' | 'dates'> & { figures?: Figure[] },
  record: RawRecord,
  report: Report,
): void {
  const id = into.id;
  for (const prop of Object.values(props)) {
    let value = data[prop.name];
    if (value === undefined || value === null) {
      if (prop.default !== undefined) value = prop.default;
      else if (prop.required) {
        report(record, id, `'${prop.name}' is required`);
        continue;
      } else continue;
    }
    const bad = (expected: string) => report(record, id, `'${prop.name}' is ${JSON.stringify(value)}; expected ${expected}`);
    switch (prop.type) {
      case 'string':
      case 'ref': {
        if (typeof value === 'number') value = String(value);
        if (typeof value !== 'string' || value.trim() === '') bad('a non-empty string');
        else if (prop.pattern && !prop.pattern.test(value)) bad(`text matching ${prop.pattern.source}`);
        else into.properties[prop.name] = value.trim();
        break;
      }
      case 'string[]': {
        if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || v.trim() === '')) bad('a list of non-empty strings');
        else into.properties[prop.name] = value.map((v: string) => v.trim());
        break;
      }
      case 'boolean':
        if (typeof value !== 'boolean') bad('true or false');
        else into.properties[prop.name] = value;
        break;
      case 'number':
        if (typeof value !== 'number' || !Number.isFinite(value)) bad('a number');
        else into.properties[prop.name] = value;
        break;
      case 'enum': {
        const allowed = Object.keys((prop.values && def?.[prop.values]) ?? {});
        if (typeof value !== 'string' || !allowed.includes(value)) bad(`one of ${allowed.join(', ')}`);
        else into.properties[prop.name] = value;
        break;
      }
      case 'partialDate': {
        const parsed = parsePartialDate(value);
        if (typeof parsed === 'string') report(record, id, `'${prop.name}' ${parsed}`);
        else into.dates[prop.name] = parsed;
        break;
      }
      case 'figure[]': {
        if (!Array.isArray(value)) {
          bad('a list of figures');
          break;
        }
        for (const raw of value as Array<Record<string, unknown>>) {
          const unknown = Object.keys(raw ?? {}).filter((k) => !FIGURE_FIELDS.has(k));
          const ok =
            typeof raw?.name === 'string' &&
            typeof raw.value === 'number' &&
            typeof raw.unit === 'string' &&
            typeof raw.source === 'string' &&
            typeof raw.quote === 'string' &&
            (raw.approximate === undefined || typeof raw.approximate === 'boolean') &&
            unknown.length === 0;
          if (!ok) {
            report(record, id, `figure ${JSON.stringify(raw)} is malformed; expected {name, value (number), unit, source, quote, approximate?}`);
            continue;
          }
          (into.figures ??= []).push({
            name: raw.name as string,
            value: raw.value as number,
            unit: raw.unit as string,
            approximate: raw.approximate === true,
            source: raw.source as string,
            quote: raw.quote as string,
          });
        }
        break;
      }
    }
  }
}

function checkDates(
  dates: Record<string, PartialDate>,
  id: string,
  where: Pick<RawRecord, 'file' | 'line'>,
  sourceById: Map<string, SeedSource>,
  report: Report,
): void {
  for (const [name, date] of Object.entries(dates)) {
    if (date.resolvedAgainst && !sourceById.has(date.resolvedAgainst)) {
      report(where, id, `'${name}.resolvedAgainst' names '${date.resolvedAgainst}', which is not a known source id`);
    }
  }
}

export interface LoadedText {
  sourceId: string;
  raw: string;
  text: SourceText;
  digest: string;
  from: 'file' | 'held';
}

/**
 * The text each source's quotes are checked against: its file when at hand (editorial references in
 * the repository; news reports only where --sources-dir points), else the text the graph holds — but
 * only when it is the text the seed expects (`sha256`).
 */
function loadSourceTexts(sources: SeedSource[], options: ValidateOptions, problems: SeedProblem[], notes: string[]): Map<string, LoadedText> {
  const texts = new Map<string, LoadedText>();
  for (const source of sources) {
    const file = String(source.properties.file ?? '');
    const expected = typeof source.properties.sha256 === 'string' ? `sha256:${source.properties.sha256}` : undefined;
    const path = source.counted ? (options.sourcesDir ? join(options.sourcesDir, file) : undefined) : join(SEED_DIR, file);
    const where = { file: source.file, line: source.line, id: source.id };
    if (path) {
      if (!existsSync(path)) {
        problems.push({ ...where, problem: `source text '${path}' does not exist` });
        continue;
      }
      let content: string;
      try {
        content = readSourceTextFile(path);
      } catch (error) {
        if (!(error instanceof SourceTextError)) throw error;
        problems.push({ ...where, problem: `source text ${error.message}` });
        continue;
      }
      const digest = textDigest(content);
      if (expected !== undefined && expected !== digest) {
        problems.push({
          ...where,
          problem:
            `source text '${path}' has sha256 ${digest.slice('sha256:'.length)}, but the record says ${expected.slice('sha256:'.length)}: the text changed, so its quotes cannot be trusted ` +
            `(if the new text is right, set 'sha256' to the new value, check the quotes with --check and record them with --write-locations)`,
        });
        continue;
      }
      texts.set(source.id, { sourceId: source.id, raw: content, text: new SourceText(content), digest, from: 'file' });
      continue;
    }
    const held = options.heldTexts?.get(source.id);
    if (!held) continue;
    if (expected !== undefined && held.digest !== expected) {
      notes.push(
        `${source.id}: the graph holds a text of digest ${held.digest}, but the seed expects ${expected}; its quotes are not checked at this load ` +
          `(set SOURCES_DIR to the folder that holds the expected text)`,
      );
      continue;
    }
    texts.set(source.id, { sourceId: source.id, raw: held.text, text: new SourceText(held.text), digest: held.digest, from: 'held' });
  }
  return texts;
}

/** Not checked now: recorded as verified at curation when the seed records the check, else unchecked. */
function notCheckedNow(source: SeedSource): CitationVerification {
  const digest = source.properties.checkedDigest;
  const on = source.properties.checkedOn;
  if (typeof digest === 'string' && typeof on === 'string') return { status: 'curation', digest, checkedAt: on };
  return UNCHECKED;
}

/** Checks source, shape and (when the text is at hand) verbatim presence; returns the location found. */
function checkQuote(
  sourceId: unknown,
  quote: unknown,
  what: string,
  id: string,
  where: Pick<RawRecord, 'file' | 'line'>,
  sourceById: Map<string, SeedSource>,
  texts: Map<string, LoadedText>,
  report: Report,
): { location?: QuoteLocation; verified: boolean; verification: CitationVerification } {
  const refused = { verified: false, verification: UNCHECKED };
  if (typeof sourceId !== 'string' || !sourceById.has(sourceId)) {
    report(where, id, `${what}: source '${String(sourceId ?? '')}' is not a known source id; known: ${[...sourceById.keys()].join(', ')}`);
    return refused;
  }
  if (typeof quote !== 'string') {
    report(where, id, `${what}: 'quote' is required (a verbatim sentence or less from ${sourceId})`);
    return refused;
  }
  const shape = quoteShapeProblem(quote);
  if (shape) {
    report(where, id, `${what}: ${shape}: "${quote}"`);
    return refused;
  }
  const held = texts.get(sourceId);
  if (!held) return { verified: false, verification: notCheckedNow(sourceById.get(sourceId)!) };
  const location = held.text.locate(quote);
  if (!location) {
    const text = held.from === 'file' ? String(sourceById.get(sourceId)!.properties.file) : `the text the graph holds, ${held.digest}`;
    report(where, id, `${what}: quote not found verbatim in ${sourceId} (${text}): "${quote}"; ${describeNearest(held.text, quote)}`);
    return refused;
  }
  return { location, verified: true, verification: { status: 'verified', digest: held.digest } };
}

/**
 * One relationship record checked against the ontology, its endpoints and its sources' texts, as the seed
 * writes it; the API's proposals (src/curation/) are checked by this same function.
 */
export function readRelationship(
  record: RawRecord,
  ontology: Ontology,
  entityById: Map<string, SeedNode>,
  sourceById: Map<string, SeedSource>,
  texts: Map<string, LoadedText>,
  report: Report,
): SeedRelationship | undefined {
  const data = record.data;
  const type = String(data.type ?? '');
  const from = String(data.from ?? '');
  const to = String(data.to ?? '');
  const key = data.key === undefined ? undefined : String(data.key);
  const id = relationshipId(from, type, to, key);
  const def = ontology.relationshipTypes.get(type);
  if (!def) {
    report(record, id, `unknown relationship type '${type}'; allowed: ${[...ontology.relationshipTypes.keys()].join(', ')}`);
    return undefined;
  }
  let ok = true;
  for (const [side, endpoint] of [
    ['from', from],
    ['to', to],
  ] as const) {
    const entity = entityById.get(endpoint);
    if (!entity) {
      report(record, id, `'${side}' is '${endpoint}', which is not a known entity id`);
      ok = false;
    } else if (!def[side].includes(entity.kind)) {
      report(record, id, `${type} cannot go ${side} a ${entity.kind} ('${endpoint}'); the ontology allows ${side}: ${def[side].join(', ')}`);
      ok = false;
    }
  }
  if (from === to && from !== '') {
    report(record, id, `a relationship cannot connect '${from}' to itself`);
    ok = false;
  }
  const fromKind = entityById.get(from)?.kind;
  const toKind = entityById.get(to)?.kind;
  if (def.sameKind && fromKind && toKind && fromKind !== toKind) {
    report(record, id, `${type} joins two entities of the same kind; '${from}' is a ${fromKind} and '${to}' is a ${toKind}`);
    ok = false;
  }
  const modality = data.modality === undefined ? ontology.defaultModality : data.modality;
  if (typeof modality !== 'string' || !ontology.modalities.has(modality)) {
    report(
      record,
      id,
      `modality ${JSON.stringify(modality)} is not allowed; allowed: ${[...ontology.modalities.keys()].join(', ')} (default: ${ontology.defaultModality})`,
    );
    ok = false;
  } else if (ontology.statusBearingTypes.includes(type) && toKind === 'Policy') {
    const status = String(entityById.get(to)?.properties.status ?? '');
    const agrees = ontology.modalities.get(modality)?.policyStatuses;
    if (agrees && !agrees.includes(status)) {
      const fitting = [...ontology.modalities.values()].filter((m) => m.policyStatuses?.includes(status)).map((m) => m.key);
      report(
        record,
        id,
        `${type} has modality '${modality}', but the policy '${to}' has status '${status}'; '${modality}' agrees with status ` +
          `${agrees.join(', ')} — set modality to ${fitting.join(' or ') || 'one that agrees'}, or correct the policy's status`,
      );
      ok = false;
    }
  }
  if (key !== undefined && !ID_PATTERN.test(key)) {
    report(record, id, `key '${key}' is not allowed: use lowercase words joined by hyphens`);
    ok = false;
  }
  for (const name of Object.keys(data)) {
    if (!RELATIONSHIP_RESERVED.has(name) && !(name in def.properties)) {
      const allowed = Object.keys(def.properties);
      report(record, id, `unknown property '${name}' for ${type}; allowed: ${allowed.length ? allowed.join(', ') : '(none)'}`);
      ok = false;
    }
  }
  const rel: SeedRelationship = {
    id,
    type,
    from,
    to,
    modality: typeof modality === 'string' ? modality : ontology.defaultModality,
    properties: {},
    dates: {},
    citations: [],
    independentSources: 0,
    sourceIds: [],
    file: record.file,
    line: record.line,
  };
  readProperties(data, def.properties, undefined, rel, record, report);
  checkDates(rel.dates, id, record, sourceById, report);

  const citations = data.citations;
  if (!Array.isArray(citations) || citations.length === 0) {
    report(record, id, 'has no citations; every relationship needs at least one {source, quote}');
    return undefined;
  }
  citations.forEach((raw: Record<string, unknown>, i: number) => {
    const what = `citation ${i + 1}`;
    if (!raw || typeof raw !== 'object') {
      report(record, id, `${what} must be a map with 'source' and 'quote'`);
      ok = false;
      return;
    }
    for (const field of Object.keys(raw)) {
      if (!CITATION_FIELDS.has(field)) {
        report(record, id, `${what}: unknown field '${field}'; allowed: ${[...CITATION_FIELDS].join(', ')}`);
        ok = false;
      }
    }
    const checked = checkQuote(raw.source, raw.quote, what, id, record, sourceById, texts, report);
    if (typeof raw.quote !== 'string' || (!checked.verified && texts.has(String(raw.source)))) ok = false;
    const mentions = (raw.mentions ?? {}) as Record<string, unknown>;
    for (const side of Object.keys(mentions)) {
      const form = mentions[side];
      if ((side !== 'from' && side !== 'to') || typeof form !== 'string') {
        report(record, id, `${what}: 'mentions' takes 'from' and/or 'to' with the surface form as written; got ${JSON.stringify(mentions)}`);
        ok = false;
      } else if (typeof raw.quote === 'string' && !containsFolded(raw.quote, form)) {
        report(record, id, `${what}: mentions.${side} '${form}' does not occur in the quote`);
        ok = false;
      }
    }
    const support = raw.support === undefined ? 'states' : raw.support;
    if (typeof support !== 'string' || !(SUPPORT_VALUES as readonly string[]).includes(support)) {
      report(record, id, `${what}: 'support' is ${JSON.stringify(raw.support)}; allowed: ${SUPPORT_VALUES.join(', ')} (default: states)`);
      ok = false;
    } else if (support === 'states' && typeof raw.quote === 'string') {
      const derived = nameDerivedProblem(raw.quote, mentions.from as string | undefined, mentions.to as string | undefined);
      if (derived) {
        report(record, id, `${what}: ${derived}`);
        ok = false;
      }
    }
    // The cue check reads the whole sentence unless the curator says why its cue hedges another clause.
    const cueOutside = raw.cueOutside;
    let sentence: string | undefined;
    if (cueOutside !== undefined && (typeof cueOutside !== 'string' || cueOutside.trim() === '')) {
      report(record, id, `${what}: 'cueOutside' must say why the sentence's cue words hedge another clause, not this claim; got ${JSON.stringify(cueOutside)}`);
      ok = false;
    } else if (typeof raw.quote === 'string') {
      const whole = texts.get(String(raw.source))?.text.sentenceOf(raw.quote);
      if (cueOutside === undefined) sentence = whole;
      else if (whole !== undefined && cuesIn(whole, ontology).length === 0) {
        report(record, id, `${what}: has 'cueOutside', but its sentence carries no cue word: remove it`);
        ok = false;
      }
    }
    const recorded = parseLocation(raw.at);
    if (raw.at !== undefined && !recorded) {
      report(record, id, `${what}: 'at' must be {paragraph, offset} with whole numbers`);
      ok = false;
    }
    if (recorded && checked.location && (recorded.paragraph !== checked.location.paragraph || recorded.offset !== checked.location.offset)) {
      report(
        record,
        id,
        `${what}: 'at' says paragraph ${recorded.paragraph}, offset ${recorded.offset}, but the quote is at paragraph ` +
          `${checked.location.paragraph}, offset ${checked.location.offset}`,
      );
      ok = false;
    }
    rel.citations.push({
      source: String(raw.source),
      quote: String(raw.quote ?? ''),
      mentionsFrom: typeof mentions.from === 'string' ? mentions.from : undefined,
      mentionsTo: typeof mentions.to === 'string' ? mentions.to : undefined,
      location: checked.location ?? recorded,
      verified: checked.verified,
      support: support === 'names' ? 'names' : 'states',
      sentence,
      verification: checked.verification,
    });
  });
  if (ok && typeof modality === 'string' && ontology.modalities.has(modality)) {
    // Judged by whole sentences where the texts are at hand: a cut quote can drop its hedge.
    const cited = rel.citations.map((c) => ({ quote: c.quote, sentence: c.sentence }));
    const problem = modalityCueProblem(modality, cited, ontology, type);
    if (problem) {
      report(record, id, problem);
      ok = false;
    }
  }
  if (!ok) return undefined;

  const cited = [...new Set(rel.citations.map((c) => c.source))].sort();
  rel.sourceIds = cited;
  // Independent support: distinct stories among counted sources whose quote states the link.
  rel.independentSources = new Set(
    rel.citations
      .filter((c) => c.support !== 'names')
      .map((c) => sourceById.get(c.source))
      .filter((s) => s?.counted)
      .map((s) => s!.story),
  ).size;
  return rel;
}

function parseLocation(value: unknown): QuoteLocation | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const { paragraph, offset } = value as Record<string, unknown>;
  if (!Number.isInteger(paragraph) || !Number.isInteger(offset)) return undefined;
  return { paragraph: paragraph as number, offset: offset as number };
}
