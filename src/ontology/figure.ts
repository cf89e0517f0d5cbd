// The `figure` value shape of schema/ontology/values.yaml: a number the text states, with its unit
// and the quote it comes from. Stored on nodes as a JSON list (Neo4j properties cannot hold maps).
export interface Figure {
  name: string;
  value: number;
  unit: string;
  approximate: boolean;
  /** Source id. */
  source: string;
  quote: string;
}
