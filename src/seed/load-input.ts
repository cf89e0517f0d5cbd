// What every load does with its input before it reaches a store, whichever writes it (Cypher batches,
// src/seed/write-graph.ts; or store files for an offline import, src/seed/bulk/): check it, turn each
// relationship into the row that is written and hashed, and hash the rows into the graph version.
import type { WriteStatements } from '../cypher/seed.ts';
import type { Ontology } from '../ontology/ontology.ts';
import { claimLineWriter } from '../tables/stored-lines.ts';
import { buildTables } from '../tables/tables.ts';
import { checkNodes, checkRelationship, type InputProblem } from './check-graph-input.ts';
import { citationRows, claimRow, edgeRow, entityRow, sourceRow, type CitationRow, type ClaimRow, type EdgeRow, type GraphNode, type GraphRelationship, type GraphSource, type Origin, type Props, type RowContext } from './graph-rows.ts';
import type { GraphVersionHasher } from './graph-version.ts';
import { IdDigestSet } from './id-digest-set.ts';

/** Batches of relationships; iterated twice, so an array or an object whose iterator starts afresh each time. */
export type RelationshipBatches =
  | Iterable<readonly GraphRelationship[]>
  | AsyncIterable<readonly GraphRelationship[]>;

export interface GraphInput {
  /** Stamped on every item as `origin`; the loader prunes only items of its own origins. */
  origin: Origin;
  sources: readonly GraphSource[];
  entities: readonly GraphNode[];
  relationships: RelationshipBatches;
  /**
   * How a worker thread can rebuild this very input (a generator and its seed): with it, a bulk load may
   * write the relationships' files from several threads (src/seed/bulk/parallel-relationship-files.ts).
   */
  recipe?: InputRecipe;
  /**
   * The same relationships in the same order, where each one `keeps` (by its position, from 0) does not
   * accept comes as a stub: a bulk load's worker checks and writes only its own share, and needs of the
   * others only what keeps the checks whole (every id, for duplicates; the counts). Optional: without
   * it, every worker reads every relationship whole.
   */
  share?: (keeps: (position: number) => boolean) => SharedBatches;
}

/** A relationship another worker checks and writes: its id and its citations' counts. */
export interface RelationshipStub {
  stub: true;
  id: string;
  citations: number;
  verifiedCitations: number;
}

/** Batches of a share (GraphInput.share): whole relationships and stubs. */
export type SharedBatches = Iterable<ReadonlyArray<GraphRelationship | RelationshipStub>>;

export function isStub(rel: GraphRelationship | RelationshipStub): rel is RelationshipStub {
  return (rel as RelationshipStub).stub === true;
}

/** The stub of a whole relationship (what a share sends in its place). */
export function stubOf(rel: GraphRelationship): RelationshipStub {
  let verified = 0;
  for (const c of rel.citations) if (c.verified) verified++;
  return { stub: true, id: rel.id, citations: rel.citations.length, verifiedCitations: verified };
}

/**
 * How a worker thread rebuilds the very same input: `module` (a file URL) exports `exportName`, called as
 * `(ontology, ...args)`. A generated graph has one (bench/generate/generate-graph.ts); a seed read from
 * files does not, and a bulk load of it writes its files from one thread.
 */
export interface InputRecipe {
  module: string;
  exportName: string;
  args: Array<string | number | boolean>;
}

export const MAX_REPORTED = 50;

export class GraphInputError extends Error {
  override name = 'GraphInputError';
  constructor(
    readonly problems: InputProblem[],
    readonly more: number,
  ) {
    super(
      `the load's input has ${problems.length + more} problem(s); nothing was written:\n` +
        problems.map((p) => `  [${p.id}]  ${p.problem}`).join('\n') +
        (more > 0 ? `\n  … and ${more} more` : ''),
    );
  }
}

export function assertReiterable(batches: RelationshipBatches): void {
  const sync = (batches as Iterable<unknown>)[Symbol.iterator];
  const iterator = sync ? sync.call(batches) : (batches as AsyncIterable<unknown>)[Symbol.asyncIterator]();
  if ((iterator as unknown) === batches) {
    throw new Error('relationships must be re-iterable (an array, or an object whose iterator starts afresh): the load reads them twice');
  }
}

/** Re-chunks the input's batches into batches of `size` (the input's own batch sizes do not matter). */
export async function* rechunk<T = GraphRelationship>(batches: Iterable<readonly T[]> | AsyncIterable<readonly T[]>, size: number): AsyncGenerator<T[]> {
  let buffer: T[] = [];
  for await (const batch of batches as AsyncIterable<readonly T[]>) {
    for (const rel of batch) {
      buffer.push(rel);
      if (buffer.length >= size) {
        yield buffer;
        buffer = [];
      }
    }
  }
  if (buffer.length > 0) yield buffer;
}

/** The statement texts: a different writer writes a different graph from the same rows. */
export function formatOf(statements: WriteStatements): string {
  return JSON.stringify([
    statements.upsertSources.text,
    [...statements.upsertEntities.values()].map((s) => s.text),
    statements.createSources.text,
    [...statements.createEntities.values()].map((s) => s.text),
    statements.upsertRelationships.text,
    statements.createRelationships.text,
  ]);
}

