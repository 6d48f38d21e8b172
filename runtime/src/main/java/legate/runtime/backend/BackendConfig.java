package legate.runtime.backend;

/**
 * What a backend is opened with: the processors of this rank ({@code --cpus}, {@code --gpus}),
 * its local rank on the host (which devices it takes), device memory ({@code --fbmem},
 * {@code --zcmem}) and the work below which a CPU operation stays on one thread.
 */
public record BackendConfig(int cpus, int gpus, int localRank, long fbmemBytes, long zcmemBytes, long parallelThreshold) {
    /** Operations on fewer elements run on the calling thread alone. */
    public static final long DEFAULT_PARALLEL_THRESHOLD = 1L << 15;

    /** CPUs only: {@code cpus} threads. */
    public static BackendConfig cpus(int cpus, long parallelThreshold) {
        return new BackendConfig(cpus, 0, 0, 0, 0, parallelThreshold);
    }
}
