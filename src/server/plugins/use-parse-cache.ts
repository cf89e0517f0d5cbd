// Keeps parsed documents (and parse errors, and validation results) for reuse, bounded in bytes rather
// than entries: yoga's own cache holds 1024 documents of any size, so many large distinct documents
// grew memory without bound. Sizes are estimated from the text and its tokens (measured: a parsed
// document holds 270–510 bytes per token, the text itself up to 2 bytes per character).
import type { DocumentNode, GraphQLError, GraphQLSchema } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { LRUCache } from 'lru-cache';

export interface ParseCacheOptions {
  /** Estimated bytes of all cached documents and errors together. @default 16777216 (16 MiB) */
  maxBytes?: number;
  /** The cache to use (tests pass one to look at its size). @default a new one of `maxBytes` */
  cache?: ParseCache;
}

/** Estimated bytes of one parsed document per token. */
export const BYTES_PER_TOKEN = 512;

export type ParseCache = LRUCache<string, DocumentNode | Error>;

/** Parsed documents and parse errors by their text, at most `maxBytes` (estimated) in all. */
export function createParseCache(maxBytes = 16 * 1024 * 1024): ParseCache {
  return new LRUCache<string, DocumentNode | Error>({
    maxSize: maxBytes,
    sizeCalculation: (value, text) => 2 * text.length + (value instanceof Error ? 1024 : BYTES_PER_TOKEN * tokensOf(value)),
  });
}

export function useParseCache({ maxBytes, cache }: ParseCacheOptions = {}): Plugin {
  const parsed = cache ?? createParseCache(maxBytes);
  // Validation results live as long as their document does; keyed by the rules in force, as yoga does.
  const validated = new Map<string, WeakMap<GraphQLSchema, WeakMap<DocumentNode, readonly GraphQLError[]>>>();
  return {
    onParse({ params, setParsedDocument }) {
      const text = typeof params.source === 'string' ? params.source : params.source.body;
      const known = parsed.get(text);
      if (known instanceof Error) throw known;
      if (known) {
        setParsedDocument(known);
        return;
      }
      return ({ result }) => {
        if (result instanceof Error || (result && typeof result === 'object' && 'kind' in result)) parsed.set(text, result as DocumentNode | Error);
      };
    },
    onValidate({ params, setResult }) {
      const rules = params.rules?.map((rule: { name: string }) => rule.name).join(',') ?? '';
      let byRules = validated.get(rules);
      if (!byRules) validated.set(rules, (byRules = new WeakMap()));
      let bySchema = byRules.get(params.schema);
      if (!bySchema) byRules.set(params.schema, (bySchema = new WeakMap()));
      const known = bySchema.get(params.documentAST);
      if (known) {
        setResult(known);
        return;
      }
      return ({ result }) => {
        bySchema.set(params.documentAST, result as readonly GraphQLError[]);
      };
    },
  };
}

/** Tokens of a parsed document (graphql-js keeps them as a linked list on `loc`). */
function tokensOf(document: DocumentNode): number {
  let count = 0;
  for (let token = document.loc?.startToken; token; token = token.next ?? undefined) count++;
  return Math.max(count, 1);
}
