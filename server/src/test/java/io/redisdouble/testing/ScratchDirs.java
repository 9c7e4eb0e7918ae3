package io.redisdouble.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Temporary directories for servers that write files (SAVE, BGSAVE, DEBUG RELOAD, SHUTDOWN with save
 * points write dir/dbfilename, dir being the working directory by default): a test gives its servers one
 * of these as {@code dir}, so nothing is written into the module's directory. Deleted when the JVM exits.
 */
public final class ScratchDirs {
    private ScratchDirs() {}

    /** A new empty directory under java.io.tmpdir, removed with its content at JVM exit. */
    public static Path create(String prefix) {
        try {
            Path dir = Files.createTempDirectory(prefix);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes a directory and everything in it (best effort). */
    public static void delete(Path dir) {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }
}
