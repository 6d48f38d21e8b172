package legate.runtime.backend;

/**
 * Reductions of array elements, with NumPy's meaning: NaN wins max and min; the first of equal
 * values wins argmax and argmin. {@link #SQDEV} is the sum of squared deviations from a centre.
 */
public enum Reduction {
    SUM, PROD, MAX, MIN, ARGMAX, ARGMIN, SQDEV;

    /** Whether a block keeps four accumulators (element f in accumulator f % 4), combined by {@link #combine}. */
    public boolean hasLanes() {
        return this == SUM || this == PROD || this == SQDEV;
    }

    /** A block's result from its four accumulators, the same on every backend. */
    public double combine(double a0, double a1, double a2, double a3) {
        return this == PROD ? (a0 * a1) * (a2 * a3) : (a0 + a1) + (a2 + a3);
    }

    public boolean isArg() {
        return this == ARGMAX || this == ARGMIN;
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
}
