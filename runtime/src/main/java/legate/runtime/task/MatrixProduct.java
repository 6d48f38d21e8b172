package legate.runtime.task;

import java.nio.ByteBuffer;
import java.util.List;
import legate.runtime.comm.Collectives;
import legate.runtime.comm.RankCommunicator;
import legate.runtime.store.Buffer;
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
        if (chainable(rt, a, b, shape, type)) {
            View whole = rt.holdsWhole(a) && a.isContiguous() ? a : Elementwise.replicated(rt, a); // small: gathered, not b
            return chained(rt, whole, b, n, k, m, op);
        }
        Partition p = rt.partitioner().following(shape, List.of(a)); // C's row i is A's row i
        if (p.isReplicated() && rt.size() > 1 && !a.store().isReplicated() && (long) k > 4L * m) {
            // a small result of a large split left operand (a tall matrix times a vector): computed where
            // the operand's rows are, and left split, rather than the operand sent whole to every rank
            Partition aligned = rt.partitioner().alignedWith(a, n);
            p = aligned != null ? aligned : p;
        }
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
        legate.runtime.profile.Profiler.wrote(out);
        return View.of(out);
    }

    /**
     * A small left operand every rank holds whole, times a right operand split by rows (a vector
     * times a tall matrix, {@code error @ x} in a regression): sending the right operand to every
     * rank would move all of it each time. Instead each rank adds its rows' terms to the running
     * sums the rank before it passes on (the sums over the inner dimension stay in index order,
     * so the bits are one rank's), and the last rank's result goes to every rank.
     */
    private static boolean chainable(ArrayRuntime rt, View a, View b, int[] shape, ElementType type) {
        return rt.size() > 1 && type == ElementType.FLOAT64 && a.store().type() == ElementType.FLOAT64
                && b.store().type() == ElementType.FLOAT64 && a.size() * 4 <= b.size() && b.isWholeStore()
                && !b.store().isReplicated() && rt.partitioner().forNewStore(shape).isReplicated();
    }

    private static View chained(ArrayRuntime rt, View a, View b, int n, int k, int m, String op) {
        Store out = rt.newStore(ElementType.FLOAT64, new int[] {n, m}, Partition.replicated(n), op);
        double[] res = new double[n * m];
        Store bs = b.store();
        int t0 = bs.ownLo();
        int t1 = bs.ownHi();
        Buffer rightBuffer = bs.local().forHostRead();
        Buffer leftBuffer = a.store().local().forHostRead();
        double[] right = (double[]) rightBuffer.array(); // rows t0 .. t1 of b, m to a row
        double[] left = (double[]) leftBuffer.array();
        int offset = (int) a.offset(); // a[i][t] at offset + i * k + t
        RankCommunicator comm = rt.comm();
        long tag = comm.nextTag();
        int me = rt.rank();
        try {
            if (me > 0) {
                ByteBuffer.wrap(comm.receive(me - 1, tag)).asDoubleBuffer().get(res);
            }
            for (int i = 0; i < n; i++) {
                for (int t = t0; t < t1; t++) {
                    double x = left[offset + i * k + t];
                    int bt = (t - t0) * m;
                    for (int j = 0; j < m; j++) {
                        res[i * m + j] += x * right[bt + j];
                    }
                }
            }
            byte[] bytes = new byte[res.length * 8];
            ByteBuffer.wrap(bytes).asDoubleBuffer().put(res);
            if (me + 1 < rt.size()) {
                comm.send(me + 1, tag, bytes);
            }
            bytes = Collectives.broadcast(comm, bytes, rt.size() - 1);
            ByteBuffer.wrap(bytes).asDoubleBuffer().get(res);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the other ranks", e);
        } finally { // their arrays were read above: the buffers stay reachable until then (BufferPool)
            java.lang.ref.Reference.reachabilityFence(rightBuffer);
            java.lang.ref.Reference.reachabilityFence(leftBuffer);
        }
        Buffer local = out.local();
        local.array(); // made now if the backend makes it lazily
        for (int i = 0; i < res.length; i++) {
            local.setDouble(i, res[i]);
        }
        return View.of(out);
    }
}
