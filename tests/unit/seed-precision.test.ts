// Issue 22, the validator's second pass: hedges are read over the whole sentence a quote is cut from
// (attribution to a teller is a hedge, except on REPORTED), a government's metonym never names the
// country, and a quote counts as independent support only when it states the link. Each rule fails a
// small fixture with file, line and id; the real seed passes with the texts at hand.
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadOntology } from '../../src/ontology/ontology.ts';
import { SourceText } from '../../src/seed/quotes.ts';
import { readSeed } from '../../src/seed/read-seed.ts';
import { validateSeed } from '../../src/seed/validate-seed.ts';
import { FIXTURE_SOURCES, fixtureSeed, problemsOf, removeFixtureSeeds } from '../support/seed-fixture.ts';

const ontology = loadOntology();
const temps: string[] = [];
afterAll(() => {
  temps.forEach((d) => rmSync(d, { recursive: true, force: true }));
  removeFixtureSeeds();
});

const HEDGED_TEXT = [
  'According to Fixture Wire, Ruritania’s controls target Graustark.',
  'Fixture Wire reported that Ruritania targets widget chips.',
  'Strelsau is locked in a trade war with Graustark.',
  'The Strelsau Widget Board met on Monday. It met again, Mr. Smith said on Tuesday.',
  '',
].join('\n');

/** The fixture texts plus one with hedged sentences, and a seed that knows it as `fixture-hedged`. */
function hedgedFixture(edits: Record<string, (text: string) => string> = {}): { dir: string; sources: string } {
  const sources = mkdtempSync(join(tmpdir(), 'chokepoint-sources-'));
  temps.push(sources);
  cpSync(FIXTURE_SOURCES, sources, { recursive: true });
  writeFileSync(join(sources, 'fixture-hedged.txt'), HEDGED_TEXT);
  const sha = createHash('sha256').update(HEDGED_TEXT).digest('hex');
  const sourceRecord = `  - id: fixture-hedged\n    type: news_report\n    file: fixture-hedged.txt\n    sha256: ${sha}\n    urlNote: An invented text for tests; it has no address.\n`;
  const dir = fixtureSeed({
    'sources.yaml': (t) => `${t}${sourceRecord}`,
    ...edits,
  });
  return { dir, sources };
}

const targetsGraustark = (citation: string, modality = '') => (t: string) =>
  t.replace(
    /  - type: TARGETS\n    from: ruritania-widget-controls\n    to: graustark\n    citations:\n(.*\n)*$/,
    `  - type: TARGETS\n    from: ruritania-widget-controls\n    to: graustark\n${modality}    citations:\n${citation}`,
  );

describe('sentences of a source text', () => {
  it('finds the whole sentence around a cut quote, past abbreviations and closing quotes', () => {
    const text = new SourceText(HEDGED_TEXT);
    expect(text.sentenceOf('Ruritania’s controls target Graustark')).toBe('According to Fixture Wire, Ruritania’s controls target Graustark.');
    expect(text.sentenceOf('met again')).toBe('It met again, Mr. Smith said on Tuesday.');
    expect(text.sentenceOf('Strelsau Widget Board')).toBe('The Strelsau Widget Board met on Monday.');
    expect(new SourceText('It said China “is the only one.”The strategy offers measures.').sentenceOf('The strategy')).toBe('The strategy offers measures.');
    expect(text.sentenceOf('not in the text')).toBeUndefined();
  });
});

