package legate.runtime.task;

import java.util.Arrays;
import legate.runtime.backend.Reduction;
import legate.runtime.partition.Partition;
import legate.runtime.store.Source;
import legate.runtime.store.Store;
import legate.runtime.store.View;
import legate.runtime.types.ElementType;

/**
 * Reductions whose result has the same bits for any number of ranks, threads and processors.
 * The elements are cut into fixed blocks; each block is reduced in a fixed order by the rank
 * holding its first element (its tail arrives as a halo), and the block results are combined
 * by every rank in the same order. The summation order depends on the array alone.
 *
 * <p>Along an axis other than the first, each result element reduces one row's elements, on the
 * rank that holds the row. Along the first, rows are cut into blocks of {@link #ROW_BLOCK}.
 */
public final class Reductions {
    /** Elements per block of a whole-array reduction. */
    public static final int BLOCK = 4096;
    /** Rows per block of a reduction along the first axis. */
    public static final int ROW_BLOCK = 64;

    private Reductions() {
    }

    /** The result: {@code value}, and for arg reductions the flat index. */
    public record Result(double value, long index) {
    }

    /**
     * Reduces every element of {@code view}.
     *
     * @param center for {@link Reduction#SQDEV}: the sum of (x - center)^2
     */
    public static Result reduce(ArrayRuntime rt, View view, Reduction op, double center) {
        long n = view.size();
        int rows = view.ndim() == 0 ? 1 : view.dim(0);
        long perRow = rows == 0 ? 0 : n / rows;
        int blocks = (int) ((n + BLOCK - 1) / BLOCK);
        int ranks = rt.size();
        boolean everywhere = rt.holdsWhole(view); // every rank reduces all blocks itself
        int[][] own = rt.partitioner().ownedRows(view);
        int[] bLo = new int[ranks];
        int[] bHi = new int[ranks];
        int[] needLo = new int[ranks];
        int[] needHi = new int[ranks];
        for (int q = 0; q < ranks; q++) {
            bLo[q] = everywhere ? 0 : (int) Math.min(blocks, ceilDiv(own[0][q] * perRow, BLOCK));
            bHi[q] = everywhere ? blocks : (int) Math.min(blocks, ceilDiv(own[1][q] * perRow, BLOCK));
            if (bHi[q] > bLo[q]) {
                needLo[q] = (int) ((long) bLo[q] * BLOCK / perRow);
                needHi[q] = (int) Math.min(rows, ceilDiv(Math.min(n, (long) bHi[q] * BLOCK), perRow));
            }
        }
        Source src = n == 0 ? null : Source.prepare(rt.comm(), view, needLo, needHi);
        int me = rt.rank();
        int mine = bHi[me] - bLo[me];
        double[] values = new double[mine];
        double[] index = op.isArg() ? new double[mine] : null;
        rt.backend().reduceBlocks(op, center, view, src, BLOCK, bLo[me], bHi[me], values, index);
        double[] all = new double[blocks];
        double[] allIndex = index == null ? null : new double[blocks];
        if (everywhere) {
            System.arraycopy(values, 0, all, 0, blocks);
            if (index != null) {
                System.arraycopy(index, 0, allIndex, 0, blocks);
            }
        } else {
            double[][] gathered = rt.allgather(index == null ? values : interleave(values, index));
            for (int q = 0; q < ranks; q++) {
                for (int k = 0; k < bHi[q] - bLo[q]; k++) {
                    if (index == null) {
                        all[bLo[q] + k] = gathered[q][k];
                    } else {
                        all[bLo[q] + k] = gathered[q][2 * k];
                        allIndex[bLo[q] + k] = gathered[q][2 * k + 1];
                    }
                }
            }
        }
        return combine(op, all, allIndex);
    }

    private static double[] interleave(double[] a, double[] b) {
        double[] r = new double[a.length * 2];
        for (int i = 0; i < a.length; i++) {
            r[2 * i] = a[i];
            r[2 * i + 1] = b[i];
        }
        return r;
    }

    /**
     * NumPy's error for {@code op} over no elements, in NumPy's words; null when {@code op} has an
     * identity (sums 0, products 1).
     */
    public static String withoutIdentity(Reduction op) {
        return switch (op) {
            case SUM, SQDEV, PROD -> null;
            case ARGMAX, ARGMIN -> "attempt to get " + op.name().toLowerCase() + " of an empty sequence";
            default -> "zero-size array to reduction operation " + (op == Reduction.MAX ? "maximum" : "minimum") + " which has no identity";
        };
    }

    static Result combine(Reduction op, double[] p, double[] idx) {
        if (p.length == 0) {
            String error = withoutIdentity(op);
            if (error != null) {
                throw new IllegalArgumentException(error);
            }
            return new Result(op == Reduction.PROD ? 1 : 0, -1);
        }
        switch (op) {
            case SUM, SQDEV, PROD -> {
                return new Result(tree(op, p, 0, p.length), -1);
            }
            case MAX, MIN -> {
                double v = p[0];
                for (int i = 1; i < p.length; i++) {
                    v = Reduction.pick(op == Reduction.MAX, v, p[i]);
                }
                return new Result(v, -1);
            }
            default -> {
                double v = p[0];
                long at = (long) idx[0];
                for (int i = 1; i < p.length; i++) {
                    if (Reduction.better(op == Reduction.ARGMAX, p[i], v)) {
                        v = p[i];
                        at = (long) idx[i];
                    }
                }
                return new Result(v, at);
            }
        }
    }

