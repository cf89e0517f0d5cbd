// Small DOM helpers: elements from data (text is always set as text, never parsed as HTML) and downloads.

type Child = Node | string | null | undefined | false;

/** `h('p', { class: 'x' }, 'text', child)`: an element with attributes and children. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string | boolean | undefined> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === false || value === undefined) continue;
    element.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children) if (child) element.append(child);
  return element;
}

/** `text` with each occurrence of the mentions wrapped in <mark> (case-insensitive), as DOM nodes. */
export function highlighted(text: string, mentions: Array<string | null | undefined>): Node[] {
  const spans: Array<[number, number]> = [];
  const lower = text.toLowerCase();
  for (const mention of mentions) {
    if (!mention) continue;
    const needle = mention.toLowerCase();
    for (let at = lower.indexOf(needle); at >= 0; at = lower.indexOf(needle, at + needle.length)) spans.push([at, at + needle.length]);
  }
  spans.sort((a, b) => a[0] - b[0]);
  const nodes: Node[] = [];
  let cursor = 0;
  for (const [start, end] of spans) {
    if (start < cursor) continue;
    if (start > cursor) nodes.push(document.createTextNode(text.slice(cursor, start)));
    nodes.push(h('mark', {}, text.slice(start, end)));
    cursor = end;
  }
  if (cursor < text.length) nodes.push(document.createTextNode(text.slice(cursor)));
  return nodes;
}

/** Saves `blob` as a file (a same-origin blob: URL; nothing leaves the page). */
export function download(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = h('a', { href: url, download: fileName });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export const humanModality = (modality: string): string => modality.toLowerCase().replace(/_/g, ' ');
