package legate.installer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import legate.runtime.config.KernelSpecs;

/**
 * A class-data sharing archive for kernels: made by running the kernel's training main with
 * {@code -XX:ArchiveClassesAtExit} on the same java and classpath the kernel will use. A JVM
 * that cannot use it (a rebuilt jar, another java) starts without it, only slower.
 */
final class CdsArchive {
    static final String FILE = "legate-kernel.jsa";
    private static final long TIMEOUT_S = 120;

    private CdsArchive() {
    }

    /** Makes {@code dir/legate-kernel.jsa}; returns it, or throws with the reason it could not. */
    static Path create(Path java, String classpath, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path archive = dir.resolve(FILE);
        Files.deleteIfExists(archive);
        Path output = Files.createTempFile("legate-cds", ".log");
        try {
            List<String> cmd = new java.util.ArrayList<>(List.of(java.toString(), "-XX:ArchiveClassesAtExit=" + archive));
            cmd.addAll(KernelSpecWriter.HAZELCAST_ACCESS); // the same options as the kernel: the archive must match
            cmd.addAll(List.of("-Djava.awt.headless=true", "-cp", classpath, KernelSpecs.TRAINING_CLASS));
            Process p = new ProcessBuilder(cmd)
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            boolean done;
            try {
                done = p.waitFor(TIMEOUT_S, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while making the class-data archive");
            }
            if (!done) {
                p.destroyForcibly();
                throw new IOException("the training run took over " + TIMEOUT_S + " s");
            }
            if (p.exitValue() != 0 || !Files.isRegularFile(archive)) {
                List<String> lines = Files.readAllLines(output);
                String last = lines.isEmpty() ? "" : lines.get(lines.size() - 1);
                throw new IOException("the training run exited with " + p.exitValue() + (last.isEmpty() ? "" : ": " + last));
            }
            return archive;
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
