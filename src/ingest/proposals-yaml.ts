// Proposals as seed YAML (seed/data/relationships/ format), ready for an editor to review, trim and move
// into the seed: the assistant's score, action and rules ride along as comments, so the file loads as is.
import type { Ontology } from '../ontology/ontology.ts';
import type { Proposal } from './proposal.ts';

const q = (s: string) => JSON.stringify(s.replace(/\s+/g, ' '));

function paragraphOf(text: string, offset: number): number {
  let paragraph = 0;
  let lineHasText = false;
  for (let i = 0; i <= offset && i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\n') lineHasText = false;
    else if (!lineHasText && !/\s/.test(ch)) {
      lineHasText = true;
      paragraph++;
    }
  }
  return paragraph;
}

function dateYaml(date: NonNullable<Proposal['citations'][number]['date']>): string {
  const parts: string[] = [];
  if (date.on) parts.push(`on: ${q(date.on)}`);
  if (date.between) parts.push(`between: [${date.between.join(', ')}]`);
  if (date.unknown) parts.push('unknown: true');
  parts.push(`text: ${q(date.text)}`);
  if (date.resolvedAgainst) parts.push(`resolvedAgainst: ${date.resolvedAgainst}`);
  if (date.note) parts.push(`note: ${q(date.note)}`);
  return `{ ${parts.join(', ')} }`;
}

function citationLines(p: Proposal, text: string, indent: string): string[] {
  const out: string[] = [];
  for (const c of p.citations) {
    out.push(`${indent}- source: ${c.sourceId}`, `${indent}  quote: ${q(c.quote)}`);
    out.push(`${indent}  mentions: { from: ${q(c.mentions.from)}, to: ${q(c.mentions.to)} }`);
    out.push(`${indent}  at: { paragraph: ${paragraphOf(text, c.offset)}, offset: ${c.offset} }`);
  }
  return out;
}

/**
 * New claims go under `relationships:` (the seed's shape: the file loads once reviewed); citations for
 * relationships the seed already holds go under `citationsToAdd:`, which the loader ignores, for the
 * editor to merge into each relationship (a second record of one relationship would be a duplicate).
 */
export function proposalsYaml(proposals: readonly Proposal[], text: string, ontology: Ontology, header: string): string {
  const out: string[] = [`# ${header}`, '# Review every item: accept, edit or delete it before moving it into seed/data/relationships/.', 'relationships:'];
  const fresh = proposals.filter((p) => p.action === 'new-claim');
  const corroborating = proposals.filter((p) => p.action === 'add-citation');
  if (fresh.length === 0) out[out.length - 1] = 'relationships: []';
  for (const p of fresh) {
    out.push(`  # score ${p.score} · new claim · ${p.assistantVersion}`);
    out.push(`  # rules: ${p.rules.join(', ')}`);
    if (p.newEntities) out.push(`  # names a candidate new entity (${p.newEntities.map((n) => `${n.id}: "${n.name}", ${n.kind}`).join('; ')}): record it in seed/data first, then use its id`);
    out.push(`  - type: ${p.type}`, `    from: ${p.from}`, `    to: ${p.to}`);
    if (p.modality !== ontology.defaultModality) out.push(`    modality: ${p.modality}`);
    const dated = p.citations.find((c) => c.date && !c.date.unknown);
    if (dated && ontology.relationshipTypes.get(p.type)?.properties.date?.type === 'partialDate') out.push(`    date: ${dateYaml(dated.date!)}`);
    out.push('    citations:', ...citationLines(p, text, '      '));
  }
  if (corroborating.length > 0) {
    out.push('# Citations for relationships the seed already holds: merge each into its relationship.', 'citationsToAdd:');
    for (const p of corroborating) {
      out.push(`  # score ${p.score} · independent sources after: ${p.independentSourcesAfter} · rules: ${p.rules.join(', ')}`);
      out.push(`  - relationship: ${p.from}.${p.type}.${p.to}`, `    modality: ${p.modality}`, '    citations:', ...citationLines(p, text, '      '));
    }
  }
  return `${out.join('\n')}\n`;
}
