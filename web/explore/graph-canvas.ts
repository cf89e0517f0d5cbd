// The canvas: Cytoscape.js with the fcose force-directed layout. Style says what a thing is — node shape
// and colour by kind, edge line by modality (dashed: proposed or under consideration; dotted: reported;
// struck: denied), edge width by independent sources — and the filters decide what is visible.
import cytoscape, { type Core, type EdgeSingular, type ElementDefinition, type NodeSingular } from 'cytoscape';
import fcose from 'cytoscape-fcose';
import { TENTATIVE, type EntityRef, type Filters, type Rel } from './api.ts';

cytoscape.use(fcose);

/** By the API's EntityKind (ACTOR, POLICY, …); `more` is the "n more…" placeholder. */
export const KIND_STYLE: Record<string, { color: string; shape: cytoscape.Css.NodeShape }> = {
  ACTOR: { color: '#2f6fbf', shape: 'round-rectangle' },
  POLICY: { color: '#d9822b', shape: 'diamond' },
  TECHNOLOGY: { color: '#3a9d5d', shape: 'hexagon' },
  COUNTRY: { color: '#8a4fb5', shape: 'ellipse' },
  GOAL: { color: '#c2a000', shape: 'star' },
  more: { color: '#9aa1ad', shape: 'round-tag' },
};

/** Line width for an edge's independent sources: 1 px for an editorial link, up to 7 px for 4 or more. */
export const edgeWidth = (sources: number): number => 1 + 1.5 * Math.min(4, Math.max(0, sources));

export function createCanvas(container: HTMLElement): Core {
  return cytoscape({
    container,
    minZoom: 0.2,
    maxZoom: 3,
    wheelSensitivity: 0.3,
    boxSelectionEnabled: false,
    style: [
      {
        selector: 'node',
        style: {
          label: 'data(name)',
          'background-color': (node: NodeSingular) => KIND_STYLE[node.data('kind')]?.color ?? '#777',
          shape: (node: NodeSingular) => KIND_STYLE[node.data('kind')]?.shape ?? 'ellipse',
          width: 26,
          height: 26,
          'font-size': 11,
          'text-valign': 'bottom',
          'text-margin-y': 4,
          'text-wrap': 'ellipsis',
          'text-max-width': '140px',
          color: '#1d2330',
          'text-background-color': '#ffffff',
          'text-background-opacity': 0.7,
        },
      },
      { selector: 'node[?expanded]', style: { 'border-width': 3, 'border-color': '#1d2330' } },
      { selector: 'node[kind = "more"]', style: { width: 18, height: 18, 'font-style': 'italic', color: '#4a5060' } },
      { selector: 'node:selected', style: { 'overlay-color': '#f5c400', 'overlay-opacity': 0.35, 'overlay-padding': 6 } },
      {
        selector: 'edge',
        style: {
          width: (edge: EdgeSingular) => edgeWidth(edge.data('independentSources') ?? 0),
          'line-color': '#59606e',
          'target-arrow-color': '#59606e',
          'target-arrow-shape': 'triangle',
          'arrow-scale': 0.8,
          'curve-style': 'bezier',
          label: 'data(type)',
          'font-size': 8,
          color: '#59606e',
          'text-rotation': 'autorotate',
          'text-background-color': '#ffffff',
          'text-background-opacity': 0.8,
        },
      },
      ...TENTATIVE.map((m) => ({ selector: `edge[modality = "${m}"]`, style: { 'line-style': 'dashed' as const, 'line-dash-pattern': [6, 4] } })),
      { selector: 'edge[modality = "REPORTED"]', style: { 'line-style': 'dotted' as const } },
      {
        // Struck: red, with a bar across the middle of the line.
        selector: 'edge[modality = "DENIED"]',
        style: { 'line-color': '#c0392b', 'target-arrow-color': '#c0392b', 'mid-target-arrow-shape': 'tee', 'mid-target-arrow-color': '#c0392b', 'arrow-scale': 1.4 },
      },
      { selector: 'edge[kind = "more"]', style: { 'line-style': 'dotted', 'target-arrow-shape': 'none', label: '', width: 1, 'line-color': '#b5bac4' } },
      { selector: 'edge.route', style: { 'line-color': '#d35400', 'target-arrow-color': '#d35400', 'z-index': 10 } },
      { selector: 'edge:selected', style: { 'overlay-color': '#f5c400', 'overlay-opacity': 0.35, 'overlay-padding': 4 } },
      { selector: '.hidden', style: { display: 'none' } },
    ],
  });
}

