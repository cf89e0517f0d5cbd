// Fills in `at: {paragraph, offset}` on every citation whose quote is found in its source text, and on
// every source whose quotes were all found in its text at hand, `checkedDigest` and `checkedOn` (the
// record a fresh clone shows as "verified at curation against digest D"), so both travel with the data
// (a deployment has the seed files but not the articles). Comments and layout of the YAML are preserved.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isMap, isScalar, isSeq, parseDocument, type YAMLMap } from 'yaml';
import type { SeedGraph } from './validate-seed.ts';
import { SEED_DIR } from './read-seed.ts';

/** Returns how many citations changed, per file. */
export function writeLocations(graph: SeedGraph): Map<string, number> {
  const byFile = new Map<string, typeof graph.relationships>();
  for (const rel of graph.relationships) {
    byFile.set(rel.file, [...(byFile.get(rel.file) ?? []), rel]);
  }
  const changed = new Map<string, number>();
  for (const [file, rels] of byFile) {
    const path = join(SEED_DIR, '..', file);
    const doc = parseDocument(readFileSync(path, 'utf8'));
    const list = doc.get('relationships', true);
    if (!isSeq(list)) continue;
    let count = 0;
    for (const item of list.items) {
      if (!isMap(item)) continue;
      const from = String(item.get('from'));
      const type = String(item.get('type'));
      const to = String(item.get('to'));
      const key = item.get('key');
      const rel = rels.find((r) => r.from === from && r.type === type && r.to === to && (key === undefined || r.id.endsWith(`#${key}`)));
      const citations = item.get('citations', true);
      if (!rel || !isSeq(citations)) continue;
      citations.items.forEach((node, i) => {
        // An alias (*shared-quote) points at a citation list anchored elsewhere; that one is updated there.
        const citation = isMap(node) ? (node as YAMLMap) : undefined;
        const location = rel.citations[i]?.location;
        if (!citation || !location) return;
        const at = citation.get('at', true);
        if (isMap(at) && at.get('paragraph') === location.paragraph && at.get('offset') === location.offset) return;
        const value = doc.createNode({ paragraph: location.paragraph, offset: location.offset });
        value.flow = true;
        citation.set('at', value);
        count++;
      });
    }
    if (count > 0) {
      writeFileSync(path, doc.toString({ lineWidth: 0 }));
      changed.set(file, count);
    }
  }
  return changed;
}

/**
 * Records the check of each source whose text was at hand as a file and whose quotes were all found
 * (the graph validated): `checkedDigest` (the text's digest) and `checkedOn` (`today`, kept when the
 * digest is the one recorded already), on the lines after `sha256`. Edits the text in place (the rest of
 * the file stays byte for byte). Returns the ids recorded, per file.
 */
export function writeCheckRecords(graph: SeedGraph, today: string): Map<string, string[]> {
  const cited = new Set(graph.relationships.flatMap((r) => r.sourceIds));
  const digests = new Map(graph.texts.filter((t) => t.from === 'file').map((t) => [t.sourceId, t.digest]));
  const byFile = new Map<string, Map<string, string>>();
  for (const source of graph.sources) {
    const digest = digests.get(source.id);
    if (!digest || !cited.has(source.id)) continue;
    if (source.properties.checkedDigest === digest && typeof source.properties.checkedOn === 'string') continue;
    byFile.set(source.file, (byFile.get(source.file) ?? new Map()).set(source.id, digest));
  }
  const written = new Map<string, string[]>();
  for (const [file, records] of byFile) {
    const path = resolve(SEED_DIR, '..', file);
    let text = readFileSync(path, 'utf8');
    const list = parseDocument(text).get('records', true);
    if (!isSeq(list)) continue;
    // Edits as [start, end, replacement], applied from the end so earlier offsets stay valid.
    const edits: Array<[number, number, string]> = [];
    const ids: string[] = [];
    for (const item of list.items) {
      if (!isMap(item)) continue;
      const id = item.get('id');
      const digest = typeof id === 'string' ? records.get(id) : undefined;
      if (!digest) continue;
      const pairOf = (key: string) => item.items.find((p) => isScalar(p.key) && p.key.value === key);
      const keepDay = item.get('checkedDigest') === digest && item.has('checkedOn');
      const values: Array<[string, string]> = [['checkedDigest', digest], ...(keepDay ? [] : ([['checkedOn', today]] as Array<[string, string]>))];
      const missing: string[] = [];
      for (const [key, value] of values) {
        const pair = pairOf(key);
        const range = pair && isScalar(pair.value) ? pair.value.range : undefined;
        if (range) edits.push([range[0], range[1], value]);
        else missing.push(key);
      }
      if (missing.length > 0) {
        // New lines right after the line of `sha256` (or of `id`), indented like it.
        const anchor = pairOf('sha256') ?? pairOf('id');
        const keyRange = anchor && isScalar(anchor.key) ? anchor.key.range : undefined;
        if (!keyRange) continue;
        const lineStart = text.lastIndexOf('\n', keyRange[0]) + 1;
        const indent = ' '.repeat(keyRange[0] - lineStart);
        const lineEnd = text.indexOf('\n', keyRange[0]);
        const at = lineEnd < 0 ? text.length : lineEnd + 1;
        const lines = missing.map((key) => `${indent}${key}: ${values.find(([k]) => k === key)![1]}\n`).join('');
        edits.push([at, at, lines]);
      }
      ids.push(id as string);
    }
    for (const [from, to, replacement] of edits.sort((a, b) => b[0] - a[0])) text = text.slice(0, from) + replacement + text.slice(to);
    if (ids.length > 0) {
      writeFileSync(path, text);
      written.set(file, ids);
    }
  }
  return written;
}
