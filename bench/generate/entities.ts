// The nodes of a synthetic graph, all in memory (contract 8): countries, governments and agencies,
// a technology taxonomy under one root, companies, universities, media, people, policies, and the
// news reports relationships cite. Hubs by construction: country 0 (Valdoria) is the large country,
// its government issues the most measures, low-index companies and sources draw the most links.
import { parsePartialDate, type PartialDate } from '../../src/ontology/partial-date.ts';
import type { SeedNode, SeedSource } from '../../src/seed/validate-seed.ts';
import { nameKey } from '../../src/text/fold.ts';
import { ANCHORS, PATH_ENTITIES } from './anchors.ts';
import { Random } from './random.ts';
import type { GraphSize } from './sizes.ts';
import * as V from './vocabulary.ts';

const NO_DATES: Record<string, PartialDate> = Object.freeze({}) as Record<string, PartialDate>;
const NO_FIGURES = Object.freeze([]) as unknown as SeedNode['figures'];

export interface GeneratedNodes {
  sources: SeedSource[];
  entities: SeedNode[];
  countries: SeedNode[];
  governments: SeedNode[];
  /** Agencies per country index. */
  agencies: SeedNode[][];
  technologies: SeedNode[];
  /** Index of each technology's parent in `technologies` (-1 for the root). */
  technologyParent: Int32Array;
  /** Technologies random relationships may pick (all but the root and the narrow anchor). */
  pickableTechnologies: SeedNode[];
  narrowTechnology: SeedNode;
  companies: SeedNode[];
  universities: SeedNode[];
  media: SeedNode[];
  groups: SeedNode[];
  people: SeedNode[];
  policies: SeedNode[];
  /** For each policy: the country index and the technology its name is about. */
  policyCountry: Int32Array;
  policyTechnology: Int32Array;
  /** For each policy: its issuer (a government or agency). */
  policyIssuer: SeedNode[];
  path: { from: SeedNode; to: SeedNode; to3: SeedNode; fromCompany: SeedNode; toCompany: SeedNode; hub: SeedNode };
}

