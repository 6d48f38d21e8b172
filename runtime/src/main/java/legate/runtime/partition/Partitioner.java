package legate.runtime.partition;

import java.util.List;
import legate.runtime.store.Store;
import legate.runtime.store.View;

/**
 * The runtime's partition choices for a session of {@code ranks} ranks: how a new store is
 * spread, which partition an operation's output takes so its operands need no communication
 * (owner computes), which rank computes which rows of a view, and who owns an element. Every
 * rank makes the same choices from the same program, so no rank asks another.
 */
public final class Partitioner {
    private final int ranks;
    private final long partitionThreshold;

    /** @param partitionThreshold stores of at least this many elements are split across the ranks */
    public Partitioner(int ranks, long partitionThreshold) {
        this.ranks = ranks;
        this.partitionThreshold = partitionThreshold;
    }

    public int ranks() {
        return ranks;
    }

    /** How a new store of this shape is spread: whole on every rank when small, else in row blocks. */
    public Partition forNewStore(int[] shape) {
        int rows = shape.length == 0 ? 1 : shape[0];
        if (ranks == 1 || shape.length == 0 || Store.sizeOf(shape) < partitionThreshold || rows < ranks) {
            return Partition.replicated(rows);
        }
        return Partition.even(rows, ranks);
    }

    /**
     * The partition of a new array of {@code shape}: whole on every rank when small, else that
     * of the first of {@code rowsLikeIt} (views whose row i is the result's row i) to which it
     * can be aligned, else even.
     */
    public Partition following(int[] shape, List<View> rowsLikeIt) {
        Partition p = forNewStore(shape);
        if (p.isReplicated()) {
            return p;
        }
        for (View v : rowsLikeIt) {
            Partition d = alignedWith(v, shape[0]);
            if (d != null) {
                return d;
            }
        }
        return p;
    }

    /**
     * The partition of {@code rows} result rows that puts row i where row i of {@code v} lives
     * (v split, its rows following its store's rows in order), or null.
     */
    public Partition alignedWith(View v, int rows) {
        if (v == null || v.store().isReplicated() || v.ndim() == 0) {
            return null;
        }
        RowMap m = RowMap.of(v);
        if (!m.mapped() || m.step() <= 0) {
            return null;
        }
        int[][] owned = ownedRows(v);
        int[] bounds = new int[ranks + 1];
        for (int q = 0; q < ranks; q++) {
            bounds[q + 1] = owned[1][q];
        }
        bounds[ranks] = rows;
        for (int q = 1; q < bounds.length; q++) {
            bounds[q] = Math.min(rows, Math.max(bounds[q], bounds[q - 1]));
        }
        bounds[ranks] = rows;
        return Partition.of(bounds);
    }

    /**
     * Which rows of {@code view} each rank computes, {lo[], hi[]}: on a split store, exactly the
     * rows whose store rows the rank holds (when each view row lies in one store row), else an
     * even split; on a replicated store, every rank all of them.
     */
    public int[][] ownedRows(View view) {
        int n = view.ndim() == 0 ? 1 : view.dim(0);
        int[] lo = new int[ranks];
        int[] hi = new int[ranks];
        Store store = view.store();
        if (store.isReplicated() || ranks == 1) {
            java.util.Arrays.fill(hi, n);
            return new int[][] {lo, hi};
        }
        RowMap m = RowMap.of(view);
        Partition p = store.partition();
        for (int q = 0; q < ranks; q++) {
            if (m.mapped()) {
                int[] r = m.rowsIn(p.lo(q), p.hi(q), n);
                lo[q] = r[0];
                hi[q] = r[1];
            } else {
                lo[q] = (int) ((long) n * q / ranks);
                hi[q] = (int) ((long) n * (q + 1) / ranks);
            }
        }
        return new int[][] {lo, hi};
    }

    /** The rank holding store row {@code row} of a split store. */
    public static int owner(Partition p, int row) {
        int q = 0;
        while (!(row >= p.lo(q) && row < p.hi(q))) {
            q++;
        }
        return q;
    }
}
