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
        if (x.ndim() == 1) {
            Reductions.Result r = Reductions.reduce(rt, x.view(), op, 0);
            return np.scalar(rt, op.isArg() ? r.index() : r.value(), resultType(op, x.dtype()));
        }
        if (x.size() == 0 && (op != Reduction.SUM && op != Reduction.PROD)) {
            throw new IllegalArgumentException(name + ": zero-size array to reduction operation " + name + " which has no identity");
        }
        return new NDArray(rt, Reductions.alongAxis(rt, x.view(), a, op, resultType(op, x.dtype()).elementType(), name));
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
