package legate.runtime.launch;

import legate.runtime.config.LegateConfig;

/** The JVM heap of a rank: the arrays' {@code --sysmem} and room for everything else. */
public final class Heap {
    /** Heap for everything beside the arrays: JShell, javac, Hazelcast, buffers in flight. */
    public static final long BESIDE_ARRAYS_MB = 1024;

    private Heap() {
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
