package legate.runtime.task;

import legate.runtime.backend.Backend;
import legate.runtime.backend.BackendConfig;
import legate.runtime.backend.BackendUnavailableException;
import legate.runtime.backend.Backends;
import legate.runtime.backend.FillPattern;
import legate.runtime.backend.ProcessorKind;
import legate.runtime.backend.UnavailableBackend;
import legate.runtime.comm.Collectives;
import legate.runtime.comm.RankCommunicator;
import legate.runtime.config.LegateConfig;
import legate.runtime.partition.Partition;
import legate.runtime.partition.Partitioner;
import legate.runtime.store.MemoryBudget;
import legate.runtime.store.Store;
import legate.runtime.store.View;
import legate.runtime.types.ElementType;

/**
 * A rank's array runtime: who the ranks are ({@link RankCommunicator}), the partition choices
 * ({@link Partitioner}), the rank's processors (a {@link Backend}), its array memory
 * ({@code --sysmem}) and the stores it makes. The operations on arrays ({@link Elementwise},
 * {@link FusedExpression}, {@link Reductions}, {@link MatrixProduct}) run on it.
 */
public final class ArrayRuntime {
    /** Stores of fewer elements are held whole by every rank (no communication); chosen by measurement (docs/performance.md). */
    public static final long DEFAULT_PARTITION_THRESHOLD = 1L << 18;

    private static volatile ArrayRuntime global;
    private static final ThreadLocal<ArrayRuntime> THIS_THREAD = new ThreadLocal<>();

    private volatile Backend backend;
    private final MemoryBudget memory;
    private final long partitionThreshold;
    private final java.util.concurrent.atomic.AtomicLong nextStore = new java.util.concurrent.atomic.AtomicLong();
    private volatile RankCommunicator comm = RankCommunicator.SOLO;
    private volatile Partitioner partitioner;

    /**
     * @param backend            the rank's processors
     * @param sysmemBytes        the array memory budget of this rank
     * @param partitionThreshold stores of at least this many elements are split across ranks
     */
    public ArrayRuntime(Backend backend, long sysmemBytes, long partitionThreshold) {
        this.backend = backend;
        this.memory = new MemoryBudget(sysmemBytes, "--sysmem");
        this.partitionThreshold = partitionThreshold;
        this.partitioner = new Partitioner(1, partitionThreshold);
    }

    /**
     * A runtime on the CPU backend.
     *
     * @param cpus              threads for array work on this rank
     * @param parallelThreshold operations on at least this many elements use every thread
     */
    public ArrayRuntime(int cpus, long sysmemBytes, long partitionThreshold, long parallelThreshold) {
        this(Backends.open(ProcessorKind.CPU, BackendConfig.cpus(cpus, parallelThreshold)), sysmemBytes, partitionThreshold);
    }

    /** A CPU runtime from the environment: {@code LEGATE_PARTITION_THRESHOLD}, {@code LEGATE_PARALLEL_THRESHOLD}. */
    public static ArrayRuntime create(int cpus, long sysmemMb, java.util.Map<String, String> env) {
        return new ArrayRuntime(cpus, sysmemMb << 20, partitionThreshold(env), parallelThreshold(env));
    }

    /**
     * The runtime a rank's configuration asks for: {@code --cpus} threads, or with {@code --gpus}
     * above 0 the GPU backend ({@code --fbmem}, {@code --zcmem}; devices chosen by
     * {@code localRank}). When no GPU backend can run here, a runtime whose every array operation
     * fails with the reason ({@link UnavailableBackend}): never a silent CPU run.
     *
     * @throws IllegalArgumentException a threshold in {@code env} is not a positive number
     */
    public static ArrayRuntime create(LegateConfig config, int localRank, java.util.Map<String, String> env) {
        return create(config, localRank, env, Backends.providers());
    }

    static ArrayRuntime create(LegateConfig config, int localRank, java.util.Map<String, String> env,
                               java.util.List<legate.runtime.backend.BackendProvider> providers) {
        long partition = partitionThreshold(env);
        long parallel = parallelThreshold(env);
        LegateConfig.CoreConfig core = config.core();
        long sysmem = (long) config.memory().sysmem() << 20;
        if (core.gpus() == 0) {
            return new ArrayRuntime(core.cpus(), sysmem, partition, parallel);
        }
        BackendConfig bc = new BackendConfig(core.cpus(), core.gpus(), localRank, (long) config.memory().fbmem() << 20,
                (long) config.memory().zcmem() << 20, parallel);
        Backend backend;
        try {
            backend = Backends.open(ProcessorKind.GPU, bc, providers);
        } catch (BackendUnavailableException e) {
            backend = new UnavailableBackend(ProcessorKind.GPU, "--gpus " + core.gpus() + ": " + e.getMessage());
        }
        return new ArrayRuntime(backend, sysmem, partition);
    }

    /** Why this runtime cannot compute (its processors cannot run here), or empty when it can. */
    public java.util.Optional<String> unavailable() {
        return backend instanceof UnavailableBackend u ? java.util.Optional.of(u.reason()) : java.util.Optional.empty();
    }

    /** {@code LEGATE_PARTITION_THRESHOLD}, or the default. */
    public static long partitionThreshold(java.util.Map<String, String> env) {
        return longFrom(env, "LEGATE_PARTITION_THRESHOLD", DEFAULT_PARTITION_THRESHOLD);
    }

