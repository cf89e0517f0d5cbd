// Size limits on the YAML seed, checked before the cost is paid: a file's size before it is read, its
// nesting before it is parsed, a record's size before it is validated. A YAML document costs ~25× its
// size in memory to parse (a 4 MB file: ~100 MB of heap, 1.5 s); 100 000 nested brackets (200 KB)
// crash the parser outright. Larger graphs go through the streaming write path (bench/generate).

export const SEED_LIMITS = {
  /** One YAML file. */
  fileBytes: 8 * 1024 * 1024,
  /** All YAML files of the data folder together. */
  totalBytes: 64 * 1024 * 1024,
  /** YAML files in the data folder. */
  files: 2_000,
  /** Flow collections (`[`, `{`) nested in one file. */
  flowDepth: 64,
  /** One record (a node or a relationship): characters of its text, and of its values with aliases expanded. */
  recordChars: 64 * 1024,
  /** Nesting of maps and lists inside one record. */
  recordDepth: 16,
} as const;

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}

/** The deepest nesting of flow collections, outside quoted scalars and comments. Linear, no allocation. */
export function flowDepth(text: string): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 0x5b || ch === 0x7b) {
      // [ {
      if (++depth > max) max = depth;
    } else if (ch === 0x5d || ch === 0x7d) {
      // ] }
      if (depth > 0) depth--;
    } else if (ch === 0x22) {
      // "…" with backslash escapes
      for (i++; i < text.length && text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c) i++;
    } else if (ch === 0x27) {
      // '…' only when it opens a scalar (after a space, bracket, comma or colon): "China's" is no quote
      const before = i === 0 ? 0x20 : text.charCodeAt(i - 1);
      if (before === 0x20 || before === 0x0a || before === 0x5b || before === 0x7b || before === 0x2c || before === 0x3a || before === 0x2d) {
        for (i++; i < text.length; i++) {
          if (text.charCodeAt(i) !== 0x27) continue;
          if (text.charCodeAt(i + 1) === 0x27) i++;
          else break;
        }
      }
    } else if (ch === 0x23 && (i === 0 || text.charCodeAt(i - 1) === 0x20 || text.charCodeAt(i - 1) === 0x0a)) {
      // # comment to the end of the line
      while (i < text.length && text.charCodeAt(i) !== 0x0a) i++;
    }
  }
  return max;
}

/**
 * A problem when a value (aliases expanded: they share one object) is bigger than the record limits,
 * else undefined. Stops counting as soon as a limit is passed, so a hostile value costs no more than the limit.
 */
export function recordSizeProblem(value: unknown): string | undefined {
  let chars = 0;
  const walk = (v: unknown, depth: number): string | undefined => {
    if (depth > SEED_LIMITS.recordDepth) return `nests deeper than ${SEED_LIMITS.recordDepth} levels`;
    if (typeof v === 'string') chars += v.length;
    else if (v === null || typeof v !== 'object') chars += 8;
    else if (Array.isArray(v)) {
      for (const item of v) {
        const problem = walk(item, depth + 1);
        if (problem) return problem;
      }
    } else {
      for (const [key, item] of Object.entries(v)) {
        chars += key.length;
        const problem = walk(item, depth + 1);
        if (problem) return problem;
      }
    }
    if (chars > SEED_LIMITS.recordChars) return `is larger than ${SEED_LIMITS.recordChars / 1024}K characters (with its aliases expanded)`;
    return undefined;
  };
  return walk(value, 0);
}
