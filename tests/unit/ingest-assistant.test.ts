// The ingestion assistant on invented sentences over a tiny hand-made graph: metonyms, "reportedly", a
// denial, a syndicated copy, dates, candidate entities; and its invariants — every quote verbatim at its
// offset, every proposal type-legal, the same output for the same graph and text — also over the five
// curated articles when their texts are at hand (../shared/sources).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { IngestResult } from '../../src/ingest/ingest-article.ts';
import { knownGraphFromSeed } from '../../src/ingest/known-graph.ts';
import { prepareSeed } from '../../src/seed/load-seed.ts';
import { projectPath } from '../../src/project-root.ts';
import { fixtureAssistant, fixtureGraph, lexicons, ontology, WIRE_QUOTES } from '../support/ingest-fixture.ts';
import { IngestAssistant } from '../../src/ingest/ingest-article.ts';
import { candidateKind } from '../../src/ingest/candidate-entities.ts';
import { nameVariants } from '../../src/ingest/mentions.ts';

const published = { start: '2030-01-11', end: '2030-01-11', precision: 'day' as const };
const assistant = fixtureAssistant();
const ingest = (text: string, sourceId = 'report-b') => assistant.ingest({ text, sourceId, published });
const find = (r: IngestResult, type: string, from: string, to: string) => r.proposals.find((p) => p.type === type && p.from === from && p.to === to);

function expectInvariants(result: IngestResult, text: string): void {
  for (const p of result.proposals) {
    const def = ontology.relationshipType(p.type);
    // A candidate new entity's kind is the one the assistant proposed for it.
    const kind = (id: string) => assistant.graph.entities.find((e) => e.id === id)?.kind ?? p.newEntities!.find((n) => n.id === id)!.kind;
    expect(def.from, `${p.type} from ${p.from}`).toContain(kind(p.from));
    expect(def.to, `${p.type} to ${p.to}`).toContain(kind(p.to));
    expect(p.citations.length).toBeGreaterThan(0);
    for (const c of p.citations) {
      expect(text.slice(c.offset, c.offset + c.quote.length)).toBe(c.quote);
      // The quote carries both mentions (the shortest span holding them and the cue).
      expect(c.quote).toContain(c.mentions.from);
      expect(c.quote).toContain(c.mentions.to);
      expect(ontology.modalities.has(c.modality)).toBe(true);
    }
    expect(p.score).toBeGreaterThan(0);
    expect(p.score).toBeLessThanOrEqual(1);
    expect(p.rules.length).toBeGreaterThan(0);
  }
}

