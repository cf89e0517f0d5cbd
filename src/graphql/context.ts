// What every resolver receives: the request's repository (with its DataLoaders) and the ontology.
import type { QueryEvent } from '../db/executor.ts';
import type { Ontology } from '../ontology/ontology.ts';
import type { Repository } from '../repository/repository.ts';

export interface AppContext {
  repo: Repository;
  ontology: Ontology;
  /** Round trips to Neo4j made by this request, in order (for logs and tests). */
  queries: QueryEvent[];
}
