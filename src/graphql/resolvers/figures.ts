// Figures are stored as a JSON list on the node (Neo4j properties cannot hold maps).
import type { Figure } from '../../ontology/figure.ts';
import type { EntityRecord } from '../../repository/records.ts';
import type { AppContext } from '../context.ts';

export function figuresOf(e: EntityRecord, _: unknown, ctx: AppContext) {
  const stored = typeof e.props.figures === 'string' ? (JSON.parse(e.props.figures) as Figure[]) : [];
  return stored.map((figure) => ({ ...figure, source: ctx.repo.source(figure.source) }));
}
