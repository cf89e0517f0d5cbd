// How the graph differs from the seed files where reviewed changes (src/curation/) wrote: a load
// never overwrites those (the loader skips curated and retracted Claims), so it reports them instead —
// each seed relationship retracted or edited through the API, and what differs (modality, qualifiers,
// dates, citations), for the curators to carry into the files or leave.
import type { Executor } from '../db/executor.ts';
import { curatedLoaderClaims } from '../cypher/seed-divergence.ts';
import type { Ontology } from '../ontology/ontology.ts';
import type { SeedRelationship } from './validate-seed.ts';

export interface Divergence {
  id: string;
  /** retracted: through the API; edited: a change wrote it; added: not in the files (any more). */
  kind: 'retracted' | 'edited' | 'not-in-seed';
  /** The change that did it. */
  seq: number | null;
  /** `name: seed X, graph Y` for each field that differs (empty for a retraction). */
  differs: string[];
  /** For a retraction: who, when, why. */
  reason?: string;
}

/** At most this many are read and reported (the rest are counted in the last line). */
export const DIVERGENCE_MAX = 1_000;

const show = (value: unknown) => (value === undefined || value === null ? '—' : JSON.stringify(value));

/** The seed relationships that reviewed changes retracted or edited, with what differs, in id order. */
export async function readDivergence(executor: Executor, ontology: Ontology, relationships: readonly SeedRelationship[], origin = 'seed'): Promise<Divergence[]> {
  const rows = await executor.read(curatedLoaderClaims, { origins: [origin], limit: DIVERGENCE_MAX });
  if (rows.length === 0) return [];
  const seed = new Map(relationships.map((r) => [r.id, r]));
  return rows.map((row) => {
    const props = row.props as Record<string, unknown>;
    const id = String(props.id);
    const rel = seed.get(id);
    if (row.retracted === true) {
      return { id, kind: 'retracted', seq: numberOr(props.retractedSeq), differs: [], reason: `${String(props.retractedAt)} by ${String(props.retractedBy)}: ${String(props.retractedReason)}` };
    }
    if (!rel) return { id, kind: 'not-in-seed', seq: numberOr(props.curatedSeq), differs: [] };
    return { id, kind: 'edited', seq: numberOr(props.curatedSeq), differs: differences(ontology, rel, props, row.cites as Array<{ source: string; quote: string }>) };
  });
}

function numberOr(value: unknown): number | null {
  return typeof value === 'number' ? value : null;
}

/** Field by field: the seed record against the Claim the change left. */
function differences(ontology: Ontology, rel: SeedRelationship, props: Record<string, unknown>, cites: Array<{ source: string; quote: string }>): string[] {
  const out: string[] = [];
  if (props.modality !== rel.modality) out.push(`modality: seed ${show(rel.modality)}, graph ${show(props.modality)}`);
  for (const prop of Object.values(ontology.relationshipType(rel.type).properties)) {
    if (prop.type === 'partialDate') {
      const date = rel.dates[prop.name];
      const part = (v: unknown) => (v === undefined || v === null ? '' : String(v));
      const seedDate = date ? [date.precision, date.start, date.end].map(part).join(' ').trim() : null;
      const graphDate = typeof props[`${prop.name}Precision`] === 'string' ? ['Precision', 'Start', 'End'].map((k) => part(props[`${prop.name}${k}`])).join(' ').trim() : null;
      if (seedDate !== graphDate) out.push(`${prop.name}: seed ${show(seedDate)}, graph ${show(graphDate)}`);
    } else if (JSON.stringify(rel.properties[prop.name] ?? null) !== JSON.stringify(props[prop.name] ?? null)) {
      out.push(`${prop.name}: seed ${show(rel.properties[prop.name])}, graph ${show(props[prop.name])}`);
    }
  }
  const key = (c: { source: string; quote: string }) => `${c.source}: ${c.quote}`;
  const inSeed = new Set(rel.citations.map(key));
  const inGraph = new Set(cites.map(key));
  const added = [...inGraph].filter((c) => !inSeed.has(c));
  const dropped = [...inSeed].filter((c) => !inGraph.has(c));
  if (added.length > 0 || dropped.length > 0) out.push(`citations: the graph has ${added.length} the seed lacks${added.length > 0 ? ` (${added.map((c) => show(c)).join('; ')})` : ''}, lacks ${dropped.length} the seed has`);
  return out;
}

/** One line per divergence, for the load report. */
export function describeDivergence(divergence: readonly Divergence[]): string[] {
  if (divergence.length === 0) return [];
  const lines = [`${divergence.length}${divergence.length >= DIVERGENCE_MAX ? '+' : ''} seed relationship(s) changed through the API were kept as the API left them (not overwritten):`];
  for (const d of divergence) {
    const change = d.seq === null ? '' : ` (change ${d.seq})`;
    if (d.kind === 'retracted') lines.push(`  ${d.id}: retracted${change}, ${d.reason}`);
    else if (d.kind === 'not-in-seed') lines.push(`  ${d.id}: no longer in the seed files; kept as change${change} left it`);
    else lines.push(`  ${d.id}: edited${change}; ${d.differs.length > 0 ? d.differs.join('; ') : 'now the same as the seed'}`);
  }
  return lines;
}
