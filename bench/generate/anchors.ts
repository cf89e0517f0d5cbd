// Named entities every generated graph holds, whatever its size, for the benchmark's questions. The
// generator builds them on purpose (bench/generate/generate-graph.ts); tests check each promise below
// on a loaded graph (tests/integration/generate-graph.test.ts).

export const ANCHORS = {
  /** A leaf technology targeted by exactly `narrowTechnologyPolicies` policies (headline, narrow target). */
  narrowTechnology: { id: 'gallium-nitride-radar-modules', name: 'Gallium nitride radar modules' },
  narrowTechnologyPolicies: 20,
  /** The taxonomy root: every other technology is narrower, so it matches most policies (headline, broadest target). */
  broadTechnology: { id: 'technology', name: 'Technology' },
  /** The large country: the most BASED_IN and TARGETS edges (entity page, timeline). */
  hubCountry: { id: 'valdoria', name: 'Valdoria' },
  /** Its government: issues the most measures (entity page, timeline). */
  hubGovernment: { id: 'government-of-valdoria', name: 'Government of Valdoria' },
  /** Two people whose shortest connection is exactly 4 hops (person–company–group–company–person). */
  pathFrom: { id: 'ines-marwick', name: 'Ines Marwick' },
  pathTo: { id: 'tomas-oyelaran', name: 'Tomas Oyelaran' },
  /** A person exactly 3 hops from `pathFrom` (person–company–group–person). */
  pathTo3Hops: { id: 'ruth-abernathy', name: 'Ruth Abernathy' },
  /** A company whose first word no other entity has (search finds it first), and a misspelling search must still find. */
  search: { id: 'halvorsen-quantum-devices', name: 'Halvorsen Quantum Devices', alias: 'HQD', typo: 'Halvorsn Quantum' },
} as const;

/** The dedicated entities of the path anchors (they take part in no random relationship). */
export const PATH_ENTITIES = {
  fromCompany: { id: 'brightwater-sensor-labs', name: 'Brightwater Sensor Labs' },
  toCompany: { id: 'coldharbour-optics', name: 'Coldharbour Optics' },
  /** The one shared neighbour: an ordinary, well-connected company. */
  hub: { id: 'meridian-silicon-group', name: 'Meridian Silicon Group' },
} as const;
