// A deterministic synthetic graph in the project's own model, as the write path's input (contract 8):
// sources and entities in memory, relationships as re-iterable batches generated on the fly.
import type { Ontology } from '../../src/ontology/ontology.ts';
import type { SeedNode, SeedSource } from '../../src/seed/validate-seed.ts';
import type { GraphInput } from '../../src/seed/write-graph.ts';
import { generateNodes, type GeneratedNodes } from './entities.ts';
import { relationshipBatches, sharedBatches, type GeneratedRelationship } from './relationships.ts';
import { SIZES, type SizeName } from './sizes.ts';

export const DEFAULT_SEED = 20_251_125;

export interface GeneratedGraph extends GraphInput {
  size: SizeName;
  seed: number;
  nodes: GeneratedNodes;
  sources: SeedSource[];
  entities: SeedNode[];
  relationships: Iterable<GeneratedRelationship[]>;
}

export function generateGraph(ontology: Ontology, size: SizeName, seed = DEFAULT_SEED): GeneratedGraph {
  const nodes = generateNodes(SIZES[size], seed);
  return {
    origin: 'generated',
    size,
    seed,
    nodes,
    sources: nodes.sources,
    entities: nodes.entities,
    relationships: relationshipBatches(nodes, SIZES[size], seed, ontology),
    // A worker builds whole only the relationships it writes (the others' draws still run, as stubs).
    share: (keeps) => sharedBatches(nodes, SIZES[size], seed, ontology, undefined, keeps),
    // A bulk load's worker threads rebuild the same graph from this (the project's ontology).
    recipe: { module: import.meta.url, exportName: 'generateGraph', args: [size, seed] },
  };
}
