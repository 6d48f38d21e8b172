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

    private Heap() {
    }

    /**
     * The options that size the heap of a rank with this configuration: {@code -Xmx} and the
     * young generation's cap, unless {@code given} (the JVM options already on the command line)
     * sizes the young generation itself.
     */
    public static List<String> jvmOptions(LegateConfig config, List<String> given) {
        List<String> options = new ArrayList<>(List.of("-Xmx" + megabytes(config) + "m"));
        if (given.stream().noneMatch(o -> o.startsWith("-Xmn") || o.startsWith("-XX:MaxNewSize=") || o.startsWith("-XX:NewSize="))) {
            options.add(YOUNG_CAP);
        }
        return options;
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
