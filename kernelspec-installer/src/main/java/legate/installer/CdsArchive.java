package legate.installer;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
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
record CdsArchive(Path file, Kind kind, Path cached) {
    /** The first JDK whose {@code -XX:AOTCacheOutput} makes an AOT cache in one training run (JEP 514). */
    static final int AOT_CACHE_FEATURE = 25;
    private static final long TIMEOUT_S = 180;

    /** What a training run on a JDK of this feature release writes: the archive's file name, the option that writes it, the one that reads it. */
    enum Kind {
        CDS("legate-kernel.jsa", "-XX:ArchiveClassesAtExit=", "-XX:SharedArchiveFile=", List.of(),
                List.of("-Xlog:cds*=off")),
        // without the call adapters JDK 25.0.3 caches: a JVM using them warned at every start that one
        // did not match ("Failed to link AdapterHandlerEntry"), even with the training's own options
        AOT("legate-kernel.aot", "-XX:AOTCacheOutput=", "-XX:AOTCache=", List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:-AOTAdapterCaching"),
                List.of("-Xlog:aot*=off", "-Xlog:cds*=off"));

        final String file;
        final String write;
        final String read;
        final List<String> training;
        /**
         * The JVM's own messages about the archive off (a refused one is a warning on every start;
         * the kernel says it once in its words, legate.kernel.ArchiveUse); bin/legate has the same.
         */
        final List<String> quiet;

        Kind(String file, String write, String read, List<String> training, List<String> quiet) {
            this.file = file;
            this.write = write;
            this.read = read;
            this.training = training;
            this.quiet = quiet;
        }

        static Kind of(int feature) {
            return feature >= AOT_CACHE_FEATURE ? AOT : CDS;
        }
    }

    /** The option that starts a JVM from this archive. */
    String jvmOption() {
        return kind.read + file.toAbsolutePath();
    }

    /** How many archives (of other builds or JDKs) the cache keeps: the most recently used. */
    static final int CACHE_ENTRIES = 3;

    /**
     * Where installs keep the archives they made, for the next install of the same java and jars
     * to copy instead of training again (seconds): {@code $XDG_CACHE_HOME/legate/class-data}, else
     * {@code ~/.cache/legate/class-data}; null without either.
     */
    static Path cacheRoot(Map<String, String> env) {
        String xdg = env.get("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "legate", "class-data");
        }
        String home = env.get("HOME");
        return home == null || home.isBlank() ? null : Path.of(home, ".cache", "legate", "class-data");
    }

    /**
     * Makes {@code dir/legate-kernel.aot} (JDK 25 and later) or {@code dir/legate-kernel.jsa},
     * removing the other (left by an install on another JDK); returns it, or throws with the reason
     * it could not. The archive depends on the java, the training's options and the classpath's
     * jars only, not on the kernel's options: one made by an earlier install for the same (kept
     * under {@code cache}, keyed by {@link #key}) is copied instead.
     *
     * @param feature the feature release of {@code java} (17, 21, 25, ...)
     * @param cache where archives are kept between installs ({@link #cacheRoot}); null: none
     */
    static CdsArchive create(Path java, int feature, String classpath, Path dir, Path cache) throws IOException {
        Kind kind = Kind.of(feature);
        Files.createDirectories(dir);
        for (Kind k : Kind.values()) {
            Files.deleteIfExists(dir.resolve(k.file));
        }
        Path archive = dir.resolve(kind.file);
        List<String> options = new ArrayList<>(kind.training);
        options.addAll(KernelSpecWriter.hazelcastAccess(feature)); // the same options as the kernel: the archive must match
        options.addAll(List.of("-Djava.awt.headless=true", "-cp", classpath, KernelSpecs.TRAINING_CLASS));
        Path kept = cache == null ? null : cache.resolve(key(java, options, classpath)).resolve(kind.file);
        if (kept != null && Files.isRegularFile(kept) && copied(kept, archive)) {
            return new CdsArchive(archive, kind, kept);
        }
        train(java, kind, options, archive);
        return new CdsArchive(archive, kind, kept != null && keep(archive, kept) ? kept : null);
    }

