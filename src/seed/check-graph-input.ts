// The write path's own check of what it is given, run over the whole input before anything is written:
// the YAML seed has passed validate-seed.ts already, but generated or streamed input has not. It checks
// what the graph's integrity rests on — ids, kinds, types and endpoints allowed by the ontology, a
// citation on every relationship, citations of known sources — not the curation rules of the seed.
import type { Ontology } from '../ontology/ontology.ts';
import type { GraphNode, GraphRelationship, GraphSource } from './graph-rows.ts';

const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export interface InputProblem {
  id: string;
  problem: string;
}

/** Checks sources and entities; returns each node's kind by id (for the relationship check). */
export function checkNodes(
  ontology: Ontology,
  sources: readonly GraphSource[],
  entities: readonly GraphNode[],
  report: (problem: InputProblem) => void,
): { kinds: Map<string, string>; sourceIds: Set<string> } {
  const kinds = new Map<string, string>();
  const sourceIds = new Set<string>();
  const seen = (id: string) => {
    if (!ID_PATTERN.test(id)) report({ id, problem: `id '${id}' is not lowercase words joined by hyphens` });
    if (kinds.has(id) || sourceIds.has(id)) report({ id, problem: `duplicate id '${id}'` });
  };
  for (const source of sources) {
    seen(source.id);
    if (source.kind !== 'Source') report({ id: source.id, problem: `a source has kind '${source.kind}'; expected Source` });
    sourceIds.add(source.id);
  }
  for (const node of entities) {
    seen(node.id);
    const def = ontology.kinds.get(node.kind);
    if (!def?.entity) {
      report({ id: node.id, problem: `kind '${node.kind}' is not an entity kind; allowed: ${ontology.entityKinds.join(', ')}` });
      continue;
    }
    if (typeof node.properties.name !== 'string' || node.properties.name === '') report({ id: node.id, problem: `'name' is required` });
    for (const key of Object.keys(node.properties)) {
      if (!(key in def.properties)) report({ id: node.id, problem: `unknown property '${key}' for ${node.kind}` });
    }
    kinds.set(node.id, node.kind);
  }
  return { kinds, sourceIds };
}

/**
 * Checks one relationship against the ontology and the nodes of the load; reports each problem. Runs
 * once per relationship of a 5-million-relationship load, so it allocates nothing when all is well.
 */
export function checkRelationship(
  ontology: Ontology,
  rel: GraphRelationship,
  nodes: { kinds: ReadonlyMap<string, string>; sourceIds: ReadonlySet<string> },
  report: (problem: InputProblem) => void,
): void {
  const def = ontology.relationshipTypes.get(rel.type);
  if (!def) {
    report({ id: rel.id, problem: `unknown relationship type '${rel.type}'` });
    return;
  }
  if (!isRelationshipId(rel)) {
    report({ id: rel.id, problem: `id '${rel.id}' is not '<from>.<TYPE>.<to>[#key]' for ${rel.from} ${rel.type} ${rel.to}` });
  }
  const fromKind = nodes.kinds.get(rel.from);
  const toKind = nodes.kinds.get(rel.to);
  if (!fromKind) report({ id: rel.id, problem: `'from' is '${rel.from}', which is not an entity of this load` });
  else if (!def.from.includes(fromKind)) report({ id: rel.id, problem: `${rel.type} cannot go from a ${fromKind} ('${rel.from}'); allowed: ${def.from.join(', ')}` });
  if (!toKind) report({ id: rel.id, problem: `'to' is '${rel.to}', which is not an entity of this load` });
  else if (!def.to.includes(toKind)) report({ id: rel.id, problem: `${rel.type} cannot go to a ${toKind} ('${rel.to}'); allowed: ${def.to.join(', ')}` });
  if (rel.from === rel.to) report({ id: rel.id, problem: `a relationship cannot connect '${rel.from}' to itself` });
  for (const key in rel.properties) {
    if (!(key in def.properties)) report({ id: rel.id, problem: `unknown property '${key}' for ${rel.type}` });
  }
  if (rel.citations.length === 0) report({ id: rel.id, problem: 'has no citations; every relationship needs at least one' });
  for (let i = 0; i < rel.citations.length; i++) {
    const c = rel.citations[i]!;
    if (!nodes.sourceIds.has(c.source)) report({ id: rel.id, problem: `citation ${i + 1}: '${c.source}' is not a source of this load` });
    if (typeof c.quote !== 'string' || !/\S/.test(c.quote)) report({ id: rel.id, problem: `citation ${i + 1}: the quote is empty` });
  }
}

/** `<from>.<TYPE>.<to>` or `<from>.<TYPE>.<to>#<key>`, compared in place. */
function isRelationshipId(rel: GraphRelationship): boolean {
  const { id, from, type, to } = rel;
  const end = from.length + type.length + to.length + 2;
  return (
    id.startsWith(from) &&
    id.charCodeAt(from.length) === 0x2e &&
    id.startsWith(type, from.length + 1) &&
    id.charCodeAt(from.length + type.length + 1) === 0x2e &&
    id.startsWith(to, from.length + type.length + 2) &&
    (id.length === end || (id.charCodeAt(end) === 0x23 && KEY.test(id.slice(end + 1))))
  );
}

const KEY = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