describe('hedges over the whole sentence', () => {
  const cut = '      - source: fixture-hedged\n        quote: "Ruritania’s controls target Graustark."\n';

  it('rejects a stated claim whose quote is cut from "According to …", with file, line and id', () => {
    const { dir, sources } = hedgedFixture({ 'relationships/all.yaml': targetsGraustark(cut) });
    expect(problemsOf(dir, sources)).toEqual([
      {
        file: expect.stringContaining('relationships/all.yaml'),
        line: 23,
        id: 'ruritania-widget-controls.TARGETS.graustark',
        problem: expect.stringMatching(/^modality is 'stated' \(the default\), but every quote hedges the claim: citation 1 \(its whole sentence\) says "according to" \(reported\)/),
      },
    ]);
    // The quote alone carries no cue: only the sentence shows the hedge.
    expect(problemsOf(dir, null)).toEqual([]);
  });

  it('accepts it as reported when the sentence carries the cue, and needs the cue in a quote when the texts are absent', () => {
    const { dir, sources } = hedgedFixture({ 'relationships/all.yaml': targetsGraustark(cut, '    modality: reported\n') });
    expect(problemsOf(dir, sources)).toEqual([]);
    expect(problemsOf(dir, null)).toEqual([
      expect.objectContaining({ id: 'ruritania-widget-controls.TARGETS.graustark', problem: expect.stringMatching(/^modality is 'reported', but no quote carries one of its cue words/) }),
    ]);
  });

  it('lets a curator say why the cue hedges another clause, and rejects an empty or stale reason', () => {
    const reasoned = hedgedFixture({ 'relationships/all.yaml': targetsGraustark(`${cut}        cueOutside: the wire is the reporter, not a doubter\n`) });
    expect(problemsOf(reasoned.dir, reasoned.sources)).toEqual([]);
    const empty = hedgedFixture({ 'relationships/all.yaml': targetsGraustark(`${cut}        cueOutside: ""\n`) });
    expect(problemsOf(empty.dir, empty.sources).map((p) => p.problem)).toEqual([
      `citation 1: 'cueOutside' must say why the sentence's cue words hedge another clause, not this claim; got ""`,
    ]);
    const stale = hedgedFixture({
      'relationships/all.yaml': targetsGraustark('      - source: fixture-hedged\n        quote: "Strelsau is locked in a trade war with Graustark."\n        cueOutside: nothing to explain\n'),
    });
    expect(problemsOf(stale.dir, stale.sources).map((p) => p.problem)).toEqual(["citation 1: has 'cueOutside', but its sentence carries no cue word: remove it"]);
  });

  it('treats attribution as the fact on REPORTED, and as a hedge elsewhere', () => {
    const reported = 'Fixture Wire reported that Ruritania targets widget chips.';
    const agency = '  - id: fixture-wire-agency\n    name: Fixture Wire\n    type: media\n';
    const { dir, sources } = hedgedFixture({
      'entities.yaml': (t) => `${t}${agency}`,
      'relationships/all.yaml': (t) =>
        `${t}  - type: REPORTED\n    from: fixture-wire-agency\n    to: ruritania-widget-controls\n    citations:\n      - source: fixture-hedged\n        quote: "${reported}"\n`,
    });
    expect(problemsOf(dir, sources)).toEqual([]);
    const hedged = hedgedFixture({
      'entities.yaml': (t) => `${t}${agency}`,
      'relationships/all.yaml': (t) =>
        `${targetsGraustark(`      - source: fixture-hedged\n        quote: "${reported}"\n`)(t)}  - type: REPORTED\n    from: fixture-wire-agency\n    to: ruritania-widget-controls\n    citations:\n      - source: fixture-hedged\n        quote: "${reported}"\n`,
    });
    expect(problemsOf(hedged.dir, hedged.sources)).toEqual([
      expect.objectContaining({ id: 'ruritania-widget-controls.TARGETS.graustark', problem: expect.stringContaining('"reported that" (reported)') }),
    ]);
  });
});

describe('metonyms', () => {
  it('rejects a government’s alias recorded as naming a country', () => {
    const { dir, sources } = hedgedFixture({
      'relationships/all.yaml': (t) =>
        `${t}  - type: COMPETES_WITH\n    from: graustark\n    to: ruritania\n    citations:\n      - source: fixture-hedged\n        quote: "Strelsau is locked in a trade war with Graustark."\n        mentions: { from: Graustark, to: Strelsau }\n`,
      'places.yaml': (t) => t.replace(/    unlinkedReason: .*\n/, ''),
    });
    expect(problemsOf(dir, sources)).toEqual([
      {
        file: expect.stringContaining('relationships/all.yaml'),
        line: 29,
        id: 'graustark.COMPETES_WITH.ruritania',
        problem:
          "citation 1: mentions.to 'Strelsau' is a name of the government 'ruritania-government' (a metonym: docs/data-guide.md, \"Citation rules\"), " +
          "but the to end is the Country 'ruritania'; cite this sentence on a relationship of 'ruritania-government', or cite one that names 'ruritania'",
      },
    ]);
  });
});

