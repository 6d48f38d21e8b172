package legate.numpy;

import legate.runtime.backend.Reduction;
import legate.runtime.task.ArrayRuntime;
import legate.runtime.task.Reductions;

/** Reductions along one axis, with NumPy's result types and errors; the runtime computes them ({@link Reductions#alongAxis}). */
final class AxisReductions {
    private AxisReductions() {
    }

    static NDArray reduce(NDArray x, int axis, Reduction op, String name) {
        int a = NDArray.normalizeAxis(name, axis, x.ndim());
        ArrayRuntime rt = x.runtime();
        if (x.size() == 0 && x.ndim() > 1) {
            return empty(x, a, op, name);
        }
        if (x.size() > 0 && !exactInDoubles(x, op, x.shape()[a])) {
            return exact(x, a, op);
        }
        if (x.ndim() == 1) {
            Reductions.Result r = Reductions.reduce(rt, x.view(), op, 0);
            return np.scalar(rt, op.isArg() ? r.index() : r.value(), resultType(op, x.dtype()));
        }
        return new NDArray(rt, Reductions.alongAxis(rt, x.view(), a, op, resultType(op, x.dtype()).elementType(), name));
    }

    /**
     * A reduction along axis {@code a} of an array with no elements, as NumPy's: along an axis of
     * length 0 a sum is zeros and a product ones (their identities), while max, min and the arg*
     * have none and are an error; along another axis the result has no elements either.
     */
    private static NDArray empty(NDArray x, int a, Reduction op, String name) {
        NDArray out = np.zeros(resultType(op, x.dtype()), withoutAxis(x.shape(), a));
        if (x.shape()[a] > 0) {
            return out;
        }
        String error = Reductions.withoutIdentity(op);
        if (error != null) {
            throw new IllegalArgumentException(name + ": " + error);
        }
        return op == Reduction.PROD ? out.add(1L) : out;
    }

    /** {@code shape} without axis {@code axis}: a reduction's result shape. */
    private static int[] withoutAxis(int[] shape, int axis) {
        int[] rest = new int[shape.length - 1];
        for (int d = 0, e = 0; d < shape.length; d++) {
            if (d != axis) {
                rest[e++] = shape[d];
            }
        }
        return rest;
    }

    /** 2^53: integers up to this size are exact in a double. */
    private static final double EXACT = 0x1p53;

    /**
     * Whether the runtime's reductions, which work in doubles, give an integer array's exact
     * result: every value, and for a sum every partial sum (at most the largest |value| times
     * {@code n}, the elements per result), and for a product the whole product, below 2^53. Types
     * of 4 bytes or less need no look for sums of up to 2^21 elements and for max and min; int64
     * and uint64 cost a max and a min.
     */
    static boolean exactInDoubles(NDArray x, Reduction op, long n) {
        DType t = x.dtype();
        if (t.isFloating() || x.size() == 0 || !(op == Reduction.SUM || op == Reduction.PROD || op == Reduction.MAX || op == Reduction.MIN)) {
            return true;
        }
        boolean small = t.elementType().itemSize() <= 4 || t == DType.BOOL;
        if (small && (op == Reduction.MAX || op == Reduction.MIN || (op == Reduction.SUM && n <= 1L << 21))) {
            return true;
        }
        ArrayRuntime rt = x.runtime();
        double hi = Reductions.reduce(rt, x.view(), Reduction.MAX, 0).value();
        double lo = Reductions.reduce(rt, x.view(), Reduction.MIN, 0).value();
        double big = Math.max(Math.abs(hi), Math.abs(lo));
        return switch (op) {
            case SUM -> big * n < EXACT;
            case PROD -> big <= 1 || n * (Math.log(big) / Math.log(2)) < 52;
            default -> big < EXACT;
        };
    }

    /**
     * An integer reduction along {@code axis} exactly, in 64-bit integers with NumPy's wrap-around:
     * sums and products as the last element of {@code cumsum}/{@code cumprod} (exact, NumPy's
     * order), max and min as the ends of a sort.
     */
    static NDArray exact(NDArray x, int axis, Reduction op) {
        int n = x.shape()[axis];
        int[] rest = withoutAxis(x.shape(), axis);
        NDArray lines = switch (op) {
            case SUM -> Scans.scan(x, axis, false);
            case PROD -> Scans.scan(x, axis, true);
            default -> Sorting.sort(x, axis, false);
        };
        long at = op == Reduction.MIN ? 0 : n - 1;
        return lines.take(np.array(at), axis).reshape(rest).astype(resultType(op, x.dtype()));
    }

    /** A whole-array reduction ({@code x.sum()}, ...) as a double: exact integers first when the doubles would round. */
    static double whole(NDArray x, Reduction op) {
        if (!exactInDoubles(x, op, x.size())) {
            return exact(x.ndim() == 1 ? x : x.ravel(), 0, op).item();
        }
        return Reductions.reduce(x.runtime(), x.view(), op, 0).value();
    }

    /**
     * NumPy's result types: sums and products of signed integers and bools are int64, of unsigned
     * ones uint64, of floats their type; max and min keep the type; arg* give int64; means and
     * deviations of integers are float64.
     */
    private static DType resultType(Reduction op, DType in) {
        return switch (op) {
            case ARGMAX, ARGMIN -> DType.INT64;
            case MAX, MIN -> in;
            case SUM, PROD -> in.accumulator();
            default -> in.isFloating() ? in : DType.FLOAT64;
        };
    }
}
