// The review sheet `npm run ingest` prints: for each proposal, the sentence with both mentions and the
// cue marked, the claim in words, its modality, date, score and the rules that fired; then the
// candidate new entities and the dates found.
import type { KnownGraph } from './known-graph.ts';
import type { IngestResult } from './ingest-article.ts';
import type { Proposal } from './proposal.ts';

export interface SheetOptions {
  /** Show at most this many proposals. @default all */
  limit?: number;
  file?: string;
}

function mark(text: string, sentence: { start: number; end: number }, spans: Proposal['citations'][number]['spans']): string {
  const marks = [
    { at: spans.from, open: '[', close: ']₁' },
    { at: spans.to, open: '[', close: ']₂' },
    ...(spans.cue ? [{ at: spans.cue, open: '«', close: '»' }] : []),
  ].sort((a, b) => a.at[0] - b.at[0]);
  let out = '';
  let pos = sentence.start;
  for (const m of marks) {
    if (m.at[0] < pos) continue;
    out += text.slice(pos, m.at[0]) + m.open + text.slice(m.at[0], m.at[1]) + m.close;
    pos = m.at[1];
  }
  return (out + text.slice(pos, sentence.end)).replace(/\s+/g, ' ');
}

function describeDate(date: Proposal['citations'][number]['date']): string {
  if (!date) return '';
  const when = date.on ?? (date.between ? date.between.join('..') : 'unknown');
  return `${when} ("${date.text}"${date.note ? `; ${date.note}` : ''})`;
}

export function reviewSheet(result: IngestResult, text: string, graph: KnownGraph, options: SheetOptions = {}): string {
  const names = new Map(graph.entities.map((e) => [e.id, e.name]));
  const lines: string[] = [];
  const published = result.published?.start ? `${result.published.start}${result.published.end !== result.published.start ? `..${result.published.end}` : ''}` : 'unknown';
  lines.push(`Article ${options.file ?? ''} — source id ${result.sourceId}, published ${published}`);
  lines.push(`${result.sentences.length} sentences, ${result.mentions.length} mentions of known entities, ${result.candidates.length} candidate new entities, ${result.proposals.length} proposals`);
  if (result.syndication) {
    const s = result.syndication;
    lines.push(
      `Syndicated copy: ${s.quotesFound} of ${s.quotesChecked} quotes of ${s.sourceId} (story ${s.story}) recur here; ` +
        `claims it already supports get a citation, and their independent count stays as it is.`,
    );
  }
  const shown = result.proposals.slice(0, options.limit ?? result.proposals.length);
  lines.push('', `PROPOSALS (best first${shown.length < result.proposals.length ? `, ${shown.length} of ${result.proposals.length}` : ''})`);
  shown.forEach((p, i) => {
    const c = p.citations[0]!;
    const sentence = result.sentences[c.sentence]!;
    const action = p.action === 'add-citation' ? `add a citation (independent sources after: ${p.independentSourcesAfter})` : 'new claim';
    lines.push('');
    lines.push(`${String(i + 1).padStart(3)}. ${p.score.toFixed(3)}  ${names.get(p.from) ?? p.from} —${p.type}→ ${names.get(p.to) ?? p.to}   [${p.modality}]  ${action}`);
    lines.push(`     ${p.from} ${p.type} ${p.to}`);
    lines.push(`     sentence ${c.sentence + 1}: ${mark(text, sentence, c.spans)}`);
    lines.push(`     quote @${c.offset}: "${c.quote.replace(/\s+/g, ' ')}"`);
    if (c.date) lines.push(`     date: ${describeDate(c.date)}`);
    if (p.citations.length > 1) lines.push(`     also in sentence${p.citations.length > 2 ? 's' : ''} ${p.citations.slice(1).map((x) => x.sentence + 1).join(', ')}`);
    lines.push(`     rules: ${p.rules.join(', ')}`);
  });
  lines.push('', 'CANDIDATE NEW ENTITIES (proper nouns no known name covers)');
  if (result.candidates.length === 0) lines.push('  none');
  for (const c of result.candidates) lines.push(`  ${c.text}  (${c.offsets.length}×, first @${c.offsets[0]})`);
  lines.push('', 'DATES');
  if (result.dates.length === 0) lines.push('  none');
  for (const d of result.dates) lines.push(`  @${d.start} "${d.text}" → ${describeDate(d.raw)}`);
  return lines.join('\n');
}
