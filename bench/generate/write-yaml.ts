// Writes a generated graph as YAML seed files, so the project's own validator (and `npm run seed`) can
// read it: the proof that the generator stays inside the ontology and the citation rules.
// Modality is left out: `stated` is the validator's default (contract 1).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { PartialDate } from '../../src/ontology/partial-date.ts';
import type { SeedNode } from '../../src/seed/validate-seed.ts';
import type { GeneratedGraph } from './generate-graph.ts';

const FILES: Record<string, string> = { Source: 'sources.yaml', Country: 'countries.yaml', Actor: 'actors.yaml', Policy: 'policies.yaml', Technology: 'technologies.yaml' };
/** Relationships per file: well under the seed's file size limit. */
const PER_FILE = 2_000;

function yamlDate(date: PartialDate): Record<string, string> {
  if (date.precision !== 'day' || !date.start) throw new Error(`the generator writes only whole days; got ${JSON.stringify(date)}`);
  return { on: date.start };
}

function record(node: SeedNode): Record<string, unknown> {
  const out: Record<string, unknown> = { id: node.id, ...node.properties };
  for (const [name, date] of Object.entries(node.dates)) out[name] = yamlDate(date);
  return out;
}

/** Returns how many files were written. */
export function writeYamlSeed(graph: GeneratedGraph, dir: string): number {
  mkdirSync(join(dir, 'relationships'), { recursive: true });
  const byKind = new Map<string, SeedNode[]>();
  for (const node of [...graph.sources, ...graph.entities]) byKind.set(node.kind, [...(byKind.get(node.kind) ?? []), node]);
  let files = 0;
  for (const [kind, nodes] of byKind) {
    writeFileSync(join(dir, FILES[kind]!), stringify({ kind, records: nodes.map(record) }, { lineWidth: 0 }));
    files++;
  }
  let buffer: unknown[] = [];
  const flush = () => {
    if (buffer.length === 0) return;
    writeFileSync(join(dir, 'relationships', `generated-${String(files).padStart(4, '0')}.yaml`), stringify({ relationships: buffer }, { lineWidth: 0 }));
    files++;
    buffer = [];
  };
  for (const batch of graph.relationships) {
    for (const rel of batch) {
      const out: Record<string, unknown> = { type: rel.type, from: rel.from, to: rel.to, ...rel.properties };
      for (const [name, date] of Object.entries(rel.dates)) out[name] = yamlDate(date);
      out.citations = rel.citations.map((c) => ({ source: c.source, quote: c.quote }));
      buffer.push(out);
      if (buffer.length >= PER_FILE) flush();
    }
  }
  flush();
  return files;
}
