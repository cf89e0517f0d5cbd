// The timeline strip: an entity's events (the public `timeline(entity:)` — policies and dated
// relationships) placed on a time axis below the canvas. Events the sources leave undated sit in their
// own bin at the end, marked "undated"; those placed no later than their report's publication are drawn
// hollow at that day and say so. Each event is a button (in date order, so the keyboard walks the axis)
// that opens its evidence.
import { ENTITY, gql, type Answer, type PartialDate } from './api.ts';
import { h } from './dom.ts';

/** Events one strip shows; the rest is said to exist (the playground pages through all of them). */
export const STRIP_EVENTS = 200;

export const TIMELINE_STRIP = `query TimelineStrip($entity: ID!, $first: Int!) {
  timeline(entity: $entity, first: $first) {
    pageInfo { hasNextPage }
    nodes {
      id kind title date { value precision basis start end }
      policy { id }
      relationship { id type from { ${ENTITY} } to { ${ENTITY} } }
    }
  }
}`;

export interface StripEvent {
  id: string;
  kind: 'POLICY' | 'RELATIONSHIP';
  title: string;
  date: PartialDate;
  policy: { id: string } | null;
  relationship: { id: string; type: string; from: { id: string; name: string }; to: { id: string; name: string } } | null;
}

export interface StripAnswer {
  pageInfo: { hasNextPage: boolean };
  nodes: StripEvent[];
}

export async function fetchTimelineStrip(entity: string): Promise<Answer<StripAnswer>> {
  const answer = await gql<{ timeline: StripAnswer }>(TIMELINE_STRIP, { entity, first: STRIP_EVENTS });
  return { data: answer.data.timeline, graphVersion: answer.graphVersion };
}

/** How an event is placed: on the axis at a day (its first, or the publication it is no later than), or undated. */
export function placement(event: StripEvent): { day: string; reported: boolean } | null {
  const { date } = event;
  if (date.precision === 'UNKNOWN') return null;
  if (date.basis === 'SOURCE_PUBLICATION') {
    const day = date.end ?? date.value;
    return day ? { day: day.slice(0, 10), reported: true } : null;
  }
  const day = date.start ?? date.value;
  return day ? { day: day.slice(0, 10), reported: false } : null;
}

const dayNumber = (day: string) => Date.parse(`${day}T00:00:00Z`) / 86_400_000;

export function eventLabel(event: StripEvent): string {
  const where = placement(event);
  const when = !where ? 'undated' : where.reported ? `undated, reported by ${where.day}` : (event.date.value ?? where.day);
  return `${when} — ${event.title}`;
}

/**
 * The strip for `name`'s events: an axis spanning the dated ones (year ticks), a marker per event in
 * lanes so close ones do not cover each other, and the undated bin.
 */
export function timelineStrip(entityId: string, name: string, answer: StripAnswer): HTMLElement {
  const placed = answer.nodes.map((event) => ({ event, where: placement(event) }));
  // In the order of the axis: the API orders by the first day a date can mean, which for an event placed
  // no later than its report is open (0001-01-01), while the strip draws it at the report's day.
  const dated = placed.filter((p) => p.where !== null).sort((a, b) => (a.where!.day < b.where!.day ? -1 : a.where!.day > b.where!.day ? 1 : 0));
  const undated = placed.filter((p) => p.where === null).map((p) => p.event);
  const days = dated.map((p) => dayNumber(p.where!.day));
  // A little room either side, and at least a month of axis for a single day.
  const lo = days.length ? Math.min(...days) - 15 : 0;
  const hi = days.length ? Math.max(Math.max(...days) + 15, lo + 30) : 1;
  const x = (day: number) => (100 * (day - lo)) / (hi - lo);

  const ticks: HTMLElement[] = [];
  if (days.length) {
    const first = new Date(lo * 86_400_000).getUTCFullYear() + 1;
    const last = new Date(hi * 86_400_000).getUTCFullYear();
    const step = Math.max(1, Math.ceil((last - first + 1) / 12));
    for (let year = first; year <= last; year += step) {
      ticks.push(h('span', { class: 'tick', style: `left: ${x(dayNumber(`${year}-01-01`)).toFixed(2)}%` }, String(year)));
    }
  }
  // Lanes: an event goes to the first lane whose last marker is far enough to its left.
  const lanes: number[] = [];
  const markers = dated.map(({ event, where }) => {
    const at = x(dayNumber(where!.day));
    let lane = lanes.findIndex((end) => at - end > 1.2);
    if (lane < 0) lane = lanes.length < 4 ? lanes.push(at) - 1 : lanes.indexOf(Math.min(...lanes));
    lanes[lane] = at;
    return eventButton(event, where!.reported ? 'reported' : 'dated', `left: ${at.toFixed(2)}%; top: ${lane * 1.1}rem`);
  });

  return h(
    'div',
    { class: 'strip', 'data-entity': entityId },
    h(
      'p',
      { class: 'strip-head' },
      h('strong', {}, `Timeline of ${name}`),
      ` — ${answer.nodes.length}${answer.pageInfo.hasNextPage ? '+' : ''} event${answer.nodes.length === 1 ? '' : 's'}: ${dated.length} on the axis, ${undated.length} undated`,
      answer.pageInfo.hasNextPage ? ` (the first ${STRIP_EVENTS}; the playground's timeline pages through the rest)` : '',
      '. Click an event for its evidence. ',
      h('button', { type: 'button', class: 'close-strip', 'aria-label': 'Close the timeline strip' }, '×'),
    ),
    h(
      'div',
      { class: 'strip-body' },
      h('div', { class: 'axis', role: 'list', 'aria-label': `Dated events of ${name}` }, ...markers, h('div', { class: 'ticks', 'aria-hidden': 'true' }, ...ticks)),
      h('div', { class: 'undated-bin', role: 'list', 'aria-label': `Undated events of ${name}` }, h('span', { class: 'bin-label' }, 'undated'), ...undated.map((event) => eventButton(event, 'undated', ''))),
    ),
  );
}

function eventButton(event: StripEvent, placedAs: 'dated' | 'reported' | 'undated', style: string): HTMLElement {
  const label = eventLabel(event);
  return h(
    'button',
    {
      type: 'button',
      role: 'listitem',
      class: `event ${placedAs} ${event.kind.toLowerCase()}`,
      'data-event': event.id,
      'data-placed': placedAs,
      'data-day': placement(event)?.day,
      style: style || undefined,
      title: label,
      'aria-label': label,
    },
    // The marker itself; the label is the tooltip and what screen readers say.
    h('span', { class: 'dot', 'aria-hidden': 'true' }),
  );
}
