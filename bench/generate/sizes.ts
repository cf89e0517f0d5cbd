// The named sizes of the synthetic graph. Relationships come out within a few percent of the target
// (degrees are drawn at random); everything else is exact.

export type SizeName = 'S' | 'M' | 'L';

export interface GraphSize {
  /** Entities of all four kinds (countries, actors, policies, technologies). */
  entities: number;
  /** Target number of relationships (each with its Claim and 1–3 citations). */
  relationships: number;
  sources: number;
  /** Nodes of the technology taxonomy (a tree under one root, 5–6 levels deep). */
  technologies: number;
  countries: number;
}

export const SIZES: Record<SizeName, GraphSize> = {
  S: { entities: 2_000, relationships: 10_000, sources: 500, technologies: 300, countries: 40 },
  M: { entities: 100_000, relationships: 500_000, sources: 20_000, technologies: 5_000, countries: 200 },
  L: { entities: 1_000_000, relationships: 5_000_000, sources: 100_000, technologies: 20_000, countries: 250 },
};

export function isSizeName(value: string): value is SizeName {
  return value in SIZES;
}