export function slug(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

function day(random: Random, fromYear: number, toYear: number): string {
  const year = random.between(fromYear, toYear);
  const month = random.between(1, 12);
  const d = random.between(1, 28);
  return `${year}-${String(month).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function date(on: string): PartialDate {
  const parsed = parsePartialDate({ on });
  if (typeof parsed === 'string') throw new Error(`generated a bad date ${on}: ${parsed}`);
  return parsed;
}

/** Unique ids: the slug of the name, with a counter when taken. */
class Ids {
  /** Ids of the dedicated anchors, which are created with their own id (the hub country and government get theirs by name). */
  private readonly taken = new Set<string>([
    ANCHORS.broadTechnology.id,
    ANCHORS.narrowTechnology.id,
    ANCHORS.search.id,
    ANCHORS.pathFrom.id,
    ANCHORS.pathTo.id,
    ANCHORS.pathTo3Hops.id,
    PATH_ENTITIES.fromCompany.id,
    PATH_ENTITIES.toCompany.id,
    PATH_ENTITIES.hub.id,
  ]);
  next(name: string): string {
    const base = slug(name);
    if (!this.taken.has(base)) {
      this.taken.add(base);
      return base;
    }
    for (let n = 2; ; n++) {
      const id = `${base}-${n}`;
      if (!this.taken.has(id)) {
        this.taken.add(id);
        return id;
      }
    }
  }
}

/**
 * Every name and alias identifies one entity (compared folded, as look-ups compare them): the seed's
 * rule (validate-structure.ts), kept so the generated graph passes the seed validator and so an exact
 * name look-up finds one entity.
 */
class Names {
  private readonly taken = new Set<string>();
  /** True (and taken) when no entity has this name or alias yet. */
  take(name: string): boolean {
    const key = nameKey(name);
    if (this.taken.has(key)) return false;
    this.taken.add(key);
    return true;
  }
  /** The first candidate not taken yet (a bounded number of draws), else the last one with a number. */
  first(draw: () => string, tries = 30): string {
    let name = draw();
    for (let i = 0; ; i++) {
      if (this.take(name)) return name;
      if (i >= tries) break;
      name = draw();
    }
    for (let n = 2; ; n++) if (this.take(`${name} (${n})`)) return `${name} (${n})`;
  }
  /** The aliases no entity has yet (the others are dropped). */
  aliases(candidates: string[]): string[] {
    return candidates.filter((a) => this.take(a));
  }
}

function node(id: string, kind: string, properties: SeedNode['properties'], dates: Record<string, PartialDate> = NO_DATES): SeedNode {
  return { id, kind, properties, dates, figures: NO_FIGURES, file: 'generated', line: 0 };
}

export function generateNodes(size: GraphSize, seed: number): GeneratedNodes {
  const random = new Random(seed, 1);
  const ids = new Ids();
  const names = new Names();
  for (const a of [ANCHORS.search.name, ANCHORS.search.alias, ANCHORS.narrowTechnology.name, ANCHORS.pathFrom.name, ANCHORS.pathTo.name, ANCHORS.pathTo3Hops.name, ...Object.values(PATH_ENTITIES).map((p) => p.name), 'Meridian Silicon']) {
    names.take(a);
  }
  const city = () => `${random.chance(0.3) ? `${random.pick(V.CITY_HEADS)} ` : ''}${random.pick(V.CITY_ROOTS)}${random.pick(V.CITY_ENDINGS)}`;
  const entities: SeedNode[] = [];
  const add = (n: SeedNode) => {
    entities.push(n);
    return n;
  };

  // Countries: invented names (Valdoria is country 0, the hub), each with its government.
  const countryCount = Math.min(size.countries, V.COUNTRY_HEADS.length * V.COUNTRY_TAILS.length);
  const countries: SeedNode[] = [];
  const governments: SeedNode[] = [];
  const capitals: string[] = [];
  for (let i = 0; i < countryCount; i++) {
    const name = V.COUNTRY_HEADS[i % V.COUNTRY_HEADS.length]! + V.COUNTRY_TAILS[Math.floor(i / V.COUNTRY_HEADS.length) % V.COUNTRY_TAILS.length]!;
    names.take(name);
    const id = ids.next(name);
    const iso2 = String.fromCharCode(65 + (i % 26), 65 + Math.floor(i / 26));
    countries.push(add(node(id, 'Country', { name, aliases: names.aliases([`Republic of ${name}`, iso2]), type: 'country', iso2 })));
    // The capital's name stands for the government, as "Washington" and "Beijing" do in the sources.
    const capital = names.first(() => `${random.pick(V.CITY_ROOTS)}${random.pick(V.CITY_ENDINGS)}`);
    capitals.push(capital);
    const govName = `Government of ${name}`;
    names.take(govName);
    governments.push(
      add(node(ids.next(govName), 'Actor', { name: govName, aliases: [...names.aliases([`${name} government`, `${name} administration`]), capital], type: 'government', country: id, named: true })),
    );
  }

  // Agencies: the hub country has all of them, others two to four.
  const agencies: SeedNode[][] = countries.map((country, i) => {
    const count = i === 0 ? V.AGENCIES.length : random.between(2, 4);
    return V.AGENCIES.slice(0, count).map((agency) => {
      const name = `${country.properties.name} ${agency.name}`;
      names.take(name);
      return add(node(ids.next(name), 'Actor', { name, aliases: names.aliases([`${country.properties.name}'s ${agency.short}`]), type: 'agency', country: country.id, named: true }));
    });
  });

  // The taxonomy: root → fields → subfields → modifier + noun → modifier + that, until the size is reached.
  const technologies: SeedNode[] = [];
  const parents: number[] = [];
  /** A technology whose name is already taken for it (names.take). */
  const tech = (name: string, aliases: string[], type: string, parent: number, id?: string) => {
    const kept = names.aliases(aliases);
    const n = add(node(id ?? ids.next(name), 'Technology', { name, ...(kept.length ? { aliases: kept } : {}), type, named: true }));
    technologies.push(n);
    parents.push(parent);
    return technologies.length - 1;
  };
  const fixed = (name: string) => {
    if (!names.take(name)) throw new Error(`the generator's vocabulary names '${name}' twice`);
    return name;
  };
  tech(fixed(ANCHORS.broadTechnology.name), ['all technologies', 'technologies'], 'category', -1, ANCHORS.broadTechnology.id);
  const level2: Array<{ index: number; nouns: string[] }> = [];
  for (const field of V.TECHNOLOGY_FIELDS) {
    const f = tech(fixed(field.name), field.aliases, 'field', 0);
    for (const sub of field.subfields) level2.push({ index: tech(fixed(sub), [], 'product', f), nouns: field.nouns });
  }
  const narrowIndex = tech(ANCHORS.narrowTechnology.name, ['GaN radar modules'], 'product', level2[0]!.index, ANCHORS.narrowTechnology.id);
  const deeper: Array<{ index: number; name: string }> = [];
  const total = Math.max(size.technologies, technologies.length + 10);
  // Level 3: about 40% of what remains, spread over the subfields.
  const level3 = Math.floor((total - technologies.length) * 0.4);
  for (let attempts = 0; deeper.length < level3 && attempts < level3 * 20; attempts++) {
    const parent = level2[attempts % level2.length]!;
    const name = `${random.pick(V.TECHNOLOGY_MODIFIERS)} ${random.pick(parent.nouns)}`;
    if (!names.take(name)) continue;
    deeper.push({ index: tech(name, [], 'product', parent.index), name });
  }
  // Levels 4 and more: a modifier in front of a deeper node's name, skewed to the first ones (bushy and deep).
  for (let attempts = 0; technologies.length < total && attempts < total * 50; attempts++) {
    const parent = deeper[random.skewed(deeper.length, 2)]!;
    const modifier = random.pick(V.TECHNOLOGY_MODIFIERS);
    // One process node, one material, one of each kind of modifier: "5 nm 28 nm wafers" is no technology.
    if (parent.name.toLowerCase().includes(modifier.toLowerCase()) || (modifier.endsWith(' nm') && parent.name.includes(' nm'))) continue;
    const name = `${modifier} ${parent.name[0]!.toLowerCase()}${parent.name.slice(1)}`;
    if (name.length > 90 || !names.take(name)) continue;
    deeper.push({ index: tech(name, [], 'product', parent.index), name });
  }
  const narrowTechnology = technologies[narrowIndex]!;
  const pickableTechnologies = technologies.filter((_, i) => i !== 0 && i !== narrowIndex);

  // Policies: a fifth of the entities. A quarter come from the hub country; its government issues most of those.
  const policyCount = Math.floor(size.entities * 0.2);
  const policies: SeedNode[] = [];
  const policyCountry = new Int32Array(policyCount);
  const policyTechnology = new Int32Array(policyCount);
  const policyIssuer: SeedNode[] = [];
  for (let i = 0; i < policyCount; i++) {
    const c = random.chance(0.25) ? 0 : random.skewed(countries.length, 2);
    const t = random.int(pickableTechnologies.length);
    const kind = V.POLICY_KINDS[random.skewed(V.POLICY_KINDS.length, 1.5)]!;
    const announced = day(random, 2012, 2034);
    const year = Number(announced.slice(0, 4));
    const techName = String(pickableTechnologies[t]!.properties.name).toLowerCase();
    const name = names.first(() => kind.name(String(countries[c]!.properties.name), techName, year), 0);
    const props: SeedNode['properties'] = {
      name,
      aliases: names.aliases([`${year} ${techName} ${kind.type.replace(/_/g, ' ')} of ${countries[c]!.properties.name}`]),
      type: kind.type,
      status: random.pick(kind.status),
    };
    policies.push(add(node(ids.next(name), 'Policy', props, { announced: date(announced) })));
    policyCountry[i] = c;
    policyTechnology[i] = t;
    const issuers = [governments[c]!, ...agencies[c]!];
    policyIssuer.push(c === 0 && random.chance(0.6) ? governments[0]! : issuers[random.int(issuers.length)]!);
  }

  // Actors: what is left after countries, governments, agencies, technologies and policies.
  const rest = Math.max(0, size.entities - entities.length - 8);
  const companies: SeedNode[] = [];
  const universities: SeedNode[] = [];
  const media: SeedNode[] = [];
  const groups: SeedNode[] = [];
  const people: SeedNode[] = [];
  const countryOf = () => (random.chance(0.3) ? 0 : random.skewed(countries.length, 2));
  // The search anchor is company 0; the path's shared neighbour an ordinary company further down.
  companies.push(add(node(ANCHORS.search.id, 'Actor', { name: ANCHORS.search.name, aliases: [ANCHORS.search.alias], type: 'company', named: true })));
  const actor = (name: string, properties: Omit<SeedNode['properties'], 'name'>) => add(node(ids.next(name), 'Actor', { name, ...properties, named: true }));
  for (let i = 0; i < rest; i++) {
    const roll = random.next();
    const country = countries[countryOf()]!;
    if (roll < 0.4) {
      if (companies.length === 25) {
        companies.push(add(node(PATH_ENTITIES.hub.id, 'Actor', { name: PATH_ENTITIES.hub.name, aliases: ['Meridian Silicon'], type: 'company', named: true })));
        continue;
      }
      // The short form is the alias, so it must be free as well as the full name.
      const short = names.first(() => {
        const head = `${random.pick(V.COMPANY_HEADS)}${random.pick(['', 'ian', 'is', 'ex'])}`;
        const place = random.chance(0.3) ? ` ${random.pick(V.CITY_ROOTS)}` : '';
        return `${head}${place} ${random.pick(V.COMPANY_CORES)}${random.pick(V.COMPANY_TAILS)}`;
      });
      const name = names.first(() => `${short} ${random.pick(V.LEGAL_FORMS)}`, 8);
      companies.push(actor(name, { aliases: [short], type: 'company' }));
    } else if (roll < 0.42) {
      const name = names.first(() => random.pick(V.UNIVERSITY_FORMS).replace('{city}', city()));
      universities.push(actor(name, { type: 'university' }));
    } else if (roll < 0.43) {
      const name = names.first(() => random.pick(V.OUTLET_FORMS).replace('{city}', city()).replace('{country}', String(country.properties.name)));
      media.push(actor(name, { type: 'media' }));
    } else if (roll < 0.435) {
      const name = names.first(() => `${random.pick(V.GROUP_FORMS)} in ${random.chance(0.5) ? country.properties.name : city()}`);
      groups.push(actor(name, { type: 'group' }));
    } else {
      // Some people have two given names or a double family name: more distinct names, and no
      // initials (an initial's full stop would end a quote's sentence).
      const name = names.first(() => {
        const given = random.chance(0.4) ? `${random.pick(V.GIVEN_NAMES)} ${random.pick(V.GIVEN_NAMES)}` : random.pick(V.GIVEN_NAMES);
        const family = random.chance(0.5) ? `${random.pick(V.FAMILY_NAMES)}-${random.pick(V.FAMILY_NAMES)}` : random.pick(V.FAMILY_NAMES);
        return `${given} ${family}`;
      });
      people.push(actor(name, { type: 'person' }));
    }
  }

  // The path anchors: dedicated people and companies that take part in no random relationship.
  const person = (a: { id: string; name: string }) => add(node(a.id, 'Actor', { name: a.name, type: 'person', named: true }));
  const company = (a: { id: string; name: string }) => add(node(a.id, 'Actor', { name: a.name, type: 'company', named: true }));
  const path = {
    from: person(ANCHORS.pathFrom),
    to: person(ANCHORS.pathTo),
    to3: person(ANCHORS.pathTo3Hops),
    fromCompany: company(PATH_ENTITIES.fromCompany),
    toCompany: company(PATH_ENTITIES.toCompany),
    hub: companies.find((c) => c.id === PATH_ENTITIES.hub.id) ?? companies[0]!,
  };

  // Sources: news reports, a tenth of them reworded copies of an earlier story (same story key).
  const sources: SeedSource[] = [];
  for (let i = 0; i < size.sources; i++) {
    const id = `report-${String(i).padStart(6, '0')}`;
    const country = countries[countryOf()]!;
    const title = `${country.properties.name} ${random.pick(V.HEADLINE_VERBS)} ${String(pickableTechnologies[random.int(pickableTechnologies.length)]!.properties.name).toLowerCase()}`;
    const story = i > 0 && random.chance(0.1) ? sources[random.int(i)]!.story : id;
    const publisher = random.pick(V.OUTLET_FORMS).replace('{city}', city()).replace('{country}', String(country.properties.name));
    const properties: SeedNode['properties'] = { title, type: 'news_report', publisher, ...(story !== id ? { story } : {}), file: `generated/${id}.txt`, language: 'en', urlNote: 'A synthetic report made by the generator; it has no address.' };
    sources.push({ ...node(id, 'Source', properties, { published: date(day(random, 2012, 2034)) }), type: 'news_report', story, counted: true });
  }

  if (countries[0]!.id !== ANCHORS.hubCountry.id || governments[0]!.id !== ANCHORS.hubGovernment.id) {
    throw new Error(`the hub anchors moved: country 0 is ${countries[0]!.id}, government 0 is ${governments[0]!.id}`);
  }
  return {
    sources,
    entities,
    countries,
    governments,
    agencies,
    technologies,
    technologyParent: Int32Array.from(parents),
    pickableTechnologies,
    narrowTechnology,
    companies,
    universities,
    media,
    groups,
    people,
    policies,
    policyCountry,
    policyTechnology,
    policyIssuer,
    path,
  };
}
