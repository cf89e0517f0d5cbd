// "Which measures target X" as a view: the public `measures(targeting:)` query — a technology includes
// its narrower technologies, a country its government — drawn as the measures, who issued them and what
// they target, with the same filters as a neighbourhood (modality, minimum independent sources and the
// date window go to the API; relationship types choose which of the measures' links are drawn).
import type { ElementDefinition } from 'cytoscape';
import { ENTITY, REL, gql, type Answer, type EntityRef, type Filters, type PartialDate, type Rel } from './api.ts';
import { h } from './dom.ts';

/** The links of a measure the view draws: who issued it or is a party to it, and what it targets. */
export const MEASURE_TYPES = ['ISSUED', 'PARTY_TO', 'HELD', 'TARGETS'] as const;
/** Measures drawn per page; "n more measures…" adds the next. */
export const MEASURES_PAGE = 25;

export const MEASURES = `query MeasuresTargeting($target: String!, $first: Int!, $types: [String!], $modality: [Modality!], $minSources: Int, $from: Date, $to: Date) {
  measures(targeting: $target, modality: $modality, minSources: $minSources, from: $from, to: $to, first: $first) {
    totalCount
    expansion { technologies(first: 500) { ${ENTITY} } }
    nodes {
      ${ENTITY} status date { value precision basis }
      evidence(types: $types, first: 100) { ${REL} }
    }
  }
}`;

export interface Measure extends EntityRef {
  status: string;
  date: PartialDate | null;
  evidence: Rel[];
}

export interface MeasuresAnswer {
  totalCount: number;
  expansion: { technologies: EntityRef[] } | null;
  nodes: Measure[];
}

export function measuresVariables(target: string, pages: number, filters: Filters): Record<string, unknown> {
  // The type filter narrows which links are fetched; when it leaves none of them, all are fetched and the
  // filter hides them on the canvas, as it does everywhere.
  const picked = MEASURE_TYPES.filter((t) => filters.types.includes(t));
  return {
    target,
    first: Math.min(500, MEASURES_PAGE * pages),
    types: picked.length ? picked : [...MEASURE_TYPES],
    modality: filters.modality.length ? filters.modality : null,
    minSources: filters.minSources || null,
    from: filters.from ?? null,
    to: filters.to ?? null,
  };
}

export async function fetchMeasures(target: string, pages: number, filters: Filters): Promise<Answer<MeasuresAnswer>> {
  const answer = await gql<{ measures: MeasuresAnswer }>(MEASURES, measuresVariables(target, pages, filters));
  return { data: answer.data.measures, graphVersion: answer.graphVersion };
}

/** The "n more measures…" placeholder (its id names the target, so a tap asks for the next page). */
export function moreMeasures(target: string, shown: number, total: number): ElementDefinition[] {
  const id = `more-measures:${target}`;
  return [
    { group: 'nodes', data: { id, name: `${(total - shown).toLocaleString('en')} more measures…`, kind: 'more', of: target, action: 'measures' } },
    { group: 'edges', data: { id: `${id}:edge`, source: target, target: id, kind: 'more' } },
  ];
}

const dateText = (date: PartialDate | null) => (!date?.value || date.precision === 'UNKNOWN' ? 'undated' : date.basis === 'SOURCE_PUBLICATION' ? `undated (reported ${date.value})` : date.value);

/** The panel: each measure with its date, status, issuers and targets (buttons open its details). */
export function measuresPanel(target: EntityRef | null, targetArg: string, answer: MeasuresAnswer): HTMLElement {
  const narrower = (answer.expansion?.technologies ?? []).filter((t) => t.id !== target?.id);
  return h(
    'article',
    { class: 'measures', 'data-target': target?.id ?? targetArg },
    h('h2', {}, `Measures targeting ${target?.name ?? targetArg}`),
    h('p', { class: 'count' }, `${answer.nodes.length} of ${answer.totalCount} measure${answer.totalCount === 1 ? '' : 's'} shown, in date order.`),
    narrower.length ? h('p', { class: 'expansion' }, `Includes what targets its narrower technologies: ${narrower.map((t) => t.name).join(', ')}.`) : null,
    answer.nodes.length === 0 ? h('p', {}, 'No measure targets it (with these filters).') : null,
    h(
      'ol',
      {},
      ...answer.nodes.map((measure) => {
        const by = measure.evidence.filter((r) => r.to.id === measure.id).map((r) => r.from.name);
        const on = measure.evidence.filter((r) => r.type === 'TARGETS' && r.from.id === measure.id).map((r) => r.to.name);
        return h(
          'li',
          { class: 'measure', 'data-id': measure.id },
          h('button', { type: 'button', class: 'show-entity' }, measure.name),
          ` — ${dateText(measure.date)} · ${measure.status.toLowerCase().replace(/_/g, ' ')}`,
          h('br', {}),
          h('small', {}, `${by.length ? `by ${[...new Set(by)].join(', ')}` : 'issuer not drawn'}; targets ${on.length ? [...new Set(on)].join(', ') : '(not drawn)'}`),
        );
      }),
    ),
  );
}
