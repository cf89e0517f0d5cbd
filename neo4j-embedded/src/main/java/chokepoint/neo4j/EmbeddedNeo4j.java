// Runs Neo4j 5.26 Community embedded, with Bolt on 127.0.0.1, until SIGTERM/SIGINT (or, with
// --watch-stdin, until its parent process closes our stdin). Prints one "READY bolt://..." line.
package chokepoint.neo4j;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.PortBindException;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.config.Setting;

public final class EmbeddedNeo4j {
    /** Exit codes the Node side turns into advice (src/db/embedded/launcher.ts). */
    static final int EXIT_USAGE = 2;
    static final int EXIT_PORT_TAKEN = 3;
    static final int EXIT_STORE_LOCKED = 4;
    static final int EXIT_START_FAILED = 5;

    private EmbeddedNeo4j() {}

    public static void main(String[] args) {
        Map<String, String> options = parse(args);
        int port = intOption(options, "port", 7687);
        Path dataDir = Path.of(options.getOrDefault("data-dir", ".data/neo4j")).toAbsolutePath();
        long pageCacheMb = intOption(options, "pagecache-mb", 256);
        int txTimeoutSeconds = intOption(options, "tx-timeout-seconds", 30);

        Map<Setting<?>, Object> config = new HashMap<>();
        config.put(BoltConnector.enabled, true);
        config.put(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port));
        // Advertise the IP, not "localhost": Node may resolve localhost to ::1, where nothing listens.
        config.put(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port));
        config.put(HttpConnector.enabled, false);
        config.put(GraphDatabaseSettings.auth_enabled, false);
        // The default page cache takes about half the RAM; this graph needs a fraction of that.
        config.put(GraphDatabaseSettings.pagecache_memory, pageCacheMb * 1024 * 1024);
        // Community cannot change the timeout at run time, so the ceiling for every transaction is set here.
        config.put(GraphDatabaseSettings.transaction_timeout, Duration.ofSeconds(txTimeoutSeconds));
        // Without these a fresh store preallocates ~500 MB of transaction logs.
        config.put(GraphDatabaseSettings.preallocate_logical_logs, false);
        config.put(GraphDatabaseSettings.logical_log_rotation_threshold, 16L * 1024 * 1024);
        config.put(GraphDatabaseSettings.keep_logical_logs, "false");
        // Checkpoint every 256 MiB of transaction log (then the older logs are pruned). The default, every
        // 15 min or 100 000 transactions, never fires during a big load of a few thousand large
        // transactions: the logs grew to the size of the data (~1 GB for M, ~10 GB for L) and a crash
        // would replay them all at the next start.
        config.put(GraphDatabaseSettings.check_point_policy, GraphDatabaseSettings.CheckpointPolicy.VOLUME);
        config.put(GraphDatabaseSettings.check_point_interval_volume, 256L * 1024 * 1024);
        // Netty waits ~5 s per event loop on shutdown by default (internal setting; 11.8 s -> 1.9 s measured).
        config.put(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0);
        // Only the benchmark passes a plugin folder (APOC for @neo4j/graphql). Embedded, a plugin's jars must
        // be both on the classpath and in this folder; APOC's procedures also need to be unrestricted.
        String pluginDir = options.get("plugin-dir");
        if (pluginDir != null && !pluginDir.isEmpty()) {
            config.put(GraphDatabaseSettings.plugin_dir, Path.of(pluginDir).toAbsolutePath());
            config.put(GraphDatabaseSettings.procedure_unrestricted, List.of("apoc.*"));
        }

        if (options.containsKey("watch-stdin")) {
            // Watch from the start, not only once ready: a parent that dies or stops during start-up must
            // not leave this JVM behind, holding the port and the store lock.
            Thread watcher = new Thread(() -> {
                waitForEndOfInput(System.in);
                System.exit(0); // runs the shutdown hook, once registered
            }, "parent-watch");
            watcher.setDaemon(true);
            watcher.start();
        }

        long started = System.nanoTime();
        DatabaseManagementService service;
        try {
            service = new DatabaseManagementServiceBuilder(dataDir).setConfig(config).build();
        } catch (RuntimeException e) {
            exitForStartFailure(e, port, dataDir);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.err.println("[neo4j-embedded] shutting down");
            service.shutdown();
            System.err.println("[neo4j-embedded] stopped");
        }, "neo4j-shutdown"));

        if (!service.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME).isAvailable(TimeUnit.SECONDS.toMillis(60))) {
            System.err.println("[neo4j-embedded] the database did not become available within 60 s");
            System.exit(EXIT_START_FAILED);
        }
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        System.out.println("READY bolt://127.0.0.1:" + port + " in " + ms + " ms (data " + dataDir + ")");
        System.out.flush();
        // Neo4j's own threads keep the JVM running; the watcher above ends it.
    }

    /** The parent holds our stdin open; when it exits (even by SIGKILL) we see EOF and stop, leaving no orphan. */
    private static void waitForEndOfInput(InputStream in) {
        byte[] buffer = new byte[256];
        try {
            while (in.read(buffer) >= 0) {
                // discard: stdin carries nothing but the parent's liveness
            }
        } catch (IOException ignored) {
            // a broken pipe means the same as EOF
        }
    }

    private static void exitForStartFailure(Throwable error, int port, Path dataDir) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof PortBindException) {
                System.err.println("ERROR port " + port + " on 127.0.0.1 is already in use (" + cause.getMessage() + ")");
                System.exit(EXIT_PORT_TAKEN);
            }
            String message = String.valueOf(cause.getMessage());
            if (message.contains("lock") && (message.contains("store") || message.contains("Lock"))) {
                System.err.println("ERROR data folder " + dataDir + " is locked by another Neo4j process (" + message + ")");
                System.exit(EXIT_STORE_LOCKED);
            }
        }
        System.err.println("ERROR Neo4j failed to start: " + describe(error));
        error.printStackTrace(System.err);
        System.exit(EXIT_START_FAILED);
    }

    private static String describe(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return error.getMessage() + (root != error ? " (cause: " + root + ")" : "");
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--")) {
                usage("unexpected argument '" + arg + "'");
            }
            int eq = arg.indexOf('=');
            options.put(eq < 0 ? arg.substring(2) : arg.substring(2, eq), eq < 0 ? "" : arg.substring(eq + 1));
        }
        return options;
    }

    private static int intOption(Map<String, String> options, String name, int fallback) {
        String value = options.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            usage("--" + name + " must be a whole number, got '" + value + "'");
            return fallback;
        }
    }

    private static void usage(String problem) {
        System.err.println("ERROR " + problem);
        System.err.println("usage: EmbeddedNeo4j [--port=7687] [--data-dir=.data/neo4j] [--pagecache-mb=256] "
                + "[--tx-timeout-seconds=30] [--plugin-dir=PATH] [--watch-stdin]");
        System.exit(EXIT_USAGE);
    }
}
