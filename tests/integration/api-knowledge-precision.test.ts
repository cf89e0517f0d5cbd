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

  it('a body that holds, issues and is party to nothing answers empty with the reason, not silence', async () => {
    // The texts never say the Standing Committee held or issued anything ("members meet representatives",
    // "flanked by the rest of the Politburo Standing Committee"): the graph has no such link to return.
    const result = await server().gql(`{
      pbsc: measures(imposedBy: "Politburo Standing Committee") { totalCount nodes { id } emptyBecause }
      politburo: measures(imposedBy: "Politburo") { nodes { id } emptyBecause }
      filtered: measures(imposedBy: "Politburo", types: [EXPORT_CONTROL]) { nodes { id } emptyBecause }
    }`);
    expect(result.errors).toBeUndefined();
    const d = result.data!;
    expect(d.pbsc.nodes).toEqual([]);
    expect(d.pbsc.totalCount).toBe(0);
    expect(d.pbsc.emptyBecause).toMatch(/Politburo Standing Committee/);
    expect(d.pbsc.emptyBecause).toMatch(/ISSUED, PARTY_TO or HELD/);
    // A body that does hold something has no such note, even when other filters empty the page.
    expect(d.politburo.nodes.length).toBeGreaterThan(0);
    expect(d.politburo.emptyBecause).toBeNull();
    expect(d.filtered.nodes).toEqual([]);
    expect(d.filtered.emptyBecause).toBeNull();
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

describe('row 11: evidence search without the quote selected', () => {
  it('highlights the passages from the quote even when citation { quote } is not asked for', async () => {
    const bare = await server().gql(`{ searchEvidence(text: "greater sense of urgency", first: 3) { highlighted passages { start end } } }`);
    expect(bare.errors).toBeUndefined();
    const withQuote = await server().gql(`{ searchEvidence(text: "greater sense of urgency", first: 3) { highlighted passages { start end } citation { quote } } }`);
    const hits = bare.data!.searchEvidence as any[];
    expect(hits.length).toBeGreaterThan(0);
    expect(hits[0].highlighted).toContain('«');
    expect(hits[0].highlighted).not.toContain('undefined');
    expect(hits[0].passages.length).toBeGreaterThan(0);
    expect(hits).toEqual((withQuote.data!.searchEvidence as any[]).map(({ highlighted, passages }) => ({ highlighted, passages })));
    expect(withQuote.data!.searchEvidence[0].citation.quote).toBe('“We must have a greater sense of urgency,” he said.');
  });
});

describe('row 12: summaries follow the modality', () => {
  it('reads a measure only under consideration as considered, a reported one as reported', async () => {
    const result = await server().gql(`{
      considered: relationships(from: "us-government", to: "us-ai-chip-sales-restrictions-2023") { nodes { modality summary } }
      issued: relationships(from: "us-government", to: "us-export-controls-2022-10") { nodes { modality summary } }
      reported: relationships(from: "xi-jinping", to: "xi-2021-talent-speech") { nodes { modality summary } }
      proposed: relationships(from: "us-treasury", to: "us-treasury-outbound-investment-rules-2024", types: ["ISSUED"]) { nodes { modality summary } }
      announced: relationships(from: "chinese-government", to: "china-metal-export-curbs-2023-07") { nodes { modality summary } }
      measure: entity(id: "us-ai-chip-sales-restrictions-2023") { ... on Policy { evidence(types: ["ISSUED"]) { summary } } }
    }`);
    expect(result.errors).toBeUndefined();
    const d = result.data!;
    expect(d.considered.nodes).toEqual([
      { modality: 'UNDER_CONSIDERATION', summary: 'United States government considered issuing US new restrictions on AI chip sales (under consideration, July 2023)' },
    ]);
    expect(d.issued.nodes).toEqual([
      { modality: 'STATED', summary: 'United States government issued US export controls on advanced computing chips and chipmaking equipment (October 2022)' },
    ]);
    expect(d.reported.nodes[0].summary).toBe("Xi Jinping reportedly issued Xi Jinping's 2021 speech on strategic and technological strength by 2035");
    expect(d.proposed.nodes[0].summary).toBe('U.S. Department of the Treasury proposed issuing US Treasury proposed rules on outbound investment (2024)');
    expect(d.announced.nodes[0].summary).toBe("Government of China announced issuing China's export curbs on two metals (July 2023)");
    expect(d.measure.evidence[0].summary).toBe(d.considered.nodes[0].summary);
    // Timeline titles are the same summaries.
    const timeline = await server().gql(`{ timeline(entity: "us-ai-chip-sales-restrictions-2023") { nodes { kind title } } }`);
    const titles = (timeline.data!.timeline.nodes as any[]).filter((n) => n.kind === 'RELATIONSHIP').map((n) => n.title);
    for (const title of titles) expect(title).not.toMatch(/ issued /);
  });
});

describe('row 8: undated events on timelines', () => {
  const TIMELINE = `query($entity: ID, $from: Date, $to: Date) {
    timeline(entity: $entity, from: $from, to: $to, first: 100) { nodes { id kind title date { value precision basis start end resolvedAgainst { id } } } }
  }`;

  it("lists Blinken's undated visit no later than the wire story that reports it, and finds it in windows it may fall in", async () => {
    const result = await server().gql(TIMELINE, { entity: 'Antony Blinken' });
    expect(result.errors).toBeUndefined();
    const visit = (result.data!.timeline.nodes as any[]).find((n) => n.id === 'relationship:antony-blinken.VISITED.china');
    expect(visit).toMatchObject({
      kind: 'RELATIONSHIP',
      date: { precision: 'NOT_AFTER', basis: 'SOURCE_PUBLICATION', start: null, end: '2023-07-07', resolvedAgainst: { id: 'reuters-2023-07-07-xi-innovation' } },
    });
    const inWindow = await server().gql(TIMELINE, { entity: 'Antony Blinken', from: '2023-05-01', to: '2023-06-30' });
    expect((inWindow.data!.timeline.nodes as any[]).map((n) => n.id)).toContain('relationship:antony-blinken.VISITED.china');
    const after = await server().gql(TIMELINE, { entity: 'Antony Blinken', from: '2023-07-08' });
    expect((after.data!.timeline.nodes as any[]).map((n) => n.id)).not.toContain('relationship:antony-blinken.VISITED.china');
  });

  it('lists an event no dated source bounds (the ASML theft) last, marked undated', async () => {
    const result = await server().gql(TIMELINE, { entity: 'ASML' });
    expect(result.errors).toBeUndefined();
    const nodes = result.data!.timeline.nodes as any[];
    const theft = nodes.find((n) => n.id === 'relationship:asml-former-employee.STOLE_FROM.asml');
    expect(theft).toMatchObject({ kind: 'RELATIONSHIP', date: { precision: 'UNKNOWN', start: null } });
    expect(nodes.at(-1)!.date.precision).toBe('UNKNOWN');
  });
});

describe('row 8, second pass: what no source bounds says so', () => {
  it('marks a date the sources leave open, with no dated source to bound it, as basis UNKNOWN (not STATED)', async () => {
    const result = await server().gql(`{
      timeline(entity: "ASML", first: 100) { nodes { id date { basis precision note } } }
      deal: entity(id: "us-netherlands-japan-chipmaking-equipment-deal") { ... on Policy { date { basis precision start end note } } }
      blinken: relationships(from: "antony-blinken", types: ["VISITED"]) { nodes { date { basis } } }
    }`);
    expect(result.errors).toBeUndefined();
    const theft = (result.data!.timeline.nodes as any[]).find((n) => n.id === 'relationship:asml-former-employee.STOLE_FROM.asml');
    expect(theft.date).toMatchObject({ basis: 'UNKNOWN', precision: 'UNKNOWN' });
    expect(result.data!.deal.date).toMatchObject({ basis: 'UNKNOWN', precision: 'UNKNOWN', start: null, end: null });
    expect(result.data!.deal.date.note).toEqual(expect.any(String));
    // A date the text does state is still STATED; only the unknown ones changed.
    expect(result.data!.blinken.nodes[0].date.basis).not.toBe('UNKNOWN');
  });

  it('a date window says how many matching measures it leaves out because their date is unknown', async () => {
    const all = await server().gql(`{ measures(first: 500) { nodes { id date { basis } } undatedLeftOut } }`);
    expect(all.errors).toBeUndefined();
    const unknown = (all.data!.measures.nodes as any[]).filter((n) => n.date?.basis === 'UNKNOWN' || n.date === null).map((n) => n.id);
    expect(unknown).toContain('us-netherlands-japan-chipmaking-equipment-deal');
    // Without a window nothing is left out.
    expect(all.data!.measures.undatedLeftOut).toBe(0);
    const windowed = await server().gql(`{ measures(from: "2023-01-01", to: "2023-12-31", first: 500) { nodes { id } undatedLeftOut } }`);
    expect(windowed.errors).toBeUndefined();
    expect(windowed.data!.measures.undatedLeftOut).toBe(unknown.length);
    for (const id of unknown) expect(windowed.data!.measures.nodes.map((n: any) => n.id)).not.toContain(id);
    // The other filters apply to what is counted: the deal targets chipmaking equipment, the study session does not.
    const targeted = await server().gql(`{
      all: measures(targeting: "chipmaking equipment", first: 500) { nodes { id date { basis } } }
      windowed: measures(targeting: "chipmaking equipment", from: "2023-01-01", first: 500) { undatedLeftOut }
    }`);
    expect(targeted.errors).toBeUndefined();
    const unknownTargeted = (targeted.data!.all.nodes as any[]).filter((n) => n.date?.basis === 'UNKNOWN' || n.date === null);
    expect(unknownTargeted.length).toBeGreaterThan(0);
    expect(unknownTargeted.length).toBeLessThan(unknown.length);
    expect(targeted.data!.windowed.undatedLeftOut).toBe(unknownTargeted.length);
  });
});
