package legate.runtime.partition;

import java.util.Arrays;

/**
 * How a store's rows (its first axis) are spread over the ranks: replicated (every rank holds
 * every row: small stores) or split into one contiguous block per rank, in rank order. Every
 * rank computes the same partition for the same store, so any rank knows where any row lives.
 */
public final class Partition {
    private final int rows;
    private final int[] bounds; // rank r owns [bounds[r], bounds[r+1]); null when replicated

    private Partition(int rows, int[] bounds) {
        this.rows = rows;
        this.bounds = bounds;
    }

    public static Partition replicated(int rows) {
        return new Partition(rows, null);
    }

    /** Rows split as evenly as they go, the first ranks taking one more. */
    public static Partition even(int rows, int ranks) {
        int[] b = new int[ranks + 1];
        for (int r = 0; r <= ranks; r++) {
            b[r] = (int) ((long) rows * r / ranks);
        }
        return new Partition(rows, b);
    }

    /** The given block boundaries: {@code bounds[0] == 0}, non-decreasing, {@code bounds[ranks] == rows}. */
    public static Partition of(int[] bounds) {
        for (int r = 1; r < bounds.length; r++) {
            if (bounds[r] < bounds[r - 1]) {
                throw new IllegalArgumentException("partition bounds must not decrease: " + Arrays.toString(bounds));
            }
        }
        if (bounds[0] != 0) {
            throw new IllegalArgumentException("partition bounds must start at 0: " + Arrays.toString(bounds));
        }
        return new Partition(bounds[bounds.length - 1], bounds.clone());
    }

    public boolean isReplicated() {
        return bounds == null;
    }

    public int rows() {
        return rows;
    }

    /** The first row rank {@code r} holds. */
    public int lo(int r) {
        return bounds == null ? 0 : bounds[r];
    }

    /** One past the last row rank {@code r} holds. */
    public int hi(int r) {
        return bounds == null ? rows : bounds[r + 1];
    }

    /** {lo[], hi[]}: the rows each of {@code ranks} ranks holds (all of them when replicated). */
    public int[][] rowsPerRank(int ranks) {
        int[] lo = new int[ranks];
        int[] hi = new int[ranks];
        for (int q = 0; q < ranks; q++) {
            lo[q] = lo(q);
            hi[q] = hi(q);
        }
        return new int[][] {lo, hi};
    }

    /** The most rows any rank holds. */
    public int maxRows() {
        if (bounds == null) {
            return rows;
        }
        int m = 0;
        for (int r = 0; r + 1 < bounds.length; r++) {
            m = Math.max(m, bounds[r + 1] - bounds[r]);
        }
        return m;
    }

    public int ranks() {
        return bounds == null ? 0 : bounds.length - 1;
    }

    @Override
    public String toString() {
        return bounds == null ? "replicated(" + rows + ")" : "blocks" + Arrays.toString(bounds);
    }
}
