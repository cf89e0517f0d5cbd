// Resolvers of relationships, citations, sources, partial dates, paths and timeline events. Fields that
// need the database read what was planned with their parent (see planned.ts).
import type { GraphQLResolveInfo } from 'graphql';
import { toCitation, toEntity, toRelationship, toSource, type CitationRecord, type EntityRecord, type Props, type RelationshipRecord, type SourceRecord } from '../../repository/records.ts';
import type { VerificationStatus } from '../../sources/verification.ts';

/** The stored status → the GraphQL enum. */
const VERIFICATION_ENUM: Record<VerificationStatus, string> = { verified: 'VERIFIED', curation: 'VERIFIED_AT_CURATION', unchecked: 'UNCHECKED' };
import type { PathRow, TimelineRow } from '../../repository/repository.ts';
import type { AppContext } from '../context.ts';
import { LIST_DEFAULTS, plansBelow } from '../field-plans.ts';
import { pageSize } from '../../limits/limits.ts';
import { exactDay, partialDate, whenDate, type PartialDateView } from '../partial-dates.ts';
import { plannedConnection, relationshipCursor } from './entities.ts';
import { mapPlanned, planned } from './planned.ts';

type Args = Record<string, unknown>;

/** A partial date with the values planned below it (its `resolvedAgainst` source). */
export type PlannedDate = PartialDateView & { $?: Record<string, unknown> };

function withPlanned(view: PartialDateView | null, plannedBelow: unknown): PlannedDate | null {
  return view ? { ...view, $: plannedBelow as Record<string, unknown> | undefined } : null;
}

/** "<from> <phrase> (<role>) <to>", worded as its modality says ("… considered issuing …"; modality.yaml). */
export function summaryOf(r: RelationshipRecord, names: unknown, ctx: AppContext): string {
  const [fromName, toName] = (names as [string | null, string | null] | null) ?? [null, null];
  const def = ctx.ontology.relationshipTypes.get(r.type);
  const role = typeof r.props.role === 'string' ? ` (${r.props.role})` : '';
  const modality = ctx.ontology.modalities.get(typeof r.props.modality === 'string' ? r.props.modality : ctx.ontology.defaultModality);
  const template = modality?.summary ?? '{from} {phrase} {to}';
  const fill: Record<string, string> = {
    from: fromName ?? r.fromId ?? '',
    to: toName ?? r.toId ?? '',
    phrase: `${def?.phrase ?? r.type}${role}`,
    gerund: `${def?.gerund ?? r.type}${role}`,
  };
  return template.replace(/\{(from|to|phrase|gerund)\}/g, (_, name: string) => fill[name]!);
}

type PathView = PathRow;

