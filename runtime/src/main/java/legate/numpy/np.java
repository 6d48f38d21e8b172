package legate.numpy;

import java.util.Arrays;
import legate.runtime.backend.BinaryOp;
import legate.runtime.backend.ElementwiseKernel;
import legate.runtime.backend.FillPattern;
import legate.runtime.store.View;
import legate.runtime.task.ArrayRuntime;

/**
 * NumPy's functions for Java cells: {@code np.zeros(3, 4)}, {@code np.add(a, b)},
 * {@code np.random(42).rand(5)}. Every rank runs the same calls; arrays large enough are split
 * across ranks and threads, smaller ones held whole by every rank.
 */
@SuppressWarnings("checkstyle:TypeName")
public final class np {
    private np() {
    }

    private static ArrayRuntime rt() {
        return ArrayRuntime.current();
    }

    // ---- creation ----

    /** An array of zeros, float64. */
    public static NDArray zeros(int... shape) {
        return zeros(DType.FLOAT64, shape);
    }

    public static NDArray zeros(DType type, int... shape) {
        if (type != null && type.isComplex()) {
            return new NDArray(type, zeros(type.component(), shape), zeros(type.component(), shape));
        }
        return new NDArray(rt(), View.of(rt().newStore(type.elementType(), shape, "zeros")));
    }

    /** An array whose values are unspecified (here: zeros, since Java clears memory). */
    public static NDArray empty(int... shape) {
        return zeros(shape);
    }

    public static NDArray ones(int... shape) {
        return full(1.0, shape);
    }

    public static NDArray full(double value, int... shape) {
        return filled(rt(), DType.FLOAT64, shape, "full", new FillPattern.Constant(value));
    }

    /** A complex128 array of {@code value} (NumPy's {@code np.full(shape, value)} with a complex value). */
    public static NDArray full(Complex value, int... shape) {
        return zeros(DType.COMPLEX128, shape).set(value);
    }

    /**
     * The complex array {@code real + 1j * imag} (broadcast to one shape, the parts copied; each
     * element's parts exactly these values): complex64 when both are float32 or float16,
     * complex128 otherwise. legate.numpy's way to write what Python writes with {@code 1j}.
     */
    public static NDArray complex(NDArray real, NDArray imag) {
        return Complexes.of(real, imag);
    }

    /** NumPy's {@code np.real}: the real part (a view of a complex array). */
    public static NDArray real(NDArray x) {
        return x.real();
    }

    /** NumPy's {@code np.imag}: the imaginary part (a view of a complex array; zeros of a real one). */
    public static NDArray imag(NDArray x) {
        return x.imag();
    }

    public static NDArray conj(NDArray x) {
        return x.conj();
    }

    public static NDArray conjugate(NDArray x) {
        return x.conj();
    }

    /** The angle of each element in radians, {@code arctan2(imag, real)} (0 or pi for real arrays). */
    public static NDArray angle(NDArray x) {
        return x.isComplex() ? Complexes.angle(x) : arctan2(x.imag(), x.real());
    }

    public static NDArray zerosLike(NDArray x) {
        return zeros(x.dtype(), x.shape());
    }

    public static NDArray onesLike(NDArray x) {
        return full(1.0, x.shape()).astype(x.dtype());
    }

    /** 0, 1, ..., n-1 as int64. */
    public static NDArray arange(long n) {
        return arange(0L, n, 1L);
    }

    /** start, start+step, ... below stop, as int64. */
    public static NDArray arange(long start, long stop, long step) {
        if (step == 0) {
            throw new IllegalArgumentException("arange: step must not be zero");
        }
        long n = Math.max(0, -Math.floorDiv(-(stop - start), step));
        return filled(rt(), DType.INT64, new int[] {checkedLength("arange", n)}, "arange", new FillPattern.LongSequence(start, step));
    }

    /** start, start+step, ... below stop, as float64. */
    public static NDArray arange(double start, double stop, double step) {
        if (step == 0 || !Double.isFinite(step)) {
            throw new IllegalArgumentException("arange: step must be a finite number other than zero, got " + step);
        }
        long n = Math.max(0, (long) Math.ceil((stop - start) / step));
        return filled(rt(), DType.FLOAT64, new int[] {checkedLength("arange", n)}, "arange",
                new FillPattern.DoubleSequence(start, step, -1, 0));
    }

    /** {@code num} evenly spaced values from start to stop, both included. */
    public static NDArray linspace(double start, double stop, int num) {
        if (num < 0) {
            throw new IllegalArgumentException("linspace: number of samples, " + num + ", must be non-negative");
        }
        double step = num > 1 ? (stop - start) / (num - 1) : 0;
        return filled(rt(), DType.FLOAT64, new int[] {num}, "linspace", new FillPattern.DoubleSequence(start, step, num > 1 ? num - 1 : -1,
                stop));
    }

    /** The n×n identity. */
    public static NDArray eye(int n) {
        return filled(rt(), DType.FLOAT64, new int[] {n, n}, "eye", new FillPattern.Identity());
    }

    /** A 1-D float64 array of these values. */
    public static NDArray array(double... values) {
        return fromFlat(rt(), values, new int[] {values.length}, DType.FLOAT64, "array");
    }

