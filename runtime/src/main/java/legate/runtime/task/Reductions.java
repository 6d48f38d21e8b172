package legate.runtime.task;

import legate.runtime.store.Buffer;
import legate.runtime.store.View;

/**
 * Reductions whose result has the same bits for any number of ranks and threads: the elements
 * (in the view's row-major order) are cut into fixed blocks of {@link #BLOCK}; each block is
 * reduced in a fixed order (four interleaved accumulators) by whichever rank holds its first
 * element (its tail arrives as a halo), and the block results are combined by every rank in
 * the same pairwise tree. The summation order depends on the array alone, never on the machine.
 */
public final class Reductions {
    public static final int BLOCK = 4096;

    private Reductions() {
    }

    public enum Op {
        SUM, PROD, MAX, MIN, ARGMAX, ARGMIN, SQDEV
    }

    /** The result: {@code value}, and for arg reductions the flat index. */
    public record Result(double value, long index) {
    }

    /**
     * Reduces every element of {@code view}.
     *
     * @param center for {@link Op#SQDEV}: the sum of (x - center)^2
     */
    public static Result reduce(ArrayRuntime rt, View view, Op op, double center) {
        long n = view.size();
        int rows = view.ndim() == 0 ? 1 : view.dim(0);
        long perRow = rows == 0 ? 0 : n / rows;
        int blocks = (int) ((n + BLOCK - 1) / BLOCK);
        int ranks = rt.size();
        int[][] own = Source.ownedRows(rt, view);
        int[] bLo = new int[ranks];
        int[] bHi = new int[ranks];
        int[] needLo = new int[ranks];
        int[] needHi = new int[ranks];
        for (int q = 0; q < ranks; q++) {
            bLo[q] = (int) Math.min(blocks, ceilDiv(own[0][q] * perRow, BLOCK));
            bHi[q] = (int) Math.min(blocks, ceilDiv(own[1][q] * perRow, BLOCK));
            if (view.store().isReplicated() || ranks == 1) { // every rank reduces all blocks itself
                bLo[q] = 0;
                bHi[q] = blocks;
            }
            if (bHi[q] > bLo[q]) {
                needLo[q] = (int) ((long) bLo[q] * BLOCK / perRow);
                needHi[q] = (int) Math.min(rows, ceilDiv(Math.min(n, (long) bHi[q] * BLOCK), perRow));
            }
        }
        Source src = n == 0 ? null : Source.prepare(rt, view, needLo, needHi);
        int me = rt.rank();
        int mine = bHi[me] - bLo[me];
        double[] values = new double[mine];
        double[] index = op == Op.ARGMAX || op == Op.ARGMIN ? new double[mine] : null;
        rt.parallelRows(bLo[me], bHi[me], BLOCK, (t0, t1) -> {
            Acc acc = new Acc(op, center);
            for (int t = t0; t < t1; t++) {
                acc.reset((long) t * BLOCK);
                visit(src, view, perRow, (long) t * BLOCK, Math.min(n, (long) (t + 1) * BLOCK), acc);
                values[t - bLo[me]] = acc.result();
                if (index != null) {
                    index[t - bLo[me]] = acc.bestIndex;
                }
            }
        });
        double[] all = new double[blocks];
        double[] allIndex = index == null ? null : new double[blocks];
        if (view.store().isReplicated() || ranks == 1) {
            System.arraycopy(values, 0, all, 0, blocks);
            if (index != null) {
                System.arraycopy(index, 0, allIndex, 0, blocks);
            }
        } else {
            double[] packed = index == null ? values : interleave(values, index);
            double[][] gathered = rt.allgather(packed);
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
        return combine(op, all, allIndex, n);
    }

    private static double[] interleave(double[] a, double[] b) {
        double[] r = new double[a.length * 2];
        for (int i = 0; i < a.length; i++) {
            r[2 * i] = a[i];
            r[2 * i + 1] = b[i];
        }
        return r;
    }

    static Result combine(Op op, double[] p, double[] idx, long n) {
        if (p.length == 0) {
            return switch (op) {
                case SUM, SQDEV -> new Result(0, -1);
                case PROD -> new Result(1, -1);
                default -> throw new IllegalArgumentException("zero-size array to reduction operation " + op.name().toLowerCase()
                        + " which has no identity");
            };
        }
        switch (op) {
            case SUM, SQDEV, PROD -> {
                return new Result(tree(op, p, 0, p.length), -1);
            }
            case MAX, MIN -> {
                double v = p[0];
                for (int i = 1; i < p.length; i++) {
                    v = pick(op == Op.MAX, v, p[i]);
                }
                return new Result(v, -1);
            }
            default -> {
                double v = p[0];
                long at = (long) idx[0];
                for (int i = 1; i < p.length; i++) {
                    if (better(op == Op.ARGMAX, p[i], v)) {
                        v = p[i];
                        at = (long) idx[i];
                    }
                }
                return new Result(v, at);
            }
        }
    }

    private static double tree(Op op, double[] p, int lo, int hi) {
        if (hi - lo == 1) {
            return p[lo];
        }
        int mid = lo + (hi - lo) / 2;
        double a = tree(op, p, lo, mid);
        double b = tree(op, p, mid, hi);
        return op == Op.PROD ? a * b : a + b;
    }

    /** max or min, NaN winning as in NumPy. */
    public static double pick(boolean max, double a, double b) {
        if (a != a || b != b) {
            return Double.NaN; // NumPy's max and min propagate NaN
        }
        return max ? Math.max(a, b) : Math.min(a, b);
    }

    /** Whether {@code x} beats the best so far (NaN beats everything, first one wins; ties keep the first). */
    public static boolean better(boolean max, double x, double best) {
        if (best != best) {
            return false;
        }
        if (x != x) {
            return true;
        }
        return max ? x > best : x < best;
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }

    /** Feeds the elements with flat (view) indices {@code f0 .. f1} to {@code acc}, in order. */
    static void visit(Source src, View view, long perRow, long f0, long f1, Acc acc) {
        int nd = view.ndim();
        if (nd <= 1) {
            int i = (int) f0;
            int end = (int) f1;
            while (i < end) {
                int e = src.segmentEnd(i, end);
                Buffer b = src.buffer(i);
                acc.add(b, (int) (src.rowStart(i) - src.base(i)), nd == 0 ? 0 : (int) view.stride(0), e - i);
                i = e;
            }
            return;
        }
        boolean contiguous = view.isContiguous();
        long f = f0;
        while (f < f1) {
            int row = (int) (f / perRow);
            long rowEnd = Math.min(f1, (row + 1L) * perRow);
            Buffer b = src.buffer(row);
            long base = src.rowStart(row) - src.base(row);
            if (contiguous) {
                int e = src.segmentEnd(row, (int) ((f1 + perRow - 1) / perRow));
                long end = Math.min(f1, (long) e * perRow);
                acc.add(b, (int) (base + (f - (long) row * perRow)), 1, (int) (end - f));
                f = end;
                continue;
            }
            // within one row: runs along the last axis
            int last = view.dim(nd - 1);
            int lastStride = (int) view.stride(nd - 1);
            long within = f - (long) row * perRow;
            while (f < rowEnd) {
                long rem = within;
                long at = base;
                for (int d = nd - 1; d >= 1; d--) {
                    at += view.stride(d) * (rem % view.dim(d));
                    rem /= view.dim(d);
                }
                int k = (int) (within % last);
                int run = (int) Math.min(last - k, rowEnd - f);
                acc.add(b, (int) at, lastStride, run);
                f += run;
                within += run;
            }
        }
    }

    /** A block's reduction, in a fixed order. */
    static final class Acc {
        final Op op;
        final double center;
        double a0;
        double a1;
        double a2;
        double a3;
        long pos;
        double best;
        long bestIndex;

        Acc(Op op, double center) {
            this.op = op;
            this.center = center;
        }

        void reset(long start) {
            double id = op == Op.PROD ? 1 : 0;
            a0 = id;
            a1 = id;
            a2 = id;
            a3 = id;
            pos = start;
            best = Double.NaN;
            bestIndex = -1;
        }

        double result() {
            return switch (op) {
                case SUM, SQDEV -> (a0 + a1) + (a2 + a3);
                case PROD -> (a0 * a1) * (a2 * a3);
                default -> best;
            };
        }

        void add(Buffer b, int i, int stride, int n) {
            if (b instanceof Buffer.F64 f && op == Op.SUM && stride == 1 && (pos & 3) == 0) {
                double[] x = f.a;
                int k = 0;
                double s0 = a0;
                double s1 = a1;
                double s2 = a2;
                double s3 = a3;
                for (; k + 3 < n; k += 4) {
                    s0 += x[i + k];
                    s1 += x[i + k + 1];
                    s2 += x[i + k + 2];
                    s3 += x[i + k + 3];
                }
                a0 = s0;
                a1 = s1;
                a2 = s2;
                a3 = s3;
                pos += k;
                i += k;
                n -= k;
            }
            for (int k = 0; k < n; k++, i += stride, pos++) {
                double x = b.getDouble(i);
                switch (op) {
                    case SUM -> addAt(x);
                    case SQDEV -> addAt((x - center) * (x - center));
                    case PROD -> mulAt(x);
                    case MAX, MIN -> {
                        if (bestIndex < 0) {
                            best = x;
                            bestIndex = pos;
                        } else {
                            best = pick(op == Op.MAX, best, x);
                        }
                    }
                    default -> {
                        if (bestIndex < 0 || better(op == Op.ARGMAX, x, best)) {
                            best = x;
                            bestIndex = pos;
                        }
                    }
                }
            }
        }

        private void addAt(double x) {
            switch ((int) (pos & 3)) {
                case 0 -> a0 += x;
                case 1 -> a1 += x;
                case 2 -> a2 += x;
                default -> a3 += x;
            }
        }

        private void mulAt(double x) {
            switch ((int) (pos & 3)) {
                case 0 -> a0 *= x;
                case 1 -> a1 *= x;
                case 2 -> a2 *= x;
                default -> a3 *= x;
            }
        }
    }
}
