// What every resolver receives: the request's repository, the ontology, the errors of fields whose
// arguments were refused while planning, and the graph version the request reads.
import type { FieldNode } from 'graphql';
import type { QueryEvent } from '../db/executor.ts';
import type { Ontology } from '../ontology/ontology.ts';
import type { Repository } from '../repository/repository.ts';
import type { GraphVersionTracker } from './graph-version.ts';
import type { ApiKeys } from '../auth/api-keys.ts';
import type { Principal } from '../auth/roles.ts';
import type { Curation } from '../curation/curation.ts';
import type { ProposeFromSource } from '../curation/propose-from-source.ts';

export interface AppContext {
  repo: Repository;
  ontology: Ontology;
  /** Round trips to Neo4j made by this request, in order (for logs and tests). */
  queries: QueryEvent[];
  /** Argument errors found while planning, reported by the resolver of the field they belong to. */
  planErrors: Map<FieldNode, Error>;
  graph: GraphVersionTracker;
  /** The API key the request authenticated with (src/auth/use-auth.ts); null or absent when anonymous. */
  principal?: Principal | null;
  keys: ApiKeys;
  /** Proposals, review, history and the change feed (src/curation/). */
  curation: Curation;
  /** The ingestion assistant's runs into the review queue (src/curation/propose-from-source.ts). */
  proposeFromSource: ProposeFromSource;
  /** The HTTP request (yoga's; the change feed reads its Last-Event-ID). */
  request?: Request;
  /**
   * The SSE `id:` of the event a subscription resolver is producing (src/server/plugins/use-sse-event-ids.ts):
   * the resolver sets it, the stream writes it with the event. Absent outside subscriptions.
   */
  sseEvent?: SseEvent;
}

export interface SseEvent {
  id: string | null;
}
