// Modality: the vocabulary loads from schema/ontology/modality.yaml (and fails loudly when it is wrong),
// cue words are found as whole words, and the validator rejects unknown modalities, claims whose
// modality contradicts their quotes, and ISSUED edges that disagree with the policy's status.
import { cpSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cuesIn, modalityCueProblem } from '../../src/ontology/modality.ts';
import { loadOntology, ONTOLOGY_DIR, OntologyError } from '../../src/ontology/ontology.ts';
import { prepareSeed } from '../../src/seed/load-seed.ts';
import { fixtureSeed, problemsOf, removeFixtureSeeds } from '../support/seed-fixture.ts';

const ontology = loadOntology();
const temps: string[] = [];
afterAll(() => {
  temps.forEach((d) => rmSync(d, { recursive: true, force: true }));
  removeFixtureSeeds();
});

const cues = (quote: string) => cuesIn(quote, ontology).map((c) => `${c.modality}:${c.cue}`);

describe('the modality vocabulary', () => {
  it('has the six agreed keys, each described, with stated as the default', () => {
    expect([...ontology.modalities.keys()]).toEqual(['stated', 'announced', 'proposed', 'under_consideration', 'reported', 'denied']);
    expect(ontology.defaultModality).toBe('stated');
    for (const def of ontology.modalities.values()) expect(def.description.length, def.key).toBeGreaterThan(20);
    expect(ontology.statusBearingTypes).toEqual(['ISSUED']);
  });

  it('fails loudly, naming the file and every problem', () => {
    const dir = mkdtempSync(join(tmpdir(), 'chokepoint-modality-'));
    temps.push(dir);
    cpSync(ONTOLOGY_DIR, dir, { recursive: true });
    writeFileSync(
      join(dir, 'modality.yaml'),
      [
        'default: asserted',
        'statusBearingTypes: [ISSUED, OWNS]',
        'modalities:',
        '  stated: { description: Stated as fact by the source text., policyStatuses: [in_force, delivered] }',
        '  Rumoured: { description: "", cues: [considering] }',
        '  under_consideration: { description: Being considered by the actor., cues: [considering], policyStatuses: [pending] }',
      ].join('\n'),
    );
    try {
      loadOntology(dir);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(OntologyError);
      const problems = (error as OntologyError).problems;
      const file = join(dir, 'modality.yaml');
      expect(problems).toEqual(
        expect.arrayContaining([
          `${file}: 'default' is 'asserted'; it must be one of: stated, Rumoured, under_consideration`,
          `${file}: modality 'Rumoured' must be a snake_case key`,
          `${file}: modality 'Rumoured' needs a description`,
          `${file}: cue 'considering' is listed under both 'Rumoured' and 'under_consideration'`,
          expect.stringMatching(/modality 'under_consideration' names policy status 'pending'; Policy statuses are: in_force, /),
          `${file}: no modality agrees with the policy status 'agreed'; list it under one modality's 'policyStatuses'`,
          `${file}: 'statusBearingTypes' names 'OWNS', which is not a relationship type`,
        ]),
      );
    }
    unlinkSync(join(dir, 'modality.yaml'));
    expect(() => loadOntology(dir)).toThrow(`${join(dir, 'modality.yaml')}: missing`);
  });
});

