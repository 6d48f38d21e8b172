package legate.runtime.task;

import java.util.List;
import legate.runtime.partition.Partition;
import legate.runtime.store.Source;
import legate.runtime.store.Store;
import legate.runtime.store.View;
import legate.runtime.types.ElementType;

/**
 * The product of two matrices. The result's rows are computed by the ranks holding the left
 * operand's rows (owner computes); every rank receives the whole right operand. Each element
 * sums over the inner dimension in index order, on whichever rank, so results do not depend on
 * the ranks.
 */
public final class MatrixProduct {
    private MatrixProduct() {
    }

    /** {@code a (n x k) @ b (k x m)} into a new store of {@code type}; {@code op} names it in errors. */
    public static View of(ArrayRuntime rt, View a, View b, int n, int k, int m, ElementType type, String op) {
        int[] shape = {n, m};
        Partition p = rt.partitioner().following(shape, List.of(a)); // C's row i is A's row i
        Store out = rt.newStore(type, shape, p, op);
        int ranks = rt.size();
        int[][] own = p.rowsPerRank(ranks);
        int[] lo = own[0];
        int[] hi = own[1];
        int[][] all = Partition.replicated(k).rowsPerRank(ranks); // every rank: all of B
        int me = rt.rank();
        int rows = hi[me] - lo[me];
        Source left = Source.prepare(rt.comm(), a, lo, hi);
        Source right = Source.prepare(rt.comm(), b, all[0], all[1]);
        rt.backend().matmul(left, a.stride(1), lo[me], right, b.stride(1), rows, k, m, out.local());
        return View.of(out);
    }
}
