// `--check`: runs Neo4j's own consistency checker (neo4j-admin database check, from the
// neo4j-consistency-check jar the launcher already carries) on the data folder's store, in-process, while
// no Neo4j runs on it. Prints one "CHECK <verdict> ..." line the Node side reads (src/db/embedded/check-store.ts).
package chokepoint.neo4j;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.neo4j.cli.ExecutionContext;
import org.neo4j.consistency.CheckCommand;
import org.neo4j.io.fs.DefaultFileSystemAbstraction;
import picocli.CommandLine;

final class StoreCheck {
    /** Exit codes of the check, besides EXIT_USAGE; the Node side names each verdict. */
    static final int CONSISTENT = 0;
    static final int INCONSISTENT = 10;
    static final int IN_USE = 11;
    static final int NEEDS_RECOVERY = 12;
    static final int UNREADABLE = 13;
    static final int NO_STORE = 14;

    private StoreCheck() {}

    static int run(Path dataDir) {
        Path store = dataDir.resolve("data").resolve("databases").resolve("neo4j");
        if (!Files.isDirectory(store)) {
            System.out.println("CHECK no-store " + store + " does not exist");
            return NO_STORE;
        }
        Path reports = dataDir.resolve("logs");
        // The checker prints its verdict on its error stream: keep a copy to tell the verdicts apart.
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(new TeeStream(System.err, said), true, StandardCharsets.UTF_8);
        // The same home folder as the running database (DatabaseManagementServiceBuilder(dataDir)): the checker
        // finds <data>/data/databases/neo4j and <data>/data/transactions/neo4j with Neo4j's default layout.
        ExecutionContext context = new ExecutionContext(dataDir, dataDir.resolve("conf"), System.out, err, new DefaultFileSystemAbstraction());
        int code;
        String failure = null;
        try {
            code = new CommandLine(new CheckCommand(context)).execute("neo4j", "--report-path=" + reports);
        } catch (RuntimeException | Error e) {
            failure = describe(e);
            code = 1;
        }
        err.flush();
        System.out.flush();
        if (code == 0) {
            System.out.println("CHECK consistent " + store);
            return CONSISTENT;
        }
        String text = said.toString(StandardCharsets.UTF_8).trim();
        String why = failure != null ? failure : text.isEmpty() ? "the checker exited with " + code : text;
        String oneLine = why.replace("Run with '--verbose' for a more detailed error message.", "").replaceAll("\\s+", " ").trim();
        if (why.contains("Inconsistencies found")) {
            System.out.println("CHECK inconsistent " + oneLine);
            return INCONSISTENT;
        }
        if (why.contains("is in use")) {
            System.out.println("CHECK in-use " + oneLine);
            return IN_USE;
        }
        if (why.contains("Active logical log detected")) {
            System.out.println("CHECK needs-recovery " + oneLine);
            return NEEDS_RECOVERY;
        }
        System.out.println("CHECK unreadable " + oneLine);
        return UNREADABLE;
    }

    /** Writes to both streams. */
    private static final class TeeStream extends OutputStream {
        private final OutputStream first;
        private final OutputStream second;

        TeeStream(OutputStream first, OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(int b) throws IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            first.write(bytes, offset, length);
            second.write(bytes, offset, length);
        }

        @Override
        public void flush() throws IOException {
            first.flush();
            second.flush();
        }
    }

    /** The message and its deepest cause, on one line: what an operator needs to search the log for. */
    static String describe(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String top = String.valueOf(error.getMessage());
        return root == error ? top : top + " (cause: " + root + ")";
    }
}
