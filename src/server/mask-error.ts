// The one place unexpected errors are masked: clients see a stable code and a generic message, never
// Cypher, driver messages or stacks; the original goes to the log. Errors of our vocabulary pass.
import { GraphQLError } from 'graphql';
import { ErrorCode } from '../graphql/errors.ts';
import type { Logger } from './logger.ts';

const CLIENT_CODES = new Set<string>(Object.values(ErrorCode).filter((c) => c !== ErrorCode.INTERNAL_SERVER_ERROR));

function withCode(error: GraphQLError, code: string): GraphQLError {
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    extensions: { ...error.extensions, code },
  });
}

export function createMaskError(logger: Logger) {
  return (error: unknown): Error => {
    if (error instanceof GraphQLError) {
      const original = error.originalError;
      const code = error.extensions?.code;
      const ours = typeof code === 'string' && CLIENT_CODES.has(code);
      if (ours && (!original || original instanceof GraphQLError)) return error;
      if (!original) {
        // Parse, validation and variable-coercion errors come from graphql-js itself.
        if (error.message.startsWith('Syntax Error')) return withCode(error, ErrorCode.GRAPHQL_PARSE_FAILED);
        if (error.message.startsWith('Variable "$')) return withCode(error, ErrorCode.BAD_USER_INPUT);
        return withCode(error, typeof code === 'string' ? code : ErrorCode.GRAPHQL_VALIDATION_FAILED);
      }
    }
    const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
    logger.error('unexpected error', {
      error: original instanceof Error ? `${original.name}: ${original.message}` : String(original),
      stack: original instanceof Error ? original.stack : undefined,
      path: error instanceof GraphQLError ? error.path : undefined,
    });
    return new GraphQLError('Internal server error.', {
      path: error instanceof GraphQLError ? error.path : undefined,
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
    });
  };
}
