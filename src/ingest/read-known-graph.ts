// The known graph read from a running Neo4j (`npm run ingest -- --from-graph`), page by page in id
// order, so the assistant sees what the service serves rather than the seed files.
import { ingestClaimsPage, ingestEntitiesPage, ingestSourcesPage } from '../cypher/ingest.ts';
import type { CypherQuery, Executor, Row } from '../db/executor.ts';
import type { Ontology } from '../ontology/ontology.ts';
import type { DatePrecision } from '../ontology/partial-date.ts';
import type { KnownClaim, KnownEntity, KnownGraph, KnownSource } from './known-graph.ts';

const PAGE = 5_000;

async function readAll(executor: Executor, query: CypherQuery): Promise<Row[]> {
  const rows: Row[] = [];
  let after = '';
  for (;;) {
    const page = await executor.read(query, { after, limit: PAGE });
    rows.push(...page);
    if (page.length < PAGE) return rows;
    after = String(page[page.length - 1]!.id);
  }
}

const text = (v: unknown) => (typeof v === 'string' ? v : undefined);

export async function readKnownGraph(executor: Executor, ontology: Ontology): Promise<KnownGraph> {
  const entities: KnownEntity[] = (await readAll(executor, ingestEntitiesPage)).map((r) => {
    const starts = (r.starts as string[]).sort();
    const ends = (r.ends as string[]).sort();
    return {
      id: String(r.id),
      kind: (r.labels as string[]).find((l) => ontology.entityKinds.includes(l)) ?? 'Entity',
      type: text(r.type),
      name: String(r.name ?? r.id),
      aliases: (r.aliases as unknown[]).map(String),
      named: r.named !== false,
      country: text(r.country),
      status: text(r.status),
      when: starts.length > 0 && ends.length > 0 ? { start: starts[0]!, end: ends[ends.length - 1]! } : undefined,
    };
  });
  const claims: KnownClaim[] = (await readAll(executor, ingestClaimsPage)).map((r) => ({
    id: String(r.id),
    type: String(r.type),
    from: String(r.from),
    to: String(r.to),
    modality: String(r.modality ?? ontology.defaultModality),
    citations: (r.citations as Row[]).map((c) => ({ sourceId: String(c.sourceId), quote: String(c.quote), mentionsFrom: text(c.mentionsFrom), mentionsTo: text(c.mentionsTo) })),
  }));
  const sources: KnownSource[] = (await readAll(executor, ingestSourcesPage)).map((r) => ({
    id: String(r.id),
    story: String(r.story),
    counted: r.counted !== false,
    file: text(r.file),
    published: r.precision ? { start: text(r.start), end: text(r.end), precision: r.precision as DatePrecision } : undefined,
  }));
  return { entities, claims, sources };
}
