// The explorer (/explore): search an entity, expand its neighbourhood (capped, "n more…"), filter, read
// the quotes behind an edge, ask how two entities are connected — drawn with Cytoscape.js from the
// public GraphQL API only. The view lives in the URL; a text list mirrors the canvas for keyboards,
// screen readers and tests.
import type { Core, EdgeSingular, ElementDefinition, NodeSingular } from 'cytoscape';
import {
  ApiError,
  ENTITIES,
  ENTITY_DETAILS,
  EVIDENCE,
  MODALITIES,
  PATHS,
  SEARCH,
  TYPES,
  fetchNeighbourhoodCounts,
  fetchNeighbourhoods,
  gql,
  neighbourhoodCountsQuery,
  neighbourhoodVariables,
  neighbourhoodsQuery,
  type EntityDetails,
  type EntityRef,
  type Modality,
  type Rel,
  type RelDetails,
  type Route,
  type TimelineEvent,
  POLICY_EVIDENCE,
} from './api.ts';
import { download, h, humanModality } from './dom.ts';
import { edgesCsv, pngBlob, svgText } from './exports.ts';
import { applyFilters, createCanvas, edgeElement, layout, nodeElement } from './graph-canvas.ts';
import { fetchMeasures, measuresPanel, measuresVariables, moreMeasures, MEASURES, type MeasuresAnswer } from './measures-view.ts';
import { entityPanel, evidencePanel, policyEvidencePanel, routesPanel } from './panels.ts';
import { fetchTimelineStrip, timelineStrip, STRIP_EVENTS, TIMELINE_STRIP, type StripEvent } from './timeline-strip.ts';
import { MAX_EXPANDED, PAGE, readState, writeState, type ViewState } from './view-state.ts';

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

let state: ViewState = readState(location.search);
const cy: Core = createCanvas($('cy'));
/** The graph version the API answered with last. */
let currentVersion: string | null = null;
/** Ids of the route edges, in the order of the routes. */
let routeRels: Route[] = [];
/** The last measures answer drawn, and which question's panel a redraw shows (the one asked last). */
let measuresAnswer: MeasuresAnswer | null = null;
let question: 'path' | 'measures' | null = state.measures ? 'measures' : state.path ? 'path' : null;
let redrawing = 0;
let lastDraw: { requestMs: number; layoutMs: number; totalMs: number } | null = null;

function setStatus(text: string, kind: 'info' | 'error' = 'info'): void {
  const status = $('status');
  status.textContent = text;
  status.dataset.kind = kind;
}

function observeVersion(version: string | null): void {
  if (!version) return;
  currentVersion = version;
  const banner = $('banner');
  if (state.version && state.version !== version) {
    banner.hidden = false;
    banner.textContent = `This view was made on graph version ${state.version}; the graph is now at ${version}, so what you see may differ from what was shared.`;
  }
}

function syncUrl(): void {
  const version = state.version ?? currentVersion ?? undefined;
  history.replaceState(null, '', `${location.pathname}${writeState({ ...state, version })}`);
}

