// The README's table of what the graph holds is kept true: it must match the seed data.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadOntology } from '../../src/ontology/ontology.ts';
import { prepareSeed } from '../../src/seed/load-seed.ts';

describe('README', () => {
  it('states the counts of the seed data', () => {
    const readme = readFileSync('README.md', 'utf8');
    const ontology = loadOntology();
    const graph = prepareSeed(ontology);
    const row = (label: string) => Number(new RegExp(`^\\| ${label.replace(/[()]/g, '\\$&')} \\| (\\d+) \\|$`, 'm').exec(readme)?.[1]);
    for (const kind of ontology.entityKinds) {
      expect(row(kind), kind).toBe(graph.entities.filter((e) => e.kind === kind).length);
    }
    expect(row('Source')).toBe(graph.sources.length);
    expect(row('Relationship (each cited)')).toBe(graph.relationships.length);
    expect(row('Citation (verbatim quote)')).toBe(graph.relationships.reduce((n, r) => n + r.citations.length, 0));
  });

  it('quick start is exactly the two commands', () => {
    const readme = readFileSync('README.md', 'utf8');
    expect(readme).toContain('```sh\nnpm install && npm start\n```');
    expect(readme).toContain('```sh\nnpm test\n```');
    expect(readFileSync('.ci/run', 'utf8')).toMatch(/^npm test$/m);
  });
});
