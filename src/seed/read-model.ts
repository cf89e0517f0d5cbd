// Properties the reads sort, page and index on, derived from the validated graph when it is written
// (docs/decisions/0009-query-planning.md). Pure: the write path merges them into the rows it writes.
//
// - `when*` — the date a policy or relationship is ordered and filtered by: its own (a policy's
//   announcement, else the report describing it `asOf`, else when it took effect; a relationship's
//   `date`). A policy (or an event relationship: one with a `date` the sources leave unknown) that the
//   sources leave undated is placed *no later than* the publication of the source that reports it, never
//   at that day: `whenStart` 0001-01-01 (open), `whenEnd` the publication's last possible day (the
//   earliest among the citing sources), precision `not_after`, `whenBasis: 'source'` with `whenSource` —
//   so date windows that its possible range overlaps find it, and it says why it is where it is.
// - `sortKey` on a policy: "<first day, or 9999-12-31 when undated>|<id>", the keyset and index order
//   of `measures`.
// - timeline keys: "<first day>|policy:<id>" (`eventKey` on a policy) and "<first day>|relationship:<id>"
//   (`relKey` on a dated relationship's Claim); a Claim whose endpoint is a policy also carries that
//   policy's key (`toPolicyKey` / `fromPolicyKey`) with its last day, so the composite indexes
//   (fromId, …) and (toId, …) list an entity's events in date order without visiting its other claims.
//   A policy with no date at all keys as 9999-12-31: last, shown as undated, outside every date window.
// - endpoint names and kinds on the Claim (`fromName`, `fromKind`, `toName`, `toKind`): a relationship's
//   endpoints as most pages show them, without a look-up per endpoint.
import { cypherDate, type CypherDate } from '../db/values.ts';
import { WHEN_FIELDS, type PartialDate } from '../ontology/partial-date.ts';
import { UNDATED_KEY } from '../cypher/fragments.ts';

/** The open first day of a date known only to be no later than a bound. */
export const OPEN_START = '0001-01-01';

export type ReadProps = Record<string, string | CypherDate>;

interface Dated {
  id: string;
  kind?: string;
  dates: Record<string, PartialDate>;
  properties?: { name?: unknown };
}

interface CitingRelationship {
  id: string;
  from: string;
  to: string;
  dates: Record<string, PartialDate>;
  citations: Array<{ source: string }>;
}

interface When {
  start: string;
  end: string;
  precision: string;
  field: string;
  basis: 'stated' | 'source';
  source?: string;
}

/** No later than the earliest publication (by its last possible day; ties: the lower source id) of the citing sources. */
function notAfter(current: When | undefined, published: When | undefined, source: string): When | undefined {
  if (!published) return current;
  if (current && (current.end < published.end || (current.end === published.end && current.source! <= source))) return current;
  return { start: OPEN_START, end: published.end, precision: 'not_after', field: 'published', basis: 'source', source };
}

/** A record's own date: the first of WHEN_FIELDS that is known to a range of days. */
export function statedWhen(dates: Record<string, PartialDate>): When | undefined {
  for (const field of WHEN_FIELDS) {
    const date = dates[field];
    if (date?.start && date.end) return { start: date.start, end: date.end, precision: date.precision, field, basis: 'stated' };
  }
  return undefined;
}

function whenProps(when: When): ReadProps {
  const props: ReadProps = {
    whenStart: cypherDate(when.start),
    whenEnd: cypherDate(when.end),
    whenPrecision: when.precision,
    whenField: when.field,
    whenBasis: when.basis,
  };
  if (when.source) props.whenSource = when.source;
  return props;
}

/**
 * Built from the sources and entities (in memory); a policy the sources leave undated also needs every
 * relationship that touches it (`observe`, in a pass before anything is written), since its date is the
 * earliest publication among the sources citing them. A relationship's own date needs nothing else.
 */
export class ReadModel {
  /** Dates of entities that have one, and of undated policies once observed. */
  private readonly when = new Map<string, When>();
  private readonly published = new Map<string, When>();
  private readonly undatedPolicies = new Set<string>();
  /** Entity names, copied onto each Claim next to its endpoint ids. */
  private readonly names = new Map<string, string>();

