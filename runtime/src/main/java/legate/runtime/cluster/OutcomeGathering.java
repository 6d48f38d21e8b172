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

/**
 * How a cell ended on each rank: ranks above 0 report to rank 0 over the data plane (a Hazelcast
 * queue costs a millisecond or two), and rank 0 gathers the reports. While rank 0 waits, a cell
 * that failed somewhere has its stragglers interrupted ({@link StragglerPolicy}), and a rank that
 * is lost ends the wait.
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
            // a tick already under way when the cell ended must not interrupt what comes next
            if (running.get() && policy.stopStragglers(false, arrived(seq), System.nanoTime())) {
                stopHere.run();
                interrupts.publish(seq);
            }
        }, WATCH_MILLIS, WATCH_MILLIS, TimeUnit.MILLISECONDS);
        return () -> {
            running.set(false);
            ticks.cancel(false);
        };
    }

    /** Rank 0's watch over the other ranks while its own run of a cell goes on. */
    public interface Watch extends AutoCloseable {
        /** Ends the watch: the cell has ended on rank 0. */
        @Override
        void close();
    }

    /** Rank 0: the outcomes other ranks have already sent for cell {@code seq}. */
    List<CellOutcome> arrived(long seq) {
        synchronized (arrived) {
            for (int r = 1; r < size; r++) {
                if (!arrived.containsKey(r)) {
                    byte[] b = data.queued(r, CellTags.outcome(seq));
                    if (b != null) {
                        arrived.put(r, CellOutcome.decode(b));
                    }
                }
            }
            return arrived.values().stream().filter(o -> o.seq() == seq).toList();
        }
    }

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
