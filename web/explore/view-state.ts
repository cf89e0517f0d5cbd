// The view as a URL: which entities are on the canvas, which are expanded (and how far), the filters,
// the layout seed, the route question, the measures question, the open timeline strip and the graph
// version the view was made on. Reading a URL back gives the same state, so a copied link reopens the
// same view (and says when the graph has changed).
import { MODALITIES, type Filters, type Modality } from './api.ts';

export interface ViewState {
  /** Entity ids placed on the canvas (searched for, or added from a panel). */
  entities: string[];
  /** Expanded entities: id → pages of the neighbourhood shown (each page is PAGE relationships a direction). */
  expanded: Map<string, number>;
  filters: Filters;
  /** Seeds the initial positions, so one state always lays out the same way. */
  seed: number;
  /** The routes question (`path`), if asked. */
  path?: { from: string; to: string };
  /** "Which measures target X" (`measures(targeting:)`): X as given, and the pages of measures shown. */
  measures?: { target: string; pages: number };
  /** The entity whose timeline strip is open. */
  timeline?: string;
  /** The graph version the view was made on. */
  version?: string;
}

/** Relationships drawn per direction and page of an expansion; the rest is behind "n more…". */
export const PAGE = 25;
/** Expanded entities one view holds (each costs a little of every redraw's single request). */
export const MAX_EXPANDED = 20;

const list = (value: string | null) => (value ? value.split(',').map(decodeURIComponent).filter(Boolean) : []);
const joined = (values: Iterable<string>) => [...values].map(encodeURIComponent).join(',');
const isDay = (value: string | null | undefined): value is string => !!value && /^\d{4}-\d{2}-\d{2}$/.test(value);

export function emptyState(seed = 1): ViewState {
  return { entities: [], expanded: new Map(), filters: { types: [], modality: [], minSources: 0 }, seed };
}

export function readState(search: string): ViewState {
  const params = new URLSearchParams(search);
  const state = emptyState(Number(params.get('seed')) || 1);
  state.entities = list(params.get('e'));
  for (const item of list(params.get('x'))) {
    const [id, pages] = item.split('~');
    if (id && state.expanded.size < MAX_EXPANDED) state.expanded.set(id, Math.min(20, Math.max(1, Number(pages) || 1)));
  }
  state.filters.types = list(params.get('t'));
  state.filters.modality = list(params.get('m')).filter((m): m is Modality => (MODALITIES as readonly string[]).includes(m));
  state.filters.minSources = Math.min(1000, Math.max(0, Number(params.get('s')) || 0));
  if (isDay(params.get('df'))) state.filters.from = params.get('df')!;
  if (isDay(params.get('dt'))) state.filters.to = params.get('dt')!;
  const from = params.get('pf');
  const to = params.get('pt');
  if (from && to) state.path = { from, to };
  const [target, pages] = (params.get('mt') ?? '').split('~');
  if (target) state.measures = { target, pages: Math.min(20, Math.max(1, Number(pages) || 1)) };
  state.timeline = params.get('tl') || undefined;
  state.version = params.get('v') ?? undefined;
  return state;
}

export function writeState(state: ViewState): string {
  const params: string[] = [];
  const add = (name: string, value: string | undefined) => {
    if (value) params.push(`${name}=${value}`);
  };
  add('e', joined(state.entities));
  add('x', [...state.expanded].map(([id, pages]) => (pages > 1 ? `${encodeURIComponent(id)}~${pages}` : encodeURIComponent(id))).join(','));
  add('t', joined(state.filters.types));
  add('m', joined(state.filters.modality));
  add('s', state.filters.minSources ? String(state.filters.minSources) : undefined);
  add('df', state.filters.from);
  add('dt', state.filters.to);
  if (state.path) {
    add('pf', encodeURIComponent(state.path.from));
    add('pt', encodeURIComponent(state.path.to));
  }
  if (state.measures) add('mt', `${encodeURIComponent(state.measures.target)}${state.measures.pages > 1 ? `~${state.measures.pages}` : ''}`);
  add('tl', state.timeline && encodeURIComponent(state.timeline));
  add('seed', String(state.seed));
  add('v', state.version && encodeURIComponent(state.version));
  return params.length ? `?${params.join('&')}` : '';
}
