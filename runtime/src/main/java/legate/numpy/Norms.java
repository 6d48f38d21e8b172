package legate.numpy;

/** NumPy's {@code linalg.norm} with {@code ord} and {@code axis}, from the runtime's element-wise operations and reductions. */
final class Norms {
    private Norms() {
    }

    private static NDArray floating(NDArray x) {
        return x.dtype().isFloating() ? x : x.astype(DType.FLOAT64);
    }

    static double norm(NDArray x, String ord) {
        if ("fro".equals(ord) || "f".equals(ord)) {
            if (x.ndim() != 2) {
                throw new IllegalArgumentException("norm: ord \"fro\" is for matrices; the array is " + x.ndim() + "-dimensional");
            }
            return np.linalg.norm(x);
        }
        throw new IllegalArgumentException("norm: invalid norm order '" + ord + "'; expected \"fro\" or a number");
    }

    static double norm(NDArray x, double ord) {
        NDArray f = floating(x);
        if (x.ndim() == 1 || x.ndim() == 0) {
            NDArray a = f.abs();
            if (ord == Double.POSITIVE_INFINITY) {
                return a.max();
            }
            if (ord == Double.NEGATIVE_INFINITY) {
                return a.min();
            }
            if (ord == 0) {
                return np.countNonzero(f);
            }
            if (ord == 1) {
                return a.sum();
            }
            if (ord == 2) {
                return Math.sqrt(f.mul(f).sum());
            }
            return Math.pow(a.pow(ord).sum(), 1 / ord);
        }
        if (x.ndim() != 2) {
            throw new IllegalArgumentException("norm: improper number of dimensions to norm: " + x.ndim() + " (expected 1 or 2)");
        }
        NDArray a = f.abs();
        if (ord == 1) {
            return a.sum(0).max();
        }
        if (ord == -1) {
            return a.sum(0).min();
        }
        if (ord == Double.POSITIVE_INFINITY) {
            return a.sum(1).max();
        }
        if (ord == Double.NEGATIVE_INFINITY) {
            return a.sum(1).min();
        }
        throw new IllegalArgumentException("norm: matrix norm order " + ord + " is not supported" + (ord == 2 || ord == -2
                ? " yet (it needs singular values)" : "; expected 1, -1, inf, -inf or \"fro\""));
    }

    static NDArray norm(NDArray x, double ord, int axis) {
        int k = NDArray.normalizeAxis("norm", axis, x.ndim());
        NDArray f = floating(x);
        NDArray a = f.abs();
        if (ord == Double.POSITIVE_INFINITY) {
            return a.max(k);
        }
        if (ord == Double.NEGATIVE_INFINITY) {
            return a.min(k);
        }
        if (ord == 1) {
            return a.sum(k);
        }
        if (ord == 2) {
            return f.mul(f).sum(k).sqrt();
        }
        if (ord == 0) {
            return f.ne(0.0).astype(DType.FLOAT64).sum(k);
        }
        return a.pow(ord).sum(k).pow(1 / ord);
    }
}
