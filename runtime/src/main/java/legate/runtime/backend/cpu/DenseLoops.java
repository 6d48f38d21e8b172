package legate.runtime.backend.cpu;

import legate.runtime.backend.BinaryOp;
import legate.runtime.backend.UnaryOp;

/**
 * The tight loops over unit-stride double arrays, written once: the element-wise kernels and
 * the fused expressions both end here, so the JIT vectorises the common operations alike.
 */
final class DenseLoops {
    private DenseLoops() {
    }

    /*
     * The JIT vectorises a loop over several arrays only when it can tell their elements apart:
     * with the same index on every array it can (even if they are one array), with different
     * offsets it cannot, and it runs the loop an element at a time (2 to 3 times slower for an add
     * on 10^4 elements, JDK 17 and 25 alike). So the fast loops below index every array alike,
     * from the common offset, and operands at different offsets (a shifted view read in place) go
     * through the operation's own apply, element by element: the same arithmetic, the same bits.
     * The fused expressions (ExpressionLoop) always call with every offset 0.
     */

    /** {@code r[ro + k] = op(x[xo + k])} for k below m. */
    static void unary(UnaryOp op, double[] r, int ro, double[] x, int xo, int m) {
        if (op == UnaryOp.COPY) {
            System.arraycopy(x, xo, r, ro, m);
            return;
        }
        if (ro != xo) {
            for (int k = 0; k < m; k++) {
                r[ro + k] = op.apply(x[xo + k]);
            }
            return;
        }
        int to = ro + m;
        switch (op) {
            case NEG -> {
                for (int k = ro; k < to; k++) {
                    r[k] = -x[k];
                }
            }
            case ABS -> {
                for (int k = ro; k < to; k++) {
                    r[k] = Math.abs(x[k]);
                }
            }
            case SQRT -> {
                for (int k = ro; k < to; k++) {
                    r[k] = Math.sqrt(x[k]);
                }
            }
            case EXP -> {
                for (int k = ro; k < to; k++) {
                    r[k] = legate.runtime.backend.Transcendental.exp(x[k]);
                }
            }
            case LOG -> {
                for (int k = ro; k < to; k++) {
                    r[k] = legate.runtime.backend.Transcendental.log(x[k]);
                }
            }
            case TANH -> {
                for (int k = ro; k < to; k++) {
                    r[k] = legate.runtime.backend.Transcendental.tanh(x[k]);
                }
            }
            default -> {
                for (int k = ro; k < to; k++) {
                    r[k] = op.apply(x[k]);
                }
            }
        }
    }

    /**
     * {@code r[ro + k] = x[xo + k] op y[yo + k]} for k below m.
     *
     * @param exponent for {@link BinaryOp#POW}: the exponent when every y is that constant (2 squares), else NaN
     */
    static void binary(BinaryOp op, double[] r, int ro, double[] x, int xo, double[] y, int yo, int m, double exponent) {
        if (ro != xo || xo != yo) {
            for (int k = 0; k < m; k++) {
                r[ro + k] = op.apply(x[xo + k], y[yo + k]);
            }
            return;
        }
        int to = ro + m;
        switch (op) {
            case ADD -> {
                for (int k = ro; k < to; k++) {
                    r[k] = x[k] + y[k];
                }
            }
            case SUB -> {
                for (int k = ro; k < to; k++) {
                    r[k] = x[k] - y[k];
                }
            }
            case MUL -> {
                for (int k = ro; k < to; k++) {
                    r[k] = x[k] * y[k];
                }
            }
            case DIV -> {
                for (int k = ro; k < to; k++) {
                    r[k] = x[k] / y[k];
                }
            }
            case POW -> {
                if (exponent == 2) {
                    for (int k = ro; k < to; k++) {
                        r[k] = x[k] * x[k];
                    }
                } else {
                    for (int k = ro; k < to; k++) {
                        r[k] = op.apply(x[k], y[k]);
                    }
                }
            }
            default -> {
                for (int k = ro; k < to; k++) {
                    r[k] = op.apply(x[k], y[k]);
                }
            }
        }
    }

