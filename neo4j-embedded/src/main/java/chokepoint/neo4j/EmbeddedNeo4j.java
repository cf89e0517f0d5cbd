// Runs Neo4j 5.26 Community embedded, with Bolt on 127.0.0.1 and authentication on, until SIGTERM/SIGINT
// (or, with --watch-stdin, until its parent process closes our stdin). Prints one "READY bolt://..." line.
// The password of user neo4j is generated on first start and kept in <data>/neo4j-password (owner-only).
package chokepoint.neo4j;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.neo4j.cli.ExecutionContext;
import org.neo4j.commandline.admin.security.SetInitialPasswordCommand;
import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.PortBindException;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.config.Setting;
import org.neo4j.graphdb.event.DatabaseEventContext;
import org.neo4j.graphdb.event.DatabaseEventListenerAdapter;
import org.neo4j.io.fs.DefaultFileSystemAbstraction;
import picocli.CommandLine;

public final class EmbeddedNeo4j {
    /** Exit codes the Node side turns into advice (src/db/embedded/launcher.ts). */
    static final int EXIT_USAGE = 2;
    static final int EXIT_PORT_TAKEN = 3;
    static final int EXIT_STORE_LOCKED = 4;
    static final int EXIT_START_FAILED = 5;
    static final int EXIT_PANICKED = 6;
    static final int EXIT_PASSWORD_FAILED = 7;
    /** The store did not open (Neo4j marked the database failed: an unreadable transaction log, a damaged file). */
    static final int EXIT_STORE_FAILED = 8;

    /** The password of user neo4j, in the data folder; the Node side reads it (src/db/embedded/password-file.ts). */
    static final String PASSWORD_FILE = "neo4j-password";
    private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    private EmbeddedNeo4j() {}