/** Fetches everything the state names (one request for the neighbourhoods, one for the routes) and redraws. */
async function redraw(): Promise<void> {
  const ticket = ++redrawing;
  const started = performance.now();
  setStatus('Loading…');
  try {
    const expanded = [...state.expanded].map(([id, pages]) => ({ id, first: Math.min(500, PAGE * pages) }));
    const placed = placedIds();
    const [hoods, entities, routes, measures] = await Promise.all([
      fetchNeighbourhoods(expanded, state.filters),
      placed.length ? gql<Record<string, EntityRef | null>>(ENTITIES(placed.length), Object.fromEntries(placed.map((id, i) => [`id${i}`, id]))) : undefined,
      state.path ? gql<{ path: Route[] }>(PATHS, { from: state.path.from, to: state.path.to, minSources: state.filters.minSources }) : undefined,
      state.measures ? fetchMeasures(state.measures.target, state.measures.pages, state.filters) : undefined,
    ]);
    if (ticket !== redrawing) return;
    const answered = performance.now();
    observeVersion(hoods.graphVersion ?? entities?.graphVersion ?? routes?.graphVersion ?? measures?.graphVersion ?? null);

    const nodes = new Map<string, ElementDefinition>();
    const edges = new Map<string, ElementDefinition>();
    const addRel = (rel: Rel) => {
      nodes.set(rel.from.id, nodes.get(rel.from.id) ?? nodeElement(rel.from));
      nodes.set(rel.to.id, nodes.get(rel.to.id) ?? nodeElement(rel.to));
      edges.set(rel.id, edgeElement(rel));
    };
    const missing: string[] = [];
    for (const entity of Object.values(entities?.data ?? {})) if (entity) nodes.set(entity.id, nodeElement(entity));
    placed.forEach((id, i) => {
      if (!entities?.data[`e${i}`]) missing.push(id);
    });
    hoods.data.forEach((hood, i) => {
      const id = expanded[i]!.id;
      if (!hood.entity) {
        missing.push(id);
        return;
      }
      nodes.set(id, { ...nodeElement(hood.entity), data: { ...nodeElement(hood.entity).data, expanded: true } });
      hood.rels.forEach(addRel);
      if (hood.more) {
        // Labelled "more…" until the count arrives (asked after the drawing; see countMore).
        const moreId = `more:${id}`;
        const shown = new Set(hood.rels.map((r) => r.id)).size;
        nodes.set(moreId, { group: 'nodes', data: { id: moreId, name: 'more…', kind: 'more', of: id, shown } });
        edges.set(`${moreId}:edge`, { group: 'edges', data: { id: `${moreId}:edge`, source: id, target: moreId, kind: 'more' } });
      }
    });
    routeRels = routes?.data.path ?? [];
    const routeIds = new Set(routeRels.flatMap((route) => route.hops.map((hop) => hop.relationship.id)));
    for (const route of routeRels) for (const hop of route.hops) addRel(hop.relationship);
    measuresAnswer = measures?.data ?? null;
    if (measuresAnswer && state.measures) {
      for (const measure of measuresAnswer.nodes) {
        nodes.set(measure.id, nodes.get(measure.id) ?? nodeElement(measure));
        measure.evidence.forEach(addRel);
      }
      const target = state.measures.target;
      if (nodes.has(target) && measuresAnswer.totalCount > measuresAnswer.nodes.length) {
        for (const element of moreMeasures(target, measuresAnswer.nodes.length, measuresAnswer.totalCount)) (element.group === 'nodes' ? nodes : edges).set(element.data.id!, element);
      }
    }
    // Expanded nodes keep their flag even when also reached as a neighbour of another.
    for (const id of state.expanded.keys()) {
      const node = nodes.get(id);
      if (node) node.data.expanded = true;
    }

    cy.batch(() => {
      cy.elements().forEach((element) => {
        if (!(element.isNode() ? nodes : edges).has(element.id())) element.remove();
      });
      for (const element of [...nodes.values(), ...edges.values()]) {
        const existing = cy.getElementById(element.data.id!);
        if (existing.nonempty()) existing.data(element.data);
        else cy.add(element);
      }
      cy.edges().forEach((edge) => {
        edge.toggleClass('route', routeIds.has(edge.id()));
      });
    });
    applyFilters(cy, state.filters, pinned());
    const laidOutFrom = performance.now();
    layout(cy, state.seed);
    const laidOut = performance.now();
    renderList();
    syncUrl();
    if (question === 'path' && state.path && routes) showPanel(routesPanel(state.path.from, state.path.to, routeRels));
    if (question === 'measures' && state.measures && measuresAnswer) {
      const target = cy.getElementById(state.measures.target);
      showPanel(measuresPanel(target.nonempty() ? { id: target.id(), name: target.data('name'), kind: target.data('kind') } : null, state.measures.target, measuresAnswer));
    }
    const visible = cy.edges().not('.hidden').filter((e) => e.data('kind') !== 'more').length;
    setStatus(
      `${cy.nodes().not('.hidden').filter((n) => n.data('kind') !== 'more').length} entities and ${visible} relationships shown, drawn in ${Math.round(performance.now() - started)} ms.` +
        (missing.length ? ` Not in the graph: ${missing.join(', ')}.` : ''),
    );
    // Where the time went (bench/explore-hub.ts reads it): the requests, the layout, all of it.
    lastDraw = { requestMs: Math.round(answered - started), layoutMs: Math.round(laidOut - laidOutFrom), totalMs: Math.round(performance.now() - started) };
    document.body.dataset.ready = String(ticket);
    void countMore(ticket, expanded);
  } catch (error) {
    if (ticket !== redrawing) return;
    setStatus(error instanceof ApiError ? `The API refused: ${error.message}` : `Could not load the view: ${(error as Error).message}`, 'error');
    document.body.dataset.ready = String(ticket);
  }
}

