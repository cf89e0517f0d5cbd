// The details panel: for an edge, every citation behind it (the quote with its mentions marked, the
// source, whether the quote was verified, the modality and the independent sources); for an entity, its
// description, aliases, figures and timeline (undated events marked); for a policy on the timeline strip,
// each of its relationships with every citation; for a route question, the routes with the best quote on
// each hop.
import type { Citation, EntityDetails, RelDetails, Route, TimelineEvent } from './api.ts';
import { h, highlighted, humanModality } from './dom.ts';

function sourceLine(citation: Citation): HTMLElement {
  const source = citation.source;
  const date = source.publishedOn ?? source.published?.value ?? 'date unknown';
  return h(
    'p',
    { class: 'source' },
    h('cite', {}, source.title ?? source.file),
    ` — ${source.publisher ?? 'publisher unknown'}, ${date}`,
    source.countsAsIndependent ? '' : ' (editorial reference, not counted as independent)',
    // The graph records no web address for its sources: say so rather than invent one.
    h('span', { class: 'link' }, ` · no link recorded (file ${source.file})`),
  );
}

export function evidencePanel(rel: RelDetails): HTMLElement {
  return h(
    'article',
    { class: 'evidence', 'data-relationship': rel.id },
    h('h2', {}, rel.summary),
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, 'Type'),
      h('dd', {}, rel.type),
      h('dt', {}, 'Modality'),
      h('dd', { class: 'modality' }, humanModality(rel.modality)),
      h('dt', {}, 'Independent sources'),
      h('dd', { class: 'independent-sources' }, String(rel.independentSources)),
      h('dt', {}, 'Citations'),
      h('dd', {}, `${rel.citationCount} from ${rel.sourceCount} source document${rel.sourceCount === 1 ? '' : 's'}`),
      rel.date?.value ? h('dt', {}, 'Date') : null,
      rel.date?.value ? h('dd', {}, rel.date.value) : null,
      ...rel.qualifiers.flatMap((q) => [h('dt', {}, q.name), h('dd', {}, q.value)]),
    ),
    h(
      'ol',
      { class: 'citations' },
      ...rel.citations.map((citation) =>
        h(
          'li',
          {},
          h('blockquote', { class: 'quote' }, ...highlighted(citation.quote, [citation.mentionsFrom, citation.mentionsTo])),
          h('p', { class: citation.verified ? 'verified yes' : 'verified no' }, citation.verified ? '✓ verified verbatim in the source text' : '✗ not verified (the text was not at hand when loaded)'),
          sourceLine(citation),
        ),
      ),
    ),
  );
}

/** A policy and the evidence of every relationship it has (a timeline strip event's evidence). */
export function policyEvidencePanel(policy: EntityDetails, rels: RelDetails[]): HTMLElement {
  const date = policy.date;
  const when = !date?.value || date.precision === 'UNKNOWN' ? 'undated' : date.basis === 'SOURCE_PUBLICATION' ? `undated (reported ${date.value})` : date.value;
  return h(
    'article',
    { class: 'policy-evidence', 'data-entity': policy.id },
    h('h2', {}, policy.name),
    h('p', { class: 'kind' }, [when, policy.status?.toLowerCase().replace(/_/g, ' ')].filter(Boolean).join(' · ')),
    policy.description ? h('p', { class: 'description' }, policy.description) : null,
    rels.length === 0 ? h('p', {}, 'No relationships recorded.') : null,
    ...rels.map((rel) => evidencePanel(rel)),
  );
}

function timelineDate(event: TimelineEvent): string {
  if (event.date.precision === 'UNKNOWN') return 'undated';
  if (event.date.basis === 'SOURCE_PUBLICATION') return `undated (reported ${event.date.value ?? event.date.start ?? '?'})`;
  return event.date.value ?? '?';
}

/** Kinds `measures(targeting:)` takes: "which measures target it" is offered for these. */
const TARGETABLE = ['TECHNOLOGY', 'COUNTRY', 'ACTOR'];

