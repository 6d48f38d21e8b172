package legate.numpy;

import java.util.Arrays;
import java.util.List;
import legate.runtime.partition.Partition;
import legate.runtime.store.Buffer;
import legate.runtime.store.Store;
import legate.runtime.store.View;
import legate.runtime.task.ArrayRuntime;
import legate.runtime.task.Loops;
import legate.runtime.task.Reductions;
import legate.runtime.task.Source;

/**
 * Reductions along one axis. Along any axis but the first, each result element reduces one
 * row's elements, on the rank that holds the row. Along the first (rows that may live on
 * several ranks), rows are cut into fixed blocks of {@link #ROW_BLOCK}: each block is reduced
 * in row order by the rank holding its first row, and the blocks combined in a fixed tree by
 * every rank. Either way the order depends on the array alone.
 */
final class AxisReductions {
    static final int ROW_BLOCK = 64;

    private AxisReductions() {
    }

    static NDArray reduce(NDArray x, int axis, Reductions.Op op, String name) {
        int a = NDArray.normalizeAxis(name, axis, x.ndim());
        ArrayRuntime rt = x.runtime();
        if (x.ndim() == 1) {
            Reductions.Result r = Reductions.reduce(rt, x.view(), op, 0);
            boolean arg = op == Reductions.Op.ARGMAX || op == Reductions.Op.ARGMIN;
            return np.scalar(rt, arg ? r.index() : r.value(), resultType(op, x.dtype()));
        }
        if (x.size() == 0 && (op != Reductions.Op.SUM && op != Reductions.Op.PROD)) {
            throw new IllegalArgumentException(name + ": zero-size array to reduction operation " + name + " which has no identity");
        }
        return a == 0 ? alongRows(x, op, name) : alongInnerAxis(x, a, op, name);
    }

    /** NumPy's result types: sums of integers are int64, of floats their type; max and min keep the type; arg* give int64. */
    private static DType resultType(Reductions.Op op, DType in) {
        return switch (op) {
            case ARGMAX, ARGMIN -> DType.INT64;
            case MAX, MIN -> in;
            default -> in.isFloating() ? in : DType.INT64;
        };
    }

    /** Axis a > 0: every result element reduces elements of one row of x. */
    private static NDArray alongInnerAxis(NDArray x, int a, Reductions.Op op, String name) {
        ArrayRuntime rt = x.runtime();
        View v = x.view();
        if (!v.store().isReplicated() && rt.size() > 1 && !Source.rowMap(v).mapped()) {
            x = x.copy(); // rows that cross store rows: make them whole first
            v = x.view();
        }
        int nd = v.ndim();
        int[] outShape = new int[nd - 1];
        long[] outStrides = new long[nd - 1];
        for (int d = 0, k = 0; d < nd; d++) {
            if (d != a) {
                outShape[k] = v.dim(d);
                outStrides[k] = v.stride(d);
                k++;
            }
        }
        int n = v.dim(a);
        int step = (int) v.stride(a);
        View rest = new View(v.store(), outShape, outStrides, v.offset());
        Partition p = Exec.partitionFollowing(rt, outShape, List.of(rest));
        Store out = rt.newStore(resultType(op, x.dtype()), outShape, p, name);
        int[][] rows = p.rowsPerRank(rt.size());
        int[] lo = rows[0];
        int[] hi = rows[1];
        // rows of `rest` are rows of x: preparing x brings every element along the axis too
        Source whole = Source.prepare(rt, v, lo, hi);
        Source restSrc = whole.as(rest);
        Source[] src = {Source.prepare(rt, View.of(out), lo, hi), restSrc};
        Loops.Body body = (count, buf, idx, st) -> {
            Buffer o = buf[0];
            Buffer in = buf[1];
            int oi = idx[0];
            int ii = idx[1];
            for (int k = 0; k < count; k++, oi += st[0], ii += st[1]) {
                o.setDouble(oi, along(in, ii, step, n, op));
            }
        };
        Exec.run(rt, outShape, src, out.ownLo(), out.ownHi(), body);
        return new NDArray(rt, View.of(out));
    }

    private static double along(Buffer in, int i, int step, int n, Reductions.Op op) {
        switch (op) {
            case SUM -> {
                double s = 0;
                if (in instanceof Buffer.F64 f) {
                    double[] x = f.a;
                    for (int k = 0; k < n; k++, i += step) {
                        s += x[i];
                    }
                } else {
                    for (int k = 0; k < n; k++, i += step) {
                        s += in.getDouble(i);
                    }
                }
                return s;
            }
            case PROD -> {
                double s = 1;
                for (int k = 0; k < n; k++, i += step) {
                    s *= in.getDouble(i);
                }
                return s;
            }
            case MAX, MIN -> {
                double best = in.getDouble(i);
                for (int k = 1; k < n; k++) {
                    best = Reductions.pick(op == Reductions.Op.MAX, best, in.getDouble(i + k * step));
                }
                return best;
            }
            default -> {
                double best = in.getDouble(i);
                int at = 0;
                for (int k = 1; k < n; k++) {
                    double x = in.getDouble(i + k * step);
                    if (Reductions.better(op == Reductions.Op.ARGMAX, x, best)) {
                        best = x;
                        at = k;
                    }
                }
                return at;
            }
        }
    }

