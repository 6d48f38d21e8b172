package legate.numpy;

import java.util.Arrays;
import java.util.List;
import legate.runtime.task.ArrayRuntime;

/**
 * Order statistics and histograms of the flattened array, with NumPy's formulas: {@code quantile}
 * and {@code percentile} (NumPy's default {@code method="linear"}, its interpolation to the
 * bit), {@code median}, and {@code histogram} with equal bins (NumPy's bin search, exact counts).
 * The values come from a sort across the ranks ({@link Sorting#sorted}); every rank gets the same
 * result.
 */
final class Statistics {
    private Statistics() {
    }

    /** The sorted values at these positions (of a sequence of n), on every rank. */
    private static double[] at(NDArray x, long[] positions) {
        Sorting.Sorted s = Sorting.sorted(x.ndim() == 1 ? x : x.ravel(), false);
        ArrayRuntime rt = x.runtime();
        long lo = 0;
        if (!s.whole()) {
            long[] counts = Exchanges.allgather(rt, s.keys().length);
            for (int q = 0; q < rt.rank(); q++) {
                lo += counts[q];
            }
        }
        double[] mine = new double[2 * positions.length]; // (found here?, value)
        for (int j = 0; j < positions.length; j++) {
            long i = positions[j] - lo;
            if (i >= 0 && i < s.keys().length) {
                mine[2 * j] = 1;
                long key = s.keys()[(int) i];
                mine[2 * j + 1] = Runs.value(key, x.dtype().elementType());
            }
        }
        if (s.whole()) {
            double[] v = new double[positions.length];
            for (int j = 0; j < v.length; j++) {
                v[j] = mine[2 * j + 1];
            }
            return v;
        }
        double[][] all = Exchanges.allgather(rt, mine);
        double[] v = new double[positions.length];
        for (double[] each : all) {
            for (int j = 0; j < v.length; j++) {
                if (each[2 * j] != 0) {
                    v[j] = each[2 * j + 1];
                }
            }
        }
        return v;
    }

    private static void checkFloatable(NDArray x, String op) {
        if (x.size() == 0) {
            throw new IllegalArgumentException(op + ": the array is empty; there is no value to give");
        }
    }

    /** NumPy's quantile methods ({@code numpy.quantile(..., method=)}), in NumPy's order. */
    static final List<String> METHODS = List.of("inverted_cdf", "averaged_inverted_cdf", "closest_observation",
            "interpolated_inverted_cdf", "hazen", "weibull", "linear", "median_unbiased", "normal_unbiased", "lower", "higher",
            "midpoint", "nearest");

    /**
     * Where a quantile falls among n sorted values, by NumPy's formulas: positions {@code prev}
     * and {@code next} (-1: the last) and the weight {@code gamma} of {@code next}; a discrete
     * method takes the value at {@code prev} (gamma is NaN).
     */
    record Point(long prev, long next, double gamma) {
        boolean discrete() {
            return Double.isNaN(gamma);
        }
    }

    /** NumPy's {@code get_virtual_index}, {@code _get_indexes} and {@code _get_gamma} for one q. */
    static Point point(String method, long n, double q) {
        switch (method) {
            case "inverted_cdf", "closest_observation" -> { // _discret_interpolation_to_boundaries
                double index = method.equals("inverted_cdf") ? n * q - 1 : n * q - 1 - 0.5;
                double previous = Math.floor(index);
                double gamma = index - previous;
                boolean atPrevious = method.equals("inverted_cdf") ? gamma == 0
                        : gamma == 0 && Math.floorMod((long) previous, 2L) == 0;
                long res = (long) (atPrevious ? previous : previous + 1);
                return new Point(Math.max(res, 0), Math.max(res, 0), Double.NaN);
            }
            case "lower" -> {
                long i = (long) Math.floor((n - 1) * q);
                return new Point(i, i, Double.NaN);
            }
            case "higher" -> {
                long i = (long) Math.ceil((n - 1) * q);
                return new Point(i, i, Double.NaN);
            }
            case "nearest" -> {
                long i = (long) Math.rint((n - 1) * q); // np.around: half to even
                return new Point(i, i, Double.NaN);
            }
            default -> {
            }
        }
        double virtual = switch (method) {
            case "averaged_inverted_cdf" -> n * q - 1;
            case "linear" -> (n - 1) * q;
            case "midpoint" -> 0.5 * (Math.floor((n - 1) * q) + Math.ceil((n - 1) * q));
            case "interpolated_inverted_cdf" -> virtualIndex(n, q, 0, 1);
            case "hazen" -> virtualIndex(n, q, 0.5, 0.5);
            case "weibull" -> virtualIndex(n, q, 0, 0);
            case "median_unbiased" -> virtualIndex(n, q, 1 / 3.0, 1 / 3.0);
            case "normal_unbiased" -> virtualIndex(n, q, 3 / 8.0, 3 / 8.0);
            default -> throw new IllegalStateException(method);
        };
        double prev = Math.floor(virtual);
        double next = prev + 1;
        if (virtual >= n - 1) {
            prev = -1;
            next = -1;
        }
        if (virtual < 0) {
            prev = 0;
            next = 0;
        }
        double gamma = virtual - prev;
        if (method.equals("averaged_inverted_cdf")) {
            gamma = gamma == 0 ? 0.5 : 1.0;
        } else if (method.equals("midpoint")) {
            gamma = virtual % 1 == 0 ? 0.0 : 0.5;
        }
        return new Point((long) prev, (long) next, gamma);
    }