/**
 * Puts the figures on the "more…" nodes once the view is drawn: one request for every expansion's count
 * (both directions, with the filters). A degree read without filters; with them, at a hub, a walk of the
 * relationships the filters could match — which is why the drawing does not wait for it.
 */
async function countMore(ticket: number, expanded: Array<{ id: string; first: number }>): Promise<void> {
  const withMore = expanded.filter((entry) => cy.getElementById(`more:${entry.id}`).nonempty());
  try {
    const totals = await fetchNeighbourhoodCounts(withMore, state.filters);
    if (ticket !== redrawing) return;
    withMore.forEach((entry, i) => {
      const node = cy.getElementById(`more:${entry.id}`);
      node.data('name', `${(totals[i]! - node.data('shown')).toLocaleString('en')} more…`);
      node.data('total', totals[i]);
    });
    renderList();
  } catch (error) {
    if (ticket !== redrawing) return;
    setStatus(`Could not count the rest of the neighbourhoods: ${(error as Error).message}`, 'error');
  }
  document.body.dataset.counted = String(ticket);
}

/** Entities fetched on their own: placed and not expanded, and the measures question's target (a link may name only it). */
function placedIds(): string[] {
  const ids = state.entities.filter((id) => !state.expanded.has(id));
  const target = state.measures?.target;
  if (target && !state.expanded.has(target) && !ids.includes(target)) ids.push(target);
  return ids;
}

/** Entities that stay visible whatever the filters: placed, expanded, or route ends. */
function pinned(): Set<string> {
  return new Set([...state.entities, ...state.expanded.keys(), ...(state.measures ? [state.measures.target] : [])]);
}

function renderList(): void {
  const nodeList = $('list-nodes');
  const edgeList = $('list-edges');
  const nodes = cy.nodes().not('.hidden').filter((n) => n.data('kind') !== 'more').sort((a, b) => String(a.data('name')).localeCompare(String(b.data('name'))));
  nodeList.replaceChildren(
    ...nodes.map((node) =>
      h(
        'li',
        { 'data-id': node.id() },
        h('button', { type: 'button', class: 'show-entity' }, `${node.data('name')} (${String(node.data('kind')).toLowerCase()})`),
        ' ',
        h('button', { type: 'button', class: 'expand-entity', 'aria-label': `Expand ${node.data('name')}` }, state.expanded.has(node.id()) ? 'more' : 'expand'),
      ),
    ),
  );
  const mores = cy.nodes('[kind = "more"]').not('.hidden');
  mores.forEach((node) => {
    nodeList.append(
      h('li', { 'data-more': node.data('of'), 'data-more-node': node.id() }, h('button', { type: 'button', class: 'show-more' }, `${cy.getElementById(node.data('of')).data('name')}: ${node.data('name')}`)),
    );
  });
  const edges = cy.edges().not('.hidden').filter((e) => e.data('kind') !== 'more').sort((a, b) => (a.id() < b.id() ? -1 : 1));
  edgeList.replaceChildren(
    ...edges.map((edge) =>
      h(
        'li',
        { 'data-edge': edge.id(), 'data-modality': edge.data('modality') },
        h(
          'button',
          { type: 'button', class: 'show-edge' },
          `${edge.data('fromName')} —${edge.data('type')}→ ${edge.data('toName')} · ${humanModality(edge.data('modality'))} · ${edge.data('independentSources')} independent source${edge.data('independentSources') === 1 ? '' : 's'}`,
        ),
      ),
    ),
  );
  const routesBox = $('routes-list-box');
  routesBox.hidden = routeRels.length === 0;
  $('list-routes').replaceChildren(...routeRels.map((route) => h('li', {}, route.hops.map((hop) => `${hop.relationship.from.name} —${hop.relationship.type}→ ${hop.relationship.to.name}`).join('; '))));
}

function showPanel(content: HTMLElement): void {
  const panel = $('panel');
  panel.hidden = false;
  panel.replaceChildren(h('button', { type: 'button', class: 'close', 'aria-label': 'Close the details' }, '×'), content);
  // The panel takes width from the canvas: Cytoscape must learn its new size, or it draws off-screen.
  cy.resize();
}

function closePanel(): void {
  $('panel').hidden = true;
  cy.resize();
  cy.elements().unselect();
}

