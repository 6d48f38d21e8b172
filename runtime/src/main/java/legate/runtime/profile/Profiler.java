package legate.runtime.profile;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import legate.runtime.comm.Collectives;
import legate.runtime.comm.RankCommunicator;
import legate.runtime.store.Store;
import legate.runtime.task.ArrayRuntime;

/**
 * Legate's profiler for the Java runtime: while it is on, a rank records its array operations
 * (name, shape, rows, the stores read and written), each CPU thread's share of them, the data
 * plane's sends and receives (bytes, peer), its cells' compile and run, and GC pauses. {@link
 * #stop} gathers every rank's record to rank 0 ({@link Profile}), which writes the timeline page
 * and the dataflow and event graphs.
 *
 * <p>Off, it costs one read of a volatile field per backend call and per CPU chunk: the runtime
 * wraps its backend and communicator only while a profile is being taken ({@link
 * ArrayRuntime#profiling}). Every rank turns it on and off at the same point of the program (a
 * replicated cell), so the gathering is a collective like any other.
 */
public final class Profiler {
    /** Whether this rank is recording (read on hot paths: one volatile read). */
    public static volatile boolean on;

    /** Spans kept at most per rank (about 100 bytes each); past it they are counted, not kept. */
    static final int MAX_SPANS = 200_000;
    /** Operations kept at most per rank, for the graphs; past it only their totals per name. */
    static final int MAX_OPS = 100_000;

    private static final ConcurrentLinkedQueue<Profile.Span> SPANS = new ConcurrentLinkedQueue<>();
    private static final java.util.concurrent.atomic.AtomicInteger SPAN_COUNT = new java.util.concurrent.atomic.AtomicInteger();
    private static final java.util.concurrent.atomic.AtomicLong DROPPED_SPANS = new java.util.concurrent.atomic.AtomicLong();
    private static long droppedOps;
    private static final java.util.Map<String, long[]> TOTALS = new java.util.LinkedHashMap<>();
    private static final List<Profile.Op> OPS = new ArrayList<>();
    private static final List<Profile.Comm> COMMS = new ArrayList<>();
    private static long nanoBase;
    private static long epochNanosBase;
    private static Profile.Op current;
    private static final List<Runnable> UNDO = new ArrayList<>();
    private static ArrayRuntime runtime;

    private Profiler() {
    }

    /** Nanoseconds since the epoch, from this rank's monotonic clock. */
    static long now() {
        return epochNanosBase + (System.nanoTime() - nanoBase);
    }

    /** Converts a {@link System#nanoTime} reading. */
    public static long at(long nanoTime) {
        return epochNanosBase + (nanoTime - nanoBase);
    }