export function nodeElement(entity: EntityRef): ElementDefinition {
  return { group: 'nodes', data: { id: entity.id, name: entity.name, kind: entity.kind } };
}

export function edgeElement(rel: Rel): ElementDefinition {
  return {
    group: 'edges',
    data: {
      id: rel.id,
      source: rel.from.id,
      target: rel.to.id,
      type: rel.type,
      modality: rel.modality,
      independentSources: rel.independentSources,
      citationCount: rel.citationCount,
      dateStart: rel.date?.start ?? null,
      dateEnd: rel.date?.end ?? null,
      dateValue: rel.date?.value ?? null,
      fromName: rel.from.name,
      toName: rel.to.name,
    },
  };
}

/** Whether an edge passes the filters (those the server applied to expansions, and the date window). */
export function passes(edge: EdgeSingular, filters: Filters): boolean {
  if (edge.data('kind') === 'more') return true;
  if (filters.types.length && !filters.types.includes(edge.data('type'))) return false;
  if (filters.modality.length && !filters.modality.includes(edge.data('modality'))) return false;
  if ((edge.data('independentSources') ?? 0) < filters.minSources) return false;
  // The date window keeps undated relationships and those whose date range overlaps it.
  const start: string | null = edge.data('dateStart');
  const end: string | null = edge.data('dateEnd') ?? start;
  if (filters.from && end && end < filters.from) return false;
  if (filters.to && start && start > filters.to) return false;
  return true;
}

/** Hides filtered-out edges, and nodes left with no visible edge unless they were placed on purpose. */
export function applyFilters(cy: Core, filters: Filters, pinned: Set<string>): void {
  cy.batch(() => {
    cy.edges().forEach((edge) => {
      edge.toggleClass('hidden', !passes(edge, filters));
    });
    cy.nodes().forEach((node) => {
      const visible = pinned.has(node.id()) || node.connectedEdges().some((edge) => !(edge as EdgeSingular).hasClass('hidden'));
      node.toggleClass('hidden', !visible);
    });
    // An edge whose end is hidden is hidden too ("n more…" edges to hidden hubs).
    cy.edges().forEach((edge) => {
      if (edge.source().hasClass('hidden') || edge.target().hasClass('hidden')) edge.addClass('hidden');
    });
  });
}

/** A number in [0, 1) from a string and the view's seed: initial positions that depend on nothing else. */
export function seeded(text: string, seed: number): number {
  let h = 2166136261 ^ seed;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  h = Math.imul(h ^ (h >>> 15), 2246822507);
  return ((h ^ (h >>> 13)) >>> 0) / 4294967296;
}

/**
 * Lays the graph out with fcose from positions that the seed and the ids fix, so a state always gives
 * the same picture; without animation, so it is done before the next frame on small views.
 */
export function layout(cy: Core, seed: number): void {
  const visible = cy.elements().not('.hidden');
  if (visible.nodes().length === 0) return;
  const nodes = visible.nodes().sort((a, b) => (a.id() < b.id() ? -1 : 1));
  nodes.forEach((node) => {
    node.position({ x: 600 * seeded(node.id(), seed) - 300, y: 600 * seeded(`${node.id()}#y`, seed) - 300 });
  });
  visible
    .layout({
      name: 'fcose',
      randomize: false,
      animate: false,
      quality: 'default',
      nodeRepulsion: 9000,
      idealEdgeLength: 110,
      nodeSeparation: 90,
      fit: true,
      padding: 40,
    } as cytoscape.LayoutOptions)
    .run();
}
