package legate.runtime.cluster;

import java.util.Collection;

/**
 * When rank 0, waiting for the ranks to finish a cell, stops those still running it. Once the
 * cell has failed on some rank, the others may be waiting for that rank in an exchange that will
 * never come: after {@link #GRACE_MILLIS} they are stragglers and are interrupted (again after
 * each further grace while the wait goes on). One policy per wait: rank 0's own run of the cell,
 * then its gathering of the outcomes.
 */
final class StragglerPolicy {
    /** How long ranks may go on with a cell that failed elsewhere before they are interrupted. */
    static final long GRACE_MILLIS = 1000;

    private long failedSince = -1;

    /**
     * Whether to interrupt the ranks still running the cell now.
     *
     * @param mineFailed whether the cell failed on rank 0
     * @param known      the other ranks' outcomes of the cell known so far
     * @param nowNanos   {@link System#nanoTime()}
     */
    boolean stopStragglers(boolean mineFailed, Collection<CellOutcome> known, long nowNanos) {
        if (!mineFailed && known.stream().allMatch(CellOutcome::ok)) {
            return false;
        }
        if (failedSince < 0) {
            failedSince = nowNanos;
            return false;
        }
        if (nowNanos - failedSince > GRACE_MILLIS * 1_000_000L) {
            failedSince = -1; // the clock restarts: a rank that did not stop is interrupted again a grace later
            return true;
        }
        return false;
    }
}
