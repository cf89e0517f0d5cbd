// The entities each question is asked about. S uses seed entities; M and L take the generator's
// anchors (bench/generate/anchors.ts) so the same questions hit a narrow target, the broadest one and a hub.

export interface Named {
  /** Stable id (what @neo4j/graphql and the raw statements are given). */
  id: string;
  /** A name or alias as a user types it (what the Chokepoint API is given where it resolves names). */
  name: string;
}

export interface Anchors {
  /** Headline with a narrow technology target (few policies). */
  narrowTarget: Named;
  /** Headline with the broadest target: a taxonomy root that most targeting policies fall under. */
  broadTarget: Named;
  /** Entity page: an entity with at least 20 relationships (the seed's best-connected has 13). */
  entityHub: Named;
  /** Search text for the top-10 search. */
  searchText: string;
  /** Path question: two entities a few hops apart. */
  pathFrom: Named;
  pathTo: Named;
  /** Timeline page of a hub (a country: its government bodies and officials are included). */
  timelineHub: Named;
}

export const SEED_ANCHORS: Anchors = {
  narrowTarget: { id: 'ai-chips', name: 'AI chips' },
  broadTarget: { id: 'semiconductors', name: 'semiconductors' },
  entityHub: { id: 'xi-jinping', name: 'Xi Jinping' },
  searchText: 'semiconductor',
  pathFrom: { id: 'asml', name: 'ASML' },
  pathTo: { id: 'china', name: 'China' },
  timelineHub: { id: 'china', name: 'China' },
};

/**
 * The generator's anchors (bench/generate/anchors.ts, the loader helper's) as the questions need them.
 * Typed by shape so this file does not depend on the generator before it lands on main.
 */
export interface GeneratorAnchors {
  narrowTechnology: Named;
  broadTechnology: Named;
  hubCountry: Named;
  hubGovernment: Named;
  pathFrom: Named;
  pathTo: Named;
  search: Named & { typo: string };
}

export function fromGeneratorAnchors(a: GeneratorAnchors): Anchors {
  return {
    narrowTarget: a.narrowTechnology,
    broadTarget: a.broadTechnology,
    // The government issues the most measures: its entity page is the hub's worst case.
    entityHub: a.hubGovernment,
    // The misspelling exercises the typo tolerance every system is given the same Lucene query for.
    searchText: a.search.typo,
    pathFrom: a.pathFrom,
    pathTo: a.pathTo,
    timelineHub: a.hubCountry,
  };
}
