// The relationships of a synthetic graph, streamed in batches and regenerated from the seed on every
// iteration (the write path reads them twice; memory stays bounded). Every relationship type's
// endpoints are ones the ontology allows, each has 1–3 citations with a one-sentence quote, and its
// modality is `stated`. Each (from, type, to) is produced by one owner's loop only, so ids are unique
// without remembering them; symmetric types are produced once, from the lower-index side.
import type { Ontology } from '../../src/ontology/ontology.ts';
import { parsePartialDate, type PartialDate } from '../../src/ontology/partial-date.ts';
import type { RelationshipStub } from '../../src/seed/load-input.ts';
import { relationshipId, type SeedCitation, type SeedNode, type SeedRelationship } from '../../src/seed/validate-seed.ts';
import { ANCHORS } from './anchors.ts';
import type { GeneratedNodes } from './entities.ts';
import { Random } from './random.ts';
import type { GraphSize } from './sizes.ts';
import * as V from './vocabulary.ts';

/** A relationship as the write path takes it: a SeedRelationship with its modality (contract 1). */
export type GeneratedRelationship = SeedRelationship & { modality: string };

const NO_PROPERTIES = Object.freeze({}) as SeedRelationship['properties'];
const NO_DATES = Object.freeze({}) as Record<string, PartialDate>;
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Expected relationships per owner, before scaling to the size's target (see `scaleFor`). */
const RATES = {
  dependsOn: 0.3,
  competesCountries: 2,
  agreedGovernments: 3,
  companyDevelops: 2.5,
  companyPartOf: 0.1,
  companyCompetes: 0.8,
  stoleFrom: 0.02,
  universityDevelops: 2,
  personAffiliated: 1.3,
  personBasedIn: 0.5,
  personMet: 2,
  personVisited: 0.5,
  policyTargets: 5,
  policyPromotes: 1.5,
  policyCommented: 0.8,
  policyReported: 0.6,
  policyFollows: 0.1,
  policyResponds: 0.1,
};

/** Relationships every graph has regardless of rates: taxonomy, issuers, home countries, agencies, anchors. */
function fixedCount(nodes: GeneratedNodes): number {
  const agencies = nodes.agencies.reduce((n, a) => n + a.length, 0);
  const actorsWithHome = nodes.companies.length + nodes.universities.length + nodes.media.length + nodes.groups.length;
  return nodes.technologies.length - 1 + nodes.policies.length * 1.1 + agencies * 2 + nodes.governments.length + actorsWithHome + ANCHORS.narrowTechnologyPolicies + 5;
}

/** The factor on RATES that brings the expected total to the size's target. */
function scaleFor(nodes: GeneratedNodes, size: GraphSize): number {
  const r = RATES;
  const variable =
    (nodes.technologies.length - 2) * r.dependsOn +
    nodes.countries.length * r.competesCountries * 0.5 +
    nodes.governments.length * r.agreedGovernments * 0.5 +
    nodes.companies.length * (r.companyDevelops + r.companyPartOf + r.companyCompetes * 0.5 + r.stoleFrom) +
    nodes.universities.length * r.universityDevelops +
    nodes.people.length * (r.personAffiliated + r.personBasedIn + r.personMet * 0.5 + r.personVisited) +
    nodes.policies.length *
      (r.policyTargets + r.policyPromotes * 0.35 + r.policyCommented + r.policyReported + r.policyFollows + r.policyResponds + 0.15);
  return Math.max(0.1, (size.relationships - fixedCount(nodes)) / variable);
}

/** Re-iterable batches: each iteration starts the generator afresh from the seed. */
export function relationshipBatches(nodes: GeneratedNodes, size: GraphSize, seed: number, ontology: Ontology, batchSize = 2_000): Iterable<GeneratedRelationship[]> {
  return sharedBatches(nodes, size, seed, ontology, batchSize) as Iterable<GeneratedRelationship[]>;
}

/**
 * The same batches where a relationship whose position `keeps` refuses is a stub (GraphInput.share): the
 * random draws are the same, only its strings and objects are not built. Without `keeps`, all whole.
 */
export function sharedBatches(
  nodes: GeneratedNodes,
  size: GraphSize,
  seed: number,
  ontology: Ontology,
  batchSize = 2_000,
  keeps?: (position: number) => boolean,
): Iterable<Array<GeneratedRelationship | RelationshipStub>> {
  const scale = scaleFor(nodes, size);
  const indexes: Indexes = {
    country: new Map(nodes.countries.map((n, i) => [n.id, i])),
    government: new Map(nodes.governments.map((n, i) => [n.id, i])),
    company: new Map(nodes.companies.map((n, i) => [n.id, i])),
    person: new Map(nodes.people.map((n, i) => [n.id, i])),
  };
  return { [Symbol.iterator]: () => generate(nodes, indexes, seed, ontology, scale, batchSize, keeps) };
}

