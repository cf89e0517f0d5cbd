// Data checks across records: an entity no relationship names needs a recorded reason, a name or alias
// identifies one entity, and part–whole links join entities of one kind. Each fails on a small bad
// fixture and passes on the real seed.
import { afterAll, describe, expect, it } from 'vitest';
import { loadOntology } from '../../src/ontology/ontology.ts';
import { readSeed } from '../../src/seed/read-seed.ts';
import { validateSeed } from '../../src/seed/validate-seed.ts';
import { fixtureSeed, problemsOf, removeFixtureSeeds } from '../support/seed-fixture.ts';

afterAll(removeFixtureSeeds);

const ORPHAN = "no relationship names this Country: every entity needs at least one cited relationship, or 'unlinkedReason' saying why the sources state none";

describe('orphan entities', () => {
  it('rejects an entity no relationship names, with file, line and what is allowed', () => {
    const dir = fixtureSeed({ 'places.yaml': (t) => `${t}  - id: strelsau-land\n    name: Strelsau Land\n` });
    expect(problemsOf(dir)).toEqual([{ file: expect.stringContaining('places.yaml'), line: 8, id: 'strelsau-land', problem: ORPHAN }]);
  });

  it('accepts one whose record says why, and rejects a reason on a linked entity', () => {
    const withReason = fixtureSeed({ 'places.yaml': (t) => `${t}  - id: strelsau-land\n    name: Strelsau Land\n    unlinkedReason: Named once; nothing is said of it.\n` });
    expect(problemsOf(withReason)).toEqual([]);
    const stale = fixtureSeed({ 'places.yaml': (t) => t.replace('    name: Graustark\n', '    name: Graustark\n    unlinkedReason: Not linked.\n') });
    expect(problemsOf(stale)).toEqual([
      expect.objectContaining({ id: 'graustark', problem: "has 'unlinkedReason', but 1 relationship(s) name it: remove the reason" }),
    ]);
  });

  it('counts a relationship that fails for another reason, so its endpoints are not reported too', () => {
    const dir = fixtureSeed({ 'relationships/all.yaml': (t) => t.replace('quote: "The controls target Graustark, officials said."', 'quote: ""') });
    expect(problemsOf(dir).map((p) => p.id)).toEqual(['ruritania-widget-controls.TARGETS.graustark']);
  });

  it('waits while a relationship names an unknown id (most likely a misspelling of the orphan)', () => {
    const dir = fixtureSeed({ 'relationships/all.yaml': (t) => t.replace('    to: graustark\n', '    to: graustrak\n') });
    expect(problemsOf(dir).map((p) => p.problem)).toEqual(["'to' is 'graustrak', which is not a known entity id"]);
  });
});

describe('names shared by two entities', () => {
  it('rejects a name or alias that another entity has, comparing as look-ups do', () => {
    const dir = fixtureSeed({
      'things.yaml': (t) => `${t}  - id: gadget-chips\n    name: Gadget chips\n    type: product\n    aliases: [Widget  CHIPS]\n`,
      // The quote is cut from "Ruritania announced export controls …": what announced controls target is announced.
      'relationships/all.yaml': (t) =>
        `${t}  - type: TARGETS\n    from: ruritania-widget-controls\n    to: gadget-chips\n    modality: announced\n    citations:\n      - source: fixture-wire-a\n        quote: "export controls on widget chips"\n`,
    });
    expect(problemsOf(dir)).toEqual([
      {
        file: expect.stringContaining('things.yaml'),
        line: 6,
        id: 'gadget-chips',
        problem:
          "alias 'Widget  CHIPS' is also the name 'Widget chips' of 'widget-chips' (" +
          `${dir}/things.yaml:3); a name or alias must identify one entity: keep it on one, or merge the two records if they are the same thing`,
      },
    ]);
  });

  it('lets an entity repeat its own name among its aliases', () => {
    const dir = fixtureSeed({ 'things.yaml': (t) => t.replace('    name: Widget chips\n', '    name: Widget chips\n    aliases: [widget chips, widget-chips]\n') });
    expect(problemsOf(dir)).toEqual([]);
  });
});

describe('part–whole links', () => {
  it('join two entities of the same kind', () => {
    const dir = fixtureSeed({
      'relationships/all.yaml': (t) =>
        `${t}  - type: PART_OF\n    from: widget-chips\n    to: ruritania-widget-controls\n    citations:\n      - source: fixture-wire-a\n        quote: "export controls on widget chips"\n`,
    });
    expect(problemsOf(dir)).toEqual([
      expect.objectContaining({
        id: 'widget-chips.PART_OF.ruritania-widget-controls',
        problem: "PART_OF joins two entities of the same kind; 'widget-chips' is a Technology and 'ruritania-widget-controls' is a Policy",
      }),
    ]);
  });
});

describe('the real seed', () => {
  it('has no orphan without a reason, no shared name, and every reason is still needed', () => {
    const { problems, graph } = validateSeed(readSeed(), loadOntology());
    expect(problems).toEqual([]);
    const reasons = graph.entities.filter((e) => e.properties.unlinkedReason !== undefined).map((e) => e.id);
    expect(reasons.length).toBeLessThanOrEqual(3);
  });
});