  constructor(graph: { sources: readonly Dated[]; entities: readonly Dated[] }) {
    for (const source of graph.sources) {
      const stated = statedWhen(source.dates);
      if (stated) this.published.set(source.id, stated);
    }
    for (const entity of graph.entities) {
      if (typeof entity.properties?.name === 'string') this.names.set(entity.id, entity.properties.name);
      const stated = statedWhen(entity.dates);
      if (stated) this.when.set(entity.id, stated);
      else if (entity.kind === 'Policy') this.undatedPolicies.add(entity.id);
    }
  }

  /**
   * The date of an entity already in the graph (its stored when* properties): a change written through
   * the API builds its rows with a model of just the entities it touches (src/curation/).
   */
  place(id: string, when: { start: string; end: string; precision: string; field: string; basis: 'stated' | 'source'; source?: string }): void {
    this.when.set(id, when);
    this.undatedPolicies.delete(id);
  }

  /** True when some policy is undated: its date then comes from the relationships (see `observe`). */
  get needsRelationships(): boolean {
    return this.undatedPolicies.size > 0;
  }

  /** Undated policies: no later than the earliest publication among the sources citing their relationships. */
  observe(rel: CitingRelationship): void {
    if (this.undatedPolicies.size === 0) return;
    for (const end of [rel.from, rel.to]) {
      if (!this.undatedPolicies.has(end)) continue;
      for (const citation of rel.citations) {
        const placed = notAfter(this.when.get(end), this.published.get(citation.source), citation.source);
        if (placed) this.when.set(end, placed);
      }
    }
  }

  /**
   * A relationship's own date; for an event whose `date` the sources leave unknown, no later than the
   * publication of the sources citing it (undefined when none of them is dated).
   */
  private relationshipWhen(rel: { dates: Record<string, PartialDate>; citations?: ReadonlyArray<{ source: string }> }): When | undefined {
    const own = statedWhen(rel.dates);
    if (own || !rel.dates.date) return own;
    let placed: When | undefined;
    for (const citation of rel.citations ?? []) placed = notAfter(placed, this.published.get(citation.source), citation.source);
    return placed;
  }

  /** Derived properties of an entity (policies: when*, sortKey, eventKey). */
  entityProps(entity: { id: string; kind: string }): ReadProps {
    const when = this.when.get(entity.id);
    const props: ReadProps = when ? whenProps(when) : {};
    if (entity.kind === 'Policy') {
      // Undated policies sort last, in measures and on timelines, where they show as undated.
      props.sortKey = `${when?.start ?? UNDATED_KEY}|${entity.id}`;
      props.eventKey = `${when?.start ?? UNDATED_KEY}|policy:${entity.id}`;
    }
    return props;
  }

  /** Derived properties of a relationship's edge: its own when* (or where an undated event is placed). */
  edgeProps(rel: { dates: Record<string, PartialDate>; citations?: ReadonlyArray<{ source: string }> }): ReadProps {
    const when = this.relationshipWhen(rel);
    return when ? whenProps(when) : {};
  }

  /**
   * Derived properties of a relationship's Claim: when*, its timeline keys, and the name and kind of both
   * endpoints (a page of the edge table or an export shows them without looking up each endpoint).
   */
  claimProps(
    rel: { id: string; from: string; to: string; dates: Record<string, PartialDate>; citations?: ReadonlyArray<{ source: string }> },
    kindOf: (id: string) => string | undefined,
  ): ReadProps {
    const props = this.edgeProps(rel);
    for (const [side, id] of [
      ['from', rel.from],
      ['to', rel.to],
    ] as const) {
      const name = this.names.get(id);
      const kind = kindOf(id);
      if (name !== undefined) props[`${side}Name`] = name;
      if (kind !== undefined) props[`${side}Kind`] = kind;
    }
    const own = this.relationshipWhen(rel);
    if (own) {
      props.relKey = `${own.start}|relationship:${rel.id}`;
      props.relEnd = cypherDate(own.end);
    } else if (rel.dates.date) {
      // An event no dated source bounds: listed last on timelines, marked undated, outside date windows.
      props.relKey = `${UNDATED_KEY}|relationship:${rel.id}`;
    }
    for (const [side, id] of [
      ['to', rel.to],
      ['from', rel.from],
    ] as const) {
      if (kindOf(id) !== 'Policy') continue;
      const when = this.when.get(id);
      props[`${side}PolicyKey`] = `${when?.start ?? UNDATED_KEY}|policy:${id}`;
      if (when) props[`${side}PolicyEnd`] = cypherDate(when.end);
    }
    return props;
  }
}