    /** Starts recording on this rank (every rank calls it at the same point). Starting twice starts afresh. */
    public static synchronized void start(ArrayRuntime rt) {
        if (on) {
            stopRecording();
        }
        clear();
        current = null;
        nanoBase = System.nanoTime();
        epochNanosBase = System.currentTimeMillis() * 1_000_000L;
        runtime = rt;
        if (rt != null) {
            rt.profiling(true);
            UNDO.add(() -> rt.profiling(false));
        }
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter e) {
                NotificationListener l = Profiler::gcNotification;
                e.addNotificationListener(l, null, null);
                UNDO.add(() -> {
                    try {
                        e.removeNotificationListener(l);
                    } catch (javax.management.ListenerNotFoundException ignored) {
                        // already gone
                    }
                });
            }
        }
        on = true;
    }

    private static void stopRecording() {
        on = false;
        for (Runnable r : UNDO) {
            r.run();
        }
        UNDO.clear();
    }

    /**
     * Stops recording and gathers every rank's record: the whole profile on rank 0, null on the
     * others (every rank calls it at the same point; one collective).
     */
    public static synchronized Profile stop() throws InterruptedException {
        stopRecording();
        ArrayRuntime rt = runtime;
        runtime = null;
        int rank = rt == null ? 0 : rt.rank();
        Profile.Rank mine = new Profile.Rank(rank, List.copyOf(SPANS), List.copyOf(OPS), List.copyOf(COMMS), new java.util.LinkedHashMap<>(TOTALS),
                new long[] {DROPPED_SPANS.get(), droppedOps});
        clear();
        if (rt == null || rt.size() == 1) {
            return new Profile(List.of(mine));
        }
        RankCommunicator comm = rt.comm() instanceof ProfiledCommunicator p ? p.inner() : rt.comm();
        byte[][] all = Collectives.allgather(comm, mine.encode().getBytes(StandardCharsets.UTF_8));
        if (rank != 0) {
            return null;
        }
        List<Profile.Rank> ranks = new ArrayList<>();
        for (byte[] b : all) {
            ranks.add(Profile.Rank.decode(new String(b, StandardCharsets.UTF_8)));
        }
        return new Profile(ranks);
    }

    private static void clear() {
        SPANS.clear();
        SPAN_COUNT.set(0);
        DROPPED_SPANS.set(0);
        OPS.clear();
        COMMS.clear();
        TOTALS.clear();
        droppedOps = 0;
    }

    private static void add(Profile.Span s) {
        if (SPAN_COUNT.incrementAndGet() <= MAX_SPANS) {
            SPANS.add(s);
        } else {
            DROPPED_SPANS.incrementAndGet();
        }
    }

    // ---- what the runtime reports ----

    /** A span on a lane of this rank (a CPU thread, the data plane, cells, GC). */
    public static void span(String lane, String kind, String name, long startNano, long endNano, String detail) {
        add(new Profile.Span(lane, kind, name, at(startNano), at(endNano), detail));
    }

    /** An array operation begins (on the rank's main thread); returns it to {@link #endOp}. */
    static synchronized Profile.Op beginOp(String name, String shape, long[] reads, long[] writes) {
        Progress.started(name, shape);
        if (!on) { // counted for the progress display only (Progress): nothing recorded
            return new Profile.Op(-1, name, shape, List.of(), List.of(), 0, 0);
        }
        TOTALS.computeIfAbsent(name, k -> new long[2])[0]++;
        if (OPS.size() >= MAX_OPS) { // counted in the totals, not kept
            droppedOps++;
            Profile.Op op = new Profile.Op(-1, name, shape, new ArrayList<>(), new ArrayList<>(), now(), 0);
            current = op;
            return op;
        }
        Profile.Op op = new Profile.Op(OPS.size(), name, shape, new ArrayList<>(), new ArrayList<>(), now(), 0);
        for (long r : reads) {
            if (!op.reads().contains(r)) {
                op.reads().add(r);
            }
        }
        for (long w : writes) {
            if (!op.writes().contains(w)) {
                op.writes().add(w);
            }
        }
        OPS.add(op);
        current = op;
        return op;
    }

    /**
     * Work on the rank's own arrays outside the backend's operations (a factorization's steps on
     * the host threads, with their collectives), called outside any array operation: recorded as an
     * operation of its own (no stores), so that its threads' spans and its messages carry its name
     * rather than the operation before's, and shown by {@code --show-progress}.
     */
    public static void hostWork(String name, String shape, Runnable body) {
        Profile.Op op = beginOp(name, shape, new long[0], new long[0]); // with the profiler off: for the progress display only
        try {
            body.run();
        } finally {
            endOp(op, shape);
        }
    }

    /** An operation that ran before runs again (a fused expression's second run of rows); returns it to {@link #endOp}. */
    static synchronized Profile.Op resumeOp(Profile.Op op) {
        if (!on) {
            return op;
        }
        Profile.Op again = new Profile.Op(op.id(), op.name(), op.shape(), op.reads(), op.writes(), now(), 0);
        current = again;
        return again;
    }

    static synchronized void endOp(Profile.Op op, String detail) {
        Progress.ended();
        if (!on) {
            return;
        }
        long end = now();
        long[] total = TOTALS.get(op.name());
        if (total != null) {
            total[1] += Math.max(0, end - op.start());
        }
        int i = op.id();
        if (i < 0 || i >= OPS.size()) { // past the limit, or a profile started again since
            add(new Profile.Span("operations", "op", op.name(), op.start(), end, detail));
            return;
        }
        Profile.Op before = OPS.get(i);
        OPS.set(i, new Profile.Op(i, op.name(), op.shape(), before.reads(), before.writes(), Math.min(before.start(), op.start()),
                Math.max(before.end(), end)));
        add(new Profile.Span("operations", "op", op.name(), op.start(), end, detail));
    }

    /** Store {@code s} was written by the last operation (a fill, a matrix product's result). */
    public static void wrote(Store s) {
        if (!on) {
            return;
        }
        synchronized (Profiler.class) {
            if (current != null && current.id() >= 0 && current.id() < OPS.size() && !OPS.get(current.id()).writes().contains(s.id())) {
                OPS.get(current.id()).writes().add(s.id());
            }
        }
    }

    /** A block sent to or received from another rank, during the current operation. */
    static synchronized void comm(boolean send, int peer, long tag, int bytes, long startNano, long endNano) {
        int op = current == null ? -1 : current.id();
        if (COMMS.size() < MAX_SPANS) {
            COMMS.add(new Profile.Comm(op, send, peer, tag, bytes, at(startNano), at(endNano)));
        }
        add(new Profile.Span("data plane", send ? "send" : "receive", (send ? "send to rank " : "receive from rank ") + peer,
                at(startNano), at(endNano), bytes + " bytes, tag " + tag));
    }

    private static void gcNotification(Notification n, Object handback) {
        if (!on || !"com.sun.management.gc.notification".equals(n.getType()) || !(n.getUserData() instanceof CompositeData cd)) {
            return;
        }
        try {
            String name = String.valueOf(cd.get("gcName"));
            String action = String.valueOf(cd.get("gcAction"));
            CompositeData info = (CompositeData) cd.get("gcInfo");
            long startMs = (Long) info.get("startTime"); // since the JVM started
            long durationMs = (Long) info.get("duration");
            long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
            long start = (jvmStart + startMs) * 1_000_000L;
            add(new Profile.Span("GC", "gc", name, start, start + Math.max(durationMs, 0) * 1_000_000L, action + ", "
                    + durationMs + " ms"));
        } catch (RuntimeException ignored) {
            // a notification of another shape: not a pause to show
        }
    }

    /** The name of the operation running now ("" between operations). */
    public static synchronized String currentName() {
        return current == null ? "" : current.name();
    }

    /** For tests: the operations recorded so far on this rank. */
    static synchronized List<Profile.Op> ops() {
        return List.copyOf(OPS);
    }
}
