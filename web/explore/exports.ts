// What leaves the explorer: the view as PNG (Cytoscape's renderer) and SVG (written here from the
// laid-out positions: cytoscape-svg is GPL-3.0, which this Apache-2.0 project does not bundle), the
// visible edges as CSV, and the GraphQL that rebuilds the view's data.
import type { Core } from 'cytoscape';
import { KIND_STYLE, edgeWidth } from './graph-canvas.ts';
import { TENTATIVE, type Modality } from './api.ts';

export function pngBlob(cy: Core): Blob {
  return cy.png({ output: 'blob', full: true, scale: 2, bg: '#ffffff' }) as unknown as Blob;
}

const xml = (text: string) => text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

function shapePath(kind: string, x: number, y: number, r: number): string {
  const polygon = (points: Array<[number, number]>) => `<polygon points="${points.map(([px, py]) => `${(x + px * r).toFixed(1)},${(y + py * r).toFixed(1)}`).join(' ')}"`;
  switch (KIND_STYLE[kind]?.shape) {
    case 'round-rectangle':
      return `<rect x="${(x - r).toFixed(1)}" y="${(y - r).toFixed(1)}" width="${2 * r}" height="${2 * r}" rx="${r / 3}"`;
    case 'diamond':
      return polygon([[0, -1], [1, 0], [0, 1], [-1, 0]]);
    case 'hexagon':
      return polygon([[-1, 0], [-0.5, -0.87], [0.5, -0.87], [1, 0], [0.5, 0.87], [-0.5, 0.87]]);
    case 'star':
      return polygon(Array.from({ length: 10 }, (_, i) => {
        const a = -Math.PI / 2 + (i * Math.PI) / 5;
        const k = i % 2 ? 0.45 : 1;
        return [k * Math.cos(a), k * Math.sin(a)] as [number, number];
      }));
    default:
      return `<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="${r}"`;
  }
}

/** The visible graph as a standalone SVG document: nodes by kind, edges by modality and sources, labels. */
export function svgText(cy: Core): string {
  const visible = cy.elements().not('.hidden');
  const box = visible.boundingBox({});
  const pad = 30;
  const parts: string[] = [];
  visible.edges().forEach((edge) => {
    const s = edge.source().position();
    const t = edge.target().position();
    const modality = edge.data('modality') as Modality | undefined;
    const denied = modality === 'DENIED';
    const color = edge.hasClass('route') ? '#d35400' : denied ? '#c0392b' : '#59606e';
    const dash = modality && TENTATIVE.includes(modality) ? ' stroke-dasharray="6 4"' : modality === 'REPORTED' ? ' stroke-dasharray="2 3"' : '';
    const width = edge.data('kind') === 'more' ? 1 : edgeWidth(edge.data('independentSources') ?? 0);
    parts.push(`<line x1="${s.x.toFixed(1)}" y1="${s.y.toFixed(1)}" x2="${t.x.toFixed(1)}" y2="${t.y.toFixed(1)}" stroke="${color}" stroke-width="${width}"${dash} marker-end="url(#arrow)"><title>${xml(`${edge.data('fromName') ?? ''} ${edge.data('type') ?? ''} ${edge.data('toName') ?? ''} (${(modality ?? '').toLowerCase()})`)}</title></line>`);
    const mx = (s.x + t.x) / 2;
    const my = (s.y + t.y) / 2;
    if (denied) {
      // Struck: a bar across the middle, as on the canvas.
      const len = Math.hypot(t.x - s.x, t.y - s.y) || 1;
      const nx = (-(t.y - s.y) / len) * 8;
      const ny = ((t.x - s.x) / len) * 8;
      parts.push(`<line x1="${(mx - nx).toFixed(1)}" y1="${(my - ny).toFixed(1)}" x2="${(mx + nx).toFixed(1)}" y2="${(my + ny).toFixed(1)}" stroke="${color}" stroke-width="3"/>`);
    }
    if (edge.data('type')) parts.push(`<text x="${mx.toFixed(1)}" y="${(my - 3).toFixed(1)}" font-size="8" fill="#59606e" text-anchor="middle">${xml(edge.data('type'))}</text>`);
  });
  visible.nodes().forEach((node) => {
    const { x, y } = node.position();
    const kind = node.data('kind') as string;
    const r = kind === 'more' ? 9 : 13;
    parts.push(`${shapePath(kind, x, y, r)} fill="${KIND_STYLE[kind]?.color ?? '#777'}"${node.data('expanded') ? ' stroke="#1d2330" stroke-width="3"' : ''}/>`);
    parts.push(`<text x="${x.toFixed(1)}" y="${(y + r + 12).toFixed(1)}" font-size="11" fill="#1d2330" text-anchor="middle">${xml(node.data('name') ?? '')}</text>`);
  });
  const width = Math.ceil(box.w + 2 * pad);
  const height = Math.ceil(box.h + 2 * pad);
  return `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="${(box.x1 - pad).toFixed(1)} ${(box.y1 - pad).toFixed(1)} ${width} ${height}" font-family="system-ui, sans-serif">
<defs><marker id="arrow" viewBox="0 0 10 10" refX="22" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#59606e"/></marker></defs>
<rect x="${(box.x1 - pad).toFixed(1)}" y="${(box.y1 - pad).toFixed(1)}" width="${width}" height="${height}" fill="#ffffff"/>
${parts.join('\n')}
</svg>
`;
}

const csvCell = (value: unknown) => {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

export const CSV_COLUMNS = ['id', 'type', 'from', 'from_name', 'to', 'to_name', 'modality', 'independent_sources', 'citations', 'date'] as const;

/** The visible relationships as CSV (RFC 4180), one row each, ids as the API and the exports have them. */
export function edgesCsv(cy: Core): string {
  const rows = [CSV_COLUMNS.join(',')];
  cy.edges()
    .not('.hidden')
    .filter((edge) => edge.data('kind') !== 'more')
    .sort((a, b) => (a.id() < b.id() ? -1 : 1))
    .forEach((edge) => {
      const d = edge.data();
      rows.push([d.id, d.type, d.source, d.fromName, d.target, d.toName, d.modality, d.independentSources, d.citationCount, d.dateValue].map(csvCell).join(','));
    });
  return `${rows.join('\r\n')}\r\n`;
}
