package legate.runtime.backend;

/**
 * A processor backend, found with {@link java.util.ServiceLoader}: the CPU backend of this
 * module, the CUDA backend of the {@code gpu} module. The runtime asks {@link #probe()} before
 * {@link #open}; a backend that cannot run here says why, and the runtime reports it.
 */
public interface BackendProvider {
    /** A short name: {@code cpu}, {@code cuda}. */
    String name();

    ProcessorKind kind();

    /** Whether it can run on this machine (a driver, a device), and if not the reason. Cheap; no side effects. */
    Probe probe();

    /**
     * Whether it can run a rank that asks for {@code units} of its processors ({@code --gpus N}):
     * {@link #probe()}, and whether this machine has that many.
     */
    default Probe probe(int units) {
        return probe();
    }

    /** A backend for this rank. */
    Backend open(BackendConfig config);
}
