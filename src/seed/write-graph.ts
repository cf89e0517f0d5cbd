// Writes a validated SeedGraph in one write transaction, batched with UNWIND: sources, entities,
// domain relationships, their Claim nodes and CITES edges, then removes what the data no longer has.
// Running it twice leaves the graph identical.
import { createHash } from 'node:crypto';
import { cypherDate, CypherDate } from '../db/values.ts';
import type { Executor } from '../db/executor.ts';
import type { Ontology } from '../ontology/ontology.ts';
import * as q from '../cypher/seed.ts';
import type { PartialDate } from '../ontology/partial-date.ts';
import { nameKey } from '../text/fold.ts';
import type { SeedGraph, SeedNode, SeedRelationship } from './validate-seed.ts';
import { ReadModel, statedWhen, type ReadProps } from './read-model.ts';
import { finalizeReadModel } from './finalize-read-model.ts';

/** A source's own date (its publication) as when* properties. */
function sourceWhen(source: SeedNode): ReadProps {
  const when = statedWhen(source.dates);
  return when ? { whenStart: cypherDate(when.start), whenEnd: cypherDate(when.end), whenPrecision: when.precision, whenField: when.field } : {};
}

const BATCH = 500;
type Props = Record<string, string | number | boolean | string[] | CypherDate>;

export interface WriteSummary {
  sources: number;
  entities: number;
  relationships: number;
  citations: number;
  /** True when the graph already held exactly these rows, so nothing was written. */
  unchanged: boolean;
}

export interface WriteOptions {
  /** Write even when the graph already holds this exact seed. @default false */
  force?: boolean;
}

/** `announced` → announcedStart, announcedEnd (DATE), announcedPrecision, announcedText, … */
function flattenDate(name: string, date: PartialDate, into: Props): void {
  if (date.start) into[`${name}Start`] = cypherDate(date.start);
  if (date.end) into[`${name}End`] = cypherDate(date.end);
  into[`${name}Precision`] = date.precision;
  if (date.text) into[`${name}Text`] = date.text;
  if (date.resolvedAgainst) into[`${name}ResolvedAgainst`] = date.resolvedAgainst;
  if (date.note) into[`${name}Note`] = date.note;
}

function nodeProps(node: SeedNode, derived: ReadProps): Props {
  const props: Props = { id: node.id, origin: 'seed' };
  for (const [key, value] of Object.entries(node.properties)) props[key] = value;
  const aliases = Array.isArray(node.properties.aliases) ? node.properties.aliases : [];
  if (aliases.length > 0) props.aliasText = aliases.join(' | ');
  // Exact name look-ups compare these keys (the full-text index only finds candidates).
  if (typeof node.properties.name === 'string') {
    props.nameKeys = [...new Set([node.properties.name, ...aliases].map(nameKey))];
    props.nameKeyText = props.nameKeys.join(' | ');
  }
  if (node.figures.length > 0) props.figures = JSON.stringify(node.figures);
  for (const [name, date] of Object.entries(node.dates)) flattenDate(name, date, props);
  return { ...props, ...derived };
}

function edgeProps(rel: SeedRelationship, model: ReadModel): Props {
  const props: Props = { id: rel.id, origin: 'seed', independentSources: rel.independentSources, modality: rel.modality };
  for (const [key, value] of Object.entries(rel.properties)) props[key] = value;
  for (const [name, date] of Object.entries(rel.dates)) flattenDate(name, date, props);
  return { ...props, ...model.edgeProps(rel) };
}

/** The Claim carries every property of its edge, so reads never need to find the edge. */
function claimProps(rel: SeedRelationship, model: ReadModel, kindOf: (id: string) => string | undefined): Props {
  const props: Props = {
    ...edgeProps(rel, model),
    ...model.claimProps(rel, kindOf),
    id: rel.id,
    origin: 'seed',
    type: rel.type,
    fromId: rel.from,
    toId: rel.to,
    independentSources: rel.independentSources,
    sourceIds: rel.sourceIds,
    citationCount: rel.citations.length,
  };
  return props;
}

function batches<T>(rows: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += BATCH) out.push(rows.slice(i, i + BATCH));
  return out;
}

/** A hash of everything the load would write and of the statements that write it. */
function fingerprint(rows: unknown, kindLabels: readonly string[]): string {
  const statements = Object.values(q).map((statement) => statement.text);
  const json = JSON.stringify({ rows, kindLabels, statements }, (_key, value: unknown) => (value instanceof CypherDate ? `date:${value.iso}` : value));
  return createHash('sha256').update(json).digest('hex');
}

export async function writeGraph(executor: Executor, ontology: Ontology, graph: SeedGraph, options: WriteOptions = {}): Promise<WriteSummary> {
  const model = new ReadModel(graph);
  const kinds = new Map(graph.entities.map((e) => [e.id, e.kind]));
  const kindOf = (id: string) => kinds.get(id);
  const sourceRows = graph.sources.map((s) => ({ id: s.id, props: { ...nodeProps(s, sourceWhen(s)), story: s.story, counted: s.counted } }));
  const entityRows = graph.entities.map((e) => ({ id: e.id, kind: e.kind, props: nodeProps(e, model.entityProps(e)) }));
  const edgeRows = graph.relationships.map((r) => ({ id: r.id, type: r.type, from: r.from, to: r.to, props: edgeProps(r, model) }));
  const claimRows = graph.relationships.map((r) => ({ id: r.id, props: claimProps(r, model, kindOf) }));
  const citationRows = graph.relationships.flatMap((r) =>
    r.citations.map((c, ordinal) => {
      const props: Props = { ordinal, quote: c.quote };
      if (c.mentionsFrom) props.mentionsFrom = c.mentionsFrom;
      if (c.mentionsTo) props.mentionsTo = c.mentionsTo;
      if (c.location) {
        props.paragraph = c.location.paragraph;
        props.offset = c.location.offset;
      }
      return { claimId: r.id, sourceId: c.source, key: `${r.id}#${ordinal}@${c.source}`, props };
    }),
  );

  const summary = {
    sources: sourceRows.length,
    entities: entityRows.length,
    relationships: edgeRows.length,
    citations: citationRows.length,
  };
  const kindLabels = [...ontology.entityKinds];
  const print = fingerprint({ sourceRows, entityRows, edgeRows, claimRows, citationRows }, kindLabels);
  if (!options.force) {
    const [state] = await executor.read(q.readSeedState);
    if (state?.fingerprint === print) return { ...summary, unchanged: true };
  }

  await executor.writeTransaction(async (tx) => {
    for (const rows of batches(sourceRows)) await tx.run(q.upsertSources, { rows });
    for (const rows of batches(entityRows)) await tx.run(q.upsertEntities, { rows, kindLabels });
    for (const rows of batches(edgeRows)) await tx.run(q.upsertEdges, { rows });
    for (const rows of batches(claimRows)) await tx.run(q.upsertClaims, { rows });
    for (const rows of batches(citationRows)) await tx.run(q.upsertCitations, { rows });
    await tx.run(q.pruneCitations, { keys: citationRows.map((c) => c.key) });
    await tx.run(q.pruneEdges, { ids: edgeRows.map((e) => e.id) });
    await tx.run(q.pruneNodes, { ids: [...sourceRows, ...entityRows, ...claimRows].map((n) => n.id) });
    await tx.run(q.writeSeedState, { fingerprint: print });
  });
  await finalizeReadModel(executor);
  return { ...summary, unchanged: false };
}
