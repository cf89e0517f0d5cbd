// A worker thread of a parallel bulk load (parallel-relationship-files.ts): rebuilds the load's input
// from its recipe; for its share of the batches (batch i when i % parts === part) checks each
// relationship, builds the rows, writes the import files into its own folder and sends the rows'
// version-hash lines back in order. Ids must be unique across the whole input, so every worker sees
// every id: the input's share (GraphInput.share) sends the other workers' relationships as stubs, which
// costs their random draws but not their strings; an input without one is read whole by every worker,
// which then checks only the ids of the others.
import { parentPort, workerData } from 'node:worker_threads';
import { loadOntology } from '../../ontology/ontology.ts';
import { citationRows, claimRow, edgeRow } from '../graph-rows.ts';
import { checkInputNodes, GraphInputError, isStub, rechunk, RelationshipCheck, rowContext, stubOf, wireOf, type GraphInput, type RelationshipStub, type SharedBatches } from '../load-input.ts';
import type { GraphRelationship } from '../graph-rows.ts';
import { ReadModel } from '../read-model.ts';
import { ImportFiles } from './import-files.ts';
import { LoadPhases } from './load-phases.ts';
import { buildInput, type FilesWorkerData, type FromWorker } from './parallel-relationship-files.ts';

const data = workerData as FilesWorkerData;
const port = parentPort!;
const send = (message: FromWorker) => port.postMessage(message);
const encoder = new TextEncoder();

async function run(): Promise<void> {
  const phases = new LoadPhases();
  const ontology = loadOntology();
  const input = await phases.time('rebuilding the input', () => buildInput(data.recipe, ontology));
  const ctx = phases.timeSync('rebuilding the input', () => {
    const nodes = checkInputNodes(ontology, input);
    const model = new ReadModel(input);
    if (model.needsRelationships) throw new Error('a parallel bulk load needs an input whose policies are all dated');
    return { nodes, ctx: rowContext(ontology, input, model, nodes.kinds) };
  });
  const check = new RelationshipCheck(ontology, ctx.nodes);
  const files = new ImportFiles(data.dir);
  let index = 0;
  let generatedAt = performance.now();
  // This worker's batches (position ÷ batch size, every `parts`-th): whole from a share, the rest stubs.
  const mine = (batch: number) => batch % data.parts === data.part;
  const stream: SharedBatches | GraphInput['relationships'] = input.share ? input.share((position) => mine(Math.floor(position / data.batchSize))) : input.relationships;
  for await (const batch of rechunk<GraphRelationship | RelationshipStub>(stream, data.batchSize)) {
    phases.add('generating', performance.now() - generatedAt);
    const own = mine(index);
    phases.timeSync('checking', () => {
      // Each relationship is checked whole by the worker that writes it (every batch has one); every id by every worker.
      for (const rel of batch) {
        if (isStub(rel)) check.addStub(rel);
        else if (own) check.add(rel);
        else check.addStub(stubOf(rel));
      }
      check.assertClean();
    });
    if (own) {
      const rows = phases.timeSync('rows', () =>
        batch.map((rel) => {
          if (isStub(rel)) throw new Error(`the input's share sent a stub for relationship '${rel.id}', which this worker writes`);
          const edge = edgeRow(rel, ctx.ctx);
          return { rel, edge, claim: claimRow(rel, ctx.ctx, edge), cites: citationRows(rel) };
        }),
      );
      // The very lines GraphVersionHasher.add('relationship', …) hashes, so the main thread's digest is the sequential one's.
      const lines = phases.timeSync('version hash lines', () => {
        let text = '';
        for (const { rel, edge, claim, cites } of rows) text += `relationship\t${JSON.stringify(wireOf(rel, edge, claim, cites))}\n`;
        return text;
      });
      phases.timeSync('files', () => {
        for (const { rel, edge, claim, cites } of rows) {
          files.relationship('edge', { group: 'Entity', id: rel.from }, { group: 'Entity', id: rel.to }, rel.type, edge.props);
          files.node('Claim', ['Claim'], claim.props);
          for (const cite of cites) files.relationship('cites', { group: 'Claim', id: rel.id }, { group: 'Source', id: cite.sourceId }, 'CITES', cite.props);
        }
      });
      // Encoded here and transferred: the main thread hashes bytes, and neither copies nor collects a string.
      // (TextEncoder: a buffer of its own; a small Buffer.from() may share Node's pool, which must not move.)
      const utf8 = phases.timeSync('version hash lines', () => encoder.encode(lines));
      port.postMessage({ kind: 'batch', index, lines: utf8, relationships: batch.length } satisfies FromWorker, [utf8.buffer as ArrayBuffer]);
    }
    index++;
    generatedAt = performance.now();
  }
  const fileSet = phases.timeSync('files', () => files.close());
  send({ kind: 'done', fileSet, counts: check.counts, batches: index, phases: phases.profile().phases });
}

run().catch((error: unknown) => {
  if (error instanceof GraphInputError) send({ kind: 'input-error', problems: error.problems, more: error.more });
  else send({ kind: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
});
