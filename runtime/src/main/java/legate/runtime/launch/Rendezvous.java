package legate.runtime.launch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Properties;

/**
 * How ranks started by an external launcher find rank 0: rank 0 writes its control-plane
 * address and the session's cluster name into a file only its user can read (next to the
 * Jupyter connection file, so on a shared file system when ranks run on several machines);
 * the other ranks wait for it. A file left behind by an earlier job is recognised by its job
 * id (from the launcher's environment) or, when the launcher gives none, by its age.
 *
 * @param clusterName the session's Hazelcast cluster name: random and unguessable
 * @param coordinator rank 0's {@code host:port}
 * @param job         the launcher's job id, or empty
 */
public record Rendezvous(String clusterName, String coordinator, String job) {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A new session: a fresh random cluster name. */
    public static Rendezvous create(String coordinator, String job) {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return new Rendezvous("legate-" + HexFormat.of().formatHex(b), coordinator, job);
    }

    /** The rendezvous file of a kernel: beside its connection file. */
    public static Path besideConnectionFile(Path connectionFile) {
        Path abs = connectionFile.toAbsolutePath();
        return abs.resolveSibling(abs.getFileName() + ".legate-ranks");
    }

    /** Writes the file atomically, readable by its owner only. */
    public void write(Path file) throws IOException {
        Properties p = new Properties();
        p.setProperty("cluster", clusterName);
        p.setProperty("coordinator", coordinator);
        p.setProperty("job", job);
        Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".legate-ranks", ".tmp");
        try {
            if (tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            }
            try (var w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                p.store(w, "legate: how the ranks of this session reach rank 0");
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Waits until rank 0 of this job has written {@code file}.
     *
     * @param job         this rank's job id from the launcher, or empty
     * @param startedAt   when this rank started: without a job id, a file older than that (less
     *                    a margin for clocks) is a leftover
     * @throws IOException when no file of this job appears within {@code timeout}
     */
    public static Rendezvous await(Path file, String job, Instant startedAt, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String seen = "none";
        while (true) {
            try {
                FileTime modified = Files.getLastModifiedTime(file);
                Properties p = new Properties();
                try (var r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    p.load(r);
                }
                Rendezvous found = new Rendezvous(p.getProperty("cluster", ""), p.getProperty("coordinator", ""), p.getProperty("job", ""));
                boolean ours = job.isEmpty()
                        ? modified.toInstant().isAfter(startedAt.minusSeconds(30))
                        : job.equals(found.job());
                if (ours && !found.clusterName().isEmpty() && !found.coordinator().isEmpty()) {
                    return found;
                }
                seen = "one of another job (" + (found.job().isEmpty() ? "written " + modified : "job " + found.job()) + ")";
            } catch (NoSuchFileException e) {
                // rank 0 has not written it yet
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("rank 0 did not say where it listens within " + timeout.toSeconds() + " s: waited for "
                        + file + " (found " + seen + "); on several machines it must be on a file system they share");
            }
            Thread.sleep(20);
        }
    }
}
