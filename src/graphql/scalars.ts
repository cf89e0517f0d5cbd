// The Date scalar: an ISO 8601 calendar date (YYYY-MM-DD) that exists in the calendar.
import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { isCalendarDay } from '../ontology/partial-date.ts';
import { ErrorCode } from '../errors/api-errors.ts';

function parse(value: unknown): string {
  if (typeof value !== 'string' || !isCalendarDay(value)) {
    throw new GraphQLError(
      `Date must be an ISO 8601 calendar date (YYYY-MM-DD), e.g. "2022-10-07"; got ${JSON.stringify(value)}.`,
      { extensions: { code: ErrorCode.BAD_USER_INPUT, value } },
    );
  }
  return value;
}

export const DateScalar = new GraphQLScalarType({
  name: 'Date',
  description: 'An ISO 8601 calendar date, e.g. "2022-10-07".',
  serialize: (value) => String(value).slice(0, 10),
  parseValue: parse,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) return parse(ast.kind === Kind.INT ? Number((ast as { value: string }).value) : ast.kind);
    return parse(ast.value);
  },
});