    /** {@code r[ro + k] = x[xo + k] op c} for k below m: a constant right operand. */
    static void binaryConstant(BinaryOp op, double[] r, int ro, double[] x, int xo, double c, int m) {
        if (ro != xo) {
            for (int k = 0; k < m; k++) {
                r[ro + k] = op.apply(x[xo + k], c);
            }
            return;
        }
        int to = ro + m;
        switch (op) {
            case ADD -> {
                for (int k = ro; k < to; k++) {
                    r[k] = x[k] + c;
                }
            }
            case SUB -> {
                for (int k = ro; k < to; k++) {
                    r[k] = x[k] - c;
                }
            }
            case MUL -> {
                for (int k = ro; k < to; k++) {
                    r[k] = x[k] * c;
                }
            }
            case DIV -> {
                for (int k = ro; k < to; k++) {
                    r[k] = x[k] / c;
                }
            }
            case POW -> {
                if (c == 2) {
                    for (int k = ro; k < to; k++) {
                        r[k] = x[k] * x[k];
                    }
                } else {
                    for (int k = ro; k < to; k++) {
                        r[k] = StrictMath.pow(x[k], c);
                    }
                }
            }
            default -> {
                for (int k = ro; k < to; k++) {
                    r[k] = op.apply(x[k], c);
                }
            }
        }
    }

    /** {@code r[ro + k] = c op y[yo + k]} for k below m: a constant left operand. */
    static void constantBinary(BinaryOp op, double[] r, int ro, double c, double[] y, int yo, int m) {
        if (ro != yo) {
            for (int k = 0; k < m; k++) {
                r[ro + k] = op.apply(c, y[yo + k]);
            }
            return;
        }
        int to = ro + m;
        switch (op) {
            case ADD -> {
                for (int k = ro; k < to; k++) {
                    r[k] = c + y[k];
                }
            }
            case SUB -> {
                for (int k = ro; k < to; k++) {
                    r[k] = c - y[k];
                }
            }
            case MUL -> {
                for (int k = ro; k < to; k++) {
                    r[k] = c * y[k];
                }
            }
            default -> {
                for (int k = ro; k < to; k++) {
                    r[k] = op.apply(c, y[k]);
                }
            }
        }
    }

    /**
     * Rows {@code r0 .. r1} of {@code res += left × right} (k×m right, row-major at {@code ro}),
     * reading right in place: for a few rows (a vector times a matrix), where copying right's rows
     * would cost as much as the product. The same order as {@link #matmulRows}, the same bits: two
     * rows and four terms at a time (the JIT does not vectorise it: offsets differ).
     */
    static void matmulRowsInPlace(double[] left, int lo, double[] right, int ro, double[] res, int k, int m, int r0, int r1) {
        int i = r0;
        for (; i + 2 <= r1; i += 2) {
            int c0 = i * m;
            int c1 = c0 + m;
            int l0 = lo + i * k;
            int l1 = l0 + k;
            int t = 0;
            for (; t + 4 <= k; t += 4) {
                double x0 = left[l0 + t];
                double x1 = left[l0 + t + 1];
                double x2 = left[l0 + t + 2];
                double x3 = left[l0 + t + 3];
                double y0 = left[l1 + t];
                double y1 = left[l1 + t + 1];
                double y2 = left[l1 + t + 2];
                double y3 = left[l1 + t + 3];
                int b0 = ro + t * m;
                int b1 = b0 + m;
                int b2 = b1 + m;
                int b3 = b2 + m;
                for (int j = 0; j < m; j++) {
                    double q0 = right[b0 + j];
                    double q1 = right[b1 + j];
                    double q2 = right[b2 + j];
                    double q3 = right[b3 + j];
                    res[c0 + j] = res[c0 + j] + x0 * q0 + x1 * q1 + x2 * q2 + x3 * q3;
                    res[c1 + j] = res[c1 + j] + y0 * q0 + y1 * q1 + y2 * q2 + y3 * q3;
                }
            }
            for (; t < k; t++) {
                double x = left[l0 + t];
                double y = left[l1 + t];
                int bt = ro + t * m;
                for (int j = 0; j < m; j++) {
                    double q = right[bt + j];
                    res[c0 + j] += x * q;
                    res[c1 + j] += y * q;
                }
            }
        }
        for (; i < r1; i++) { // one row (a vector times a matrix): four terms at a time too
            vectorTimesMatrix(left, lo + i * k, right, ro, res, i * m, k, m, 0, m);
        }
    }

