// Issue 22, second knowledge pass, through the API: the party bodies answer through the meetings they
// held (row 7), evidence search highlights passages without the quote selected (row 11), and summaries
// follow the modality (row 12).
import { describe, expect, it } from 'vitest';
import { useSeededServer } from '../support/api-suite.ts';

const { server } = useSeededServer();

async function measureIds(args: string): Promise<string[]> {
  const result = await server().gql(`{ measures(${args}, first: 500) { nodes { id } } }`);
  expect(result.errors).toBeUndefined();
  return result.data!.measures.nodes.map((n: any) => n.id).sort();
}

describe('row 7: meetings held by the party bodies', () => {
  it('measures(imposedBy:) answers for the Politburo and the Party through the session and the congress they held', async () => {
    expect(await measureIds('imposedBy: "Politburo"')).toEqual(['politburo-study-session-basic-research']);
    expect(await measureIds('imposedBy: "Communist Party of China"')).toEqual(['cpc-20th-national-congress']);
    // Held, as the sources pass it on: the modality filter sees how.
    expect(await measureIds('imposedBy: "Politburo", modality: [STATED]')).toEqual([]);
    expect(await measureIds('imposedBy: "Politburo", modality: [REPORTED]')).toEqual(['politburo-study-session-basic-research']);
  });

  it('the speeches are part of the meetings, with citations', async () => {
    const result = await server().gql(`{
      relationships(types: ["HELD", "PART_OF"], to: "politburo-study-session-basic-research") {
        nodes { type from { id } modality citations { quote source { id } } }
      }
    }`);
    expect(result.errors).toBeUndefined();
    const nodes = result.data!.relationships.nodes as any[];
    expect(nodes.map((n) => `${n.from.id} ${n.type}`).sort()).toEqual(['politburo HELD', 'xi-politburo-study-session-remarks PART_OF']);
    for (const n of nodes) {
      expect(n.modality).toBe('REPORTED');
      expect(n.citations[0]).toEqual({ quote: expect.stringContaining('study session of the 24-person Politburo'), source: { id: 'xi-urges-tech-independence' } });
    }
  });

  it('timeline and path answer for the party bodies', async () => {
    const result = await server().gql(`{
      party: timeline(entity: "Communist Party of China") { nodes { id date { value } } }
      politburo: timeline(entity: "Politburo") { nodes { id } }
      path(from: "Politburo", to: "basic research", maxHops: 3) { hops { relationship { type } } }
    }`);
    expect(result.errors).toBeUndefined();
    expect(result.data!.party.nodes).toContainEqual({ id: 'policy:cpc-20th-national-congress', date: { value: '2022-10' } });
    expect(result.data!.politburo.nodes.map((n: any) => n.id)).toContain('policy:politburo-study-session-basic-research');
    const routes = (result.data!.path as any[]).map((p) => p.hops.map((h: any) => h.relationship.type).join(' '));
    expect(routes).toContain('HELD PART_OF PROMOTES');
  });
});
