package legate.runtime.task;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.atomic.AtomicLong;
import java.util.ArrayList;
import java.util.List;
import legate.numpy.DType;
import legate.runtime.comm.Collectives;
import legate.runtime.comm.RankCommunicator;
import legate.runtime.partition.Partition;
import legate.runtime.store.MemoryBudget;
import legate.runtime.store.Store;

/**
 * A rank's array runtime: who the ranks are ({@link RankCommunicator}), the rank's processors (a dedicated
 * ForkJoinPool of {@code --cpus} threads, never the common pool), its array memory
 * ({@code --sysmem}) and the size above which a store is split across the ranks.
 *
 * <p>Its threads belong to the JVM's root thread group, never to a cell's: JShell waits for
 * every thread of a cell's group before it ends the cell.
 */
public final class ArrayRuntime {
    /** Stores of fewer elements are held whole by every rank (no communication); chosen by measurement (docs/performance.md). */
    public static final long DEFAULT_PARTITION_THRESHOLD = 1L << 18;
    /** Operations on fewer elements run on the calling thread alone. */
    public static final long DEFAULT_PARALLEL_THRESHOLD = 1L << 15;

    private static volatile ArrayRuntime global;
    private static final ThreadLocal<ArrayRuntime> THIS_THREAD = new ThreadLocal<>();

    private final int cpus;
    private final ForkJoinPool pool;
    private final MemoryBudget memory;
    private final long partitionThreshold;
    private final long parallelThreshold;
    private final AtomicLong nextStore = new AtomicLong();
    private volatile RankCommunicator comm = RankCommunicator.SOLO;

    /**
     * @param cpus               threads for array work on this rank
     * @param sysmemBytes        the array memory budget of this rank
     * @param partitionThreshold stores of at least this many elements are split across ranks
     * @param parallelThreshold  operations on at least this many elements use every thread
     */
    public ArrayRuntime(int cpus, long sysmemBytes, long partitionThreshold, long parallelThreshold) {
        this.cpus = Math.max(1, cpus);
        ThreadGroup root = rootGroup();
        // A worker thread joins the group of the thread that constructs it (Java 17 has no
        // constructor taking a group), and the pool may construct one from a cell's thread:
        // so a thread of the root group constructs them all.
        java.util.concurrent.ExecutorService spawner = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(root, r, "legate-cpu-spawner");
            t.setDaemon(true);
            return t;
        });
        this.pool = new ForkJoinPool(this.cpus, p -> {
            try {
                return spawner.submit(() -> {
                    ForkJoinWorkerThread t = new Worker(p);
                    t.setDaemon(true);
                    t.setName("legate-cpu-" + t.getPoolIndex());
                    return t;
                }).get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null; // the pool runs the task with fewer threads
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("cannot start an array thread", e.getCause());
            }
        }, null, false);
        this.memory = new MemoryBudget(sysmemBytes, "--sysmem");
        this.partitionThreshold = partitionThreshold;
        this.parallelThreshold = parallelThreshold;
    }

    private static final class Worker extends ForkJoinWorkerThread {
        Worker(ForkJoinPool pool) {
            super(pool);
        }
    }

    private static ThreadGroup rootGroup() {
        ThreadGroup g = Thread.currentThread().getThreadGroup();
        while (g.getParent() != null) {
            g = g.getParent();
        }
        return g;
    }

    /** A runtime from the environment: {@code LEGATE_PARTITION_THRESHOLD}, {@code LEGATE_PARALLEL_THRESHOLD}. */
    public static ArrayRuntime create(int cpus, long sysmemMb, java.util.Map<String, String> env) {
        return new ArrayRuntime(cpus, sysmemMb << 20, longFrom(env, "LEGATE_PARTITION_THRESHOLD", DEFAULT_PARTITION_THRESHOLD),
                longFrom(env, "LEGATE_PARALLEL_THRESHOLD", DEFAULT_PARALLEL_THRESHOLD));
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

    /** Makes {@code r} the runtime of the calling thread only (several ranks in one JVM, for tests); null undoes it. */
    public static void useOnThisThread(ArrayRuntime r) {
        if (r == null) {
            THIS_THREAD.remove();
        } else {
            THIS_THREAD.set(r);
        }
    }

    /** Joins this rank to the others. */
    public void connect(RankCommunicator c) {
        this.comm = c;
    }

    public RankCommunicator comm() {
        return comm;
    }

    /** Each rank's doubles, on every rank, in rank order (an interrupt while waiting fails the operation). */
    public double[][] allgather(double[] mine) {
        try {
            return Collectives.allgather(comm, mine);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the other ranks", e);
        }
    }

    /** Rank {@code root}'s doubles, on every rank. */
    public double[] broadcast(double[] values, int root) {
        try {
            return Collectives.broadcast(comm, values, root);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for rank " + root, e);
        }
    }

    public int rank() {
        return comm.rank();
    }

    public int size() {
        return comm.size();
    }

    public int cpus() {
        return cpus;
    }

    public MemoryBudget memory() {
        return memory;
    }

    /** How a new store of this shape is spread: whole on every rank when small, else in row blocks. */
    public Partition partitionFor(int[] shape) {
        int rows = shape.length == 0 ? 1 : shape[0];
        if (comm.size() == 1 || shape.length == 0 || Store.sizeOf(shape) < partitionThreshold || rows < comm.size()) {
            return Partition.replicated(rows);
        }
        return Partition.even(rows, comm.size());
    }

    public Store newStore(DType type, int[] shape, Partition partition, String what) {
        return Store.create(nextStore.getAndIncrement(), type, shape, partition, comm.rank(), memory, what);
    }

    public Store newStore(DType type, int[] shape, String what) {
        return newStore(type, shape, partitionFor(shape), what);
    }

    /** A body run on a range of rows. */
    public interface RowRange {
        void run(int lo, int hi);
    }

    /**
     * Runs {@code body} over rows {@code lo .. hi}, split across this rank's threads when the
     * work ({@code elementsPerRow} each) is large enough; returns when all are done.
     */
    public void parallelRows(int lo, int hi, long elementsPerRow, RowRange body) {
        int rows = hi - lo;
        if (rows <= 0) {
            return;
        }
        long work = (long) rows * Math.max(1, elementsPerRow);
        if (cpus == 1 || rows == 1 || work < parallelThreshold) {
            body.run(lo, hi);
            return;
        }
        // chunks taken in turn by the caller and cpus-1 pool threads: a thread slowed down (a
        // busy core) takes fewer, and no more threads run than --cpus
        int chunks = (int) Math.min(rows, Math.min(cpus * 8L, Math.max(1, work / (parallelThreshold / 4))));
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        Runnable worker = () -> {
            int c;
            while ((c = next.getAndIncrement()) < chunks) {
                body.run(lo + (int) ((long) rows * c / chunks), lo + (int) ((long) rows * (c + 1) / chunks));
            }
        };
        List<ForkJoinTask<?>> tasks = new ArrayList<>();
        for (int t = 1; t < Math.min(cpus, chunks); t++) {
            tasks.add(pool.submit(worker));
        }
        RuntimeException failure = null;
        try {
            worker.run();
        } catch (RuntimeException e) {
            failure = e;
            next.set(chunks); // the helpers stop taking chunks
        }
        for (ForkJoinTask<?> t : tasks) {
            try {
                t.join();
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