    private static double tree(Reduction op, double[] p, int lo, int hi) {
        if (hi - lo == 1) {
            return p[lo];
        }
        int mid = lo + (hi - lo) / 2;
        double a = tree(op, p, lo, mid);
        double b = tree(op, p, mid, hi);
        return op == Reduction.PROD ? a * b : a + b;
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }

    /**
     * Reduces {@code view} (of 2 or more dimensions) along {@code axis} into a new store of type
     * {@code type}; {@code name} names the operation in errors.
     */
    public static View alongAxis(ArrayRuntime rt, View view, int axis, Reduction op, ElementType type, String name) {
        return axis == 0 ? alongRows(rt, view, op, type, name) : alongInnerAxis(rt, view, axis, op, type, name);
    }

    /** Axis a > 0: every result element reduces elements of one row of the view. */
    private static View alongInnerAxis(ArrayRuntime rt, View v, int a, Reduction op, ElementType type, String name) {
        if (!v.store().isReplicated() && rt.size() > 1 && !legate.runtime.partition.RowMap.of(v).mapped()) {
            v = Elementwise.copy(rt, v, v.store().type(), "astype"); // rows that cross store rows: make them whole first
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
        View rest = new View(v.store(), outShape, outStrides, v.offset());
        Partition p = rt.partitioner().following(outShape, java.util.List.of(rest));
        Store out = rt.newStore(type, outShape, p, name);
        int[][] rows = p.rowsPerRank(rt.size());
        int[] lo = rows[0];
        int[] hi = rows[1];
        // rows of `rest` are rows of v: preparing v brings every element along the axis too
        Source whole = Source.prepare(rt.comm(), v, lo, hi);
        Source[] src = {Source.prepare(rt.comm(), View.of(out), lo, hi), whole.as(rest)};
        rt.backend().reduceAlong(op, v.dim(a), (int) v.stride(a), outShape, src, out.ownLo(), out.ownHi());
        return View.of(out);
    }

    /** Axis 0: fixed row blocks, each reduced by the rank holding its first row; blocks combined everywhere alike. */
    private static View alongRows(ArrayRuntime rt, View v, Reduction op, ElementType type, String name) {
        int rows = v.dim(0);
        int[] outShape = Arrays.copyOfRange(v.shape(), 1, v.ndim());
        int m = (int) Store.sizeOf(outShape);
        int blocks = (rows + ROW_BLOCK - 1) / ROW_BLOCK;
        int ranks = rt.size();
        int[][] own = rt.partitioner().ownedRows(v);
        boolean everywhere = rt.holdsWhole(v);
        int[] bLo = new int[ranks];
        int[] bHi = new int[ranks];
        int[] needLo = new int[ranks];
        int[] needHi = new int[ranks];
        for (int q = 0; q < ranks; q++) {
            bLo[q] = everywhere ? 0 : (int) Math.min(blocks, ceilDiv(own[0][q], ROW_BLOCK));
            bHi[q] = everywhere ? blocks : (int) Math.min(blocks, ceilDiv(own[1][q], ROW_BLOCK));
            if (bHi[q] > bLo[q]) {
                needLo[q] = bLo[q] * ROW_BLOCK;
                needHi[q] = Math.min(rows, bHi[q] * ROW_BLOCK);
            }
        }
        Source src = Source.prepare(rt.comm(), v, needLo, needHi);
        boolean arg = op.isArg();
        int me = rt.rank();
        int width = arg ? 2 * m : m;
        double[] partial = new double[(bHi[me] - bLo[me]) * width];
        rt.backend().reduceRowBlocks(op, v, src, ROW_BLOCK, bLo[me], bHi[me], partial, width);
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
            result[c] = combineRows(op, all, c, 0, blocks);
        }
        if (arg) {
            for (int c = 0; c < m; c++) {
                double best = all[0][c];
                double at = all[0][m + c];
                for (int t = 1; t < blocks; t++) {
                    if (Reduction.better(op == Reduction.ARGMAX, all[t][c], best)) {
                        best = all[t][c];
                        at = all[t][m + c];
                    }
                }
                result[c] = at;
            }
        }
        return View.of(rt.newStore(type, outShape, name, new legate.runtime.backend.FillPattern.Values(result)));
    }

    private static double combineRows(Reduction op, double[][] all, int c, int lo, int hi) {
        if (hi - lo == 1) {
            return all[lo][c];
        }
        if (op == Reduction.SUM || op == Reduction.PROD) {
            int mid = lo + (hi - lo) / 2;
            double a = combineRows(op, all, c, lo, mid);
            double b = combineRows(op, all, c, mid, hi);
            return op == Reduction.SUM ? a + b : a * b;
        }
        double v = all[lo][c];
        for (int t = lo + 1; t < hi; t++) {
            v = op == Reduction.MAX || op == Reduction.MIN ? Reduction.pick(op == Reduction.MAX, v, all[t][c]) : v;
        }
        return v;
    }
}