async function showEdge(id: string): Promise<void> {
  const edge = cy.getElementById(id);
  if (edge.empty()) return;
  edge.select();
  await showRelationship({ id, from: edge.data('source'), to: edge.data('target'), type: edge.data('type') });
}

/** The evidence panel of one relationship, drawn or not (a timeline event's). */
async function showRelationship(rel: { id: string; from: string; to: string; type: string }): Promise<void> {
  try {
    const answer = await gql<{ relationships: { nodes: RelDetails[] } }>(EVIDENCE, { from: rel.from, to: rel.to, types: [rel.type] });
    const found = answer.data.relationships.nodes.find((r) => r.id === rel.id);
    if (!found) throw new ApiError(`The relationship ${rel.id} is no longer in the graph.`);
    showPanel(evidencePanel(found));
  } catch (error) {
    setStatus(`Could not load the evidence: ${(error as Error).message}`, 'error');
  }
}

/** A policy's evidence: the policy, then each of its relationships with every citation. */
async function showPolicyEvidence(id: string): Promise<void> {
  try {
    const answer = await gql<{ entity: (EntityDetails & { evidence?: RelDetails[] }) | null }>(POLICY_EVIDENCE, { id });
    if (!answer.data.entity) throw new ApiError(`${id} is no longer in the graph.`);
    showPanel(policyEvidencePanel(answer.data.entity, answer.data.entity.evidence ?? []));
  } catch (error) {
    setStatus(`Could not load the evidence: ${(error as Error).message}`, 'error');
  }
}

async function showEntity(id: string): Promise<void> {
  cy.getElementById(id).select();
  setStatus(`Loading the details of ${cy.getElementById(id).data('name') ?? id}…`);
  try {
    const answer = await gql<{ entity: EntityDetails | null; timeline: { totalCount: number; nodes: TimelineEvent[] } }>(ENTITY_DETAILS, { id });
    if (!answer.data.entity) throw new ApiError(`${id} is no longer in the graph.`);
    const panel = entityPanel(answer.data.entity, answer.data.timeline, { expanded: state.expanded.has(id) });
    showPanel(panel);
    setStatus(`Details of ${answer.data.entity.name}.`);
    panel.querySelector('button.expand')?.addEventListener('click', () => void expand(id));
    panel.querySelector('button.show-measures')?.addEventListener('click', () => void openMeasures(id));
    panel.querySelector('button.show-strip')?.addEventListener('click', () => void openStrip(id));
  } catch (error) {
    setStatus(`Could not load ${id}: ${(error as Error).message}`, 'error');
  }
}

/** Expands an entity's neighbourhood, or shows one more page of it. */
async function expand(id: string): Promise<void> {
  if (!state.expanded.has(id) && state.expanded.size >= MAX_EXPANDED) {
    setStatus(`At most ${MAX_EXPANDED} entities can be expanded in one view; clear some first.`, 'error');
    return;
  }
  state.expanded.set(id, (state.expanded.get(id) ?? 0) + 1);
  await redraw();
}

function place(id: string): void {
  if (!state.entities.includes(id)) state.entities.push(id);
}

/** "Which measures target X": places X, asks `measures(targeting: X)` and draws the answer. */
async function openMeasures(id: string): Promise<void> {
  place(id);
  state.measures = { target: id, pages: 1 };
  question = 'measures';
  await redraw();
}

// --- timeline strip ---------------------------------------------------------------------------
let stripEvents: StripEvent[] = [];
let stripTicket = 0;

async function openStrip(id: string): Promise<void> {
  state.timeline = id;
  syncUrl();
  await drawStrip();
}

/** Draws the strip the state names (or hides it); marks `data-strip` on the body when done, for tests. */
async function drawStrip(): Promise<void> {
  const ticket = ++stripTicket;
  const box = $('timeline-strip');
  const id = state.timeline;
  if (!id) {
    box.hidden = true;
    box.replaceChildren();
    delete document.body.dataset.strip;
    return;
  }
  box.hidden = false;
  box.replaceChildren(h('p', { class: 'strip-head' }, 'Loading the timeline…'));
  try {
    const [events, entity] = await Promise.all([fetchTimelineStrip(id), gql<{ entity: EntityRef | null }>(ENTITIES(1), { id0: id })]);
    if (ticket !== stripTicket) return;
    observeVersion(events.graphVersion);
    stripEvents = events.data.nodes;
    const name = (entity.data as unknown as Record<string, EntityRef | null>).e0?.name ?? id;
    box.replaceChildren(timelineStrip(id, name, events.data));
  } catch (error) {
    if (ticket !== stripTicket) return;
    box.replaceChildren(h('p', { class: 'strip-head error' }, `Could not load the timeline of ${id}: ${(error as Error).message}`));
  }
  document.body.dataset.strip = id;
}

