package legate.runtime.backend.cpu;

import legate.runtime.backend.Reduction;
import legate.runtime.store.Buffer;
import legate.runtime.store.Source;
import legate.runtime.store.View;

/**
 * The CPU's reduction loops. A block's elements are reduced in a fixed order (four interleaved
 * accumulators for sums and products), so its result has the same bits on any machine; the
 * runtime decides the blocks and combines them.
 */
final class ReductionLoops {
    private ReductionLoops() {
    }

    /** Block partials of a whole-view reduction: blocks {@code b0 .. b1} of {@code blockSize} into values (and index). */
    static void blocks(Reduction op, double center, View view, Source src, int blockSize, int b0, int b1, int first, double[] values,
                       double[] index) {
        long n = view.size();
        int rows = view.ndim() == 0 ? 1 : view.dim(0);
        long perRow = rows == 0 ? 0 : n / rows;
        Acc acc = new Acc(op, center);
        for (int t = b0; t < b1; t++) {
            acc.reset((long) t * blockSize);
            visit(src, view, perRow, (long) t * blockSize, Math.min(n, (long) (t + 1) * blockSize), acc);
            values[t - first] = acc.result();
            if (index != null) {
                index[t - first] = acc.bestIndex;
            }
        }
    }

    /** out[i] = the reduction of n elements of src[1] from its element i, step apart. */
    static Loops.Body along(Reduction op, int n, int step) {
        return (count, buf, idx, st) -> {
            Buffer o = buf[0];
            Buffer in = buf[1];
            int oi = idx[0];
            int ii = idx[1];
            for (int k = 0; k < count; k++, oi += st[0], ii += st[1]) {
                o.setDouble(oi, along(in, ii, step, n, op));
            }
        };
    }

    private static double along(Buffer in, int i, int step, int n, Reduction op) {
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
                    best = Reduction.pick(op == Reduction.MAX, best, in.getDouble(i + k * step));
                }
                return best;
            }
            default -> {
                double best = in.getDouble(i);
                int at = 0;
                for (int k = 1; k < n; k++) {
                    double x = in.getDouble(i + k * step);
                    if (Reduction.better(op == Reduction.ARGMAX, x, best)) {
                        best = x;
                        at = k;
                    }
                }
                return at;
            }
        }
    }

    /** Partials along the first axis: row blocks {@code t0 .. t1} (of {@code rowBlock} rows) into partial, row by row in order. */
    static void rowBlocks(Reduction op, View v, Source src, int rowBlock, int t0, int t1, int first, double[] partial, int width) {
        int rows = v.dim(0);
        int[] rowShape = java.util.Arrays.copyOfRange(v.shape(), 1, v.ndim());
        int m = (int) legate.runtime.store.Store.sizeOf(rowShape);
        boolean arg = op.isArg();
        // one row of v at a time, as a view of the row's shape
        View rowView = new View(v.store(), rowShape, java.util.Arrays.copyOfRange(v.strides(), 1, v.ndim()), 0);
        double[] rowValues = new double[m];
        for (int t = t0; t < t1; t++) {
            int base = (t - first) * width;
            for (int r = t * rowBlock; r < Math.min(rows, (t + 1) * rowBlock); r++) {
                readRow(src, rowView, r, rowValues);
                for (int c = 0; c < m; c++) {
                    double val = rowValues[c];
                    if (r == t * rowBlock) {
                        partial[base + c] = val;
                        if (arg) {
                            partial[base + m + c] = r;
                        }
                        continue;
                    }
                    switch (op) {
                        case SUM -> partial[base + c] += val;
                        case PROD -> partial[base + c] *= val;
                        case MAX, MIN -> partial[base + c] = Reduction.pick(op == Reduction.MAX, partial[base + c], val);
                        default -> {
                            if (Reduction.better(op == Reduction.ARGMAX, val, partial[base + c])) {
                                partial[base + c] = val;
                                partial[base + m + c] = r;
                            }
                        }
                    }
                }
            }
        }
    }

    /** Row r of v, as doubles, from wherever the source holds it. */
    private static void readRow(Source src, View rowView, int r, double[] out) {
        Buffer b = src.buffer(r);
        long start = src.rowStart(r) - src.base(r);
        int[] shape = rowView.shape();
        int[] idx = new int[shape.length];
        for (int c = 0; c < out.length; c++) {
            long at = start;
            for (int d = 0; d < shape.length; d++) {
                at += rowView.stride(d) * idx[d];
            }
            out[c] = b.getDouble((int) at);
            Loops.nextIndex(idx, shape);
        }
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
        final Reduction op;
        final double center;
        double a0;
        double a1;
        double a2;
        double a3;
        long pos;
        double best;
        long bestIndex;

        Acc(Reduction op, double center) {
            this.op = op;
            this.center = center;
        }

        void reset(long start) {
            double id = op == Reduction.PROD ? 1 : 0;
            a0 = id;
            a1 = id;
            a2 = id;
            a3 = id;
            pos = start;
            best = Double.NaN;
            bestIndex = -1;
        }

        double result() {
            return op.hasLanes() ? op.combine(a0, a1, a2, a3) : best;
        }

        void add(Buffer b, int i, int stride, int n) {
            if (b instanceof Buffer.F64 f && op == Reduction.SUM && stride == 1 && (pos & 3) == 0) {
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
                            best = Reduction.pick(op == Reduction.MAX, best, x);
                        }
                    }
                    default -> {
                        if (bestIndex < 0 || Reduction.better(op == Reduction.ARGMAX, x, best)) {
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