    public static void main(String[] args) {
        Map<String, String> options = parse(args);
        int port = intOption(options, "port", 7687);
        Path dataDir = Path.of(options.getOrDefault("data-dir", ".data/neo4j")).toAbsolutePath();
        if (options.containsKey("check")) {
            // Neo4j's consistency checker on this folder's store; no database is started (src/db/embedded/check-store.ts).
            System.exit(StoreCheck.run(dataDir));
            return;
        }
        long pageCacheMb = intOption(options, "pagecache-mb", 256);
        int txTimeoutSeconds = intOption(options, "tx-timeout-seconds", 30);

        Map<Setting<?>, Object> config = new HashMap<>();
        config.put(BoltConnector.enabled, true);
        config.put(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port));
        // Advertise the IP, not "localhost": Node may resolve localhost to ::1, where nothing listens.
        config.put(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port));
        config.put(HttpConnector.enabled, false);
        // Any local process can reach 127.0.0.1: Bolt asks for the password kept in the data folder.
        config.put(GraphDatabaseSettings.auth_enabled, true);
        // No lock-out after failed attempts (default: 3, then 5 s): it would let any local process lock the
        // service itself out by failing on purpose, and a 192-bit random password needs no rate limit.
        config.put(GraphDatabaseSettings.auth_max_failed_attempts, 0);
        // The default page cache takes about half the RAM; this graph needs a fraction of that.
        config.put(GraphDatabaseSettings.pagecache_memory, pageCacheMb * 1024 * 1024);
        // Community cannot change the timeout at run time, so the ceiling for every transaction is set here.
        config.put(GraphDatabaseSettings.transaction_timeout, Duration.ofSeconds(txTimeoutSeconds));
        // Transaction logs are preallocated (Neo4j's default): a log file claims its whole size when it is
        // created, so a full disk fails the rotation cleanly instead of tearing a log mid-append, which left
        // a store that never opened again (issue 19 row 1). Rotating at 16 MiB keeps that claim small:
        // 2 x 16 MiB for a new store (neo4j + system), where the default 256 MiB took ~515 MB.
        config.put(GraphDatabaseSettings.preallocate_logical_logs, true);
        config.put(GraphDatabaseSettings.logical_log_rotation_threshold, 16L * 1024 * 1024);
        config.put(GraphDatabaseSettings.keep_logical_logs, "false");
        // Checkpoint every 256 MiB of transaction log (then the older logs are pruned). The default, every
        // 15 min or 100 000 transactions, never fires during a big load of a few thousand large
        // transactions: the logs grew to the size of the data (~1 GB for M, ~10 GB for L) and a crash
        // would replay them all at the next start.
        config.put(GraphDatabaseSettings.check_point_policy, GraphDatabaseSettings.CheckpointPolicy.VOLUME);
        config.put(GraphDatabaseSettings.check_point_interval_volume, 256L * 1024 * 1024);
        // One plan per statement text, whatever the sizes of its list parameters. By default Neo4j 5 keys
        // its plan cache by each list parameter's size bucket (1–9, 10–99, 100–999, …): a timeline of 545 ids
        // and one of 60 were planned apart, ~400 ms each on M, so the first question of every new size paid
        // a planning (measured on M: the same page statement 439 ms for 545 ids, 74 for 540, 448 for 60).
        // Our hot statements pin their plans by structure and hints, not by list-size estimates.
        config.put(GraphDatabaseInternalSettings.cypher_size_hint_parameters, false);
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
        try {
            ensurePassword(dataDir);
        } catch (Exception e) {
            System.err.println("ERROR could not set the password of user neo4j (" + dataDir.resolve(PASSWORD_FILE) + "): " + describe(e));
            e.printStackTrace(System.err);
            System.exit(EXIT_PASSWORD_FAILED);
            return;
        }
        DatabaseManagementService service;
        try {
            service = new DatabaseManagementServiceBuilder(dataDir).setConfig(config).build();
        } catch (RuntimeException e) {
            exitForStartFailure(e, port, dataDir);
            return;
        }
        // A database that panics (a full disk, an I/O error) refuses every transaction until it is restarted,
        // while this JVM would stay up and look alive. Say so and exit, so the supervisor restarts it.
        service.registerDatabaseEventListener(new DatabaseEventListenerAdapter() {
            @Override
            public void databasePanic(DatabaseEventContext event) {
                System.err.println("PANIC database '" + event.getDatabaseName() + "' stopped after a critical error (a full disk? "
                        + "free space in " + dataDir + ": " + dataDir.toFile().getUsableSpace() / (1024 * 1024) + " MiB); see logs/debug.log");
                System.err.flush();
                // Not from Neo4j's own thread: System.exit runs the shutdown hook, which waits for the database.
                // A panicked database may hang in its shutdown (it cannot flush to a full disk): halt after 10 s.
                // Committed transactions are in the transaction log already; the next start recovers as after kill -9.
                Thread exit = new Thread(() -> System.exit(EXIT_PANICKED), "panic-exit");
                exit.setDaemon(true);
                exit.start();
                Thread halt = new Thread(() -> {
                    try {
                        Thread.sleep(10_000);
                    } catch (InterruptedException ignored) {
                        // halt now
                    }
                    System.err.println("[neo4j-embedded] shutdown after the panic took over 10 s; halting");
                    Runtime.getRuntime().halt(EXIT_PANICKED);
                }, "panic-halt");
                halt.setDaemon(true);
                halt.start();
            }
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.err.println("[neo4j-embedded] shutting down");
            service.shutdown();
            System.err.println("[neo4j-embedded] stopped");
        }, "neo4j-shutdown"));

        StoreOpening.Result opening = StoreOpening.awaitDefaultDatabase(service, TimeUnit.SECONDS.toMillis(60));
        if (opening.outcome() == StoreOpening.Outcome.FAILED) {
            // One line the Node side quotes (src/db/embedded/launcher.ts), with the cause Neo4j gave.
            System.err.println("STORE-FAILED database 'neo4j' in " + dataDir.resolve("data") + " did not open: " + opening.cause());
            System.err.flush();
            System.exit(EXIT_STORE_FAILED);
        }
        if (opening.outcome() == StoreOpening.Outcome.TIMED_OUT) {
            System.err.println("[neo4j-embedded] the database did not become available within 60 s");
            System.exit(EXIT_START_FAILED);
        }
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        System.out.println("READY bolt://127.0.0.1:" + port + " in " + ms + " ms (data " + dataDir + ")");
        System.out.flush();
        // Neo4j's own threads keep the JVM running; the watcher above ends it.
    }

    /**
     * Makes sure user neo4j has the password in <data>/neo4j-password before Bolt opens. When the file is
     * missing (a new store, a store made before authentication was on, or a deleted file) a new password is
     * generated and handed to Neo4j as its "initial password" (<data>/data/dbms/auth.ini); the DBMS applies
     * it to user neo4j while it starts, before Bolt listens, so there is no moment with the default or an
     * old password. The password file is written only after auth.ini, so an interrupted start repeats the step.
     */
    private static void ensurePassword(Path dataDir) throws Exception {
        Path file = dataDir.resolve(PASSWORD_FILE);
        boolean newPassword = !Files.exists(file);
        String password;
        if (newPassword) {
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        } else {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (!permissions.equals(OWNER_ONLY)) {
                System.err.println("[neo4j-embedded] " + file + " was readable by others (" + PosixFilePermissions.toString(permissions)
                        + "); set to rw------- (the password stays the same: change it by deleting the file and starting again)");
                Files.setPosixFilePermissions(file, OWNER_ONLY);
            }
            password = Files.readString(file, StandardCharsets.UTF_8).trim();
        }
        // A store without its system database yet (a new folder, a rebuilt store beside a kept password file,
        // a bulk import) takes the file's password as its initial one, like a new password for an old store.
        boolean newStore = !Files.isDirectory(dataDir.resolve("data").resolve("databases").resolve("system"));
        if (!newPassword && !newStore) {
            return;
        }
        Files.createDirectories(dataDir);
        // neo4j-admin's set-initial-password, run in-process: it writes <data>/data/dbms/auth.ini, which the
        // DBMS applies while it starts, before Bolt listens — to a new store, and to an existing one whose
        // user neo4j still has Neo4j's default password (a folder made before authentication was on).
        ExecutionContext context = new ExecutionContext(dataDir, dataDir.resolve("conf"),
                new PrintStream(OutputStream.nullOutputStream()), System.err, new DefaultFileSystemAbstraction());
        // "--" ends the options: a base64url password starts with '-' one time in 64, and picocli took it for
        // an option ("Missing required parameter: '<password>'", exit 64: the store never started).
        int code = new CommandLine(new SetInitialPasswordCommand(context)).execute("--", password);
        if (code != 0) {
            throw new IllegalStateException("neo4j-admin set-initial-password exited with " + code);
        }
        if (!newPassword) {
            return;
        }
        // Written aside with owner-only permissions, then renamed into place: never a moment readable by others, never half a file.
        Path partial = dataDir.resolve(PASSWORD_FILE + ".partial");
        Files.deleteIfExists(partial);
        Files.createFile(partial, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        Files.writeString(partial, password + "\n", StandardCharsets.UTF_8);
        Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        System.err.println("[neo4j-embedded] password of user neo4j written to " + file + " (rw-------)");
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
                + "[--tx-timeout-seconds=30] [--plugin-dir=PATH] [--watch-stdin] | --check --data-dir=PATH");
        System.exit(EXIT_USAGE);
    }
}