    /**
     * Columns {@code j0 .. j1} of one row of {@code res += left × right} (the row's k values of left
     * from {@code li}, its result from {@code ci}): a vector times a matrix, split among threads by
     * columns. The same terms in the same order as {@link #matmulRowsInPlace}, so the same bits;
     * the sums run in an array of the thread's own (threads writing neighbouring columns of res
     * would share its cache lines at every step).
     */
    static void vectorTimesMatrix(double[] left, int li, double[] right, int ro, double[] res, int ci, int k, int m, int j0, int j1) {
        int w = j1 - j0;
        double[] acc = new double[w];
        System.arraycopy(res, ci + j0, acc, 0, w);
        int t = 0;
        for (; t + 4 <= k; t += 4) {
            double x0 = left[li + t];
            double x1 = left[li + t + 1];
            double x2 = left[li + t + 2];
            double x3 = left[li + t + 3];
            int b0 = ro + t * m + j0;
            int b1 = b0 + m;
            int b2 = b1 + m;
            int b3 = b2 + m;
            for (int j = 0; j < w; j++) {
                acc[j] = acc[j] + x0 * right[b0 + j] + x1 * right[b1 + j] + x2 * right[b2 + j] + x3 * right[b3 + j];
            }
        }
        for (; t < k; t++) {
            double x = left[li + t];
            int bt = ro + t * m + j0;
            for (int j = 0; j < w; j++) {
                acc[j] += x * right[bt + j];
            }
        }
        System.arraycopy(acc, 0, res, ci + j0, w);
    }

    /**
     * Rows {@code r0 .. r1} of {@code res += left × v} (left k columns from {@code lo}, v at
     * {@code vo}): each row one running sum in t order, as the plain loop, four rows at a time so
     * that their chains of additions overlap (one sum alone waits for each add in turn).
     */
    static void matvecRows(double[] left, int lo, double[] v, int vo, double[] res, int k, int r0, int r1) {
        int i = r0;
        for (; i + 4 <= r1; i += 4) {
            double s0 = res[i];
            double s1 = res[i + 1];
            double s2 = res[i + 2];
            double s3 = res[i + 3];
            int a0 = lo + i * k;
            int a1 = a0 + k;
            int a2 = a1 + k;
            int a3 = a2 + k;
            for (int t = 0; t < k; t++) {
                double x = v[vo + t];
                s0 += left[a0 + t] * x;
                s1 += left[a1 + t] * x;
                s2 += left[a2 + t] * x;
                s3 += left[a3 + t] * x;
            }
            res[i] = s0;
            res[i + 1] = s1;
            res[i + 2] = s2;
            res[i + 3] = s3;
        }
        for (; i < r1; i++) {
            double sum = res[i];
            int at = lo + i * k;
            for (int t = 0; t < k; t++) {
                sum += left[at + t] * v[vo + t];
            }
            res[i] = sum;
        }
    }

    /** From how many result rows right's rows are copied into panels (the copy then costs at most an eighth of the product). */
    static final int COPY_ROWS = 8;

    /** How many elements of right one panel holds (256 KB): the rows {@link #matmulRows} reads again for every result row. */
    static final int PANEL_ELEMENTS = 32768;

    /** Rows {@code t0 .. t1} of a row-major matrix of m columns at {@code ro}, each an array of its own (see matmulRows). */
    static double[][] panel(double[] right, int ro, int m, int t0, int t1) {
        double[][] rows = new double[t1 - t0][];
        for (int t = t0; t < t1; t++) {
            rows[t - t0] = java.util.Arrays.copyOfRange(right, ro + t * m, ro + t * m + m);
        }
        return rows;
    }

