// Waits for the default database to open, and tells a store that failed to open (a torn or unreadable
// transaction log, a damaged store file) from one that is still recovering: Neo4j marks the first failed
// at once, where isAvailable() alone would only time out (issue 19 row 1: "did not become available
// within 60 s" was the only message).
package chokepoint.neo4j;

import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.dbms.DatabaseState;
import org.neo4j.dbms.DatabaseStateService;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.kernel.database.NamedDatabaseId;
import org.neo4j.kernel.internal.GraphDatabaseAPI;

final class StoreOpening {
    enum Outcome { OPEN, FAILED, TIMED_OUT }

    record Result(Outcome outcome, String cause) {}

    private StoreOpening() {}

    static Result awaitDefaultDatabase(DatabaseManagementService service, long timeoutMs) {
        GraphDatabaseService database = service.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
        DatabaseStateService states = null;
        NamedDatabaseId id = null;
        try {
            GraphDatabaseAPI system = (GraphDatabaseAPI) service.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
            states = system.getDependencyResolver().resolveDependency(DatabaseStateService.class);
            id = ((GraphDatabaseAPI) database).databaseId();
        } catch (RuntimeException | LinkageError e) {
            // Internal API: without it a failed store is only noticed by the timeout below, as before.
            System.err.println("[neo4j-embedded] cannot watch the database state (" + e + "); waiting for it to open");
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (System.nanoTime() < deadline) {
            if (database.isAvailable(250)) {
                return new Result(Outcome.OPEN, "");
            }
            if (states != null) {
                DatabaseState state = states.stateOfDatabase(id);
                if (state.hasFailed()) {
                    Optional<Throwable> failure = state.failure();
                    return new Result(Outcome.FAILED, failure.map(StoreCheck::describe).orElse(state.operatorState().toString()));
                }
            }
        }
        return new Result(Outcome.TIMED_OUT, "");
    }
}