$('timeline-strip').addEventListener('click', (event) => {
  const target = event.target as HTMLElement;
  if (target.closest('.close-strip')) {
    state.timeline = undefined;
    syncUrl();
    void drawStrip();
    return;
  }
  const button = target.closest<HTMLElement>('button.event');
  const found = button && stripEvents.find((e) => e.id === button.dataset.event);
  if (!found) return;
  $('timeline-strip').querySelectorAll('button.event.selected').forEach((b) => b.classList.remove('selected'));
  button!.classList.add('selected');
  if (found.relationship) void showRelationship({ id: found.relationship.id, from: found.relationship.from.id, to: found.relationship.to.id, type: found.relationship.type });
  else if (found.policy) void showPolicyEvidence(found.policy.id);
});

// --- search -----------------------------------------------------------------------------------
let searchTimer: ReturnType<typeof setTimeout> | undefined;
const searchInput = $<HTMLInputElement>('search');
const results = $('search-results');

async function runSearch(text: string): Promise<void> {
  if (text.trim().length === 0) {
    results.hidden = true;
    return;
  }
  try {
    const answer = await gql<{ search: Array<{ exact: boolean; matched: string; entity: EntityRef }> }>(SEARCH, { text: text.slice(0, 200) });
    if (searchInput.value !== text) return;
    results.replaceChildren(
      ...answer.data.search.map((hit, i) =>
        h('li', { role: 'option', id: `hit-${i}`, 'data-id': hit.entity.id, tabindex: '-1' }, `${hit.entity.name} `, h('small', {}, `${hit.entity.kind.toLowerCase()}${hit.matched !== hit.entity.name ? ` · “${hit.matched}”` : ''}`)),
      ),
    );
    if (answer.data.search.length === 0) results.replaceChildren(h('li', { class: 'none' }, 'No match.'));
    results.hidden = false;
  } catch (error) {
    setStatus(`Search failed: ${(error as Error).message}`, 'error');
  }
}

function pick(id: string): void {
  results.hidden = true;
  searchInput.value = '';
  place(id);
  void expand(id);
}

searchInput.addEventListener('input', () => {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(() => void runSearch(searchInput.value), 200);
});
searchInput.addEventListener('keydown', (event) => {
  const options = [...results.querySelectorAll<HTMLElement>('li[data-id]')];
  if (event.key === 'ArrowDown' && options.length) {
    event.preventDefault();
    options[0]!.focus();
  } else if (event.key === 'Enter') {
    event.preventDefault();
    if (options[0]) pick(options[0].dataset.id!);
  }
});
results.addEventListener('click', (event) => {
  const item = (event.target as HTMLElement).closest<HTMLElement>('li[data-id]');
  if (item) pick(item.dataset.id!);
});
results.addEventListener('keydown', (event) => {
  const item = (event.target as HTMLElement).closest<HTMLElement>('li[data-id]');
  if (!item) return;
  if (event.key === 'Enter') pick(item.dataset.id!);
  else if (event.key === 'ArrowDown') (item.nextElementSibling as HTMLElement | null)?.focus();
  else if (event.key === 'ArrowUp') ((item.previousElementSibling as HTMLElement | null) ?? searchInput).focus();
  else if (event.key === 'Escape') {
    results.hidden = true;
    searchInput.focus();
  }
});
$('search-form').addEventListener('submit', (event) => event.preventDefault());

// --- routes -----------------------------------------------------------------------------------
$('path-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const from = $<HTMLInputElement>('path-from').value.trim();
  const to = $<HTMLInputElement>('path-to').value.trim();
  if (!from || !to) {
    setStatus('Name both ends: "from" and "to" (an id, a name or an alias).', 'error');
    return;
  }
  state.path = { from, to };
  question = 'path';
  void redraw();
});