    /** {@code LEGATE_PARALLEL_THRESHOLD}, or the default. */
    public static long parallelThreshold(java.util.Map<String, String> env) {
        return longFrom(env, "LEGATE_PARALLEL_THRESHOLD", BackendConfig.DEFAULT_PARALLEL_THRESHOLD);
    }

    private static long longFrom(java.util.Map<String, String> env, String name, long fallback) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            long n = Long.parseLong(v.strip());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // fall through
        }
        throw new IllegalArgumentException(name + ": expected a positive number of elements, got \"" + v + "\"");
    }

    /** The runtime of this thread: its own (tests), else the one installed, else a default one. */
    public static ArrayRuntime current() {
        ArrayRuntime r = THIS_THREAD.get();
        if (r != null) {
            return r;
        }
        r = global;
        if (r == null) {
            synchronized (ArrayRuntime.class) {
                if (global == null) {
                    global = create(Runtime.getRuntime().availableProcessors(), 4000, System.getenv());
                }
                r = global;
            }
        }
        return r;
    }

    /** Makes {@code r} the runtime of this JVM (the kernel does it at start-up, before any cell). */
    public static void install(ArrayRuntime r) {
        global = r;
    }

    /** The runtime given to the calling thread alone ({@link #useOnThisThread}), or null. */
    public static ArrayRuntime ofThisThreadOnly() {
        return THIS_THREAD.get();
    }

    /** Makes {@code r} the runtime of the calling thread only (several ranks in one JVM, for tests); null undoes it. */
    public static void useOnThisThread(ArrayRuntime r) {
        if (r == null) {
            THIS_THREAD.remove();
        } else {
            THIS_THREAD.set(r);
        }
    }

    private boolean profiling;
    private boolean progress;

    /**
     * Puts the profiler's recording backend and communicator in front of this runtime's own
     * ({@code true}), or takes them away ({@code false}); see {@link legate.runtime.profile.Profiler}.
     */
    public synchronized void profiling(boolean on) {
        if (on != profiling) {
            Backend own = backend instanceof legate.runtime.profile.ProfiledBackend p ? p.inner() : backend;
            own.profiling(on);
        }
        profiling = on;
        observe();
    }

    /**
     * Puts the recording backend in front of this runtime's own to count its operations ({@code
     * true}), or takes it away unless the profiler needs it; see {@link legate.runtime.profile.Progress}.
     */
    public synchronized void showProgress(boolean on) {
        progress = on;
        observe();
    }

    /** The recording backend while the profiler or the progress display needs it; the communicator's only for the profiler. */
    private void observe() {
        Backend own = backend instanceof legate.runtime.profile.ProfiledBackend p ? p.inner() : backend;
        backend = (profiling || progress) && !(own instanceof UnavailableBackend) ? new legate.runtime.profile.ProfiledBackend(own) : own;
        RankCommunicator ownComm = comm instanceof legate.runtime.profile.ProfiledCommunicator c ? c.inner() : comm;
        comm = profiling && ownComm != null && !(backend instanceof UnavailableBackend) ? new legate.runtime.profile.ProfiledCommunicator(ownComm)
                : ownComm;
    }

    /** Joins this rank to the others. */
    public void connect(RankCommunicator c) {
        this.comm = c;
        this.partitioner = new Partitioner(c.size(), partitionThreshold);
    }

    public RankCommunicator comm() {
        return comm;
    }

    public Partitioner partitioner() {
        return partitioner;
    }

    public Backend backend() {
        return backend;
    }

    public int rank() {
        return comm.rank();
    }

    public int size() {
        return comm.size();
    }

    /** Whether this rank holds every element of {@code v} (its store is replicated, or there is one rank). */
    public boolean holdsWhole(View v) {
        return v.store().isReplicated() || size() == 1;
    }

    public MemoryBudget memory() {
        return memory;
    }

    /** Each rank's doubles, on every rank, in rank order (an interrupt while waiting fails the operation). */
    double[][] allgather(double[] mine) {
        return uninterrupted(() -> Collectives.allgather(comm, mine), "the other ranks");
    }

    /** Rank {@code root}'s doubles, on every rank. */
    double[] broadcast(double[] values, int root) {
        return uninterrupted(() -> Collectives.broadcast(comm, values, root), "rank " + root);
    }

    private interface Exchange<T> {
        T run() throws InterruptedException;
    }

    /** An array operation's exchange: an interrupt while it waits fails the operation (the cell reports it). */
    private static <T> T uninterrupted(Exchange<T> exchange, String waitingFor) {
        try {
            return exchange.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + waitingFor, e);
        }
    }

    /** A new store split as {@code partition}, zeros; charged to {@code --sysmem}, named {@code what} if it does not fit. */
    public Store newStore(ElementType type, int[] shape, Partition partition, String what) {
        if (backend instanceof UnavailableBackend u) {
            throw u.refusal();
        }
        return Store.create(nextStore.getAndIncrement(), type, shape, partition, comm.rank(), memory, what, backend::allocate);
    }

    /** A new store spread as its size asks ({@link Partitioner#forNewStore}), zeros. */
    public Store newStore(ElementType type, int[] shape, String what) {
        return newStore(type, shape, partitioner.forNewStore(shape), what);
    }

    /** A new store whose elements are {@code pattern}: each rank fills the elements it holds. */
    public Store newStore(ElementType type, int[] shape, String what, FillPattern pattern) {
        Store s = newStore(type, shape, what);
        backend.fill(pattern, s.local(), (long) s.ownLo() * s.rowLength(), s.rowLength());
        legate.runtime.profile.Profiler.wrote(s);
        return s;
    }
}