export const relationshipResolvers = {
  Relationship: {
    from: (r: RelationshipRecord, args: Args, ctx: AppContext, info: GraphQLResolveInfo) =>
      mapPlanned(planned('Relationship', r, args, ctx, info), (raw) => (raw ? toEntity(raw, ctx.ontology) : null)),
    to: (r: RelationshipRecord, args: Args, ctx: AppContext, info: GraphQLResolveInfo) =>
      mapPlanned(planned('Relationship', r, args, ctx, info), (raw) => (raw ? toEntity(raw, ctx.ontology) : null)),
    summary: (r: RelationshipRecord, args: Args, ctx: AppContext, info: GraphQLResolveInfo) =>
      mapPlanned(planned('Relationship', r, args, ctx, info), (names) => summaryOf(r, names, ctx)),
    date: (r: RelationshipRecord, _: Args, __: AppContext, info: GraphQLResolveInfo) => withPlanned(relationshipDate(r.props), r.$?.[info.path.key as string]),
    modality: (r: RelationshipRecord, _: Args, ctx: AppContext) => (r.props.modality as string | undefined) ?? ctx.ontology.defaultModality,
    qualifiers(r: RelationshipRecord, _: Args, ctx: AppContext) {
      const def = ctx.ontology.relationshipTypes.get(r.type);
      return Object.values(def?.properties ?? {})
        .filter((p) => p.type !== 'partialDate' && r.props[p.name] !== undefined && r.props[p.name] !== null)
        .map((p) => ({ name: p.name, value: String(r.props[p.name]) }));
    },
    citations: (r: RelationshipRecord, args: Args, ctx: AppContext, info: GraphQLResolveInfo) =>
      mapPlanned(planned('Relationship', r, args, ctx, info), (raw) => ((raw as unknown[]) ?? []).map(toCitation)),
    // Read from the Claim's properties (planned with it: stored-properties.ts); null while it stands.
    retraction: (r: RelationshipRecord) =>
      typeof r.props.retractedAt === 'string'
        ? { at: r.props.retractedAt, by: String(r.props.retractedBy ?? ''), reason: String(r.props.retractedReason ?? ''), seq: typeof r.props.retractedSeq === 'number' ? r.props.retractedSeq : null }
        : null,
  },
  Citation: {
    source: (c: { source: SourceRecord }) => c.source,
    verification: (c: CitationRecord) => ({ ...c.verification, status: VERIFICATION_ENUM[c.verification.status as VerificationStatus] ?? 'UNCHECKED' }),
  },
  Source: {
    title: (s: SourceRecord) => s.props.title ?? null,
    type: (s: SourceRecord) => s.props.type,
    publisher: (s: SourceRecord) => s.props.publisher ?? null,
    authors: (s: SourceRecord) => s.props.authors ?? [],
    editors: (s: SourceRecord) => s.props.editors ?? [],
    standfirst: (s: SourceRecord) => s.props.standfirst ?? null,
    dateline: (s: SourceRecord) => s.props.dateline ?? null,
    place: (s: SourceRecord) => s.props.place ?? null,
    imageCredits: (s: SourceRecord) => s.props.imageCredits ?? [],
    publishedOn: (s: SourceRecord) => exactDay(partialDate(s.props, 'published')),
    published: (s: SourceRecord, _: Args, __: AppContext, info: GraphQLResolveInfo) => withPlanned(partialDate(s.props, 'published'), s.$?.[info.path.key as string]),
    story: (s: SourceRecord) => s.props.story ?? s.id,
    sameStoryAs: (s: SourceRecord, args: Args, ctx: AppContext, info: GraphQLResolveInfo) =>
      mapPlanned(planned('Source', s, args, ctx, info), (raw) => ((raw as unknown[]) ?? []).map(toSource)),
    countsAsIndependent: (s: SourceRecord) => s.props.counted === true,
    file: (s: SourceRecord) => s.props.file,
    url: (s: SourceRecord) => s.props.url ?? null,
    urlNote: (s: SourceRecord) => s.props.urlNote ?? null,
    heldText: (s: SourceRecord, args: Args, ctx: AppContext, info: GraphQLResolveInfo) => planned('Source', s, args, ctx, info),
    language: (s: SourceRecord) => s.props.language ?? null,
    note: (s: SourceRecord) => s.props.note ?? null,
    citationCount: (s: SourceRecord, args: Args, ctx: AppContext, info: GraphQLResolveInfo) => planned('Source', s, args, ctx, info),
    relationships: (s: SourceRecord, args: Args, ctx: AppContext, info: GraphQLResolveInfo) =>
      mapPlanned(planned('Source', s, args, ctx, info), (raw) =>
        plannedConnection(raw, pageSize('first', args.first as number | null, LIST_DEFAULTS.sourceRelationships), toRelationship, (r) => relationshipCursor(ctx)(r.id)),
      ),
  },
  TaxonomyExpansion: {
    followed: (e: { followed: string[] }) => e.followed,
    async technologies(e: { technologyIds: string[] }, args: Args, ctx: AppContext, info: GraphQLResolveInfo) {
      const first = pageSize('first', args.first as number | null, 100);
      const rows = await ctx.repo.byIds('Entity', e.technologyIds, plansBelow(info, ctx));
      return rows.map((raw) => toEntity(raw, ctx.ontology)).sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id)).slice(0, first);
    },
    usedEditorialLinks: (e: { editorialLinkIds: string[] }) => e.editorialLinkIds.length > 0,
    async editorialLinks(e: { editorialLinkIds: string[] }, _: Args, ctx: AppContext, info: GraphQLResolveInfo) {
      if (e.editorialLinkIds.length === 0) return [];
      return (await ctx.repo.byIds('Relationship', e.editorialLinkIds, plansBelow(info, ctx))).map(toRelationship).sort((a, b) => a.id.localeCompare(b.id));
    },
  },
  PartialDate: {
    resolvedAgainst(d: PlannedDate, _: Args, ctx: AppContext, info: GraphQLResolveInfo) {
      const key = info.path.key as string;
      if (d.$ && Object.prototype.hasOwnProperty.call(d.$, key)) return d.$[key] ? toSource(d.$[key]) : null;
      return d.resolvedAgainstId ? ctx.repo.source(d.resolvedAgainstId) : null;
    },
  },
  TimelineEvent: {
    id: (e: TimelineRow) => e.key,
    kind: (e: TimelineRow) => (e.policy ? 'POLICY' : 'RELATIONSHIP'),
    date: (e: TimelineRow) => {
      const record = e.policy ?? e.relationship;
      return withPlanned(whenDate(record?.props ?? {}) ?? UNDATED_EVENT, record?.$?.[EVENT_DATE]);
    },
    title: (e: TimelineRow, _: Args, ctx: AppContext) => {
      if (e.policy) return e.policy.name;
      if (e.relationship) return summaryOf(e.relationship, e.relationship.$?.[EVENT_SUMMARY], ctx);
      return e.key;
    },
    policy: (e: TimelineRow) => e.policy,
    relationship: (e: TimelineRow) => e.relationship,
  },
  Path: {
    length: (p: PathView) => p.hops.length,
    nodes: (p: PathView) => p.nodes,
    hops: (p: PathView) =>
      p.hops.map((hop, i) => ({
        from: p.nodes[i],
        to: p.nodes[i + 1],
        relationship: hop.relationship,
        forward: hop.fromId === p.nodeIds[i],
      })),
  },
};

/** The date of a policy the sources do not date at all (it closes the timeline). */
/**
 * A relationship's own date; when the sources leave it unknown but a dated source that reports it bounds
 * it, where it is placed (NOT_AFTER, SOURCE_PUBLICATION) rather than an UNKNOWN it is not.
 */
function relationshipDate(props: Props): PartialDateView | null {
  const own = partialDate(props, 'date');
  return own?.basis === 'UNKNOWN' && props.whenBasis === 'source' ? whenDate(props) : own;
}

const UNDATED_EVENT: PartialDateView = {
  value: null,
  basis: 'UNKNOWN',
  precision: 'UNKNOWN',
  start: null,
  end: null,
  expression: null,
  resolvedAgainstId: null,
  note: 'The sources give no date, and no dated source reports it: listed after every dated event.',
};

/** Keys under which the timeline plans the date and the summary names of each event's record. */
export const EVENT_DATE = '__eventDate';
export const EVENT_SUMMARY = '__eventSummary';
