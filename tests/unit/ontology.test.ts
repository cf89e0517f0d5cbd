import { cpSync, mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadOntology, ONTOLOGY_DIR, OntologyError } from '../../src/ontology/ontology.ts';
import { checkApiContract } from '../../src/cypher/api-contract.ts';

const temps: string[] = [];
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('the ontology', () => {
  const ontology = loadOntology();

  it('has the five entity kinds, Source, and a small vocabulary of relationship types', () => {
    expect(ontology.entityKinds).toEqual(['Actor', 'Policy', 'Technology', 'Country', 'Goal']);
    expect(ontology.kinds.get('Source')?.entity).toBe(false);
    expect(ontology.relationshipTypes.size).toBeGreaterThanOrEqual(10);
    expect(ontology.relationshipTypes.size).toBeLessThanOrEqual(25);
    expect(ontology.taxonomyType).toBe('BROADER');
  });

  it('gives every relationship type a meaning, a direction and allowed endpoint kinds', () => {
    for (const def of ontology.relationshipTypes.values()) {
      expect(def.description.length, def.type).toBeGreaterThan(20);
      expect(def.from.length).toBeGreaterThan(0);
      expect(def.to.length).toBeGreaterThan(0);
    }
    expect(ontology.relationshipType('TARGETS').to).toEqual(['Technology', 'Country', 'Actor']);
    expect(ontology.relationshipType('PURSUES').to).toEqual(['Goal']);
  });

  it('marks part–whole links as joining two entities of one kind', () => {
    const partOf = ontology.relationshipType('PART_OF');
    expect(partOf.sameKind).toBe(true);
    expect(partOf.from).toEqual(partOf.to);
    expect([...ontology.relationshipTypes.values()].filter((d) => d.sameKind).map((d) => d.type)).toEqual(['PART_OF']);
  });

  it('provides everything the API’s Cypher relies on', () => {
    expect(() => checkApiContract(ontology)).not.toThrow();
  });

  it('fails loudly, naming every problem, when a file is wrong', () => {
    const dir = mkdtempSync(join(tmpdir(), 'chokepoint-ontology-'));
    temps.push(dir);
    cpSync(ONTOLOGY_DIR, dir, { recursive: true });
    writeFileSync(join(dir, 'relationships', 'owns.yaml'), 'type: OWNS\ndescription: x\nfrom: [Actor]\nto: [Company]\n');
    writeFileSync(join(dir, 'relationships', 'bad-name.yaml'), 'type: badName\ndescription: x\nfrom: [Actor]\nto: [Actor]\nproperties:\n  when: { type: datetime }\n');
    writeFileSync(join(dir, 'kinds', 'broken.yaml'), 'kind: Broken\nproperties:\n  name: { type: string, description: a (b, "c"). }\n');
    try {
      loadOntology(dir);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(OntologyError);
      const problems = (error as OntologyError).problems;
      expect(problems).toContain("relationship OWNS: 'to' names 'Company', which is not an entity kind");
      expect(problems.some((p) => p.includes("'type' must be UPPER_SNAKE_CASE, got 'badName'"))).toBe(true);
      expect(problems.some((p) => p.includes("property 'when' has type 'datetime'"))).toBe(true);
      expect(problems.some((p) => p.startsWith(`${join(dir, 'kinds', 'broken.yaml')}: YAML syntax: `))).toBe(true);
    }
  });

  // Issue 22: "an area of" is its own link (AREA_OF), apart from the kind-of taxonomy; summaries are data.
  it('has one area link apart from the taxonomy, and checks a second one and a summary without its ends', () => {
    expect(ontology.areaType).toBe('AREA_OF');
    expect(ontology.relationshipType('AREA_OF').taxonomy).toBe(false);
    expect(ontology.modalities.get('under_consideration')!.summary).toBe('{from} considered {gerund} {to}');
    expect(ontology.relationshipType('ISSUED').gerund).toBe('issuing');
    const dir = mkdtempSync(join(tmpdir(), 'chokepoint-ontology-'));
    temps.push(dir);
    cpSync(ONTOLOGY_DIR, dir, { recursive: true });
    writeFileSync(join(dir, 'relationships', 'sector-of.yaml'), 'type: SECTOR_OF\ndescription: A second area link, not allowed.\nfrom: [Technology]\nto: [Technology]\narea: true\n');
    const modality = join(dir, 'modality.yaml');
    writeFileSync(modality, readFileSync(modality, 'utf8').replace('summary: "{from} proposed {gerund} {to}"', 'summary: "{from} proposed {gerund}"'));
    try {
      loadOntology(dir);
      expect.unreachable();
    } catch (error) {
      const problems = (error as OntologyError).problems;
      expect(problems).toContain("at most one relationship type may have 'area: true'; found AREA_OF, SECTOR_OF");
      expect(problems).toContain(`${modality}: modality 'proposed': 'summary' must contain {from} and {to}; got '{from} proposed {gerund}'`);
    }
  });
});
