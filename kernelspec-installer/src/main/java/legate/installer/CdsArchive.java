package legate.installer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import legate.runtime.config.KernelSpecs;

/**
 * A class-data archive for kernels, made by running the kernel's training main on the same java
 * and classpath the kernel will use. On JDK 25 and later it is an AOT cache (JEP 483, 514, 515:
 * classes loaded and linked ahead of time, and the training's method profiles, so the JIT compiles
 * the hot paths sooner); before, a dynamic class-data sharing archive. A JVM that cannot use it
 * (a rebuilt jar, another java) starts without it, only slower.
 *
 * @param file the archive
 * @param kind what it is, and so the option that starts a JVM from it
 */
record CdsArchive(Path file, Kind kind) {
    /** The first JDK whose {@code -XX:AOTCacheOutput} makes an AOT cache in one training run (JEP 514). */
    static final int AOT_CACHE_FEATURE = 25;
    private static final long TIMEOUT_S = 180;

    /** What a training run on a JDK of this feature release writes: the archive's file name, the option that writes it, the one that reads it. */
    enum Kind {
        CDS("legate-kernel.jsa", "-XX:ArchiveClassesAtExit=", "-XX:SharedArchiveFile=", List.of()),
        // without the call adapters JDK 25.0.3 caches: a JVM using them warned at every start that one
        // did not match ("Failed to link AdapterHandlerEntry"), even with the training's own options
        AOT("legate-kernel.aot", "-XX:AOTCacheOutput=", "-XX:AOTCache=", List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:-AOTAdapterCaching"));

        final String file;
        final String write;
        final String read;
        final List<String> training;

        Kind(String file, String write, String read, List<String> training) {
            this.file = file;
            this.write = write;
            this.read = read;
            this.training = training;
        }

        static Kind of(int feature) {
            return feature >= AOT_CACHE_FEATURE ? AOT : CDS;
        }
    }

    /** The option that starts a JVM from this archive. */
    String jvmOption() {
        return kind.read + file.toAbsolutePath();
    }

    /**
     * Makes {@code dir/legate-kernel.aot} (JDK 25 and later) or {@code dir/legate-kernel.jsa},
     * removing the other (left by an install on another JDK); returns it, or throws with the reason
     * it could not.
     *
     * @param feature the feature release of {@code java} (17, 21, 25, ...)
     */
    static CdsArchive create(Path java, int feature, String classpath, Path dir) throws IOException {
        Kind kind = Kind.of(feature);
        Files.createDirectories(dir);
        for (Kind k : Kind.values()) {
            Files.deleteIfExists(dir.resolve(k.file));
        }
        Path archive = dir.resolve(kind.file);
        Path output = Files.createTempFile("legate-cds", ".log");
        try {
            List<String> cmd = new java.util.ArrayList<>(List.of(java.toString()));
            cmd.addAll(kind.training);
            cmd.add(kind.write + archive);
            cmd.addAll(KernelSpecWriter.hazelcastAccess(feature)); // the same options as the kernel: the archive must match
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
            return new CdsArchive(archive, kind);
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