// --- filters ----------------------------------------------------------------------------------
const modalityBox = $('filter-modality');
for (const modality of MODALITIES) {
  modalityBox.append(h('label', {}, h('input', { type: 'checkbox', value: modality, checked: state.filters.modality.length === 0 || state.filters.modality.includes(modality) }), ` ${humanModality(modality)}`));
}
const typesBox = $('filter-types');
void gql<{ relationshipTypes: Array<{ type: string; description: string }> }>(TYPES).then((answer) => {
  for (const { type, description } of answer.data.relationshipTypes) {
    typesBox.append(h('label', { title: description }, h('input', { type: 'checkbox', value: type, checked: state.filters.types.length === 0 || state.filters.types.includes(type) }), ` ${type}`));
  }
});
$<HTMLInputElement>('filter-min-sources').value = String(state.filters.minSources);
$<HTMLInputElement>('filter-from').value = state.filters.from ?? '';
$<HTMLInputElement>('filter-to').value = state.filters.to ?? '';

let filterTimer: ReturnType<typeof setTimeout> | undefined;
function readFilters(): void {
  const checked = (box: HTMLElement) => [...box.querySelectorAll<HTMLInputElement>('input[type=checkbox]')];
  const modalities = checked(modalityBox);
  const picked = modalities.filter((i) => i.checked).map((i) => i.value as Modality);
  state.filters.modality = picked.length === modalities.length ? [] : picked;
  const types = checked(typesBox);
  const pickedTypes = types.filter((i) => i.checked).map((i) => i.value);
  state.filters.types = pickedTypes.length === types.length ? [] : pickedTypes;
  state.filters.minSources = Math.min(1000, Math.max(0, Number($<HTMLInputElement>('filter-min-sources').value) || 0));
  state.filters.from = $<HTMLInputElement>('filter-from').value || undefined;
  state.filters.to = $<HTMLInputElement>('filter-to').value || undefined;
  // At once on what is drawn; then the expansions are asked again, so their caps apply to what passes.
  applyFilters(cy, state.filters, pinned());
  renderList();
  syncUrl();
  clearTimeout(filterTimer);
  filterTimer = setTimeout(() => void redraw(), 300);
}
$('filters').addEventListener('change', readFilters);

// --- canvas events and keyboard ---------------------------------------------------------------
cy.on('tap', 'edge', (event) => {
  const edge = event.target as EdgeSingular;
  if (edge.data('kind') !== 'more') void showEdge(edge.id());
});
/** A "more…" node: the next page of the neighbourhood, or of the measures, it stands for. */
function showMore(node: NodeSingular): void {
  if (node.data('action') === 'measures' && state.measures) {
    state.measures.pages = Math.min(20, state.measures.pages + 1);
    void redraw();
  } else void expand(node.data('of'));
}

cy.on('tap', 'node', (event) => {
  const node = event.target as NodeSingular;
  if (node.data('kind') === 'more') showMore(node);
  else void showEntity(node.id());
});
cy.on('dbltap', 'node', (event) => {
  const node = event.target as NodeSingular;
  if (node.data('kind') !== 'more') void expand(node.id());
});
cy.on('tap', (event) => {
  if (event.target === cy) closePanel();
});

$('cy').addEventListener('keydown', (event) => {
  const nodes = cy.nodes().not('.hidden');
  if (nodes.empty()) return;
  const current = cy.nodes(':selected').first();
  const directions: Record<string, [number, number]> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
  const direction = directions[event.key];
  if (direction) {
    event.preventDefault();
    // The nearest node in that direction (within 60° of it); the first node when none is selected.
    // From nothing selected: the first entity by name (the order of the list below the canvas).
    let next = current.empty()
      ? nodes.filter((n) => n.data('kind') !== 'more').sort((a, b) => String(a.data('name')).localeCompare(String(b.data('name')))).first()
      : undefined;
    if (!next) {
      const from = current.position();
      let best = Infinity;
      nodes.forEach((node) => {
        const dx = node.position().x - from.x;
        const dy = node.position().y - from.y;
        const along = dx * direction[0] + dy * direction[1];
        const distance = Math.hypot(dx, dy);
        if (node.id() !== current.id() && along > distance / 2 && distance < best) {
          best = distance;
          next = node;
        }
      });
    }
    if (next) {
      cy.elements().unselect();
      next.select();
      setStatus(`${next.data('name')} (${String(next.data('kind')).toLowerCase()}): Enter expands, Space shows the details.`);
    }
  } else if (event.key === 'Enter' && current.nonempty()) {
    event.preventDefault();
    if (current.data('kind') === 'more') showMore(current);
    else void expand(current.id());
  } else if (event.key === ' ' && current.nonempty() && current.data('kind') !== 'more') {
    event.preventDefault();
    void showEntity(current.id());
  } else if (event.key === 'Escape') closePanel();
});
document.addEventListener('keydown', (event) => {
  const typing = (event.target as HTMLElement).closest('input, textarea, select');
  if (event.key === '/' && !typing) {
    event.preventDefault();
    searchInput.focus();
  } else if (event.key === 'Escape' && !typing) closePanel();
});