    /** NumPy's {@code _compute_virtual_index}. */
    private static double virtualIndex(long n, double q, double alpha, double beta) {
        return n * q + (alpha + q * (1 - alpha - beta)) - 1;
    }

    /**
     * NumPy's {@code quantile(x, qs, axis, method=method)}: of the flattened array when
     * {@code axis} is null. The result has the shape of x without the axis, after a first axis
     * of the quantiles unless {@code scalar} (one q, given alone). The interpolating methods give
     * float64 (NumPy's {@code _lerp}, its bits: the difference in x's type, then float64); the
     * discrete ones ("lower", "higher", "nearest", "inverted_cdf", "closest_observation") give x's
     * values in x's type. A line holding a NaN gives NaN.
     */
    static NDArray quantile(NDArray x, double[] qs, boolean scalar, Integer axis, String method, String op, String range) {
        if (method == null || !METHODS.contains(method)) {
            throw new IllegalArgumentException(op + ": " + (method == null ? "null" : "'" + method + "'")
                    + " is not a valid method. Use one of: " + String.join(", ", METHODS));
        }
        for (double q : qs) {
            if (!(q >= 0 && q <= 1)) {
                throw new IllegalArgumentException(op + ": " + range + " (got " + q + ")");
            }
        }
        NDArray a = axis == null ? (x.ndim() == 1 ? x : x.ravel()) : x;
        int ax = axis == null ? 0 : NDArray.normalizeAxis(op, axis, x.ndim());
        long n = a.shape()[ax];
        if (n == 0) {
            throw new IllegalArgumentException(op + ": the array " + (axis == null ? "is empty" : "has no elements along axis " + axis)
                    + " (shape " + NDArray.shapeText(x.shape()) + "); there is no value to give");
        }
        int[] lineShape = new int[a.ndim() - 1];
        for (int d = 0, e = 0; d < a.ndim(); d++) {
            if (d != ax) {
                lineShape[e++] = a.shape()[d];
            }
        }
        if (qs.length == 0) {
            int[] none = new int[lineShape.length + 1];
            System.arraycopy(lineShape, 0, none, 1, lineShape.length);
            return np.zeros(DType.FLOAT64, none);
        }
        Point[] points = new Point[qs.length];
        boolean interpolating = false;
        java.util.TreeSet<Long> wanted = new java.util.TreeSet<>();
        boolean floating = x.dtype().isFloating();
        if (floating) {
            wanted.add(n - 1); // NaN sorts last: a line holding one has it there
        }
        for (int j = 0; j < qs.length; j++) {
            points[j] = point(method, n, qs[j]);
            interpolating |= !points[j].discrete();
            wanted.add(points[j].prev() < 0 ? n - 1 : points[j].prev());
            wanted.add(points[j].next() < 0 ? n - 1 : points[j].next());
        }
        if (interpolating && x.dtype() == DType.BOOL) {
            throw new IllegalArgumentException(op + ": method '" + method + "' interpolates, which needs subtraction, and bool arrays have "
                    + "none (NumPy: boolean subtract is not supported); use astype or a method of \"lower\", \"higher\", \"nearest\", "
                    + "\"inverted_cdf\", \"closest_observation\"");
        }
        NDArray sorted = Sorting.sort(a, ax, false);
        long[] positions = wanted.stream().mapToLong(Long::longValue).toArray();
        NDArray picked = sorted.take(np.array(positions), ax);
        // every quantile at once (a handful of operations whatever their number): the values at
        // prev and next of each, along a first axis of the quantiles
        long[] prevAt = new long[qs.length];
        long[] nextAt = new long[qs.length];
        double[] gammas = new double[qs.length];
        for (int j = 0; j < qs.length; j++) {
            prevAt[j] = java.util.Arrays.binarySearch(positions, points[j].prev() < 0 ? n - 1 : points[j].prev());
            nextAt[j] = java.util.Arrays.binarySearch(positions, points[j].next() < 0 ? n - 1 : points[j].next());
            gammas[j] = points[j].gamma();
        }
        int[] outShape = new int[lineShape.length + 1];
        outShape[0] = qs.length;
        System.arraycopy(lineShape, 0, outShape, 1, lineShape.length);
        int[] along = new int[a.ndim()]; // the quantiles' axis first, then the lines' axes in order
        along[0] = ax;
        for (int d = 0, e = 1; d < a.ndim(); d++) {
            if (d != ax) {
                along[e++] = d;
            }
        }
        java.util.function.Function<long[], NDArray> valuesAt = at -> {
            NDArray v = picked.take(np.array(at), ax);
            return ax == 0 ? v : v.transpose(along);
        };
        NDArray lo = valuesAt.apply(prevAt);
        NDArray r;
        if (!interpolating) { // a discrete method: x's values, in x's type
            r = lo;
        } else { // NumPy's _lerp, quantile by quantile the same bits as one at a time
            NDArray hi = valuesAt.apply(nextAt);
            NDArray diff = hi.sub(lo).astype(DType.FLOAT64);
            int[] weightShape = new int[outShape.length];
            java.util.Arrays.fill(weightShape, 1);
            weightShape[0] = qs.length;
            double[] rest = new double[qs.length];
            for (int j = 0; j < qs.length; j++) {
                rest[j] = 1 - gammas[j];
            }
            NDArray t = np.array(gammas).reshape(weightShape);
            NDArray upper = t.ge(0.5);
            r = np.where(upper, hi.astype(DType.FLOAT64).sub(diff.mul(np.array(rest).reshape(weightShape))),
                    lo.astype(DType.FLOAT64).add(diff.mul(t)));
        }
        if (floating) { // a line holding a NaN (sorted last) gives NaN
            NDArray last = picked.take(np.array((long) positions.length - 1), ax).reshape(lineShape);
            r = np.where(last.isnan(), Double.NaN, r).astype(r.dtype());
        }
        return scalar ? r.reshape(lineShape) : r;
    }

