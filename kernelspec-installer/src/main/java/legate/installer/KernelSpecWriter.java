package legate.installer;

import static legate.runtime.config.KernelSpecs.MAIN_CLASS;
import static legate.runtime.config.KernelSpecs.SPEC_ENV;
import static legate.runtime.config.KernelSpecs.NO_REPLICATE_PROPERTY;
import static legate.runtime.config.KernelSpecs.SPEC_PROPERTY;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import legate.runtime.config.LegateConfig;
import legate.runtime.config.LegateMetadata;
import legate.runtime.launch.Heap;
import legate.runtime.launch.Launchers;

/** Writes a kernelspec folder: kernel.json that starts the kernel JVM directly. */
final class KernelSpecWriter {
    /** The JDK-internal access Hazelcast (the ranks' control plane) asks for to run at full speed. */
    private static final List<String> HAZELCAST_ACCESS = List.of("--add-modules", "java.se",
            "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED", "--add-opens", "java.base/java.lang=ALL-UNNAMED",
            "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens", "java.management/sun.management=ALL-UNNAMED",
            "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED");
    /** The first JDK that takes {@code --sun-misc-unsafe-memory-access} (JEP 471; from JDK 24 on it warns without it). */
    static final int UNSAFE_OPTION_FEATURE = 23;

    /**
     * The access Hazelcast asks for on a JDK of this feature release: the JDK-internal packages, and
     * from JDK 23 on {@code sun.misc.Unsafe}'s memory access allowed (JDK 24 and later print four
     * lines of warning on every rank when Hazelcast first uses it; JDK 17 refuses the option).
     */
    static List<String> hazelcastAccess(int feature) {
        List<String> access = new ArrayList<>(HAZELCAST_ACCESS);
        if (feature >= UNSAFE_OPTION_FEATURE) {
            access.add("--sun-misc-unsafe-memory-access=allow");
        }
        return access;
    }
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path java;
    private final int feature;
    private final Path libDir;

    /**
     * @param java    the absolute path of the {@code java} the kernel runs on
     * @param feature its feature release (17, 21, 25, ...)
     * @param libDir  the folder holding every jar of the kernel
     */
    KernelSpecWriter(Path java, int feature, Path libDir) {
        this.java = java.toAbsolutePath();
        this.feature = feature;
        this.libDir = libDir.toAbsolutePath();
    }

    /** The classpath of the kernel: every jar of the lib folder (the JVM expands the wildcard). */
    String classpath() {
        return libDir + "/*";
    }

    Path java() {
        return java;
    }

    int feature() {
        return feature;
    }

    /**
     * kernel.json. The kernel finds it (and its configuration) through {@code -Dlegate.kernelspec};
     * with {@code archive} (or null) the JVM starts from that class-data archive or AOT cache.
     */
    Map<String, Object> kernelJson(String name, String displayName, LegateConfig config, Path kernelJsonFile, CdsArchive archive) {
        Map<String, Object> spec = new LinkedHashMap<>();
        // with a launcher (mpirun, srun, jsrun), it starts every rank; rank 0 binds the Jupyter sockets
        // under bin/legate-launch, which gives the ranks their session (no file system need be shared)
        List<String> argv = new ArrayList<>(Launchers.wrapper(libDir.resolveSibling("bin"), config.multiNode()));
        argv.addAll(Launchers.prefix(config.multiNode(), List.of(SPEC_ENV)));
        argv.add(java.toString());
        if (archive != null) {
            argv.add(archive.jvmOption());
            argv.addAll(archive.kind().quiet);
        }
        // the heap holds the arrays: --sysmem of them, and room for everything else; the young generation is capped
        argv.addAll(Heap.jvmOptions(config, List.of()));
        int perNode = config.multiNode().ranksPerNode();
        if (perNode > 1) { // ranks of one machine share its cores: each collector gets its share, not all of them
            argv.add("-XX:ParallelGCThreads=" + Math.max(1, Runtime.getRuntime().availableProcessors() / perNode));
        }
        argv.addAll(hazelcastAccess(feature));
        if (config.multiNode().notControlReplicable()) {
            argv.add("-D" + NO_REPLICATE_PROPERTY + "=true");
        }
        // lib/ holds JCuda's driver library too (the CUDA backend loads it from there)
        argv.addAll(List.of("-Djava.awt.headless=true", "-Djava.library.path=" + libDir.toAbsolutePath(),
                "-D" + SPEC_PROPERTY + "=" + kernelJsonFile.toAbsolutePath(),
                "-cp", classpath(), MAIN_CLASS, "-f", "{connection_file}"));
        spec.put("argv", argv);
        spec.put("display_name", displayName);
        spec.put("language", "java");
        spec.put("interrupt_mode", "message");
        spec.put("env", Map.of(SPEC_ENV, name));
        spec.put("metadata", Map.of("legate", LegateMetadata.write(config)));
        return spec;
    }

    String render(Map<String, Object> kernelJson) throws IOException {
        return JSON.writeValueAsString(kernelJson);
    }

    /** Writes {@code dir/kernel.json}, creating {@code dir}. */
    void write(Path dir, Map<String, Object> kernelJson) throws IOException {
        Path tmp = Files.createTempFile(dir, ".kernel", ".json");
        Files.writeString(tmp, render(kernelJson) + "\n");
        if (tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--")); // as jupyter writes it
        }
        Files.move(tmp, dir.resolve("kernel.json"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
