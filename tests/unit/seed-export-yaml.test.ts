// The curation export's YAML surgery (src/curation/seed-export.ts): removing or replacing a record that
// defines an anchor other records use (`citations: &six-areas [...]`, `*six-areas`) leaves those records
// with their value, and the rest of the file (comments, flow style) as it was.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isSeq, parse, parseDocument, type Node } from 'yaml';
import { replaceItem } from '../../src/curation/seed-export.ts';

const FILE = 'seed/data/relationships/technologies.yaml';

function withAnchor() {
  const text = readFileSync(FILE, 'utf8');
  const doc = parseDocument(text, { uniqueKeys: true });
  const list = doc.get('relationships', true);
  if (!isSeq(list)) throw new Error(`${FILE} has no relationships list`);
  const index = list.items.findIndex((item) => String((item as Node).toJSON(doc)?.from) === 'integrated-circuits' && (item as Node).toJSON(doc)?.type === 'AREA_OF');
  expect(index, 'the seed still defines &six-areas on integrated-circuits').toBeGreaterThanOrEqual(0);
  expect(text).toContain('*six-areas');
  return { text, doc, list, index, before: parse(text).relationships as Array<Record<string, any>> };
}

describe('replaceItem', () => {
  it('removes a record that defines an anchor: the records using it keep their citations', () => {
    const { doc, list, index, before } = withAnchor();
    replaceItem(doc, list, index, null);
    const out = doc.toString({ lineWidth: 0 });
    // The anchor moves to the next record that used it; the others still refer to it.
    expect(out).toMatch(/from: industrial-machine-tools, to: bottleneck-technologies, citations: &six-areas \[/);
    expect(out.match(/\*six-areas/g)).toHaveLength(4);
    const after = parse(out).relationships as Array<Record<string, any>>;
    expect(after).toHaveLength(before.length - 1);
    expect(after).toEqual(before.filter((_, i) => i !== index));
    // Comments stay.
    expect(out).toContain('# --- Xi\'s six "bottleneck" areas');
  });

  it('replaces a record in place, leaving every other record as it was', () => {
    const { doc, list, index, before } = withAnchor();
    const edited = { ...before[index], modality: 'announced' };
    replaceItem(doc, list, index, doc.createNode(edited) as Node);
    const out = doc.toString({ lineWidth: 0 });
    const after = parse(out).relationships as Array<Record<string, any>>;
    expect(after[index]).toEqual(edited);
    expect(out).toContain('# --- Xi\'s six "bottleneck" areas');
    expect(after.filter((_, i) => i !== index)).toEqual(before.filter((_, i) => i !== index));
  });
});
