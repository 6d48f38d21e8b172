package legate.runtime.launch;

import java.util.ArrayList;
import java.util.List;
import legate.runtime.config.LegateConfig;

/** The JVM heap of a rank: the arrays' {@code --sysmem} and room for everything else. */
public final class Heap {
    /** Heap for everything beside the arrays: JShell, javac, Hazelcast, buffers in flight. */
    public static final long BESIDE_ARRAYS_MB = 1024;

    /**
     * The young generation's largest size. G1 left alone grows it to 0.8 GB and more within a
     * kernel's first seconds (its first collections look slow, so it widens the heap), and a first
     * loop over small arrays then spends a second or more on memory touched for the first time;
     * capped, the same memory is gone round again. Arrays of a few MB and more are allocated outside
     * it (G1's humongous regions), so big-array workloads keep their speed (docs/performance.md).
     */
    public static final String YOUNG_CAP = "-XX:MaxNewSize=128m";

    /**
     * The heap in transparent huge pages (2 MB), where the kernel gives them only to memory that asks
     * ({@code madvise}). The collector takes young regions from memory it has not touched yet while
     * it grows the heap, and each 4 KB page of it was a page fault in a program's loop: phases of
     * 10 times slower runs of a small program every second or so, for its first minute (a 10×10
     * solve 2 → 20 µs a run); with huge pages none (docs/performance.md, session 27).
     */
    public static final String HUGE_PAGES = "-XX:+UseTransparentHugePages";

    /** Where Linux says when it gives transparent huge pages: {@code always [madvise] never}, the mode in brackets. */
    static final java.nio.file.Path HUGE_PAGES_MODE = java.nio.file.Path.of("/sys/kernel/mm/transparent_hugepage/enabled");

    private Heap() {
    }

    /**
     * The options that size the heap of a rank with this configuration: {@code -Xmx}, the young
     * generation's cap unless {@code given} (the JVM options already on the command line) sizes
     * the young generation itself, and {@link #HUGE_PAGES} where this machine gives them on request
     * and {@code given} does not say otherwise.
     */
    public static List<String> jvmOptions(LegateConfig config, List<String> given) {
        return jvmOptions(config, given, hugePagesMode(HUGE_PAGES_MODE));
    }

    /** As {@link #jvmOptions(LegateConfig, List)} on a machine whose transparent huge pages mode is {@code mode}. */
    static List<String> jvmOptions(LegateConfig config, List<String> given, String mode) {
        List<String> options = new ArrayList<>(List.of("-Xmx" + megabytes(config) + "m"));
        if (given.stream().noneMatch(o -> o.startsWith("-Xmn") || o.startsWith("-XX:MaxNewSize=") || o.startsWith("-XX:NewSize="))) {
            options.add(YOUNG_CAP);
        }
        // "always": every heap gets them anyway; "never", or no such file: asking would not help
        if ("madvise".equals(mode) && given.stream().noneMatch(o -> o.endsWith("UseTransparentHugePages"))) {
            options.add(HUGE_PAGES);
        }
        return options;
    }

    /** The transparent huge pages mode {@code file} names ("always", "madvise", "never"), or "" when it cannot be read. */
    static String hugePagesMode(java.nio.file.Path file) {
        try {
            String s = java.nio.file.Files.readString(file);
            int open = s.indexOf('[');
            int close = s.indexOf(']', open + 1);
            return open >= 0 && close > open ? s.substring(open + 1, close) : "";
        } catch (java.io.IOException | RuntimeException e) {
            return "";
        }
    }

    /** The heap, in MB, that a rank with this configuration is given ({@code -Xmx}). */
    public static long megabytes(LegateConfig config) {
        return config.memory().sysmem() + BESIDE_ARRAYS_MB;
    }

    /**
     * Whether a JVM whose largest heap is {@code maxBytes} should be started again for this
     * configuration: its heap cannot hold {@code --sysmem} of arrays, or it is more than twice
     * what they need (the collector would spread over memory the arrays never use, and memory
     * touched for the first time is slow on some machines).
     */
    public static boolean needsRestart(LegateConfig config, long maxBytes) {
        long wanted = megabytes(config) << 20;
        return maxBytes < wanted - (wanted >> 5) || maxBytes > 2 * wanted;
    }
}
