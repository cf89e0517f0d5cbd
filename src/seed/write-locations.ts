// Fills in `at: {paragraph, offset}` on every citation whose quote is found in its source text, so the
// location travels with the data (a deployment has the seed files but not the articles). Comments and
// layout of the YAML files are preserved.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMap, isSeq, parseDocument, type YAMLMap } from 'yaml';
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