$('view-list').addEventListener('click', (event) => {
  const target = event.target as HTMLElement;
  const item = target.closest<HTMLElement>('li');
  if (!item) return;
  if (target.classList.contains('show-edge')) void showEdge(item.dataset.edge!);
  else if (target.classList.contains('show-entity')) void showEntity(item.dataset.id!);
  else if (target.classList.contains('expand-entity')) void expand(item.dataset.id!);
  else if (target.classList.contains('show-more')) showMore(cy.getElementById(item.dataset.moreNode!) as NodeSingular);
});
$('panel').addEventListener('click', (event) => {
  const target = event.target as HTMLElement;
  if (target.classList.contains('close')) closePanel();
  // A measure in the measures panel: its details.
  const measure = target.closest<HTMLElement>('li.measure');
  if (measure && target.classList.contains('show-entity')) void showEntity(measure.dataset.id!);
});

// --- sharing and exports ----------------------------------------------------------------------
async function copy(text: string, what: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    setStatus(`${what} copied.`);
  } catch {
    setStatus(`${what}: ${text}`);
  }
}

function stamp(): string {
  return new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
}

$('copy-link').addEventListener('click', () => void copy(location.href, 'Link to this view'));
$('export-png').addEventListener('click', () => download(pngBlob(cy), `chokepoint-view-${stamp()}.png`));
$('export-svg').addEventListener('click', () => download(new Blob([svgText(cy)], { type: 'image/svg+xml' }), `chokepoint-view-${stamp()}.svg`));
$('export-csv').addEventListener('click', () => download(new Blob([edgesCsv(cy)], { type: 'text/csv' }), `chokepoint-edges-${stamp()}.csv`));
$('copy-graphql').addEventListener('click', () => {
  const expanded = [...state.expanded].map(([id, pages]) => ({ id, first: Math.min(500, PAGE * pages) }));
  const requests: Array<{ query: string; variables: Record<string, unknown> }> = [];
  if (expanded.length) {
    requests.push({ query: neighbourhoodsQuery(expanded.length), variables: neighbourhoodVariables(expanded, state.filters) });
    requests.push({ query: neighbourhoodCountsQuery(expanded.length), variables: neighbourhoodVariables(expanded, state.filters) });
  }
  const placed = placedIds();
  if (placed.length) requests.push({ query: ENTITIES(placed.length), variables: Object.fromEntries(placed.map((id, i) => [`id${i}`, id])) });
  if (state.path) requests.push({ query: PATHS, variables: { from: state.path.from, to: state.path.to, minSources: state.filters.minSources } });
  if (state.measures) requests.push({ query: MEASURES, variables: measuresVariables(state.measures.target, state.measures.pages, state.filters) });
  if (state.timeline) requests.push({ query: TIMELINE_STRIP, variables: { entity: state.timeline, first: STRIP_EVENTS } });
  const text = requests.length
    ? requests.map((r) => `${r.query}\n\n# variables\n${JSON.stringify(r.variables, null, 2)}`).join('\n\n# ----\n\n')
    : '# The view is empty: search for an entity first.';
  $<HTMLTextAreaElement>('graphql-text').value = text;
  $<HTMLDialogElement>('graphql-dialog').showModal();
  void copy(text, 'The GraphQL of this view');
});
$('clear').addEventListener('click', () => {
  state = { ...readState(''), filters: state.filters, seed: state.seed };
  routeRels = [];
  measuresAnswer = null;
  question = null;
  closePanel();
  void redraw();
  void drawStrip();
});

// For tests and the curious: the live canvas and state (read-only use).
(window as unknown as { chokepointExplorer: unknown }).chokepointExplorer = { cy, state: () => state, version: () => currentVersion, lastDraw: () => lastDraw };

void redraw();
void drawStrip();
