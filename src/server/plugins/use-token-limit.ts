// Refuses a document of more than `maxTokens` tokens before it is parsed, so the cost of parsing,
// validating and measuring a query is bounded before any of it happens: the body limit bounds bytes,
// this bounds the pieces a parser would make of them. Counting uses graphql-js's own lexer and stops
// one token past the limit; parsing also gets graphql-js's `maxTokens` as a backstop.
import { GraphQLError, Lexer, Source, TokenKind } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { queryTooComplex } from '../../errors/api-errors.ts';

export interface TokenLimitOptions {
  /** Tokens (names, punctuation, values; not comments) in one document. @default 5000 (LIMITS.maxTokens) */
  maxTokens: number;
}

export function useTokenLimit({ maxTokens }: TokenLimitOptions): Plugin {
  return {
    onParams({ params, setResult }) {
      if (typeof params.query !== 'string' || countTokens(params.query, maxTokens + 1) <= maxTokens) return;
      setResult({
        errors: [
          queryTooComplex(
            `The query is refused: it has more than ${maxTokens} tokens (names, punctuation and values; the document is ${params.query.length} characters long); at most ${maxTokens} are allowed.`,
            { maxTokens, characters: params.query.length },
          ),
        ],
      });
    },
    onParse({ parseFn, setParseFn }) {
      setParseFn((source, options) => parseFn(source, { ...options, maxTokens }));
    },
  };
}

/** Tokens in `text`, counting no further than `stop`; a lexical error ends the count (parsing reports it). */
export function countTokens(text: string, stop: number): number {
  const lexer = new Lexer(new Source(text));
  let count = 0;
  try {
    while (count < stop && lexer.advance().kind !== TokenKind.EOF) count++;
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
  }
  return count;
}