    /**
     * What an archive depends on, hashed (16 hex digits): the java (its real path and the version
     * of the JVM running this, which is that java), the training's options, and each jar of the
     * classpath with its size and time, as the JVM checks them before it maps an archive.
     */
    static String key(Path java, List<String> options, String classpath) throws IOException {
        StringBuilder b = new StringBuilder();
        b.append(java.toRealPath()).append('\n').append(Runtime.version()).append('\n').append(System.getProperty("java.vm.version"));
        options.forEach(o -> b.append('\n').append(o));
        for (String entry : classpath.split(File.pathSeparator)) {
            List<Path> files = new ArrayList<>();
            if (entry.endsWith("*")) { // a folder's jars, as the JVM expands the wildcard
                Path folder = Path.of(entry.substring(0, entry.length() - 1));
                if (Files.isDirectory(folder)) {
                    try (DirectoryStream<Path> jars = Files.newDirectoryStream(folder, "*.{jar,JAR}")) {
                        jars.forEach(files::add);
                    }
                }
            } else {
                files.add(Path.of(entry));
            }
            files.sort(Comparator.naturalOrder());
            for (Path f : files) {
                b.append('\n').append(f.toAbsolutePath());
                if (Files.exists(f)) {
                    b.append(' ').append(Files.size(f)).append(' ').append(Files.getLastModifiedTime(f).toMillis());
                }
            }
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(b.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is in every JDK", e);
        }
    }

    /** Copies the kept archive into the kernel's folder (whole or not at all); false when it could not. */
    private static boolean copied(Path kept, Path archive) {
        try {
            copyWhole(kept, archive);
        } catch (IOException e) {
            return false; // the training run makes it
        }
        try {
            Files.setLastModifiedTime(kept.getParent(), FileTime.fromMillis(System.currentTimeMillis())); // recently used
        } catch (IOException e) {
            // another user's cache, or a read-only one: the copy is made all the same
        }
        return true;
    }

    /**
     * Puts a copy of a fresh archive in the cache (the cache is only a saving: a failure is
     * ignored), and removes all but the {@link #CACHE_ENTRIES} most recently used entries.
     */
    private static boolean keep(Path archive, Path kept) {
        try {
            Files.createDirectories(kept.getParent());
            copyWhole(archive, kept);
        } catch (IOException e) {
            return false; // the kernel has its archive; the next install trains again
        }
        try {
            prune(kept.getParent().getParent(), kept.getParent(), CACHE_ENTRIES);
        } catch (IOException e) {
            // older entries stay
        }
        return true;
    }

    /**
     * The name of the driver's pointer for these jars and this java (real paths): both paths, a
     * colon between them, each {@code /} as {@code %}, as bin/legate writes it with {@code tr}.
     */
    static String pointerName(Path libDir, Path java) {
        return (libDir + ":" + java).replace('/', '%');
    }

    /** The folder of the cache ({@link #cacheRoot}) where the {@code legate} driver looks for its archive ({@link #pointDriver}). */
    static final String DRIVER_FOLDER = "driver";

    /**
     * Tells the {@code legate} driver of the distribution whose jars are in {@code libDir} to start
     * from the cached copy of this archive when it runs on {@code java}: a file in {@code
     * cache/driver} named {@link #pointerName} (what bin/legate computes) that holds the archive's
     * path. The driver's JVM checks the archive against its jars and ignores it quietly once they
     * have changed. Does nothing without a cached copy; a pointer that cannot be written only costs
     * the driver its start-up saving.
     *
     * @return the pointer written, or null
     */
    Path pointDriver(Path cache, Path java, Path libDir) {
        if (cached == null || cache == null) {
            return null;
        }
        try {
            Path pointer = cache.resolve(DRIVER_FOLDER).resolve(pointerName(libDir.toRealPath(), java.toRealPath()));
            Files.createDirectories(pointer.getParent());
            replaceWhole(pointer, part -> Files.writeString(part, cached.toAbsolutePath() + "\n"));
            return pointer;
        } catch (IOException | RuntimeException e) {
            return null; // a name too long for the file system, a read-only cache: the driver starts without it
        }
    }

    /** Copies {@code from} to {@code to} whole or not at all: through a file beside {@code to}, gone whatever happens. */
    private static void copyWhole(Path from, Path to) throws IOException {
        replaceWhole(to, part -> Files.copy(from, part, StandardCopyOption.REPLACE_EXISTING));
    }

    /** What fills a file. */
    private interface Filling {
        void fill(Path file) throws IOException;
    }

    /** Makes {@code to} whole or not at all: filled as a file beside it, then moved over it; that file is gone whatever happens. */
    private static void replaceWhole(Path to, Filling filling) throws IOException {
        Path part = Files.createTempFile(to.getParent(), to.getFileName().toString(), ".part");
        try {
            filling.fill(part);
            Files.move(part, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(part);
        }
    }

    /** Keeps {@code used} and the {@code entries - 1} most recently used other entries of {@code root}; removes the rest. */
    static void prune(Path root, Path used, int entries) throws IOException {
        List<Path> all = new ArrayList<>();
        try (DirectoryStream<Path> in = Files.newDirectoryStream(root)) {
            for (Path e : in) {
                if (Files.isDirectory(e) && e.getFileName().toString().matches("[0-9a-f]{16}")) {
                    all.add(e);
                }
            }
        }
        all.remove(used);
        all.sort(Comparator.comparing(CdsArchive::lastUsed).reversed());
        for (Path old : all.subList(Math.min(Math.max(entries - 1, 0), all.size()), all.size())) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(old)) {
                for (Path f : files) {
                    Files.deleteIfExists(f); // its archive, or a .part left by an install that was stopped
                }
            }
            Files.deleteIfExists(old);
        }
    }

    private static FileTime lastUsed(Path entry) {
        try {
            return Files.getLastModifiedTime(entry);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    /** Runs the training JVM, which writes {@code archive} as it exits. */
    private static void train(Path java, Kind kind, List<String> options, Path archive) throws IOException {
        Path output = Files.createTempFile("legate-cds", ".log");
        try {
            List<String> cmd = new ArrayList<>(List.of(java.toString()));
            cmd.addAll(kind.training);
            cmd.add(kind.write + archive);
            cmd.addAll(options.subList(kind.training.size(), options.size()));
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
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
