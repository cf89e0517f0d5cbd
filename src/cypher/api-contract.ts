// What the API's Cypher assumes of the ontology. Statements that answer specific questions ("who
// issued it", "what does it target") must name those relationship types; this contract lists every
// such name, and the server refuses to start if the ontology in schema/ontology no longer defines it.
import type { Ontology } from '../ontology/ontology.ts';

export const API_CONTRACT = {
  kinds: ['Actor', 'Policy', 'Technology', 'Country'],
  /** Relationship types named in src/cypher (issuers, parties, targets, promotions, taxonomy, officials). */
  relationshipTypes: ['ISSUED', 'PARTY_TO', 'HELD', 'TARGETS', 'PROMOTES', 'BROADER', 'AREA_OF', 'AFFILIATED_WITH'],
  /**
   * Relationship types through which an actor stands behind a policy (Actor.measures, `imposedBy`): it
   * issued it, is a party to it, or held it (a body's congress or session).
   */
  issuingTypes: ['ISSUED', 'PARTY_TO', 'HELD'],
  /** Actor types that make up "a country's government bodies". */
  governmentActorTypes: ['government', 'agency'],
} as const;

export function checkApiContract(ontology: Ontology): void {
  const problems: string[] = [];
  for (const kind of API_CONTRACT.kinds) {
    if (!ontology.kinds.get(kind)?.entity) problems.push(`entity kind '${kind}' is missing`);
  }
  for (const type of API_CONTRACT.relationshipTypes) {
    if (!ontology.relationshipTypes.has(type)) problems.push(`relationship type '${type}' is missing`);
  }
  if (ontology.taxonomyType !== 'BROADER') problems.push(`the taxonomy type must be BROADER, not ${ontology.taxonomyType}`);
  if (ontology.areaType !== 'AREA_OF') problems.push(`the area type must be AREA_OF, not ${ontology.areaType ?? 'missing'}`);
  const actorTypes = ontology.kinds.get('Actor')?.types ?? {};
  for (const type of API_CONTRACT.governmentActorTypes) {
    if (!(type in actorTypes)) problems.push(`Actor type '${type}' is missing`);
  }
  if (problems.length > 0) {
    throw new Error(`the ontology no longer provides what the API's Cypher relies on:\n  - ${problems.join('\n  - ')}`);
  }
}