describe('independent support', () => {
  const board = '  - id: strelsau-widget-board\n    name: Strelsau Widget Board\n    type: agency\n    country: ruritania\n';
  const partOf = (extra: string) => (t: string) =>
    `${t}  - type: PART_OF\n    from: strelsau-widget-board\n    to: ruritania-government\n    citations:\n      - source: fixture-hedged\n        quote: "The Strelsau Widget Board met on Monday."\n        mentions: { from: Strelsau Widget Board, to: Strelsau }\n${extra}`;

  it('rejects a quote that derives a link from a name', () => {
    const { dir, sources } = hedgedFixture({ 'entities.yaml': (t) => `${t}${board}`, 'relationships/all.yaml': partOf('') });
    expect(problemsOf(dir, sources)).toEqual([
      {
        file: expect.stringContaining('relationships/all.yaml'),
        line: 29,
        id: 'strelsau-widget-board.PART_OF.ruritania-government',
        problem:
          "citation 1: the quote derives the link from a name ('Strelsau' occurs only inside 'Strelsau Widget Board'), so it does not state it; " +
          "cite a sentence that states the link (or an editors' reference), and mark this citation 'support: names' (it then counts 0 independent sources)",
      },
    ]);
  });

  it('counts a citation marked support: names as no independent source, and rejects an unknown support', () => {
    const { dir, sources } = hedgedFixture({ 'entities.yaml': (t) => `${t}${board}`, 'relationships/all.yaml': partOf('        support: names\n') });
    const { graph, problems } = validateSeed(readSeed(dir), ontology, { sourcesDir: sources });
    expect(problems).toEqual([]);
    const rel = graph.relationships.find((r) => r.id === 'strelsau-widget-board.PART_OF.ruritania-government')!;
    expect(rel.sourceIds).toEqual(['fixture-hedged']);
    expect(rel.independentSources).toBe(0);
    // The same quote without the mark would count (had it passed): the ISSUED with two stories counts 2.
    expect(graph.relationships.find((r) => r.id === 'ruritania-government.ISSUED.ruritania-widget-controls')!.independentSources).toBe(2);
    const bad = hedgedFixture({ 'entities.yaml': (t) => `${t}${board}`, 'relationships/all.yaml': partOf('        support: maybe\n') });
    expect(problemsOf(bad.dir, bad.sources).map((p) => p.problem)).toEqual([`citation 1: 'support' is "maybe"; allowed: states, names (default: states)`]);
  });
});

describe('the real seed after the second audit (issue 22)', () => {
  const graph = validateSeed(readSeed(), ontology).graph;
  const rel = (id: string) => {
    const found = graph.relationships.find((r) => r.id === id);
    expect(found, id).toBeDefined();
    return found!;
  };

  it('row 1–2: claims cut from sentences attributed to Reuters or Xinhua are reported', () => {
    for (const id of [
      'xi-politburo-study-session-remarks.PROMOTES.key-core-technologies',
      'xi-politburo-study-session-remarks.FOLLOWS.xi-2021-talent-speech',
      'xi-jinping.ISSUED.xi-2021-talent-speech',
      'xi-2021-talent-speech.PURSUES.leading-country-by-2035',
      'xi-jiangsu-remarks-2023-07.PROMOTES.key-core-technologies',
    ]) {
      expect(rel(id).modality, id).toBe('reported');
    }
    // The aim of curbs only announced is itself announced, like what they target.
    expect(rel('china-metal-export-curbs-2023-07.PURSUES.china-national-security-and-interests').modality).toBe('announced');
  });

  it('row 3: the call on state-owned enterprises cites only the sentence that says Xi turned to them', () => {
    const quotes = rel('xi-self-reliance-drive.CALLS_ON.chinese-state-owned-enterprises').citations.map((c) => c.quote);
    expect(quotes).toEqual(['even turning to state-owned enterprises to win the “battle” of important core technologies and ensure China’s industrial security']);
  });

  it('row 4: "Beijing … Washington" is cited on the governments, not on the countries', () => {
    const countries = rel('china.COMPETES_WITH.united-states');
    expect(countries.citations.map((c) => c.mentionsFrom)).not.toContain('Beijing');
    expect(graph.relationships.some((r) => r.id === 'china.COMPETES_WITH.the-west')).toBe(false);
    expect(rel('chinese-government.COMPETES_WITH.the-west').citations[0]!.mentionsFrom).toBe('Beijing');
  });

  it('row 6: part-of links no article states count no independent source', () => {
    expect(rel('trump-administration.PART_OF.us-government').independentSources).toBe(0);
    const pbsc = rel('politburo-standing-committee.PART_OF.politburo');
    expect(pbsc.independentSources).toBe(0);
    expect(pbsc.sourceIds).toEqual(['chokepoint-curation-links', 'xi-science-conference-2024']);
  });

  it('row 9: "a greater sense of urgency" is in a quote, so searchEvidence finds it', () => {
    const quotes = graph.relationships.flatMap((r) => r.citations.map((c) => c.quote));
    expect(quotes.some((q) => q.includes('greater sense of urgency'))).toBe(true);
  });
});
