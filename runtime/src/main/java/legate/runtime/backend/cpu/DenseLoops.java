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

    /** {@code r[ro + k] = op(x[xo + k])} for k below m. */
    static void unary(UnaryOp op, double[] r, int ro, double[] x, int xo, int m) {
        switch (op) {
            case NEG -> {
                for (int k = 0; k < m; k++) {
                    r[ro + k] = -x[xo + k];
                }
            }
            case ABS -> {
                for (int k = 0; k < m; k++) {
                    r[ro + k] = Math.abs(x[xo + k]);
                }
            }
            case SQRT -> {
                for (int k = 0; k < m; k++) {
                    r[ro + k] = Math.sqrt(x[xo + k]);
                }
            }
            case COPY -> System.arraycopy(x, xo, r, ro, m);
            default -> {
                for (int k = 0; k < m; k++) {
                    r[ro + k] = op.apply(x[xo + k]);
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
        switch (op) {
            case ADD -> {
                for (int k = 0; k < m; k++) {
                    r[ro + k] = x[xo + k] + y[yo + k];
                }
            }
            case SUB -> {
                for (int k = 0; k < m; k++) {
                    r[ro + k] = x[xo + k] - y[yo + k];
                }
            }
            case MUL -> {
                for (int k = 0; k < m; k++) {
                    r[ro + k] = x[xo + k] * y[yo + k];
                }
            }
            case DIV -> {
                for (int k = 0; k < m; k++) {
                    r[ro + k] = x[xo + k] / y[yo + k];
                }
            }
            case POW -> {
                if (exponent == 2) {
                    for (int k = 0; k < m; k++) {
                        r[ro + k] = x[xo + k] * x[xo + k];
                    }
                } else {
                    for (int k = 0; k < m; k++) {
                        r[ro + k] = op.apply(x[xo + k], y[yo + k]);
                    }
                }
            }
            default -> {
                for (int k = 0; k < m; k++) {
                    r[ro + k] = op.apply(x[xo + k], y[yo + k]);
                }
            }
        }
    }

    /** {@code r[ro + k] = x[xo + k] op c} for k below m: a constant right operand. */
    static void binaryConstant(BinaryOp op, double[] r, int ro, double[] x, int xo, double c, int m) {
        switch (op) {
            case ADD -> {
                for (int k = 0; k < m; k++) {
                    r[ro + k] = x[xo + k] + c;
                }
            }
            case SUB -> {
                for (int k = 0; k < m; k++) {
                    r[ro + k] = x[xo + k] - c;
                }
            }
            case MUL -> {
                for (int k = 0; k < m; k++) {
                    r[ro + k] = x[xo + k] * c;
                }
            }
            case DIV -> {
                for (int k = 0; k < m; k++) {
                    r[ro + k] = x[xo + k] / c;
                }
            }
            case POW -> {
                if (c == 2) {
                    for (int k = 0; k < m; k++) {
                        r[ro + k] = x[xo + k] * x[xo + k];
                    }
                } else {
                    for (int k = 0; k < m; k++) {
                        r[ro + k] = StrictMath.pow(x[xo + k], c);
                    }
                }
            }
            default -> {
                for (int k = 0; k < m; k++) {
                    r[ro + k] = op.apply(x[xo + k], c);
                }
            }
        }
    }

    /** {@code r[ro + k] = c op y[yo + k]} for k below m: a constant left operand. */
    static void constantBinary(BinaryOp op, double[] r, int ro, double c, double[] y, int yo, int m) {
        switch (op) {
            case ADD -> {
                for (int k = 0; k < m; k++) {
                    r[ro + k] = c + y[yo + k];
                }
            }
            case SUB -> {
                for (int k = 0; k < m; k++) {
                    r[ro + k] = c - y[yo + k];
                }
            }
            case MUL -> {
                for (int k = 0; k < m; k++) {
                    r[ro + k] = c * y[yo + k];
                }
            }
            default -> {
                for (int k = 0; k < m; k++) {
                    r[ro + k] = op.apply(c, y[yo + k]);
                }
            }
        }
    }
}
