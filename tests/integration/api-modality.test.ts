// Modality in the API: every relationship says how the sources assert it, "is considering" never reads as
// "issued", and measures and the edge table filter by it.
import { describe, expect, it } from 'vitest';
import { useSeededServer } from '../support/api-suite.ts';

const { server } = useSeededServer();

describe('modality', () => {
  it('a measure under consideration is ISSUED UNDER_CONSIDERATION, in line with its status', async () => {
    const result = await server().gql(`{ measures(targeting: "AI chips") { nodes { id status evidence(types: ["ISSUED", "TARGETS"]) { type modality } } } }`);
    const byId = Object.fromEntries((result.data!.measures.nodes as any[]).map((n) => [n.id, n]));
    const considered = byId['us-ai-chip-sales-restrictions-2023'];
    expect(considered.status).toBe('UNDER_CONSIDERATION');
    expect(considered.evidence.every((e: any) => e.modality === 'UNDER_CONSIDERATION')).toBe(true);
    expect(byId['us-export-controls-2022-10'].evidence.every((e: any) => e.modality === 'STATED')).toBe(true);
  });

  it('no quote that says "considering" supports a relationship stated as fact', async () => {
    const hits = (await server().gql(`{ searchEvidence(text: "considering", first: 50) { citation { quote } relationship { id modality } } }`)).data!.searchEvidence as any[];
    const considering = hits.filter((h) => /\bconsidering\b/i.test(h.citation.quote));
    expect(considering.length).toBeGreaterThan(0);
    for (const hit of considering) expect(hit.relationship.modality, hit.relationship.id).not.toBe('STATED');
  });

  it('measures(modality: [STATED]) leaves out measures only considered, and the edge table filters too', async () => {
    const result = await server().gql(`{
      all: measures(targeting: "AI chips") { totalCount nodes { id } }
      stated: measures(targeting: "AI chips", modality: [STATED]) { totalCount nodes { id } }
      considered: measures(modality: [UNDER_CONSIDERATION]) { nodes { id status } }
      table: relationships(modality: [UNDER_CONSIDERATION], first: 500) { totalCount nodes { id modality } }
    }`);
    expect(result.errors).toBeUndefined();
    const { all, stated, considered, table } = result.data!;
    expect(all.nodes.map((n: any) => n.id)).toContain('us-ai-chip-sales-restrictions-2023');
    expect(stated.nodes.map((n: any) => n.id)).not.toContain('us-ai-chip-sales-restrictions-2023');
    expect(stated.totalCount).toBe(stated.nodes.length);
    expect(stated.totalCount).toBeLessThan(all.totalCount);
    expect(considered.nodes.length).toBeGreaterThan(0);
    expect(considered.nodes.every((n: any) => n.status === 'UNDER_CONSIDERATION')).toBe(true);
    expect(table.totalCount).toBe(table.nodes.length);
    expect(table.nodes.every((n: any) => n.modality === 'UNDER_CONSIDERATION')).toBe(true);
  });

  it('an unknown modality is refused with the allowed values', async () => {
    const result = await server().gql(`{ relationships(modality: [RUMOURED]) { totalCount } }`);
    expect(result.errors![0]!.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(result.errors![0]!.message).toContain('RUMOURED');
  });
});