    /** A 2-D float64 array of these rows (all of one length). */
    public static NDArray array(double[][] rows) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        double[] flat = new double[rows.length * cols];
        for (int r = 0; r < rows.length; r++) {
            if (rows[r].length != cols) {
                throw new IllegalArgumentException("array: rows of different lengths (" + cols + " and " + rows[r].length + " at row " + r
                        + "); expected a rectangular double[][]");
            }
            System.arraycopy(rows[r], 0, flat, r * cols, cols);
        }
        return fromFlat(rt(), flat, new int[] {rows.length, cols}, DType.FLOAT64, "array");
    }

    /** A 1-D int64 array of these values. */
    public static NDArray array(long... values) {
        return filled(rt(), DType.INT64, new int[] {values.length}, "array", new FillPattern.LongValues(values.clone()));
    }

    /** Every rank holds all of {@code flat}; each keeps its rows. */
    static NDArray fromFlat(ArrayRuntime rt, double[] flat, int[] shape, DType type, String op) {
        return filled(rt, type, shape, op, new FillPattern.Values(flat));
    }

    /** A new array of {@code type} whose elements are {@code pattern}. */
    private static NDArray filled(ArrayRuntime rt, DType type, int[] shape, String op, FillPattern pattern) {
        return new NDArray(rt, View.of(rt.newStore(type.elementType(), shape, op, pattern)));
    }

    static NDArray scalar(ArrayRuntime rt, double value, DType type) {
        return fromFlat(rt, new double[] {value}, new int[0], type, "scalar");
    }

    private static int checkedLength(String op, long n) {
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(op + ": " + n + " elements are more than one axis holds (2^31 - 1)");
        }
        return (int) n;
    }

    /** A generator of random arrays: the same seed, the same arrays, for any number of ranks. */
    public static Generator random(long seed) {
        return new Generator(rt(), seed);
    }

    // ---- element-wise, static forms ----

    public static NDArray add(NDArray a, NDArray b) {
        return a.add(b);
    }

    public static NDArray add(NDArray a, double b) {
        return a.add(b);
    }

    public static NDArray add(double a, NDArray b) {
        return b.add(a);
    }

    public static NDArray sub(NDArray a, NDArray b) {
        return a.sub(b);
    }

    public static NDArray sub(NDArray a, double b) {
        return a.sub(b);
    }

    public static NDArray sub(double a, NDArray b) {
        return NDArray.binary(BinaryOp.SUB, a, b);
    }

    public static NDArray mul(NDArray a, NDArray b) {
        return a.mul(b);
    }

    public static NDArray mul(NDArray a, double b) {
        return a.mul(b);
    }

    public static NDArray mul(double a, NDArray b) {
        return b.mul(a);
    }

    public static NDArray div(NDArray a, NDArray b) {
        return a.div(b);
    }

    public static NDArray div(NDArray a, double b) {
        return a.div(b);
    }

    public static NDArray div(double a, NDArray b) {
        return NDArray.binary(BinaryOp.DIV, a, b);
    }

    public static NDArray pow(NDArray a, NDArray b) {
        return a.pow(b);
    }

    public static NDArray pow(NDArray a, double b) {
        return a.pow(b);
    }

    public static NDArray pow(double a, NDArray b) {
        return NDArray.binary(BinaryOp.POW, a, b);
    }

    public static NDArray maximum(NDArray a, NDArray b) {
        return a.maximum(b);
    }

    public static NDArray maximum(NDArray a, double b) {
        return a.maximum(b);
    }

    public static NDArray maximum(NDArray a, long b) {
        return a.maximum(b);
    }

    public static NDArray minimum(NDArray a, NDArray b) {
        return a.minimum(b);
    }

    public static NDArray minimum(NDArray a, double b) {
        return a.minimum(b);
    }

    public static NDArray minimum(NDArray a, long b) {
        return a.minimum(b);
    }

    public static NDArray neg(NDArray x) {
        return x.neg();
    }

    public static NDArray abs(NDArray x) {
        return x.abs();
    }

    public static NDArray sqrt(NDArray x) {
        return x.sqrt();
    }

    public static NDArray exp(NDArray x) {
        return x.exp();
    }

    public static NDArray log(NDArray x) {
        return x.log();
    }

    public static NDArray sin(NDArray x) {
        return x.sin();
    }

    public static NDArray cos(NDArray x) {
        return x.cos();
    }

    public static NDArray tanh(NDArray x) {
        return x.tanh();
    }

    public static NDArray floor(NDArray x) {
        return x.floor();
    }

    public static NDArray ceil(NDArray x) {
        return x.ceil();
    }

    public static NDArray rint(NDArray x) {
        return x.rint();
    }

    public static NDArray trunc(NDArray x) {
        return x.trunc();
    }

    public static NDArray log1p(NDArray x) {
        return x.log1p();
    }

    public static NDArray expm1(NDArray x) {
        return x.expm1();
    }

    public static NDArray log10(NDArray x) {
        return x.log10();
    }

    public static NDArray log2(NDArray x) {
        return x.log2();
    }

    public static NDArray tan(NDArray x) {
        return x.tan();
    }

    public static NDArray arcsin(NDArray x) {
        return x.arcsin();
    }

    public static NDArray arccos(NDArray x) {
        return x.arccos();
    }

    public static NDArray arctan(NDArray x) {
        return x.arctan();
    }

    public static NDArray sinh(NDArray x) {
        return x.sinh();
    }

    public static NDArray cosh(NDArray x) {
        return x.cosh();
    }

    public static NDArray erf(NDArray x) {
        return x.erf();
    }

    public static NDArray sign(NDArray x) {
        return x.sign();
    }

    public static NDArray arctan2(NDArray y, NDArray x) {
        return y.arctan2(x);
    }

    public static NDArray hypot(NDArray a, NDArray b) {
        return a.hypot(b);
    }

    public static NDArray clip(NDArray x, double lo, double hi) {
        return x.clip(lo, hi);
    }

    public static NDArray isnan(NDArray x) {
        return x.isnan();
    }

    public static NDArray isinf(NDArray x) {
        return x.isinf();
    }

    public static NDArray isfinite(NDArray x) {
        return x.isfinite();
    }

    public static NDArray gt(NDArray a, NDArray b) {
        return a.gt(b);
    }

    public static NDArray ge(NDArray a, NDArray b) {
        return a.ge(b);
    }

    public static NDArray lt(NDArray a, NDArray b) {
        return a.lt(b);
    }

    public static NDArray le(NDArray a, NDArray b) {
        return a.le(b);
    }

    public static NDArray eq(NDArray a, NDArray b) {
        return a.eq(b);
    }

    public static NDArray ne(NDArray a, NDArray b) {
        return a.ne(b);
    }

    public static NDArray logicalAnd(NDArray a, NDArray b) {
        return a.logical(BinaryOp.AND, b);
    }

    public static NDArray logicalOr(NDArray a, NDArray b) {
        return a.logical(BinaryOp.OR, b);
    }

    public static NDArray logicalNot(NDArray x) {
        return x.logicalNot();
    }

    /** {@code np.where(cond)} with one argument: {@link #nonzero}. */
    public static NDArray[] where(NDArray cond) {
        return Indexing.nonzero(cond, "where");
    }

    /** The indices of the non-zero elements, one int64 array per axis. */
    public static NDArray[] nonzero(NDArray x) {
        return Indexing.nonzero(x, "nonzero");
    }

    /** The indices of the non-zero elements, one row each: int64 of shape (count, ndim). */
    public static NDArray argwhere(NDArray x) {
        return Indexing.argwhere(x, "argwhere");
    }

    /** The flat indices of the non-zero elements. */
    public static NDArray flatnonzero(NDArray x) {
        return Indexing.argwhere(x.ravel(), "flatnonzero").get(":, 0").copy();
    }

    /** How many elements are non-zero (true), the same on every rank. */
    public static long countNonzero(NDArray x) {
        return Indexing.countNonzero(x);
    }

    /** The elements at these indices of the flattened array (NumPy's {@code take} without an axis). */
    public static NDArray take(NDArray x, NDArray indices) {
        return x.take(indices);
    }

    public static NDArray take(NDArray x, NDArray indices, int axis) {
        return x.take(indices, axis);
    }

    /** {@code x.flat[indices] = values} (values repeated when shorter). */
    public static void put(NDArray x, NDArray indices, NDArray values) {
        x.put(indices, values);
    }

    public static void put(NDArray x, NDArray indices, double value) {
        x.put(indices, value);
    }

    // ---- scans, sorting, order statistics ----

    /** The running sum of the flattened array. */
    public static NDArray cumsum(NDArray x) {
        return x.cumsum();
    }

    public static NDArray cumsum(NDArray x, int axis) {
        return x.cumsum(axis);
    }

    public static NDArray cumprod(NDArray x) {
        return x.cumprod();
    }

    public static NDArray cumprod(NDArray x, int axis) {
        return x.cumprod(axis);
    }

    /** A sorted copy, along the last axis (NaN last). */
    public static NDArray sort(NDArray x) {
        return Sorting.sort(x, -1, false);
    }

    public static NDArray sort(NDArray x, int axis) {
        return Sorting.sort(x, axis, false);
    }

    /**
     * {@code np.sort(x, axis, kind)}: NumPy's kinds ({@code "quicksort"}, {@code "mergesort"},
     * {@code "heapsort"}, {@code "stable"}, or their first letter) are accepted; every one sorts
     * the same here, stably (for values that compare equal, any order is a correct quicksort).
     */
    public static NDArray sort(NDArray x, int axis, String kind) {
        Sorting.checkKind(kind);
        return Sorting.sort(x, axis, false);
    }

    /** {@code np.argsort(x, axis, kind)}: any of NumPy's kinds; stable (see {@link #sort(NDArray, int, String)}). */
    public static NDArray argsort(NDArray x, int axis, String kind) {
        Sorting.checkKind(kind);
        return Sorting.sort(x, axis, true);
    }

    /** The indices that sort x along the last axis; stable. */
    public static NDArray argsort(NDArray x) {
        return Sorting.sort(x, -1, true);
    }

    public static NDArray argsort(NDArray x, int axis) {
        return Sorting.sort(x, axis, true);
    }

    /** The sorted distinct values of the flattened array. */
    public static NDArray unique(NDArray x) {
        return Sorting.unique(x);
    }

    /** {@code np.unique(x, axis=k)}: the distinct sub-arrays along axis k (a matrix's rows for 0), in lexicographic order. */
    public static NDArray unique(NDArray x, int axis) {
        return Sorting.uniqueAlong(x, axis);
    }

    /**
     * NumPy's {@code unique(x, return_index, return_inverse, return_counts)}: {distinct values,
     * then the arrays asked for in that order}: first-occurrence flat indices, the inverse (for
     * each element of the flattened array, its value's index in the distinct values: {@code
     * u.take(inverse)} is the flattened x), the counts.
     */
    public static NDArray[] unique(NDArray x, boolean returnIndex, boolean returnInverse, boolean returnCounts) {
        return Sorting.unique(x, returnIndex, returnInverse, returnCounts);
    }

    /**
     * NumPy's {@code unique(x, return_index, return_inverse, return_counts, axis=k)}: {the distinct
     * sub-arrays along axis k, then those asked for}: the index along k of each one's first
     * occurrence, each sub-array's index in the distinct ones, the counts (int64).
     */
    public static NDArray[] unique(NDArray x, boolean returnIndex, boolean returnInverse, boolean returnCounts, int axis) {
        return Sorting.uniqueAlong(x, axis, returnIndex, returnInverse, returnCounts);
    }

    /** Where each of v goes in sorted 1-D {@code a} (before equal values). */
    public static NDArray searchsorted(NDArray a, NDArray v) {
        return Sorting.searchsorted(a, v, false);
    }

    /** {@code side}: "left" (before equal values) or "right" (after them). */
    public static NDArray searchsorted(NDArray a, NDArray v, String side) {
        return Sorting.searchsorted(a, v, side(side));
    }

    /** Where v goes in sorted 1-D {@code a}. */
    public static long searchsorted(NDArray a, double v) {
        return (long) Sorting.searchsorted(a, scalar(a.runtime(), v, DType.FLOAT64), false).item();
    }

    static boolean side(String side) {
        if ("left".equals(side) || "right".equals(side)) {
            return "right".equals(side);
        }
        throw new IllegalArgumentException("searchsorted: side must be \"left\" or \"right\", not " + (side == null ? "null" : "\"" + side + "\""));
    }

    private static final String QUANTILE_RANGE = "Quantiles must be in the range [0, 1]";
    private static final String PERCENTILE_RANGE = "Percentiles must be in the range [0, 100]";

    /** The q-th quantile (0 ≤ q ≤ 1) of the flattened array, by NumPy's default method ("linear"). */
    public static double quantile(NDArray x, double q) {
        return quantile(x, q, "linear");
    }

    /**
     * The q-th quantile of the flattened array by one of NumPy's 13 methods ("linear",
     * "lower", "higher", "midpoint", "nearest", "inverted_cdf", "averaged_inverted_cdf",
     * "closest_observation", "interpolated_inverted_cdf", "hazen", "weibull",
     * "median_unbiased", "normal_unbiased"), NumPy's bits.
     */
    public static double quantile(NDArray x, double q, String method) {
        return Statistics.quantile(x, new double[] {q}, true, null, method, "quantile", QUANTILE_RANGE).item();
    }

    /** Several quantiles of the flattened array at once (one sort), method "linear": float64. */
    public static NDArray quantile(NDArray x, double... qs) {
        return Statistics.quantile(x, qs.clone(), false, null, "linear", "quantile", QUANTILE_RANGE);
    }

    /** Several quantiles of the flattened array by {@code method}: float64, or x's type for a discrete method. */
    public static NDArray quantile(NDArray x, double[] qs, String method) {
        return Statistics.quantile(x, qs.clone(), false, null, method, "quantile", QUANTILE_RANGE);
    }

    /** The q-th quantile along {@code axis}: the shape of x without that axis. */
    public static NDArray quantile(NDArray x, double q, int axis) {
        return quantile(x, q, axis, "linear");
    }

    public static NDArray quantile(NDArray x, double q, int axis, String method) {
        return Statistics.quantile(x, new double[] {q}, true, axis, method, "quantile", QUANTILE_RANGE);
    }

    /** Quantiles along {@code axis}: the quantiles' axis first, then the shape of x without {@code axis}, as NumPy. */
    public static NDArray quantile(NDArray x, double[] qs, int axis, String method) {
        return Statistics.quantile(x, qs.clone(), false, axis, method, "quantile", QUANTILE_RANGE);
    }

    /** With {@code keepdims}: the reduced axis stays, of length 1, so the result broadcasts against x (NumPy's {@code keepdims=True}). */
    public static NDArray quantile(NDArray x, double q, int axis, String method, boolean keepdims) {
        return kept(quantile(x, q, axis, method), x, axis, false, keepdims, "quantile");
    }

    public static NDArray quantile(NDArray x, double[] qs, int axis, String method, boolean keepdims) {
        return kept(quantile(x, qs, axis, method), x, axis, true, keepdims, "quantile");
    }

    public static NDArray percentile(NDArray x, double p, int axis, String method, boolean keepdims) {
        return kept(percentile(x, p, axis, method), x, axis, false, keepdims, "percentile");
    }

    public static NDArray percentile(NDArray x, double[] ps, int axis, String method, boolean keepdims) {
        return kept(percentile(x, ps, axis, method), x, axis, true, keepdims, "percentile");
    }

    /** {@code r} (x reduced along {@code axis}, after the quantiles' axis when {@code several}) with that axis back, of length 1. */
    private static NDArray kept(NDArray r, NDArray x, int axis, boolean several, boolean keepdims, String op) {
        if (!keepdims) {
            return r;
        }
        int k = NDArray.normalizeAxis(op, axis, x.ndim());
        int lead = several ? 1 : 0;
        int[] rs = r.shape();
        int[] shape = new int[rs.length + 1];
        for (int d = 0, j = 0; d < shape.length; d++) {
            shape[d] = d == lead + k ? 1 : rs[j++];
        }
        return r.reshape(shape);
    }

    /** The p-th percentile (0 ≤ p ≤ 100): {@code quantile(x, p / 100)}. */
    public static double percentile(NDArray x, double p) {
        return percentile(x, p, "linear");
    }

    public static double percentile(NDArray x, double p, String method) {
        return Statistics.quantile(x, hundredths(p), true, null, method, "percentile", PERCENTILE_RANGE).item();
    }

    public static NDArray percentile(NDArray x, double... ps) {
        return percentile(x, ps, "linear");
    }

    public static NDArray percentile(NDArray x, double[] ps, String method) {
        return Statistics.quantile(x, hundredths(ps), false, null, method, "percentile", PERCENTILE_RANGE);
    }

    public static NDArray percentile(NDArray x, double p, int axis) {
        return percentile(x, p, axis, "linear");
    }

    public static NDArray percentile(NDArray x, double p, int axis, String method) {
        return Statistics.quantile(x, hundredths(p), true, axis, method, "percentile", PERCENTILE_RANGE);
    }

    public static NDArray percentile(NDArray x, double[] ps, int axis, String method) {
        return Statistics.quantile(x, hundredths(ps), false, axis, method, "percentile", PERCENTILE_RANGE);
    }

    /** The percentiles as quantiles, after checking them (the message shows the percentile given). */
    private static double[] hundredths(double... ps) {
        double[] q = new double[ps.length];
        for (int i = 0; i < q.length; i++) {
            if (!(ps[i] >= 0 && ps[i] <= 100)) {
                throw new IllegalArgumentException("percentile: " + PERCENTILE_RANGE + " (got " + ps[i] + ")");
            }
            q[i] = ps[i] / 100;
        }
        return q;
    }

    /** The median of the flattened array (NaN when it holds a NaN). */
    public static double median(NDArray x) {
        return Statistics.median(x);
    }

    /** {counts, edges}: {@code bins} equal bins from the array's min to its max. */
    public static NDArray[] histogram(NDArray x, int bins) {
        return Statistics.histogram(x, bins, null, null);
    }

    /** {counts, edges}: {@code bins} equal bins over [lo, hi]; values outside are not counted. */
    public static NDArray[] histogram(NDArray x, int bins, double lo, double hi) {
        return Statistics.histogram(x, bins, lo, hi);
    }

    /** Elements of a where cond is true (non-zero), of b elsewhere. */
    public static NDArray where(NDArray cond, NDArray a, NDArray b) {
        if (a.isComplex() || b.isComplex()) {
            return Complexes.select(cond, a, b);
        }
        return whereOf(cond, a, b, DType.promote(a.dtype(), b.dtype()));
    }

    public static NDArray where(NDArray cond, NDArray a, double b) {
        if (a.isComplex()) {
            return Complexes.select(cond, a, b);
        }
        return whereOf(cond, a, b, a.dtype().isFloating() ? a.dtype() : DType.FLOAT64);
    }

    public static NDArray where(NDArray cond, double a, NDArray b) {
        if (b.isComplex()) {
            return Complexes.select(cond, a, b);
        }
        return whereOf(cond, a, b, b.dtype().isFloating() ? b.dtype() : DType.FLOAT64);
    }

    public static NDArray where(NDArray cond, double a, double b) {
        return whereOf(cond, a, b, DType.FLOAT64);
    }

    private static NDArray whereOf(NDArray cond, Object a, Object b, DType type) {
        boolean longs = !type.isFloating();
        int[] shape = Broadcasting.shapeOf("where", cond, a, b);
        if (Lazy.deferrable(type, cond, a, b)) {
            return new NDArray(cond.runtime(), Lazy.where(type, shape, Lazy.of(cond), Lazy.operand(a),
                    Lazy.operand(b)));
        }
        return NDArray.map(cond.runtime(), "where", type, shape, new ElementwiseKernel.Where(longs), longs, cond, a, b);
    }

    // ---- reductions ----

    public static double sum(NDArray x) {
        return x.sum();
    }

    public static double mean(NDArray x) {
        return x.mean();
    }

    public static double max(NDArray x) {
        return x.max();
    }

    public static double min(NDArray x) {
        return x.min();
    }

    /** Whether |a - b| <= atol + rtol * |b| everywhere (rtol 1e-5, atol 1e-8, NaN never close), as NumPy. */
    public static boolean allclose(NDArray a, NDArray b) {
        return allclose(a, b, 1e-5, 1e-8);
    }

    public static boolean allclose(NDArray a, NDArray b, double rtol, double atol) {
        NDArray close = a.sub(b).abs().le(b.abs().mul(rtol).add(atol));
        return close.size() == 0 || close.min() != 0;
    }

    /** Linear algebra: {@code np.linalg.norm(x)}. */
    /** NumPy's {@code einsum}: {@code np.einsum("ij,jk->ik", a, b)}; implicit output (no "->") as in NumPy. */
    public static NDArray einsum(String subscripts, NDArray... operands) {
        if (operands != null && operands.length == 2 && (operands[0].isComplex() || operands[1].isComplex())) {
            return Complexes.bilinear(operands[0], operands[1], (x, y) -> Einsum.einsum(subscripts, x, y));
        }
        return Einsum.einsum(subscripts, operands);
    }

    /** The sum over a's last two axes and b's first two. */
    public static NDArray tensordot(NDArray a, NDArray b) {
        return Einsum.tensordot(a, b, 2);
    }

    /** The sum over a's last {@code axes} axes and b's first {@code axes}. */
    public static NDArray tensordot(NDArray a, NDArray b, int axes) {
        if (a.isComplex() || b.isComplex()) {
            return Complexes.bilinear(a, b, (x, y) -> Einsum.tensordot(x, y, axes));
        }
        return Einsum.tensordot(a, b, axes);
    }

    /** Every element of a times every element of b: shape (a.size, b.size). */
    public static NDArray outer(NDArray a, NDArray b) {
        if (a.isComplex() || b.isComplex()) {
            return Complexes.bilinear(a, b, Einsum::outer);
        }
        return Einsum.outer(a, b);
    }

    /** NumPy's {@code remainder} / {@code mod} ({@code a % b}): the sign of the divisor. */
    public static NDArray remainder(NDArray a, NDArray b) {
        return a.mod(b);
    }

    public static NDArray mod(NDArray a, NDArray b) {
        return a.mod(b);
    }

    public static NDArray mod(NDArray a, double b) {
        return a.mod(b);
    }

    public static NDArray mod(NDArray a, long b) {
        return a.mod(b);
    }

    /** {@code x * x}. */
    public static NDArray square(NDArray x) {
        return x.mul(x);
    }

    /**
     * NumPy's {@code diag}: of a 1-D array, a square matrix with it on diagonal {@code k} (above the
     * main one for k &gt; 0); of a 2-D array, its diagonal k as a new 1-D array.
     */
    public static NDArray diag(NDArray v, int k) {
        if (v.isComplex()) {
            return Complexes.each(v, x -> Shapes.diag(x, k));
        }
        return Shapes.diag(v, k);
    }

    public static NDArray diag(NDArray v) {
        return diag(v, 0);
    }

    /** The lower triangle: elements on and below diagonal k kept, the others zero (NumPy's {@code tril}). */
    public static NDArray tril(NDArray x, int k) {
        if (x.isComplex()) {
            return Complexes.each(x, y -> Shapes.triangle(y, k, true));
        }
        return Shapes.triangle(x, k, true);
    }

    public static NDArray tril(NDArray x) {
        return Shapes.triangle(x, 0, true);
    }

    /** The upper triangle: elements on and above diagonal k kept (NumPy's {@code triu}). */
    public static NDArray triu(NDArray x, int k) {
        if (x.isComplex()) {
            return Complexes.each(x, y -> Shapes.triangle(y, k, false));
        }
        return Shapes.triangle(x, k, false);
    }

    public static NDArray triu(NDArray x) {
        return Shapes.triangle(x, 0, false);
    }

    /** x repeated {@code reps[d]} times along each axis (NumPy's {@code tile}). */
    public static NDArray tile(NDArray x, int... reps) {
        if (x.isComplex()) {
            return Complexes.each(x, y -> Shapes.tile(y, reps));
        }
        return Shapes.tile(x, reps);
    }

    /** The elements in reverse order along {@code axis} (a view, as NumPy's {@code flip}). */
    public static NDArray flip(NDArray x, int axis) {
        if (x.isComplex()) {
            return Complexes.each(x, y -> Shapes.flip(y, axis));
        }
        return Shapes.flip(x, axis);
    }

    /** Reversed along every axis. */
    public static NDArray flip(NDArray x) {
        NDArray r = x;
        for (int d = 0; d < x.ndim(); d++) {
            r = Shapes.flip(r, d);
        }
        return r;
    }

    /** Arrays side by side: along axis 1 (axis 0 for 1-D arrays). */
    public static NDArray hstack(NDArray... arrays) {
        return concatenate(arrays, arrays.length > 0 && arrays[0].ndim() == 1 ? 0 : 1);
    }

    /** Arrays one under the other (1-D arrays become rows). */
    public static NDArray vstack(NDArray... arrays) {
        NDArray[] rows = new NDArray[arrays.length];
        for (int i = 0; i < arrays.length; i++) {
            rows[i] = arrays[i].ndim() == 1 ? arrays[i].reshape(1, -1) : arrays[i];
        }
        return concatenate(rows, 0);
    }

    /** How often each value 0, 1, ... occurs in a 1-D array of non-negative integers (NumPy's {@code bincount}), int64. */
    public static NDArray bincount(NDArray x) {
        return Shapes.bincount(x, null, 0);
    }

    public static NDArray bincount(NDArray x, int minlength) {
        return Shapes.bincount(x, null, minlength);
    }

    /** The sum of the weights of each value, in the order of x (NumPy's bits), float64. */
    public static NDArray bincount(NDArray x, NDArray weights, int minlength) {
        return Shapes.bincount(x, weights, minlength);
    }

    public static final class linalg {
        private linalg() {
        }

        /** The 2-norm of a vector, the Frobenius norm of a matrix: sqrt of the sum of squares. */
        public static double norm(NDArray x) {
            if (x.isComplex()) { // NumPy's: the square root of the sums of the parts' squares
                NDArray re = x.real();
                NDArray im = x.imag();
                return Math.sqrt(re.mul(re).sum() + im.mul(im).sum());
            }
            NDArray f = x.dtype().isFloating() ? x : x.astype(DType.FLOAT64);
            return Math.sqrt(f.mul(f).sum());
        }

        /**
         * NumPy's {@code norm(x, ord)}: of a vector, ord = inf (max |x|), -inf (min |x|), 0 (non-zero
         * count), 1, 2 or any p (sum |x|^p)^(1/p); of a matrix, 1 (max column sum of |x|), inf (max
         * row sum), -1, -inf, 2 and -2 (the largest and smallest singular value); {@code norm(x, "fro")}
         * is the Frobenius norm, {@code norm(x, "nuc")} the sum of the singular values.
         */
        public static double norm(NDArray x, double ord) {
            return Norms.norm(x, ord);
        }

        public static double norm(NDArray x, String ord) {
            return Norms.norm(x, ord);
        }

        /** The vector norm of each line along {@code axis}: {@code norm(x, ord, axis)}. */
        public static NDArray norm(NDArray x, double ord, int axis) {
            return Norms.norm(x, ord, axis);
        }

        /**
         * NumPy's {@code svd(a, compute_uv=False)}: the singular values of a matrix, largest first
         * (float64; float32 of float32). {@code computeUV} true (the singular vectors) is not there yet and says so.
         */
        public static NDArray svd(NDArray a, boolean computeUV) {
            if (computeUV) {
                throw new UnsupportedOperationException("svd: the singular vectors (compute_uv=True) are not implemented in legate.numpy yet; "
                        + "svd(a, false) gives the singular values");
            }
            double[] s = Norms.singularValues(a, "svd");
            return single(fromFlat(a.runtime(), s, new int[] {s.length}, DType.FLOAT64, "svd"), a);
        }

        /**
         * A result computed in float64 as float32 when every input is float32, as NumPy's
         * linalg gives (its float32 LAPACK; here the float64 result rounded once).
         */
        private static NDArray single(NDArray result, NDArray... inputs) {
            for (NDArray x : inputs) {
                if (x.dtype() != DType.FLOAT32) {
                    return result;
                }
            }
            return result.dtype() == DType.FLOAT64 ? result.astype(DType.FLOAT32) : result;
        }

        /** NumPy's {@code cond(a)}: the 2-norm condition number, the largest singular value over the smallest (inf when singular). */
        public static double cond(NDArray a) {
            double[] s = Norms.singularValues(a, "cond");
            if (s.length == 0) {
                throw new IllegalArgumentException("cond: the matrix is empty (shape " + NDArray.shapeText(a.shape()) + ")");
            }
            return s[0] / s[s.length - 1];
        }

        /** L with {@code a = L @ L.T}, for a symmetric positive-definite a; split rows stay split. */
        public static NDArray cholesky(NDArray a) {
            return single(Factorizations.cholesky(a), a);
        }

        /** x with {@code a @ x = b} (b of shape (n,) or (n, k)): Gaussian elimination with partial pivoting. */
        public static NDArray solve(NDArray a, NDArray b) {
            return single(Factorizations.solve(a, b, "solve"), a, b);
        }

        /** NumPy's {@code qr} (mode "reduced"): {q, r} with {@code a = q @ r}, q's columns orthonormal, r upper triangular. */
        public static NDArray[] qr(NDArray a) {
            NDArray[] qr = Factorizations.qr(a);
            return new NDArray[] {single(qr[0], a), single(qr[1], a)};
        }

        /** The inverse of a square matrix. */
        public static NDArray inv(NDArray a) {
            return single(Factorizations.inv(a), a);
        }
    }

    // ---- linear algebra ----

    public static NDArray matmul(NDArray a, NDArray b) {
        return a.matmul(b);
    }

    /**
     * NumPy's dot: the inner product of vectors (a 0-d array), the matrix product of 1-D and 2-D
     * arrays, a product with a 0-d array, and for N-D arrays the sum over a's last axis and b's
     * second-to-last.
     */
    public static NDArray dot(NDArray a, NDArray b) {
        if (a.isComplex() || b.isComplex()) {
            return Complexes.bilinear(a, b, LinearAlgebra::dot);
        }
        return LinearAlgebra.dot(a, b);
    }

    // ---- files ----

    /**
     * Writes {@code x} to {@code file} in NumPy's {@code .npy} format (little-endian, C order),
     * adding {@code .npy} to a name without it, as NumPy does. Sharded: on many ranks each rank
     * writes the rows it holds into the one file, which must be on a file system every rank sees.
     */
    public static void save(String file, NDArray x) {
        NpyFiles.save(rt(), file, x);
    }

    /**
     * The array in the {@code .npy} file {@code file} (NumPy's format 1.0 to 3.0: either byte
     * order, C or Fortran order; every dtype legate.numpy has). Sharded: on many ranks
     * each rank reads only the rows it holds. A corrupt, truncated or foreign file is an error
     * naming the file and what is wrong.
     */
    public static NDArray load(String file) {
        return NpyFiles.load(rt(), file);
    }

    /**
     * Writes a 1-D or 2-D array as text, one row a line, in NumPy's default format ({@code %.18e}:
     * Python reads back the same doubles), the values separated by a space. Rank 0 writes it.
     */
    public static void savetxt(String file, NDArray x) {
        TextFiles.savetxt(rt(), file, x, " ");
    }

    /** {@link #savetxt(String, NDArray)} with the values separated by {@code delimiter} (NumPy's {@code delimiter=}). */
    public static void savetxt(String file, NDArray x, String delimiter) {
        TextFiles.savetxt(rt(), file, x, delimiter);
    }

    /**
     * A float64 array of the numbers in a text file, one row a line, separated by white space;
     * {@code #} starts a comment, blank lines are skipped. As NumPy's default ({@code ndmin=0}),
     * a single row or column is 1-D and a single value 0-D. Every rank reads the (small) file.
     */
    public static NDArray loadtxt(String file) {
        return TextFiles.loadtxt(rt(), file, null);
    }

    /** {@link #loadtxt(String)} with the values separated by {@code delimiter} (NumPy's {@code delimiter=}). */
    public static NDArray loadtxt(String file, String delimiter) {
        return TextFiles.loadtxt(rt(), file, delimiter);
    }

    // ---- shape ----

    /** Joins arrays along axis 0. */
    public static NDArray concatenate(NDArray... arrays) {
        return concatenate(arrays, 0);
    }

    /** Joins arrays along an existing axis. */
    public static NDArray concatenate(NDArray[] arrays, int axis) {
        if (arrays == null || arrays.length == 0) {
            throw new IllegalArgumentException("concatenate: need at least one array to concatenate");
        }
        NDArray first = arrays[0];
        int nd = first.ndim();
        if (nd == 0) {
            throw new IllegalArgumentException("concatenate: zero-dimensional arrays cannot be concatenated");
        }
        int a = NDArray.normalizeAxis("concatenate", axis, nd);
        int[] shape = first.shape();
        DType type = first.dtype();
        int total = 0;
        for (int k = 0; k < arrays.length; k++) {
            int[] s = arrays[k].shape();
            if (s.length != nd) {
                throw new IllegalArgumentException("concatenate: all the input arrays must have same number of dimensions, but the array at "
                        + "index 0 has " + nd + " dimension(s) and the array at index " + k + " has " + s.length + " dimension(s)");
            }
            for (int d = 0; d < nd; d++) {
                if (d != a && s[d] != shape[d]) {
                    throw new IllegalArgumentException("concatenate: all the input array dimensions except for the concatenation axis "
                            + "must match exactly, but along dimension " + d + ", the array at index 0 has size " + shape[d]
                            + " and the array at index " + k + " has size " + s[d]);
                }
            }
            total += s[a];
            type = k == 0 ? type : DType.promote(type, arrays[k].dtype());
        }
        shape[a] = total;
        NDArray out = zeros(type, shape);
        int at = 0;
        String lead = ":, ".repeat(a);
        for (NDArray x : arrays) {
            int n = x.shape()[a];
            out.set(lead + at + ":" + (at + n), x);
            at += n;
        }
        return out;
    }

    /** Joins arrays of one shape along a new axis. */
    public static NDArray stack(NDArray[] arrays, int axis) {
        if (arrays == null || arrays.length == 0) {
            throw new IllegalArgumentException("stack: need at least one array to stack");
        }
        int a = axis < 0 ? axis + arrays[0].ndim() + 1 : axis;
        if (a < 0 || a > arrays[0].ndim()) {
            throw new IllegalArgumentException("stack: axis " + axis + " is out of bounds for array of dimension " + (arrays[0].ndim() + 1));
        }
        NDArray[] expanded = new NDArray[arrays.length];
        for (int k = 0; k < arrays.length; k++) {
            if (!Arrays.equals(arrays[k].shape(), arrays[0].shape())) {
                throw new IllegalArgumentException("stack: all input arrays must have the same shape: " + NDArray.shapeText(arrays[0].shape())
                        + " and " + NDArray.shapeText(arrays[k].shape()));
            }
            expanded[k] = arrays[k].expandDims(a);
        }
        return concatenate(expanded, a);
    }

    public static NDArray stack(NDArray... arrays) {
        return stack(arrays, 0);
    }

    /** Elements shifted along an axis, those pushed off one end coming back at the other. */
    public static NDArray roll(NDArray x, int shift, int axis) {
        if (x.isComplex()) {
            return Complexes.each(x, y -> roll(y, shift, axis));
        }
        int a = NDArray.normalizeAxis("roll", axis, x.ndim());
        int n = x.shape()[a];
        if (x.ndim() >= 2 && a == x.ndim() - 1 && n > 0 && Lazy.deferrable(x.dtype(), x)) {
            // along the last axis the wrap stays within each row: a deferred, fused read
            return new NDArray(x.runtime(), Lazy.roll(x, shift));
        }
        NDArray out = zeros(x.dtype(), x.shape());
        if (n == 0) {
            return out;
        }
        int s = Math.floorMod(shift, n);
        String lead = ":, ".repeat(a);
        if (s == 0) {
            out.set(x);
            return out;
        }
        out.set(lead + s + ":", x.get(lead + ":" + (n - s)));
        out.set(lead + ":" + s, x.get(lead + (n - s) + ":"));
        return out;
    }

    /** Rolls the flattened array, keeping the shape. */
    public static NDArray roll(NDArray x, int shift) {
        return roll(x.ravel(), shift, 0).reshape(x.shape());
    }
}
