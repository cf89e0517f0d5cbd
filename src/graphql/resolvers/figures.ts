// Figures are stored as a JSON list on the node (Neo4j properties cannot hold maps). A figure's source is
// looked up only when a client selects it.
import type { Figure } from '../../ontology/figure.ts';
import type { EntityRecord } from '../../repository/records.ts';
import type { AppContext } from '../context.ts';

export function figuresOf(e: EntityRecord): Figure[] {
  return typeof e.props.figures === 'string' ? (JSON.parse(e.props.figures) as Figure[]) : [];
}

export const figureResolvers = {
  Figure: {
    source: (figure: Figure, _: unknown, ctx: AppContext) => ctx.repo.source(figure.source),
  },
};
