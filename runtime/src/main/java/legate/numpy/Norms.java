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
        if ("nuc".equals(ord)) {
            if (x.ndim() != 2) {
                throw new IllegalArgumentException("norm: ord \"nuc\" is for matrices; the array is " + x.ndim() + "-dimensional");
            }
            double sum = 0;
            for (double v : singularValues(x, "norm")) {
                sum += v;
            }
            return sum;
        }
        throw new IllegalArgumentException("norm: invalid norm order '" + ord + "'; expected \"fro\", \"nuc\" or a number");
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
        if (ord == 2 || ord == -2) {
            double[] s = singularValues(x, "norm");
            return s.length == 0 ? 0 : ord == 2 ? s[0] : s[s.length - 1];
        }
        throw new IllegalArgumentException("norm: matrix norm order " + ord + " is not supported; expected 1, -1, 2, -2, inf, -inf, "
                + "\"fro\" or \"nuc\"");
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

    /**
     * The singular values of a matrix, largest first: NumPy's {@code svd(a, compute_uv=False)}.
     * One-sided Jacobi (Hestenes) on the whole matrix, which every rank gathers and transforms in
     * the same order, so every rank gets the same bits; it finds small singular values to high
     * relative accuracy (LAPACK's divide and conquer agrees to about 1e-15 relative). O(m n^2)
     * a sweep, a few sweeps: for matrices up to a few thousand on a side.
     */
    static double[] singularValues(NDArray x, String op) {
        if (x.ndim() != 2) {
            throw new IllegalArgumentException(op + ": " + x.ndim() + "-dimensional array given. Array must be two-dimensional");
        }
        int rows = x.shape()[0];
        int cols = x.shape()[1];
        double[] flat = x.toDoubleArray();
        for (double v : flat) {
            if (!Double.isFinite(v)) {
                throw new ArithmeticException(op + ": SVD did not converge (the matrix holds " + v + ")");
            }
        }
        boolean wide = cols > rows; // work on the transpose: as many columns as the smaller side
        int m = wide ? cols : rows;
        int n = wide ? rows : cols;
        double[][] u = new double[n][m]; // columns
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                if (wide) {
                    u[i][j] = flat[i * cols + j];
                } else {
                    u[j][i] = flat[i * cols + j];
                }
            }
        }
        double eps = Math.ulp(1.0);
        for (int sweep = 0; sweep < 100; sweep++) {
            boolean rotated = false;
            for (int p = 0; p < n - 1; p++) {
                for (int q = p + 1; q < n; q++) {
                    double[] up = u[p];
                    double[] uq = u[q];
                    double alpha = 0;
                    double beta = 0;
                    double gamma = 0;
                    for (int k = 0; k < m; k++) {
                        alpha += up[k] * up[k];
                        beta += uq[k] * uq[k];
                        gamma += up[k] * uq[k];
                    }
                    if (gamma == 0 || Math.abs(gamma) <= eps * Math.sqrt(alpha) * Math.sqrt(beta)) {
                        continue;
                    }
                    rotated = true;
                    double zeta = (beta - alpha) / (2 * gamma);
                    double t = Math.signum(zeta) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
                    if (zeta == 0) {
                        t = 1;
                    }
                    double c = 1 / Math.sqrt(1 + t * t);
                    double s = c * t;
                    for (int k = 0; k < m; k++) {
                        double a = up[k];
                        double b = uq[k];
                        up[k] = c * a - s * b;
                        uq[k] = s * a + c * b;
                    }
                }
            }
            if (!rotated) {
                break;
            }
        }
        double[] sv = new double[n];
        for (int j = 0; j < n; j++) {
            double scale = 0;
            for (double v : u[j]) {
                scale = Math.max(scale, Math.abs(v));
            }
            double sum = 0;
            if (scale > 0) {
                for (double v : u[j]) {
                    sum += (v / scale) * (v / scale);
                }
            }
            sv[j] = scale * Math.sqrt(sum);
        }
        java.util.Arrays.sort(sv);
        for (int i = 0, j = n - 1; i < j; i++, j--) {
            double tmp = sv[i];
            sv[i] = sv[j];
            sv[j] = tmp;
        }
        return sv;
    }
}
