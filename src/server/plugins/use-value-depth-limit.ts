// Refuses values nested too deep before anything recurses over them: a list literal nested 2 000 deep
// in the document, or a variable nested 5 000 deep, reached graphql-js's recursive parser and
// coercion and came back as 200 INTERNAL_SERVER_ERROR with a stack in the log (issue 19 row 8). The
// document is scanned with graphql-js's lexer (bounded by the token limit that runs first), each
// variable by an explicit stack that stops one level past the limit.
import { GraphQLError, Lexer, Source, TokenKind } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { ErrorCode, queryTooComplex } from '../../errors/api-errors.ts';

export interface ValueDepthOptions {
  /** Lists or objects nested in one value (a literal or a variable). @default 32 */
  maxValueDepth?: number;
  /** Braces nested in the document: selection sets (LIMITS.maxDepth, checked after parsing) and object values together. @default 64 */
  maxBraceDepth?: number;
}

export function useValueDepthLimit({ maxValueDepth = 32, maxBraceDepth = 64 }: ValueDepthOptions = {}): Plugin {
  return {
    onParams({ params, setResult }) {
      if (typeof params.query === 'string') {
        const found = documentDepth(params.query, maxValueDepth, maxBraceDepth);
        if (found) {
          setResult({
            errors: [
              queryTooComplex(
                `The query is refused: it has lists or objects nested more than ${found.limit} levels deep in a value (${found.what}); at most ${found.limit} are allowed.`,
                { depth: found.depth, limit: found.limit },
              ),
            ],
          });
          return;
        }
      }
      const variables = params.variables;
      if (!variables || typeof variables !== 'object') return;
      for (const [name, value] of Object.entries(variables)) {
        const depth = valueDepth(value, maxValueDepth + 1);
        if (depth > maxValueDepth) {
          setResult({
            errors: [
              new GraphQLError(`Variable "$${name}" nests lists or objects more than ${maxValueDepth} levels deep; at most ${maxValueDepth} are allowed.`, {
                extensions: { code: ErrorCode.BAD_USER_INPUT, variable: name, depth, limit: maxValueDepth, http: { status: 400 } },
              }),
            ],
          });
          return;
        }
      }
    },
  };
}

/** The first nesting over a limit in the document's tokens, or null; a lexical error ends the scan (parsing reports it). */
function documentDepth(text: string, maxBrackets: number, maxBraces: number): { depth: number; limit: number; what: string } | null {
  const lexer = new Lexer(new Source(text));
  let brackets = 0;
  let braces = 0;
  try {
    for (let token = lexer.advance(); token.kind !== TokenKind.EOF; token = lexer.advance()) {
      if (token.kind === TokenKind.BRACKET_L && ++brackets > maxBrackets) return { depth: brackets, limit: maxBrackets, what: `'[' ${brackets} deep` };
      if (token.kind === TokenKind.BRACKET_R) brackets--;
      if (token.kind === TokenKind.BRACE_L && ++braces > maxBraces) return { depth: braces, limit: maxBraces, what: `'{' ${braces} deep` };
      if (token.kind === TokenKind.BRACE_R) braces--;
    }
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
  }
  return null;
}

/** Nesting of arrays and objects in a JSON value (a scalar: 0), counted no further than `stop`. */
export function valueDepth(value: unknown, stop: number): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop()!;
    if (item === null || typeof item !== 'object') continue;
    const here = depth + 1;
    if (here > deepest) deepest = here;
    if (deepest >= stop) return deepest;
    for (const child of Array.isArray(item) ? item : Object.values(item)) {
      if (child !== null && typeof child === 'object') stack.push([child, here]);
    }
  }
  return deepest;
}
