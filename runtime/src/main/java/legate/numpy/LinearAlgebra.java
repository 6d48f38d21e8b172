package legate.numpy;

import java.util.List;
import legate.runtime.partition.Partition;
import legate.runtime.store.Buffer;
import legate.runtime.store.Store;
import legate.runtime.store.View;
import legate.runtime.task.ArrayRuntime;
import legate.runtime.task.Source;

/**
 * Matrix products. The result's rows are computed by the ranks holding the left operand's rows
 * (owner computes); every rank receives the whole right operand. Each element sums over the
 * inner dimension in index order, on whichever rank, so results do not depend on the ranks.
 */
final class LinearAlgebra {
    private LinearAlgebra() {
    }

    static NDArray matmul(NDArray a, NDArray b, String op) {
        if (a.ndim() == 0 || b.ndim() == 0) {
            throw new IllegalArgumentException(op + ": matmul: input operand does not have enough dimensions (scalars are not allowed; "
                    + "use mul)");
        }
        if (a.ndim() > 2 || b.ndim() > 2) {
            throw new IllegalArgumentException(op + ": arrays of more than 2 dimensions are not supported yet: shapes "
                    + NDArray.shapeText(a.shape()) + " and " + NDArray.shapeText(b.shape()));
        }
        boolean vecA = a.ndim() == 1;
        boolean vecB = b.ndim() == 1;
        NDArray a2 = vecA ? a.reshape(1, a.shape()[0]) : a;
        NDArray b2 = vecB ? b.reshape(b.shape()[0], 1) : b;
        int n = a2.shape()[0];
        int k = a2.shape()[1];
        int m = b2.shape()[1];
        if (b2.shape()[0] != k) {
            throw new IllegalArgumentException(op + ": shapes " + NDArray.shapeText(a.shape()) + " and " + NDArray.shapeText(b.shape())
                    + " not aligned: " + k + " (dim " + (a.ndim() - 1) + ") != " + b2.shape()[0] + " (dim 0)");
        }
        NDArray c = product(a2, b2, n, k, m, op);
        if (vecA && vecB) {
            return c.reshape();
        }
        if (vecA) {
            return c.reshape(m);
        }
        if (vecB) {
            return c.reshape(n);
        }
        return c;
    }

    private static NDArray product(NDArray a, NDArray b, int n, int k, int m, String op) {
        ArrayRuntime rt = a.runtime();
        DType type = DType.promote(a.dtype(), b.dtype());
        if (type == DType.BOOL || type.isInteger()) {
            type = type == DType.BOOL ? DType.BOOL : DType.INT64;
        }
        int[] shape = {n, m};
        Partition p = Exec.partitionFollowing(rt, shape, List.of(a.view())); // C's row i is A's row i
        Store out = rt.newStore(type, shape, p, op);
        int ranks = rt.size();
        int[][] own = p.rowsPerRank(ranks);
        int[] lo = own[0];
        int[] hi = own[1];
        int[][] all = Partition.replicated(k).rowsPerRank(ranks); // every rank: all of B
        int me = rt.rank();
        int rows = hi[me] - lo[me];
        double[] left = gather(rt, a.view(), lo, hi, lo[me], rows, k);
        double[] right = gather(rt, b.view(), all[0], all[1], 0, k, m);
        Buffer o = out.local();
        final double[] res = o instanceof Buffer.F64 f ? f.a : new double[rows * m];
        rt.parallelRows(0, rows, (long) k * m, (r0, r1) -> {
            for (int i = r0; i < r1; i++) {
                int ci = i * m;
                for (int t = 0; t < k; t++) {
                    double x = left[i * k + t];
                    if (x == 0) {
                        continue;
                    }
                    int bt = t * m;
                    for (int j = 0; j < m; j++) {
                        res[ci + j] += x * right[bt + j];
                    }
                }
            }
        });
        if (!(o instanceof Buffer.F64)) {
            for (int i = 0; i < res.length; i++) {
                o.setDouble(i, res[i]);
            }
        }
        return new NDArray(rt, View.of(out));
    }

    /** Rows {@code from .. from+rows} of a 2-D view, as a dense row-major double array on this rank. */
    private static double[] gather(ArrayRuntime rt, View v, int[] lo, int[] hi, int from, int rows, int cols) {
        Source src = Source.prepare(rt, v, lo, hi);
        double[] out = new double[rows * cols];
        long colStride = v.stride(1);
        for (int i = 0; i < rows; i++) {
            Buffer b = src.buffer(from + i);
            long start = src.rowStart(from + i) - src.base(from + i);
            for (int j = 0; j < cols; j++) {
                out[i * cols + j] = b.getDouble((int) (start + j * colStride));
            }
        }
        return out;
    }
}