    /** Axis 0: fixed row blocks, each reduced by the rank holding its first row; blocks combined everywhere alike. */
    private static NDArray alongRows(NDArray x, Reductions.Op op, String name) {
        ArrayRuntime rt = x.runtime();
        View v = x.view();
        int rows = v.dim(0);
        int[] outShape = Arrays.copyOfRange(v.shape(), 1, v.ndim());
        int m = (int) Store.sizeOf(outShape);
        int blocks = (rows + ROW_BLOCK - 1) / ROW_BLOCK;
        int ranks = rt.size();
        int[][] own = Source.ownedRows(rt, v);
        boolean everywhere = v.store().isReplicated() || ranks == 1;
        int[] bLo = new int[ranks];
        int[] bHi = new int[ranks];
        int[] needLo = new int[ranks];
        int[] needHi = new int[ranks];
        for (int q = 0; q < ranks; q++) {
            bLo[q] = everywhere ? 0 : Math.min(blocks, ceilDiv(own[0][q], ROW_BLOCK));
            bHi[q] = everywhere ? blocks : Math.min(blocks, ceilDiv(own[1][q], ROW_BLOCK));
            if (bHi[q] > bLo[q]) {
                needLo[q] = bLo[q] * ROW_BLOCK;
                needHi[q] = Math.min(rows, bHi[q] * ROW_BLOCK);
            }
        }
        Source src = Source.prepare(rt, v, needLo, needHi);
        boolean arg = op == Reductions.Op.ARGMAX || op == Reductions.Op.ARGMIN;
        int me = rt.rank();
        int mine = bHi[me] - bLo[me];
        int width = arg ? 2 * m : m;
        double[] partial = new double[mine * width];
        // one row of x at a time, as a view of shape outShape
        View rowView = new View(v.store(), outShape, Arrays.copyOfRange(v.strides(), 1, v.ndim()), 0);
        rt.parallelRows(bLo[me], bHi[me], (long) ROW_BLOCK * m, (t0, t1) -> {
            double[] rowValues = new double[m];
            for (int t = t0; t < t1; t++) {
                int base = (t - bLo[me]) * width;
                for (int r = t * ROW_BLOCK; r < Math.min(rows, (t + 1) * ROW_BLOCK); r++) {
                    readRow(src, v, rowView, r, rowValues);
                    for (int c = 0; c < m; c++) {
                        double val = rowValues[c];
                        if (r == t * ROW_BLOCK) {
                            partial[base + c] = val;
                            if (arg) {
                                partial[base + m + c] = r;
                            }
                            continue;
                        }
                        switch (op) {
                            case SUM -> partial[base + c] += val;
                            case PROD -> partial[base + c] *= val;
                            case MAX, MIN -> partial[base + c] = Reductions.pick(op == Reductions.Op.MAX, partial[base + c], val);
                            default -> {
                                if (Reductions.better(op == Reductions.Op.ARGMAX, val, partial[base + c])) {
                                    partial[base + c] = val;
                                    partial[base + m + c] = r;
                                }
                            }
                        }
                    }
                }
            }
        });
        double[][] all = new double[blocks][];
        if (everywhere) {
            for (int t = 0; t < blocks; t++) {
                all[t] = Arrays.copyOfRange(partial, t * width, (t + 1) * width);
            }
        } else {
            double[][] gathered = rt.allgather(partial);
            for (int q = 0; q < ranks; q++) {
                for (int t = bLo[q]; t < bHi[q]; t++) {
                    all[t] = Arrays.copyOfRange(gathered[q], (t - bLo[q]) * width, (t - bLo[q] + 1) * width);
                }
            }
        }
        double[] result = new double[m];
        for (int c = 0; c < m; c++) {
            result[c] = combine(op, all, c, m, 0, blocks);
        }
        if (arg) {
            for (int c = 0; c < m; c++) {
                double best = all[0][c];
                double at = all[0][m + c];
                for (int t = 1; t < blocks; t++) {
                    if (Reductions.better(op == Reductions.Op.ARGMAX, all[t][c], best)) {
                        best = all[t][c];
                        at = all[t][m + c];
                    }
                }
                result[c] = at;
            }
        }
        return np.fromFlat(rt, result, outShape, resultType(op, x.dtype()), name);
    }

    private static double combine(Reductions.Op op, double[][] all, int c, int m, int lo, int hi) {
        if (hi - lo == 1) {
            return all[lo][c];
        }
        if (op == Reductions.Op.SUM || op == Reductions.Op.PROD) {
            int mid = lo + (hi - lo) / 2;
            double a = combine(op, all, c, m, lo, mid);
            double b = combine(op, all, c, m, mid, hi);
            return op == Reductions.Op.SUM ? a + b : a * b;
        }
        double v = all[lo][c];
        for (int t = lo + 1; t < hi; t++) {
            v = op == Reductions.Op.MAX || op == Reductions.Op.MIN ? Reductions.pick(op == Reductions.Op.MAX, v, all[t][c]) : v;
        }
        return v;
    }

    /** Row r of v, as doubles, from wherever the source holds it. */
    private static void readRow(Source src, View v, View rowView, int r, double[] out) {
        Buffer b = src.buffer(r);
        long start = src.rowStart(r) - src.base(r);
        int nd = rowView.ndim();
        int[] idx = new int[nd];
        for (int c = 0; c < out.length; c++) {
            long at = start;
            for (int d = 0; d < nd; d++) {
                at += rowView.stride(d) * idx[d];
            }
            out[c] = b.getDouble((int) at);
            for (int d = nd - 1; d >= 0; d--) {
                if (++idx[d] < rowView.dim(d)) {
                    break;
                }
                idx[d] = 0;
            }
        }
    }

    private static int ceilDiv(int a, int b) {
        return -Math.floorDiv(-a, b);
    }
}