    /**
     * Rows {@code r0 .. r1} of {@code res += left[:, t0 : t0+p] × panel}: the terms t0 .. t0+p of
     * a product with a k×m right whose rows t0 .. t0+p are {@code panel} (left's row i at
     * {@code lo + i*k}). Called for the panels in t order, each result element takes its k terms
     * one after the other, t ascending, as the plain loop does: Java evaluates {@code s + a + b}
     * left to right and never fuses a multiply and an add, so four rows at a time sharing the loads
     * of two of right's rows give the same bits. Every array of the inner loop is indexed from 0
     * (right's rows are arrays of their own, each result row is summed in a row of its own and
     * copied back), so the JIT vectorises it: on 100×100, one thread, 160 µs the plain loop, 71
     * this one. No skipping of zeros: 0 * inf is nan, as in NumPy.
     */
    static void matmulRows(double[] left, int lo, int k, double[][] panel, int t0, double[] res, int m, int r0, int r1) {
        int p = panel.length;
        double[] acc0 = new double[m];
        double[] acc1 = new double[m];
        double[] acc2 = new double[m];
        double[] acc3 = new double[m];
        int i = r0;
        for (; i + 4 <= r1; i += 4) {
            int c0 = i * m;
            int l0 = lo + i * k + t0;
            int l1 = l0 + k;
            int l2 = l1 + k;
            int l3 = l2 + k;
            System.arraycopy(res, c0, acc0, 0, m);
            System.arraycopy(res, c0 + m, acc1, 0, m);
            System.arraycopy(res, c0 + 2 * m, acc2, 0, m);
            System.arraycopy(res, c0 + 3 * m, acc3, 0, m);
            int t = 0;
            for (; t + 2 <= p; t += 2) {
                double x0 = left[l0 + t];
                double x1 = left[l0 + t + 1];
                double y0 = left[l1 + t];
                double y1 = left[l1 + t + 1];
                double z0 = left[l2 + t];
                double z1 = left[l2 + t + 1];
                double w0 = left[l3 + t];
                double w1 = left[l3 + t + 1];
                double[] q0 = panel[t];
                double[] q1 = panel[t + 1];
                for (int j = 0; j < m; j++) {
                    double a = q0[j];
                    double b = q1[j];
                    acc0[j] = acc0[j] + x0 * a + x1 * b;
                    acc1[j] = acc1[j] + y0 * a + y1 * b;
                    acc2[j] = acc2[j] + z0 * a + z1 * b;
                    acc3[j] = acc3[j] + w0 * a + w1 * b;
                }
            }
            if (t < p) {
                double x0 = left[l0 + t];
                double y0 = left[l1 + t];
                double z0 = left[l2 + t];
                double w0 = left[l3 + t];
                double[] q0 = panel[t];
                for (int j = 0; j < m; j++) {
                    double a = q0[j];
                    acc0[j] = acc0[j] + x0 * a;
                    acc1[j] = acc1[j] + y0 * a;
                    acc2[j] = acc2[j] + z0 * a;
                    acc3[j] = acc3[j] + w0 * a;
                }
            }
            System.arraycopy(acc0, 0, res, c0, m);
            System.arraycopy(acc1, 0, res, c0 + m, m);
            System.arraycopy(acc2, 0, res, c0 + 2 * m, m);
            System.arraycopy(acc3, 0, res, c0 + 3 * m, m);
        }
        for (; i < r1; i++) {
            int c0 = i * m;
            int l0 = lo + i * k + t0;
            System.arraycopy(res, c0, acc0, 0, m);
            for (int t = 0; t < p; t++) {
                double x0 = left[l0 + t];
                double[] q0 = panel[t];
                for (int j = 0; j < m; j++) {
                    acc0[j] = acc0[j] + x0 * q0[j];
                }
            }
            System.arraycopy(acc0, 0, res, c0, m);
        }
    }
}