/**
 * What one relationship sends: the edge's properties once, the Claim's own on top (the Claim carries
 * every edge property, contract 4), and its citations. Also exactly what the version hashes.
 */
export interface WireRelationship {
  id: string;
  type: string;
  from: string;
  to: string;
  edge: Props;
  claim: Props;
  /** Only when the Claim would not inherit every edge property: its whole map. */
  claimAll?: Props;
  cites: Array<{ source: string; props: Props }>;
}

export function wireRow(rel: GraphRelationship, ctx: RowContext): WireRelationship {
  const edge = edgeRow(rel, ctx);
  return wireOf(rel, edge, claimRow(rel, ctx, edge), citationRows(rel));
}

/** The wire row of a relationship whose rows are built already (the bulk load writes those rows as they are). */
export function wireOf(rel: GraphRelationship, edge: EdgeRow, claim: ClaimRow, citations: readonly CitationRow[]): WireRelationship {
  const cites = citations.map((c) => ({ source: c.sourceId, props: c.props }));
  let inherits = true;
  for (const key in edge.props) {
    if (!(key in claim.props)) {
      inherits = false;
      break;
    }
  }
  if (!inherits) return { id: rel.id, type: rel.type, from: rel.from, to: rel.to, edge: edge.props, claim: {}, claimAll: claim.props, cites };
  const own: Props = {};
  for (const key in claim.props) if (edge.props[key] !== claim.props[key]) own[key] = claim.props[key]!;
  return { id: rel.id, type: rel.type, from: rel.from, to: rel.to, edge: edge.props, claim: own, cites };
}

/** Checks of the relationships, shared by both passes: problems collected, duplicate ids found. */
export class RelationshipCheck {
  readonly problems: InputProblem[] = [];
  more = 0;
  readonly ids = new IdDigestSet();
  counts = { relationships: 0, citations: 0, verifiedCitations: 0 };

  constructor(
    private readonly ontology: Ontology,
    private readonly nodes: ReturnType<typeof checkNodes>,
  ) {}

  readonly report = (problem: InputProblem): void => {
    if (this.problems.length < MAX_REPORTED) this.problems.push(problem);
    else this.more++;
  };

  add(rel: GraphRelationship): void {
    checkRelationship(this.ontology, rel, this.nodes, this.report);
    let verified = 0;
    for (const c of rel.citations) if (c.verified) verified++;
    this.tally(rel.id, rel.citations.length, verified);
  }

  /** A relationship another worker checks (src/seed/bulk/): only its id joins the duplicate check, and its counts the totals. */
  addStub(stub: RelationshipStub): void {
    this.tally(stub.id, stub.citations, stub.verifiedCitations);
  }

  private tally(id: string, citations: number, verified: number): void {
    if (!this.ids.add(id)) this.report({ id, problem: `duplicate relationship id '${id}'` });
    this.counts.relationships++;
    this.counts.citations += citations;
    this.counts.verifiedCitations += verified;
  }

  /** Throws when anything was wrong so far: nothing (more) gets written. */
  assertClean(): void {
    if (this.problems.length > 0) throw new GraphInputError(this.problems, this.more);
  }
}

export function hashNodes(hasher: GraphVersionHasher, input: GraphInput, ctx: RowContext): void {
  for (const source of input.sources) hasher.add('source', sourceRow(source, ctx));
  for (const entity of input.entities) hasher.add('entity', entityRow(entity, ctx));
}


/** What every row of a load is built with (graph-rows.ts): its origin, read model and entity kinds, and the Claims' CSV lines. */
export function rowContext(ontology: Ontology, input: GraphInput, model: RowContext['model'], kinds: ReadonlyMap<string, string>): RowContext {
  return { origin: input.origin, model, kindOf: (id) => kinds.get(id), claimLine: claimLineWriter(buildTables(ontology)) };
}

/** Checks sources and entities; throws GraphInputError when anything is wrong. */
export function checkInputNodes(ontology: Ontology, input: GraphInput): ReturnType<typeof checkNodes> {
  const problems: InputProblem[] = [];
  const nodes = checkNodes(ontology, input.sources, input.entities, (p) => problems.push(p));
  if (problems.length > 0) throw new GraphInputError(problems.slice(0, MAX_REPORTED), Math.max(0, problems.length - MAX_REPORTED));
  return nodes;
}

/**
 * A pass over every relationship before anything is written: checks them all (throws GraphInputError
 * when anything is wrong) and lets the read model observe them (undated policies take their date from
 * their relationships). `onProgress` is told after each batch.
 */
export async function checkAllRelationships(
  input: GraphInput,
  check: RelationshipCheck,
  model: { observe(rel: GraphRelationship): void },
  batchSize: number,
  onProgress?: (relationships: number) => void | Promise<void>,
): Promise<void> {
  await onProgress?.(0);
  for await (const batch of rechunk(input.relationships, batchSize)) {
    for (const rel of batch) {
      check.add(rel);
      model.observe(rel);
    }
    await onProgress?.(check.counts.relationships);
  }
  check.assertClean();
}