describe('the assistant on tricky sentences', () => {
  it('reads a metonym ("Strelsau") as the government and proposes a citation for a known claim', () => {
    const text = 'Strelsau imposed export controls on widget chips on Friday.';
    const r = ingest(text);
    const p = find(r, 'ISSUED', 'ruritania-government', 'ruritania-widget-controls')!;
    expect(p).toBeDefined();
    expect(p.action).toBe('add-citation');
    // A new, independent story: the known claim had one story, now two.
    expect(p.independentSourcesAfter).toBe(2);
    expect(p.citations[0]!.quote).toBe('Strelsau imposed export controls on widget chips');
    expect(p.citations[0]!.date).toEqual({ on: '2030-01-11', text: 'Friday', resolvedAgainst: 'report-b' });
    expect(p.rules).toContain('cue:ISSUED:imposed');
    // The sentence has no modality cue; the measure is only announced, so the claim is too.
    expect(p.modality).toBe('announced');
    expect(p.rules).toContain('modality:policy-status:announced');
    expectInvariants(r, text);
  });

  it('reads a country that acts as its government (a metonym rule) and takes "announced" from the sentence', () => {
    const text = 'Ruritania announced the widget-chip controls.';
    const p = find(ingest(text), 'ISSUED', 'ruritania-government', 'ruritania-widget-controls')!;
    expect(p.rules).toContain('mention:metonym:country-as-government');
    expect(p.modality).toBe('announced');
  });

  it('marks a hedged sentence "reported", even when the hedge is far from the mentions', () => {
    const text = 'Rassendyll presented the widget-chip controls at a closed meeting, reportedly.';
    const p = find(ingest(text), 'ISSUED', 'rudolf-rassendyll', 'ruritania-widget-controls')!;
    expect(p.modality).toBe('reported');
    expect(p.rules).toContain('modality:reported:reportedly');
  });

  it('marks a denial "denied"', () => {
    const text = 'Edelweiss denied that it had imposed export controls on widget chips.';
    const p = find(ingest(text), 'ISSUED', 'graustark-government', 'ruritania-widget-controls')!;
    expect(p.modality).toBe('denied');
    expect(p.action).toBe('new-claim');
  });

  it('turns a syndicated copy of a cited story into citations that leave the independent count as it is', () => {
    const copy = 'Strelsau announced export controls on widget chips on Monday, the wire said. The widget-chip controls target Graustark, officials said. Minister Rudolf Rassendyll presented the widget-chip controls in Strelsau.';
    const r = ingest(copy, 'wire-b');
    expect(r.syndication).toMatchObject({ story: 'wire-story', sourceId: 'wire-a', quotesChecked: WIRE_QUOTES.length });
    const issued = find(r, 'ISSUED', 'ruritania-government', 'ruritania-widget-controls')!;
    expect(issued.action).toBe('add-citation');
    expect(issued.independentSourcesAfter).toBe(1);
    expect(issued.rules).toContain('syndicated-copy:wire-a');
    const targets = find(r, 'TARGETS', 'ruritania-widget-controls', 'graustark')!;
    expect(targets).toMatchObject({ action: 'add-citation', independentSourcesAfter: 1 });
    expectInvariants(r, copy);
    // One matching sentence is a report of its own, not a copy.
    expect(ingest('Strelsau imposed export controls on widget chips.').syndication).toBeUndefined();
  });

  it('lists proper nouns no known name covers as candidate entities, and may pair them as new endpoints, marked', () => {
    const text = 'Zenda Semiconductor Group said the widget-chip controls target Graustark. Officials met with Rudolf Rassendyll.';
    const r = ingest(text);
    expect(r.candidates.map((c) => c.text)).toEqual(['Zenda Semiconductor Group']);
    expectInvariants(r, text);
    // Every proposal naming a candidate says so, with the proposed kind; known-entity proposals carry no mark.
    for (const p of r.proposals) {
      const fresh = [p.from, p.to].filter((id) => id.startsWith('new:'));
      if (fresh.length === 0) expect(p.newEntities).toBeUndefined();
      else expect(p.newEntities!.map((n) => n.id)).toEqual(fresh);
    }
    const zenda = r.proposals.find((p) => p.newEntities?.some((n) => n.id === 'new:zenda-semiconductor-group'));
    expect(zenda?.newEntities).toContainEqual({ id: 'new:zenda-semiconductor-group', name: 'Zenda Semiconductor Group', kind: 'Actor' });
  });

  it('proposes a kind for a candidate from cues in and before its name, and none for a lone word', () => {
    expect(candidateKind('Chip Security Act', '')).toBe('Policy');
    expect(candidateKind('Naura Technology Group', '')).toBe('Actor');
    expect(candidateKind('Xue', 'quantum physicist ')).toBe('Actor');
    expect(candidateKind('Li Deren', 'said ')).toBe('Actor');
    expect(candidateKind('Shenzhen', 'in ')).toBeNull();
  });

  it('finds names as English varies them: the head before "of", compound spellings, "tech", a demonym before a noun', () => {
    expect(nameVariants('Communist Party of China')).toContain('Communist Party');
    expect(nameVariants('Ministry of Commerce')).toEqual([]);
    expect(nameVariants('chipmaking equipment')).toContain('chip-making equipment');
    expect(nameVariants('chip-making tools')).toContain('chipmaking tools');
    expect(nameVariants('technological independence')).toContain('tech independence');
    // Over the curated graph: "Chinese" before a noun names China; before a capital (a title, a name) it does not.
    const curated = new IngestAssistant(knownGraphFromSeed(prepareSeed(ontology, { dataDir: projectPath('seed/data') })), ontology, lexicons);
    const read = (text: string) => curated.ingest({ text, sourceId: 'probe', published }).mentions.filter((m) => m.readings.some((x) => x.rule === 'demonym'));
    expect(read('Chinese bakeries were hit by the rules.').map((m) => [m.surface, m.readings[0]!.entityId])).toEqual([['Chinese', 'china']]);
    expect(read('Chinese Premier Zhou spoke. Dutch.')).toEqual([]);
  });
});