export function entityPanel(entity: EntityDetails, timeline: { totalCount: number; nodes: TimelineEvent[] }, actions: { expanded: boolean }): HTMLElement {
  const type = entity.actorType ?? entity.policyType ?? entity.technologyType ?? entity.goalType;
  return h(
    'article',
    { class: 'entity', 'data-entity': entity.id },
    h('h2', {}, entity.name),
    h('p', { class: 'kind' }, [entity.kind.toLowerCase(), type?.toLowerCase().replace(/_/g, ' '), entity.status?.toLowerCase().replace(/_/g, ' '), entity.iso2].filter(Boolean).join(' · ')),
    h(
      'p',
      { class: 'entity-actions' },
      h('button', { type: 'button', class: 'expand' }, actions.expanded ? 'Show more of its neighbourhood' : 'Expand its neighbourhood'),
      ' ',
      TARGETABLE.includes(entity.kind) ? h('button', { type: 'button', class: 'show-measures' }, 'Which measures target it') : null,
      ' ',
      h('button', { type: 'button', class: 'show-strip' }, 'Timeline strip'),
    ),
    entity.description ? h('p', { class: 'description' }, entity.description) : h('p', { class: 'description none' }, 'No description recorded.'),
    h('h3', {}, 'Also known as'),
    entity.aliases.length ? h('ul', { class: 'aliases' }, ...entity.aliases.map((a) => h('li', {}, a))) : h('p', {}, 'No aliases.'),
    entity.figures?.length
      ? h(
          'section',
          {},
          h('h3', {}, 'Figures'),
          h(
            'ul',
            { class: 'figures' },
            ...entity.figures.map((f) =>
              h('li', {}, `${f.name}: ${f.approximate ? '≈ ' : ''}${f.value.toLocaleString('en')} ${f.unit}`, h('blockquote', {}, f.quote), h('small', {}, f.source.title ?? f.source.id)),
            ),
          ),
        )
      : null,
    h('h3', {}, `Timeline (${timeline.totalCount})`),
    timeline.nodes.length
      ? h(
          'ol',
          { class: 'timeline' },
          ...timeline.nodes.map((event) =>
            h('li', { class: event.date.precision === 'UNKNOWN' || event.date.basis === 'SOURCE_PUBLICATION' ? 'undated' : 'dated' }, h('time', {}, timelineDate(event)), ' ', event.title),
          ),
        )
      : h('p', {}, 'No dated events.'),
  );
}

/** The hop's best quote: a verified one from an independent source first, then any verified, then any. */
export function bestQuote(citations: Citation[]): Citation | undefined {
  return citations.find((c) => c.verified && c.source.countsAsIndependent) ?? citations.find((c) => c.verified) ?? citations[0];
}

export function routesPanel(from: string, to: string, routes: Route[]): HTMLElement {
  return h(
    'article',
    { class: 'routes' },
    h('h2', {}, `How ${from} is connected to ${to}`),
    routes.length === 0 ? h('p', {}, 'Not connected within 4 hops (with these filters).') : null,
    h(
      'ol',
      {},
      ...routes.map((route, index) =>
        h(
          'li',
          { class: 'route', 'data-route': String(index) },
          h('p', {}, `${route.length} hop${route.length === 1 ? '' : 's'}; weakest hop ${route.weakestHop} independent source${route.weakestHop === 1 ? '' : 's'}, ${route.totalSources} in all`),
          h(
            'ol',
            { class: 'hops' },
            ...route.hops.map((hop) => {
              const rel = hop.relationship;
              const quote = bestQuote(rel.citations);
              return h(
                'li',
                {},
                h('strong', {}, `${rel.from.name} —${rel.type}→ ${rel.to.name}`),
                ` (${humanModality(rel.modality)})`,
                quote ? h('blockquote', { class: 'quote' }, ...highlighted(quote.quote, [quote.mentionsFrom, quote.mentionsTo])) : null,
                quote ? h('small', {}, `${quote.source.title ?? quote.source.file}${quote.source.publisher ? ` — ${quote.source.publisher}` : ''}`) : null,
              );
            }),
          ),
        ),
      ),
    ),
  );
}
