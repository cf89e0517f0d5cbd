// Refuses operations that nest too deep, use too many aliases, expand to too many fields or could fetch
// too many items — before any resolver (and so any Cypher) runs. Introspection is measured like any
// other query. The shape is checked before validation (validation work grows with the fields), the cost
// once variables are known (their defaults included).
import type { Plugin } from 'graphql-yoga';
import { queryTooComplex } from '../../errors/api-errors.ts';
import { measureShape, type QueryShape } from '../../graphql/query-limits.ts';
import { operationCost, type CostModel } from '../../graphql/query-cost.ts';

export interface QueryLimits {
  /** Levels of nested fields. @default 12 (LIMITS.maxDepth) */
  maxDepth: number;
  /** Aliased fields, counting each fragment spread. @default 30 (LIMITS.maxAliases) */
  maxAliases: number;
  /** Fields after expanding fragments. @default 1000 (LIMITS.maxFields) */
  maxFields: number;
  /** Estimated items (src/graphql/query-cost.ts). @default 100000 (LIMITS.maxCost) */
  maxCost: number;
}

export interface QueryLimitsOptions {
  limits: QueryLimits;
  /** List caps for the cost estimate, built once from the schema and ontology. */
  costModel: CostModel;
}

export function useQueryLimits({ limits, costModel }: QueryLimitsOptions): Plugin {
  const refuse = (problems: string[], figures: Partial<QueryShape> & { cost?: number }) =>
    queryTooComplex(`The query is refused: ${problems.join('; ')}.`, { ...figures, limits });
  return {
    onValidate({ params, context }) {
      const operationName = (context as { params?: { operationName?: string } }).params?.operationName;
      const shape = measureShape(params.schema, params.documentAST, operationName);
      if (!shape) return;
      const problems: string[] = [];
      if (shape.depth > limits.maxDepth) problems.push(`it nests ${shape.depth} levels deep; at most ${limits.maxDepth} are allowed`);
      if (shape.aliases > limits.maxAliases) problems.push(`it uses ${shape.aliases} aliases; at most ${limits.maxAliases} are allowed`);
      if (shape.fields > limits.maxFields) {
        problems.push(`it expands to ${shape.fields} fields once fragments are spread; at most ${limits.maxFields} are allowed`);
      }
      // Thrown, not set as the validation result: validation results are cached per document, and
      // the limits depend on which operation of the document is run.
      if (problems.length > 0) throw refuse(problems, { depth: shape.depth, aliases: shape.aliases, fields: shape.fields });
    },
    onExecute({ args, setResultAndStopExecution }) {
      const estimate = operationCost(costModel, args.document, args.operationName, args.variableValues as Record<string, unknown>);
      if (!estimate || estimate.cost <= limits.maxCost) return;
      const problem = `it could fetch about ${estimate.cost} items (list lengths multiplied down nested lists, 'first' and variable defaults included); at most ${limits.maxCost} are allowed — ask for smaller pages`;
      setResultAndStopExecution({ errors: [refuse([problem], { cost: estimate.cost })] });
    },
  };
}
