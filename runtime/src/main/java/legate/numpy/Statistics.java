package legate.numpy;

import java.util.Arrays;
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

    /** NumPy's {@code quantile(x, q)} for each q (0 ≤ q ≤ 1), method "linear". */
    static double[] quantile(NDArray x, double[] qs, String op, String range) {
        checkFloatable(x, op);
        for (double q : qs) {
            if (!(q >= 0 && q <= 1)) {
                throw new IllegalArgumentException(op + ": " + range + " (got " + q + ")");
            }
        }
        long n = x.size();
        long[] pos = new long[2 * qs.length + 1];
        double[] gamma = new double[qs.length];
        for (int j = 0; j < qs.length; j++) {
            double virtual = (n - 1) * qs[j];
            long prev = (long) Math.floor(virtual);
            long next = prev + 1;
            if (virtual >= n - 1) {
                prev = n - 1;
                next = n - 1;
            }
            gamma[j] = virtual - prev;
            pos[2 * j] = prev;
            pos[2 * j + 1] = next;
        }
        pos[2 * qs.length] = n - 1; // a NaN sorts last, and makes every quantile NaN
        double[] v = at(x, pos);
        boolean nan = Double.isNaN(v[2 * qs.length]);
        double[] out = new double[qs.length];
        for (int j = 0; j < qs.length; j++) {
            double a = v[2 * j];
            double b = v[2 * j + 1];
            double t = gamma[j];
            double diff = b - a; // NumPy's _lerp: from b when t >= 0.5
            out[j] = nan ? Double.NaN : t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
        }
        return out;
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
