// Test fixture: makes a data folder as the launcher did before issue 19 (authentication off, so user
// neo4j still has Neo4j's default password) and writes one node into it. Run as a single source file:
//   java -cp '<launcher classpath>' tests/support/legacy-store/LegacyStore.java <data folder> <node id>
import java.nio.file.Path;
import java.util.Map;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;

public class LegacyStore {
    public static void main(String[] args) {
        DatabaseManagementService service = new DatabaseManagementServiceBuilder(Path.of(args[0]))
                .setConfig(GraphDatabaseSettings.auth_enabled, false)
                .setConfig(BoltConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.pagecache_memory, 32L * 1024 * 1024)
                .build();
        try {
            service.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME).executeTransactionally("CREATE (:Kept {id: $id})", Map.of("id", args[1]));
        } finally {
            service.shutdown();
        }
        System.out.println("LEGACY STORE WRITTEN");
    }
}