    /** NumPy's {@code median}: the middle value, or the mean of the two middle values. */
    static double median(NDArray x) {
        checkFloatable(x, "median");
        long n = x.size();
        long[] pos = {(n - 1) / 2, n / 2, n - 1};
        double[] v = at(x, pos);
        if (Double.isNaN(v[2])) {
            return Double.NaN;
        }
        return pos[0] == pos[1] ? v[0] : (v[0] + v[1]) / 2;
    }

    /**
     * NumPy's {@code histogram(x, bins, range=(lo, hi))} with equal bins: {counts (int64), edges
     * (float64, bins + 1)}. Values outside the range (and NaN) are not counted; the last bin
     * includes its right edge. Without a range, it is the array's min and max.
     */
    static NDArray[] histogram(NDArray x, int bins, Double lo, Double hi) {
        String op = "histogram";
        if (bins < 1) {
            throw new IllegalArgumentException(op + ": `bins` must be positive, when an integer (got " + bins + ")");
        }
        double first;
        double last;
        if (lo != null) {
            first = lo;
            last = hi;
            if (first > last) {
                throw new IllegalArgumentException(op + ": max must be larger than min in range parameter (got " + first + ", " + last + ")");
            }
            if (!Double.isFinite(first) || !Double.isFinite(last)) {
                throw new IllegalArgumentException(op + ": supplied range of [" + first + ", " + last + "] is not finite");
            }
        } else if (x.size() == 0) {
            first = 0;
            last = 1;
        } else {
            first = x.min();
            last = x.max();
            if (!Double.isFinite(first) || !Double.isFinite(last)) {
                throw new IllegalArgumentException(op + ": autodetected range of [" + first + ", " + last + "] is not finite");
            }
        }
        if (first == last) {
            first -= 0.5;
            last += 0.5;
        }
        NDArray edges = np.linspace(first, last, bins + 1);
        if (x.dtype().isFloating() && x.dtype() != DType.FLOAT64) {
            edges = edges.astype(x.dtype()); // NumPy's edges are of a float array's type, and its items are placed by them
        }
        double[] e = edges.toDoubleArray();
        long[] counts = new long[bins];
        if (x.size() > 0) {
            Runs xr = Runs.of(x, 1);
            double norm = bins / (last - first);
            for (int i = 0, n = xr.n(); i < n; i++) {
                double a = xr.data.getDouble(i);
                if (!(a >= first && a <= last)) {
                    continue;
                }
                int k = (int) ((a - first) * norm);
                if (k == bins) {
                    k--;
                }
                if (a < e[k]) {
                    k--;
                } else if (k != bins - 1 && a >= e[k + 1]) {
                    k++;
                }
                counts[k]++;
            }
            if (!xr.whole) {
                double[] mine = new double[bins];
                for (int k = 0; k < bins; k++) {
                    mine[k] = counts[k];
                }
                Arrays.fill(counts, 0);
                for (double[] each : Exchanges.allgather(x.runtime(), mine)) {
                    for (int k = 0; k < bins; k++) {
                        counts[k] += (long) each[k];
                    }
                }
            }
        }
        return new NDArray[] {np.array(counts), edges};
    }
}
