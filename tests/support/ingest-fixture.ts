// A tiny hand-made known graph for the ingestion assistant's tests (invented names, as in
// tests/fixtures): Ruritania and Graustark, their governments, a widget-chip export control, a wire
// story already cited. Small enough that every expected figure can be worked out by hand.
import { loadOntology } from '../../src/ontology/ontology.ts';
import { loadCueLexicons } from '../../src/ingest/cue-lexicons.ts';
import { IngestAssistant } from '../../src/ingest/ingest-article.ts';
import type { KnownGraph } from '../../src/ingest/known-graph.ts';

export const ontology = loadOntology();
export const lexicons = loadCueLexicons(ontology);

export const WIRE_QUOTES = [
  'Strelsau announced export controls on widget chips on Monday.',
  'The widget-chip controls target Graustark, officials said.',
  'Minister Rudolf Rassendyll presented the widget-chip controls in Strelsau.',
];

export function fixtureGraph(): KnownGraph {
  return {
    entities: [
      { id: 'ruritania', kind: 'Country', name: 'Ruritania', aliases: [], named: true },
      { id: 'graustark', kind: 'Country', name: 'Graustark', aliases: [], named: true },
      { id: 'ruritania-government', kind: 'Actor', type: 'government', name: 'Government of Ruritania', aliases: ['Strelsau'], named: true, country: 'ruritania' },
      { id: 'graustark-government', kind: 'Actor', type: 'government', name: 'Government of Graustark', aliases: ['Edelweiss'], named: true, country: 'graustark' },
      { id: 'rudolf-rassendyll', kind: 'Actor', type: 'person', name: 'Rudolf Rassendyll', aliases: ['Rassendyll'], named: true },
      { id: 'fixture-wire', kind: 'Actor', type: 'media', name: 'Fixture Wire', aliases: [], named: true },
      { id: 'widget-chips', kind: 'Technology', type: 'product', name: 'widget chips', aliases: ['widget chip'], named: true },
      {
        id: 'ruritania-widget-controls',
        kind: 'Policy',
        type: 'export_control',
        status: 'announced',
        name: "Ruritania's export controls on widget chips",
        aliases: ['export controls on widget chips', 'widget-chip controls'],
        named: true,
      },
      { id: 'rassendyll-speech-2030-01', kind: 'Policy', type: 'speech', name: "Rassendyll's speech at the Zenda fair", aliases: [], named: true, when: { start: '2030-01-10', end: '2030-01-10' } },
    ],
    claims: [
      {
        id: 'ruritania-government.ISSUED.ruritania-widget-controls',
        type: 'ISSUED',
        from: 'ruritania-government',
        to: 'ruritania-widget-controls',
        modality: 'announced',
        citations: [{ sourceId: 'wire-a', quote: WIRE_QUOTES[0]!, mentionsFrom: 'Strelsau' }],
      },
      {
        id: 'ruritania-widget-controls.TARGETS.graustark',
        type: 'TARGETS',
        from: 'ruritania-widget-controls',
        to: 'graustark',
        modality: 'stated',
        citations: [{ sourceId: 'wire-a', quote: WIRE_QUOTES[1]! }],
      },
      {
        id: 'rudolf-rassendyll.AFFILIATED_WITH.ruritania-government',
        type: 'AFFILIATED_WITH',
        from: 'rudolf-rassendyll',
        to: 'ruritania-government',
        modality: 'stated',
        citations: [{ sourceId: 'wire-a', quote: WIRE_QUOTES[2]! }],
      },
      {
        id: 'rudolf-rassendyll.ISSUED.rassendyll-speech-2030-01',
        type: 'ISSUED',
        from: 'rudolf-rassendyll',
        to: 'rassendyll-speech-2030-01',
        modality: 'stated',
        citations: [{ sourceId: 'fair-report', quote: 'Rassendyll spoke at the Zenda fair on Thursday.' }],
      },
    ],
    sources: [
      { id: 'fair-report', story: 'fair-report', counted: true },
      { id: 'wire-a', story: 'wire-story', counted: true, published: { start: '2030-01-07', end: '2030-01-07', precision: 'day' } },
      { id: 'editors', story: 'editors', counted: false },
    ],
  };
}

export function fixtureAssistant(graph: KnownGraph = fixtureGraph()): IngestAssistant {
  return new IngestAssistant(graph, ontology, lexicons);
}