/** Position of an entity in its list, for symmetric types (kept from the lower index). */
interface Indexes {
  country: Map<string, number>;
  government: Map<string, number>;
  company: Map<string, number>;
  person: Map<string, number>;
}

function* generate(
  nodes: GeneratedNodes,
  indexes: Indexes,
  seed: number,
  ontology: Ontology,
  scale: number,
  batchSize: number,
  keeps: ((position: number) => boolean) | undefined,
): Generator<Array<GeneratedRelationship | RelationshipStub>> {
  const random = new Random(seed, 2);
  const dates = new Map<string, PartialDate>();
  const dateOf = (on: string): PartialDate => {
    let parsed = dates.get(on);
    if (!parsed) {
      const result = parsePartialDate({ on });
      if (typeof result === 'string') throw new Error(`generated a bad date ${on}`);
      parsed = result;
      dates.set(on, parsed);
    }
    return parsed;
  };
  const randomDay = () => `${random.between(2012, 2034)}-${String(random.between(1, 12)).padStart(2, '0')}-${String(random.between(1, 28)).padStart(2, '0')}`;
  /** How many relationships an owner gets: the rate, scaled, with an exponential spread (a long tail). */
  const degree = (rate: number) => Math.floor(rate * scale * -Math.log(1 - random.next()) + random.next());
  const sources = nodes.sources;

  /** The citations' draws, always; their quotes and objects only when `whole` (a stub needs their number alone). */
  const cite = (from: SeedNode, type: string, to: SeedNode, on: string | undefined, whole: boolean): { citations: SeedCitation[]; sourceIds: string[]; independent: number; count: number } => {
    const count = random.chance(0.5) ? 1 : random.chance(0.7) ? 2 : 3;
    const citations: SeedCitation[] = [];
    const picked = new Set<number>();
    const phrase = whole ? ontology.relationshipType(type).phrase : '';
    const a = whole ? String(from.properties.name).replace(/\.$/, '') : '';
    const b = whole ? String(to.properties.name).replace(/\.$/, '') : '';
    for (let i = 0; i < count; i++) {
      const s = random.skewed(sources.length, 1.5);
      if (picked.has(s)) continue;
      picked.add(s);
      const when = on ?? randomDay();
      if (!whole) continue;
      const month = `${MONTHS[Number(when.slice(5, 7)) - 1]} ${when.slice(0, 4)}`;
      const quote =
        i === 0
          ? `${a} ${phrase} ${b}.`
          : i === 1
            ? `In ${month}, ${a} ${phrase} ${b}.`
            : `${a} ${phrase} ${b}, a filing from ${month} shows.`;
      citations.push({ source: sources[s]!.id, quote, verified: false });
    }
    if (!whole) return { citations, sourceIds: [], independent: 0, count: picked.size };
    const sourceIds = citations.map((c) => c.source).sort();
    const independent = new Set([...picked].map((s) => sources[s]!.story)).size;
    return { citations, sourceIds, independent, count: picked.size };
  };

  let batch: Array<GeneratedRelationship | RelationshipStub> = [];
  let position = 0;
  const emit = (
    from: SeedNode,
    type: string,
    to: SeedNode,
    properties: SeedRelationship['properties'] = NO_PROPERTIES,
    on?: string,
  ): void => {
    if (keeps && !keeps(position++)) {
      // Generated citations are never verified.
      batch.push({ stub: true, id: relationshipId(from.id, type, to.id), citations: cite(from, type, to, on, false).count, verifiedCitations: 0 });
      return;
    }
    const { citations, sourceIds, independent } = cite(from, type, to, on, true);
    batch.push({
      id: relationshipId(from.id, type, to.id),
      type,
      from: from.id,
      to: to.id,
      properties,
      dates: on ? { date: dateOf(on) } : NO_DATES,
      citations,
      independentSources: independent,
      sourceIds,
      modality: 'stated',
      file: 'generated',
      line: 0,
    });
  };
  /** Up to n distinct picks (never `self`), each emitted once: one owner's relationships of one type. */
  const each = (n: number, pick: () => SeedNode | undefined, self: SeedNode | undefined, emitOne: (to: SeedNode) => void) => {
    const seen = new Set<string>();
    for (let i = 0; i < n * 2 && seen.size < n; i++) {
      const to = pick();
      if (!to || to === self || seen.has(to.id)) continue;
      seen.add(to.id);
      emitOne(to);
    }
  };
  const full = () => batch.length >= batchSize;
  const take = () => {
    const out = batch;
    batch = [];
    return out;
  };

  const { countries, governments, agencies, technologies, technologyParent, pickableTechnologies, companies, universities, media, people, policies } = nodes;
  const anyTechnology = (power = 1.3) => pickableTechnologies[random.skewed(pickableTechnologies.length, power)];
  const anyCountry = () => countries[random.chance(0.3) ? 0 : random.skewed(countries.length, 2)];
  const anyCompany = (power = 2) => companies[random.skewed(companies.length, power)];
  const anyAgency = () => {
    const list = agencies[random.skewed(agencies.length, 2)]!;
    return list[random.int(list.length)];
  };

  // The path anchors, wired by hand: their only relationships.
  const p = nodes.path;
  emit(p.from, 'AFFILIATED_WITH', p.fromCompany, { role: 'engineer' });
  emit(p.fromCompany, 'PART_OF', p.hub);
  emit(p.toCompany, 'PART_OF', p.hub);
  emit(p.to, 'AFFILIATED_WITH', p.toCompany, { role: 'director' });
  emit(p.to3, 'AFFILIATED_WITH', p.hub, { role: 'chief executive' });

  // Technologies: the taxonomy (each node under its parent) and dependencies.
  for (let i = 1; i < technologies.length; i++) {
    const tech = technologies[i]!;
    emit(tech, 'BROADER', technologies[technologyParent[i]!]!);
    if (tech.id !== ANCHORS.narrowTechnology.id) each(degree(RATES.dependsOn), () => anyTechnology(), tech, (to) => to.id !== ANCHORS.narrowTechnology.id && emit(tech, 'DEPENDS_ON', to));
    if (full()) yield take();
  }

  // Countries and governments: rivalries and agreements (symmetric: kept from the lower index).
  countries.forEach((country, i) => {
    each(degree(RATES.competesCountries), () => countries[random.int(countries.length)], country, (to) => {
      if (indexes.country.get(to.id)! > i) emit(country, 'COMPETES_WITH', to, random.chance(0.5) ? { over: String(anyTechnology()!.properties.name).toLowerCase() } : NO_PROPERTIES);
    });
  });
  governments.forEach((government, i) => {
    each(degree(RATES.agreedGovernments), () => governments[random.skewed(governments.length, 2)], government, (to) => {
      if (indexes.government.get(to.id)! > i) emit(government, 'AGREED_WITH', to, { on: `cooperation on ${String(anyTechnology()!.properties.name).toLowerCase()}` }, randomDay());
    });
  });
  if (full()) yield take();
  governments.forEach((government, c) => emit(government, 'BASED_IN', countries[c]!));
  agencies.forEach((list, c) => {
    for (const agency of list) {
      emit(agency, 'PART_OF', governments[c]!);
      emit(agency, 'BASED_IN', countries[c]!);
    }
  });
  if (full()) yield take();

  // Companies, universities, media and groups: home country, what they develop, who they belong to.
  for (let i = 0; i < companies.length; i++) {
    const company = companies[i]!;
    emit(company, 'BASED_IN', anyCountry()!);
    // Big companies (low index) develop more.
    each(degree(RATES.companyDevelops) * (i < companies.length / 100 ? 5 : 1), () => anyTechnology(1.5), undefined, (to) => emit(company, 'DEVELOPS', to));
    if (i > 0) each(degree(RATES.companyPartOf), () => companies[random.skewed(i, 2)], company, (to) => emit(company, 'PART_OF', to));
    each(degree(RATES.companyCompetes), () => anyCompany(), company, (to) => {
      if (indexes.company.get(to.id)! > i) emit(company, 'COMPETES_WITH', to, random.chance(0.5) ? { over: String(anyTechnology()!.properties.name).toLowerCase() } : NO_PROPERTIES);
    });
    if (random.chance(RATES.stoleFrom * scale)) {
      const victim = anyCompany(1);
      if (victim && victim !== company) emit(company, 'STOLE_FROM', victim, { what: 'chip designs' }, randomDay());
    }
    if (full()) yield take();
  }
  for (const university of universities) {
    emit(university, 'BASED_IN', anyCountry()!);
    each(degree(RATES.universityDevelops), () => anyTechnology(1.5), undefined, (to) => emit(university, 'DEVELOPS', to));
    if (full()) yield take();
  }
  for (const actor of [...media, ...nodes.groups]) emit(actor, 'BASED_IN', anyCountry()!);
  if (full()) yield take();

  // People: where they work, where they live, whom they meet, where they travel.
  for (let i = 0; i < people.length; i++) {
    const person = people[i]!;
    // Everyone works somewhere: no entity without a relationship (the seed's rule).
    each(Math.max(1, degree(RATES.personAffiliated)), () => {
      const roll = random.next();
      return roll < 0.6 ? anyCompany() : roll < 0.75 ? universities[random.int(universities.length)] : roll < 0.9 ? anyAgency() : governments[random.skewed(governments.length, 2)];
    }, person, (to) => emit(person, 'AFFILIATED_WITH', to, { role: random.pick(V.ROLES) }));
    if (random.chance(Math.min(1, RATES.personBasedIn * scale))) emit(person, 'BASED_IN', anyCountry()!);
    each(degree(RATES.personMet), () => people[random.skewed(people.length, 2)], person, (to) => {
      // Symmetric: each pair from its lower-index person only.
      if (indexes.person.get(to.id)! > i) emit(person, 'MET_WITH', to, random.chance(0.5) ? { place: `${random.pick(V.CITY_ROOTS)}` } : NO_PROPERTIES, randomDay());
    });
    each(degree(RATES.personVisited), () => anyCountry(), undefined, (to) => emit(person, 'VISITED', to, NO_PROPERTIES, randomDay()));
    if (full()) yield take();
  }

  // Policies: issuers, targets, what they promote, who joined, commented, reported, and which came after which.
  const narrowEvery = Math.max(1, Math.floor(policies.length / ANCHORS.narrowTechnologyPolicies));
  const narrow = nodes.narrowTechnology;
  for (let i = 0; i < policies.length; i++) {
    const policy = policies[i]!;
    const type = String(policy.properties.type);
    const announced = policy.dates.announced!.start!;
    const issuer = nodes.policyIssuer[i]!;
    emit(issuer, 'ISSUED', policy, NO_PROPERTIES, announced);
    if (random.chance(0.1)) {
      const co = agencies[nodes.policyCountry[i]!]![random.int(agencies[nodes.policyCountry[i]!]!.length)];
      if (co && co !== issuer) emit(co, 'ISSUED', policy, { role: 'co-issued' }, announced);
    }
    if (i % narrowEvery === 0 && i / narrowEvery < ANCHORS.narrowTechnologyPolicies) emit(policy, 'TARGETS', narrow, NO_PROPERTIES, announced);
    // The technology in its name first, then more targets: technologies, countries (the hub most), actors.
    emit(policy, 'TARGETS', pickableTechnologies[nodes.policyTechnology[i]!]!, random.chance(0.1) ? { scope: 'exports above a performance threshold' } : NO_PROPERTIES, random.chance(0.3) ? announced : undefined);
    const tech = pickableTechnologies[nodes.policyTechnology[i]!]!;
    each(Math.max(0, degree(RATES.policyTargets) - 1), () => {
      const roll = random.next();
      return roll < 0.55 ? anyTechnology() : roll < 0.8 ? anyCountry() : anyCompany();
    }, tech, (to) => emit(policy, 'TARGETS', to, NO_PROPERTIES, random.chance(0.3) ? announced : undefined));
    if (type === 'strategy' || type === 'funding_programme' || type === 'directive') {
      each(Math.max(1, degree(RATES.policyPromotes)), () => anyTechnology(), undefined, (to) => emit(policy, 'PROMOTES', to));
    }
    if (type === 'multilateral_agreement') {
      each(random.between(2, 5), () => governments[random.skewed(governments.length, 2)], undefined, (from) => emit(from, 'PARTY_TO', policy));
    }
    if (type === 'award' || type === 'funding_programme') {
      each(random.between(1, 3), () => (random.chance(0.5) ? anyCompany() : universities[random.int(universities.length)]), undefined, (from) => emit(from, 'RECEIVED', policy, NO_PROPERTIES, announced));
    }
    each(degree(RATES.policyCommented), () => (random.chance(0.7) ? people[random.skewed(people.length, 2)] : governments[random.skewed(governments.length, 2)]), issuer, (from) =>
      emit(from, 'COMMENTED_ON', policy, random.chance(0.3) ? { said: 'it would respond firmly' } : NO_PROPERTIES),
    );
    if (media.length > 0) each(degree(RATES.policyReported), () => media[random.skewed(media.length, 1.5)], undefined, (from) => emit(from, 'REPORTED', policy, NO_PROPERTIES, announced));
    if (i > 0) {
      each(degree(RATES.policyFollows), () => policies[random.int(i)], policy, (to) => emit(policy, 'FOLLOWS', to, random.chance(0.5) ? { interval: 'days after' } : NO_PROPERTIES));
      each(degree(RATES.policyResponds), () => policies[random.int(i)], policy, (to) => emit(policy, 'RESPONDS_TO', to));
    }
    if (full()) yield take();
  }
  if (batch.length > 0) yield take();
}