describe('mentions beyond names', () => {
  it('reads a described measure as the known policy whose issuer the sentence names', () => {
    const r = ingest('Strelsau tightened its export restrictions again.');
    const described = r.mentions.find((m) => m.surface === 'export restrictions')!;
    expect(described.readings).toEqual([{ entityId: 'ruritania-widget-controls', kind: 'Policy', rule: 'descriptor' }]);
    expect(find(r, 'ISSUED', 'ruritania-government', 'ruritania-widget-controls')!.rules).toContain('mention:descriptor');
    // Without an issuer in the sentence, a description stays unread.
    expect(ingest('Officials tightened the restrictions.').mentions.filter((m) => m.readings.some((x) => x.rule === 'descriptor'))).toEqual([]);
  });

  it('reads "He" as the nearest person mentioned before', () => {
    const text = 'Rassendyll arrived in the capital. He presented the widget-chip controls.';
    const p = find(ingest(text), 'ISSUED', 'rudolf-rassendyll', 'ruritania-widget-controls')!;
    expect(p.rules).toContain('mention:pronoun');
    expect(p.citations[0]!.quote).toBe('He presented the widget-chip controls');
  });

  it("reads a person's speech verb as their known speech only when its date fits", () => {
    const implied = (text: string, day: string) =>
      assistant.ingest({ text, sourceId: 'report-b', published: { start: day, end: day, precision: 'day' } }).mentions.filter((m) => m.readings.some((x) => x.rule === 'implied-speech'));
    const [said] = implied('Rassendyll said on Thursday that widget chips matter.', '2030-01-11');
    expect(said).toMatchObject({ surface: 'said', readings: [{ entityId: 'rassendyll-speech-2030-01', rule: 'implied-speech' }] });
    expect(implied('Rassendyll said on Monday that widget chips matter.', '2031-05-07')).toEqual([]);
  });
});

describe('determinism', () => {
  const text = 'Strelsau imposed export controls on widget chips. Edelweiss denied it. Rassendyll presented the widget-chip controls to Graustark, reportedly.';

  it('gives the same proposals for the same graph and text, whatever order the graph lists things in', () => {
    const first = ingest(text);
    expect(ingest(text)).toEqual(first);
    const graph = fixtureGraph();
    const reversed = new IngestAssistant({ entities: [...graph.entities].reverse(), claims: [...graph.claims].reverse(), sources: [...graph.sources].reverse() }, ontology, lexicons);
    expect(reversed.ingest({ text, sourceId: 'report-b', published }).proposals).toEqual(first.proposals);
    expectInvariants(first, text);
  });
});

const SOURCES_DIR = projectPath('../shared/sources');
const haveArticles = existsSync(SOURCES_DIR);
if (!haveArticles) console.log(`skipping the invariants over the curated articles: their texts are not at ${SOURCES_DIR}`);

describe.skipIf(!haveArticles)('invariants over the curated articles', () => {
  it('proposes only verbatim quotes and type-legal relationships, deterministically', () => {
    const seed = prepareSeed(ontology);
    const graph = knownGraphFromSeed(seed);
    const full = new IngestAssistant(graph, ontology, lexicons);
    let proposals = 0;
    for (const source of seed.sources.filter((s) => s.counted)) {
      const text = readFileSync(join(SOURCES_DIR, String(source.properties.file)), 'utf8');
      const r = full.ingest({ text, sourceId: 'new-copy' });
      proposals += r.proposals.length;
      for (const p of r.proposals) {
        const def = ontology.relationshipType(p.type);
        const kind = (id: string) => graph.entities.find((e) => e.id === id)!.kind;
        expect(def.from).toContain(kind(p.from));
        expect(def.to).toContain(kind(p.to));
        for (const c of p.citations) expect(text.slice(c.offset, c.offset + c.quote.length)).toBe(c.quote);
      }
      expect(full.ingest({ text, sourceId: 'new-copy' })).toEqual(r);
    }
    expect(proposals).toBeGreaterThan(0);
  });
});
