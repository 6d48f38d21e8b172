package legate.runtime.cluster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * How a cell ended on each rank: ranks above 0 report to rank 0 over the data plane (a Hazelcast
 * queue costs a millisecond or two), and rank 0 gathers the reports. While rank 0 waits, a cell
 * that failed somewhere has its stragglers interrupted ({@link StragglerPolicy}), and a rank that
 * is lost ends the wait.
 *
 * <p>Within a cell, the same data plane carries rank 0's control operations to every rank (the
 * class bytes and calls of its JShell, which the other ranks run without compiling) and each
 * rank's step reports (how each run of code ended there), which rank 0 awaits before it runs the
 * next snippet.
 */
public final class OutcomeGathering implements AutoCloseable {
    /** How often rank 0 looks up from its wait for a lost rank or a straggler. */
    private static final long POLL_MILLIS = 200;
    /** How often rank 0 looks at the outcomes that arrived while its own cell runs. */
    private static final long WATCH_MILLIS = 250;

    private final DataPlane data;
    private final int size;
    private final LostRanks lost;
    private final CellInterrupts interrupts;
    /** Outcomes that arrived while rank 0 still ran the cell, by rank (gather takes them). */
    private final Map<Integer, CellOutcome> arrived = new HashMap<>();
    /** The cell whose step reports are counted below (under the lock of {@link #arrived}). */
    private long stepCell = -1;
    /** Step reports of {@link #stepCell} received from each rank. */
    private final int[] steps;
    /** The failed step reports of {@link #stepCell}, as the outcomes they foretell. */
    private final Map<Integer, CellOutcome> failedSteps = new HashMap<>();
    private final ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "legate-cell-watch");
        t.setDaemon(true);
        return t;
    });

    OutcomeGathering(DataPlane data, int size, LostRanks lost, CellInterrupts interrupts) {
        this.data = data;
        this.size = size;
        this.lost = lost;
        this.interrupts = interrupts;
        this.steps = new int[size];
    }

    /** Ranks above 0: how the cell ended here. */
    public void report(CellOutcome outcome) {
        data.send(0, CellTags.outcome(outcome.seq()), outcome.encode());
    }

    /**
     * Rank 0, while its own run of cell {@code seq} goes on: when the cell fails on another rank,
     * {@code stopHere} and every rank still running it are interrupted after the grace (rank 0 may
     * be waiting for that rank in an exchange). Closing the watch ends it.
     */
    public Watch watch(long seq, Runnable stopHere) {
        StragglerPolicy policy = new StragglerPolicy();
        AtomicBoolean running = new AtomicBoolean(true);
        ScheduledFuture<?> ticks = watcher.scheduleWithFixedDelay(() -> {
            // a tick already under way when the cell ended must not interrupt what comes next:
            // closing waits for it (the lock), and a tick after the close does nothing
            synchronized (running) {
                if (running.get() && policy.stopStragglers(false, arrived(seq), System.nanoTime())) {
                    stopHere.run();
                    interrupts.publish(seq);
                }
            }
        }, WATCH_MILLIS, WATCH_MILLIS, TimeUnit.MILLISECONDS);
        return () -> {
            synchronized (running) {
                running.set(false);
            }
            ticks.cancel(false);
        };
    }

    /** Rank 0's watch over the other ranks while its own run of a cell goes on. */
    public interface Watch extends AutoCloseable {
        /** Ends the watch: the cell has ended on rank 0. */
        @Override
        void close();
    }

    /**
     * Rank 0: the outcomes other ranks have already sent for cell {@code seq}, and for ranks that
     * have not, a failed step (a snippet that failed there: the cell will fail).
     */
    List<CellOutcome> arrived(long seq) {
        synchronized (arrived) {
            List<CellOutcome> known = new ArrayList<>();
            for (int r = 1; r < size; r++) {
                CellOutcome o = arrivedOutcome(r, seq);
                drainSteps(r, seq);
                if (o != null) {
                    known.add(o);
                } else if (stepCell == seq && failedSteps.containsKey(r)) { // not a failed step of an earlier cell
                    known.add(failedSteps.get(r));
                }
            }
            return known;
        }
    }

    /** Rank {@code r}'s outcome of cell {@code seq} if it has arrived; the caller holds the lock of {@link #arrived}. */
    private CellOutcome arrivedOutcome(int r, long seq) {
        CellOutcome o = arrived.get(r);
        if (o == null) {
            byte[] b = data.queued(r, CellTags.outcome(seq));
            if (b != null) {
                o = CellOutcome.decode(b);
                arrived.put(r, o);
            }
        }
        return o != null && o.seq() == seq ? o : null;
    }

    /** Files the step reports of rank {@code r} queued for cell {@code seq}; the caller holds the lock of {@link #arrived}. */
    private void drainSteps(int r, long seq) {
        byte[] b;
        while ((b = data.queued(r, CellTags.step(seq))) != null) {
            fileStep(CellOutcome.decode(b), seq);
        }
    }

    private void fileStep(CellOutcome step, long seq) {
        if (stepCell != seq) {
            stepCell = seq;
            java.util.Arrays.fill(steps, 0);
            failedSteps.clear();
        }
        steps[step.rank()]++;
        if (!step.ok()) {
            failedSteps.putIfAbsent(step.rank(), step);
        }
    }

    /** Ranks above 0: rank 0's next control operation of cell {@code seq}; waits for it. */
    public byte[] nextControl(long seq) throws InterruptedException {
        return data.receive(0, CellTags.control(seq));
    }

    /** Rank 0: one control operation of cell {@code seq}, to every other rank, in the order sent. */
    public void sendControl(long seq, byte[] op) {
        for (int r = 1; r < size; r++) {
            if (!lost.contains(r)) {
                data.send(r, CellTags.control(seq), op);
            }
        }
    }

    /**
     * Ranks above 0: how the latest run of code of cell {@code seq} ended here ({@code error} null:
     * without error, else what was thrown, in one line).
     */
    public void reportStep(long seq, int rank, String error) {
        CellOutcome step = error == null ? CellOutcome.ok(seq, rank) : new CellOutcome(seq, rank, false, error, "", List.of());
        data.send(0, CellTags.step(seq), step.encode());
    }

    /**
     * Rank 0: waits until every other rank has reported {@code count} steps of cell {@code seq},
     * or has ended the cell (its outcome arrived: it stopped early), or {@code stop} says so.
     *
     * @return what failed, by rank ("rank 1: java.lang.IllegalStateException: only here"); empty when nothing did
     * @throws RankLostException when a rank is lost before it answered
     */
    public List<String> awaitSteps(long seq, int count, BooleanSupplier stop) throws RankLostException, InterruptedException {
        List<String> failed = new ArrayList<>();
        for (int r = 1; r < size; r++) {
            while (true) {
                synchronized (arrived) {
                    drainSteps(r, seq);
                    int seen = stepCell == seq ? steps[r] : 0;
                    CellOutcome step = stepCell == seq ? failedSteps.get(r) : null;
                    if (step != null) {
                        failed.add("rank " + r + ": " + step.ename());
                        break;
                    }
                    if (seen >= count) {
                        break;
                    }
                    CellOutcome o = arrivedOutcome(r, seq);
                    if (o != null) {
                        failed.add("rank " + r + ": " + (o.ok() ? "it ended the cell before running all of it"
                                : o.ename() + (o.evalue() == null || o.evalue().isEmpty() ? "" : ": " + o.evalue())));
                        break;
                    }
                }
                if (lost.contains(r)) {
                    throw new RankLostException(r, LostRanks.stopped(r));
                }
                if (stop.getAsBoolean()) {
                    failed.add("rank 0: the cell was interrupted");
                    return failed;
                }
                byte[] b = data.receive(r, CellTags.step(seq), STEP_POLL_MILLIS);
                if (b != null) {
                    synchronized (arrived) {
                        fileStep(CellOutcome.decode(b), seq);
                    }
                }
            }
        }
        return failed;
    }

    /** How often rank 0, waiting for a step report, looks up for a lost rank, an interrupt or a rank that left the cell. */
    private static final long STEP_POLL_MILLIS = 50;

    /**
     * Rank 0, once its own run of cell {@code seq} has ended: every other rank's outcome, rank
     * order; stragglers are interrupted as {@link StragglerPolicy} says.
     *
     * @param mineFailed whether the cell failed on rank 0
     * @throws RankLostException when a rank is lost before it answered
     */
    public List<CellOutcome> gather(long seq, boolean mineFailed) throws RankLostException, InterruptedException {
        List<CellOutcome> ordered = new ArrayList<>();
        StragglerPolicy policy = new StragglerPolicy();
        policy.stopStragglers(mineFailed, ordered, System.nanoTime()); // rank 0's own failure starts the grace now
        for (int r = 1; r < size; r++) {
            CellOutcome o;
            synchronized (arrived) {
                o = arrived.remove(r);
            }
            if (o == null || o.seq() != seq) {
                byte[] b;
                while ((b = data.receive(r, CellTags.outcome(seq), POLL_MILLIS)) == null) {
                    if (lost.contains(r)) {
                        throw new RankLostException(r, LostRanks.stopped(r));
                    }
                    if (policy.stopStragglers(mineFailed, ordered, System.nanoTime())) {
                        interrupts.publish(seq);
                    }
                }
                o = CellOutcome.decode(b);
            }
            ordered.add(o);
        }
        return ordered;
    }

    @Override
    public void close() {
        watcher.shutdownNow();
    }
}
