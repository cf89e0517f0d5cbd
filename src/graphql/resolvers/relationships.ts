// Resolvers of relationships, citations, sources, partial dates, paths and timeline events.
import type { CitationRecord, RelationshipRecord, SourceRecord } from '../../repository/records.ts';
import type { AppContext } from '../context.ts';
import { connection } from '../connection.ts';
import { decodeCursor } from '../cursor.ts';
import { pageSize } from '../limits.ts';
import { exactDay, partialDate, whenDate, type PartialDateView } from '../partial-dates.ts';
import { relationshipCursor } from './query.ts';

type Args = Record<string, unknown>;

export const relationshipResolvers = {
  Relationship: {
    from: (r: RelationshipRecord, _: Args, ctx: AppContext) => ctx.repo.entity(r.fromId),
    to: (r: RelationshipRecord, _: Args, ctx: AppContext) => ctx.repo.entity(r.toId),
    async summary(r: RelationshipRecord, _: Args, ctx: AppContext) {
      const [from, to] = await Promise.all([ctx.repo.entity(r.fromId), ctx.repo.entity(r.toId)]);
      const phrase = ctx.ontology.relationshipTypes.get(r.type)?.phrase ?? r.type;
      const role = typeof r.props.role === 'string' ? ` (${r.props.role})` : '';
      return `${from?.name ?? r.fromId} ${phrase}${role} ${to?.name ?? r.toId}`;
    },
    date: (r: RelationshipRecord) => partialDate(r.props, 'date'),
    qualifiers(r: RelationshipRecord, _: Args, ctx: AppContext) {
      const def = ctx.ontology.relationshipTypes.get(r.type);
      return Object.values(def?.properties ?? {})
        .filter((p) => p.type !== 'partialDate' && r.props[p.name] !== undefined && r.props[p.name] !== null)
        .map((p) => ({ name: p.name, value: String(r.props[p.name]) }));
    },
    citations: (r: RelationshipRecord, _: Args, ctx: AppContext) => ctx.repo.citations(r.id),
  },
  Citation: {
    source: (c: CitationRecord) => c.source,
  },
  Source: {
    title: (s: SourceRecord) => s.props.title ?? null,
    type: (s: SourceRecord) => s.props.type,
    publisher: (s: SourceRecord) => s.props.publisher ?? null,
    authors: (s: SourceRecord) => s.props.authors ?? [],
    publishedOn: (s: SourceRecord) => exactDay(partialDate(s.props, 'published')),
    published: (s: SourceRecord) => partialDate(s.props, 'published'),
    story: (s: SourceRecord) => s.props.story ?? s.id,
    async sameStoryAs(s: SourceRecord, _: Args, ctx: AppContext) {
      return (await ctx.repo.sourcesOfStory(String(s.props.story ?? s.id))).filter((other) => other.id !== s.id);
    },
    countsAsIndependent: (s: SourceRecord) => s.props.counted === true,
    file: (s: SourceRecord) => s.props.file,
    language: (s: SourceRecord) => s.props.language ?? null,
    note: (s: SourceRecord) => s.props.note ?? null,
    citationCount: (s: SourceRecord, _: Args, ctx: AppContext) => ctx.repo.citationCount(s.id),
    async relationships(s: SourceRecord, args: Args, ctx: AppContext) {
      const first = pageSize('first', args.first as number | null, 50);
      const after = decodeCursor(args.after as string | null, 'rel', 1)?.[0] ?? null;
      const rows = await ctx.repo.sourceRelationships(s.id, after, first + 1);
      return connection(rows, first, relationshipCursor, () => ctx.repo.sourceRelationshipCount(s.id));
    },
  },
  PartialDate: {
    resolvedAgainst: (d: PartialDateView, _: Args, ctx: AppContext) => (d.resolvedAgainstId ? ctx.repo.source(d.resolvedAgainstId) : null),
  },
  TimelineEvent: {
    id: (e: { key: string }) => e.key,
    policy: (e: { key: string }, _: Args, ctx: AppContext) => (e.key.startsWith('policy:') ? ctx.repo.entity(e.key.slice('policy:'.length)) : null),
    relationship: (e: { key: string }, _: Args, ctx: AppContext) =>
      e.key.startsWith('relationship:') ? ctx.repo.relationship(e.key.slice('relationship:'.length)) : null,
    async date(e: { key: string }, _: Args, ctx: AppContext) {
      const record = await eventRecord(e.key, ctx);
      return record ? whenDate(record.props) : null;
    },
    async title(e: { key: string }, _: Args, ctx: AppContext) {
      if (e.key.startsWith('policy:')) return (await ctx.repo.entity(e.key.slice('policy:'.length)))?.name ?? e.key;
      const rel = await ctx.repo.relationship(e.key.slice('relationship:'.length));
      if (!rel) return e.key;
      return relationshipResolvers.Relationship.summary(rel, {}, ctx);
    },
  },
};

async function eventRecord(key: string, ctx: AppContext): Promise<{ props: Record<string, unknown> } | null> {
  if (key.startsWith('policy:')) return ctx.repo.entity(key.slice('policy:'.length));
  return ctx.repo.relationship(key.slice('relationship:'.length));
}