describe('cue words', () => {
  it('finds hedges as whole words, ignoring case', () => {
    expect(cues('Washington is considering new limitations on sales of artificial intelligence microchips.')).toEqual(['under_consideration:considering']);
    expect(cues('The US Treasury Department last week said it was proposing new rules')).toEqual(['proposed:proposing']);
    expect(cues('China’s President Xi reportedly said on Tuesday')).toEqual(['reported:reportedly']);
    expect(cues('ACCORDING TO Reuters, Xi also said')).toEqual(['reported:according to']);
    expect(cues('China hastily announced export curbs on two metals')).toEqual(['announced:announced']);
  });

  it('leaves genuine statements alone', () => {
    expect(cues('Xi considered the importance of gaining scientific and technological breakthroughs as a strategic need for the regime.')).toEqual([]);
    expect(cues('He said, “We will accelerate the realization of a high level of technological self-sufficiency.”')).toEqual([]);
    expect(cues('Those US regulations passed in early October dramatically restricted the sale of chips.')).toEqual([]);
    expect(cues('Its benefits outweighs the costs; an unproposed idea.')).toEqual([]);
  });

  it('decides agreement from all the quotes of a claim', () => {
    const considering = 'The U.S. government is considering new restrictions on the sale of artificial intelligence microchips';
    expect(modalityCueProblem('stated', [considering], ontology)).toMatch(
      /^modality is 'stated' \(the default\), but every quote hedges the claim: citation 1 says "considering" \(under_consideration\); set 'modality' to what the quotes say \(one of: stated, announced, proposed, under_consideration, reported, denied\)/,
    );
    expect(modalityCueProblem('stated', [considering, 'Washington unveiled strict measures.'], ontology)).toBeUndefined();
    expect(modalityCueProblem('under_consideration', [considering], ontology)).toBeUndefined();
    expect(modalityCueProblem('proposed', [considering], ontology)).toMatch(/^modality is 'proposed', but no quote carries one of its cue words \(proposed, proposing, proposal, draft\): citation 1 says "considering"/);
  });
});

describe('the validator', () => {
  const issued = (text: string) => text.replace('    modality: announced\n', '');

  it('applies the default and records the modality on each relationship', () => {
    const graph = prepareSeed(ontology, { dataDir: 'tests/fixtures/seed-minimal', sourcesDir: 'tests/fixtures/sources' });
    const byId = Object.fromEntries(graph.relationships.map((r) => [r.id, r.modality]));
    expect(byId['ruritania-government.ISSUED.ruritania-widget-controls']).toBe('announced');
    expect(byId['ruritania-widget-controls.TARGETS.graustark']).toBe('stated');
  });

  it('rejects an unknown modality, listing the allowed ones', () => {
    const dir = fixtureSeed({ 'relationships/all.yaml': (t) => t.replace('modality: announced', 'modality: rumoured') });
    expect(problemsOf(dir)).toEqual([
      expect.objectContaining({
        file: expect.stringContaining('relationships/all.yaml'),
        line: 2,
        id: 'ruritania-government.ISSUED.ruritania-widget-controls',
        problem: 'modality "rumoured" is not allowed; allowed: stated, announced, proposed, under_consideration, reported, denied (default: stated)',
      }),
    ]);
  });

  it('rejects a stated ISSUED whose only quote says "is considering"', () => {
    const dir = fixtureSeed({
      'policies.yaml': (t) => t.replace('status: announced', 'status: in_force'),
      'relationships/all.yaml': (t) =>
        issued(t).replace(
          /citations:\n(      - source: fixture-wire-a\n        quote: "Ruritania announced export controls on widget chips on Monday."\n        mentions: \{ from: Ruritania \}\n)(.*\n){4}/,
          'citations:\n      - source: fixture-wire-a\n        quote: "Ruritania is considering export controls on widget chips."\n',
        ),
    });
    const problems = problemsOf(dir, null);
    expect(problems).toEqual([
      expect.objectContaining({
        id: 'ruritania-government.ISSUED.ruritania-widget-controls',
        problem: expect.stringMatching(/^modality is 'stated' \(the default\), but every quote hedges the claim: citation 1 says "considering" \(under_consideration\)/),
      }),
    ]);
  });

  it('rejects an ISSUED whose modality disagrees with the policy’s status', () => {
    const dir = fixtureSeed({ 'relationships/all.yaml': issued });
    expect(problemsOf(dir)).toEqual([
      expect.objectContaining({
        id: 'ruritania-government.ISSUED.ruritania-widget-controls',
        problem:
          "ISSUED has modality 'stated', but the policy 'ruritania-widget-controls' has status 'announced'; 'stated' agrees with status " +
          "in_force, agreed, delivered, awarded, held, unknown — set modality to announced, or correct the policy's status",
      }),
    ]);
  });

  it('passes the real seed, where every measure under consideration is issued as such', () => {
    const graph = prepareSeed(ontology);
    const considered = graph.relationships.filter((r) => r.type === 'ISSUED' && graph.entities.find((e) => e.id === r.to)?.properties.status === 'under_consideration');
    expect(considered.length).toBeGreaterThanOrEqual(2);
    for (const rel of considered) expect(rel.modality, rel.id).toBe('under_consideration');
  });
});
