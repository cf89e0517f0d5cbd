// Checks a seed file's bytes before they are parsed: text must be UTF-8 without control characters
// (other than tab and line ends). A binary file is reported by its first NUL byte and never shown; a
// bad byte or character by line and column and code, never echoed raw (issue 19 row 9: a binary file
// put 414 KB of raw bytes on the terminal, invalid UTF-8 and control characters in names were
// accepted silently). At most `maxProblems` are listed per file.

export interface TextCheck {
  /** The decoded text, when the file is clean. */
  text: string | null;
  problems: string[];
  /** Problems found, listed or not. */
  count: number;
}

/** Where offset `at` of `text` is, 1-based. */
function position(text: string, at: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < at; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return `line ${line}, column ${at - lineStart + 1}`;
}

const hex = (code: number) => `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;

/** C0 controls but tab, LF and CR; DEL; C1 controls. */
const isControl = (code: number) => (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || (code >= 0x7f && code <= 0x9f);

export function checkSeedText(bytes: Buffer, maxProblems: number): TextCheck {
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    return { text: null, problems: [`is a binary file, not YAML text (a NUL byte at byte ${nul}); its content is not shown`], count: 1 };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Decoded again leniently only to say where: the first replacement character marks the bad byte.
    const lenient = bytes.toString('utf8');
    const at = lenient.indexOf('\uFFFD');
    return { text: null, problems: [`is not valid UTF-8 text (the first invalid byte is at ${position(lenient, Math.max(0, at))}); save it as UTF-8`], count: 1 };
  }
  const problems: string[] = [];
  let found = 0;
  // A byte-order mark at the very start is allowed (editors write it); anywhere else it is a character like any other.
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (let i = start; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (!isControl(code)) continue;
    found++;
    if (problems.length < maxProblems) problems.push(`${position(text, i)}: control character ${hex(code)} is not allowed in seed text`);
  }
  if (found > problems.length) problems.push(`… and ${found - problems.length} more control characters`);
  return { text: found > 0 ? null : text, problems, count: found };
}
