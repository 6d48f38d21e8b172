package legate.runtime.task;

import legate.runtime.store.Buffer;

/**
 * The element loops. float64 operands take tight loops over the Java arrays (unit stride, a
 * constant operand, any stride); other types go through the buffers' conversions.
 */
public final class Kernels {
    private Kernels() {
    }

    public enum Binary {
        ADD("add"), SUB("subtract"), MUL("multiply"), DIV("divide"), POW("power"), MAXIMUM("maximum"), MINIMUM("minimum"),
        AND("logical_and"), OR("logical_or");

        public final String numpyName;

        Binary(String numpyName) {
            this.numpyName = numpyName;
        }

        public double apply(double x, double y) {
            return switch (this) {
                case ADD -> x + y;
                case SUB -> x - y;
                case MUL -> x * y;
                case DIV -> x / y;
                case POW -> pow(x, y);
                case MAXIMUM -> x != x || y != y ? Double.NaN : Math.max(x, y);
                case MINIMUM -> x != x || y != y ? Double.NaN : Math.min(x, y);
                case AND -> x != 0 && y != 0 ? 1 : 0;
                case OR -> x != 0 || y != 0 ? 1 : 0;
            };
        }

        public long apply(long x, long y) {
            return switch (this) {
                case ADD -> x + y;
                case SUB -> x - y;
                case MUL -> x * y;
                case DIV -> throw new IllegalStateException("integer division gives a float");
                case POW -> ipow(x, y);
                case MAXIMUM -> Math.max(x, y);
                case MINIMUM -> Math.min(x, y);
                case AND -> x != 0 && y != 0 ? 1 : 0;
                case OR -> x != 0 || y != 0 ? 1 : 0;
            };
        }
    }

    static double pow(double x, double y) {
        return y == 2 ? x * x : Math.pow(x, y);
    }

    static long ipow(long x, long y) {
        if (y < 0) {
            throw new IllegalArgumentException("power: integers to negative integer powers are not allowed");
        }
        long r = 1;
        while (y > 0) {
            if ((y & 1) != 0) {
                r *= x;
            }
            x *= x;
            y >>= 1;
        }
        return r;
    }

    public enum Unary {
        NEG("negative"), ABS("absolute"), SQRT("sqrt"), EXP("exp"), LOG("log"), SIN("sin"), COS("cos"), TANH("tanh"),
        NOT("logical_not"), COPY("copy");

        public final String numpyName;

        Unary(String numpyName) {
            this.numpyName = numpyName;
        }

        public double apply(double x) {
            return switch (this) {
                case NEG -> -x;
                case ABS -> Math.abs(x);
                case SQRT -> Math.sqrt(x);
                case EXP -> Math.exp(x);
                case LOG -> Math.log(x);
                case SIN -> Math.sin(x);
                case COS -> Math.cos(x);
                case TANH -> Math.tanh(x);
                case NOT -> x == 0 ? 1 : 0;
                case COPY -> x;
            };
        }

        public long apply(long x) {
            return switch (this) {
                case NEG -> -x;
                case ABS -> Math.abs(x);
                case NOT -> x == 0 ? 1 : 0;
                case COPY -> x;
                default -> throw new IllegalStateException(this + " gives a float");
            };
        }
    }

    public enum Compare {
        GT("greater"), GE("greater_equal"), LT("less"), LE("less_equal"), EQ("equal"), NE("not_equal");

        public final String numpyName;

        Compare(String numpyName) {
            this.numpyName = numpyName;
        }

        public boolean test(double x, double y) {
            return switch (this) {
                case GT -> x > y;
                case GE -> x >= y;
                case LT -> x < y;
                case LE -> x <= y;
                case EQ -> x == y;
                case NE -> x != y;
            };
        }

        public boolean test(long x, long y) {
            return switch (this) {
                case GT -> x > y;
                case GE -> x >= y;
                case LT -> x < y;
                case LE -> x <= y;
                case EQ -> x == y;
                case NE -> x != y;
            };
        }
    }

    /** out = a op b; {@code longs}: compute in 64-bit integers (both operands integer or bool). */
    public static Loops.Body binary(Binary op, boolean longs) {
        return (n, buf, idx, st) -> {
            if (buf[0] instanceof Buffer.F64 o && buf[1] instanceof Buffer.F64 a && buf[2] instanceof Buffer.F64 b) {
                binaryF64(op, n, o.a, idx[0], st[0], a.a, idx[1], st[1], b.a, idx[2], st[2]);
                return;
            }
            Buffer o = buf[0];
            Buffer a = buf[1];
            Buffer b = buf[2];
            int oi = idx[0];
            int ai = idx[1];
            int bi = idx[2];
            for (int k = 0; k < n; k++, oi += st[0], ai += st[1], bi += st[2]) {
                if (longs) {
                    o.setLong(oi, op.apply(a.getLong(ai), b.getLong(bi)));
                } else {
                    o.setDouble(oi, op.apply(a.getDouble(ai), b.getDouble(bi)));
                }
            }
        };
    }

    @SuppressWarnings("checkstyle:CyclomaticComplexity")
    static void binaryF64(Binary op, int n, double[] o, int oi, int os, double[] a, int ai, int as, double[] b, int bi, int bs) {
        if (os == 1 && as == 1 && bs == 1) {
            switch (op) {
                case ADD -> {
                    for (int k = 0; k < n; k++) {
                        o[oi + k] = a[ai + k] + b[bi + k];
                    }
                }
                case SUB -> {
                    for (int k = 0; k < n; k++) {
                        o[oi + k] = a[ai + k] - b[bi + k];
                    }
                }
                case MUL -> {
                    for (int k = 0; k < n; k++) {
                        o[oi + k] = a[ai + k] * b[bi + k];
                    }
                }
                case DIV -> {
                    for (int k = 0; k < n; k++) {
                        o[oi + k] = a[ai + k] / b[bi + k];
                    }
                }
                default -> {
                    for (int k = 0; k < n; k++) {
                        o[oi + k] = op.apply(a[ai + k], b[bi + k]);
                    }
                }
            }
            return;
        }
        if (os == 1 && as == 1 && bs == 0) {
            double c = b[bi];
            switch (op) {
                case ADD -> {
                    for (int k = 0; k < n; k++) {
                        o[oi + k] = a[ai + k] + c;
                    }
                }
                case SUB -> {
                    for (int k = 0; k < n; k++) {
                        o[oi + k] = a[ai + k] - c;
                    }
                }
                case MUL -> {
                    for (int k = 0; k < n; k++) {
                        o[oi + k] = a[ai + k] * c;
                    }
                }
                case DIV -> {
                    for (int k = 0; k < n; k++) {
                        o[oi + k] = a[ai + k] / c;
                    }
                }
                case POW -> {
                    if (c == 2) {
                        for (int k = 0; k < n; k++) {
                            o[oi + k] = a[ai + k] * a[ai + k];
                        }
                    } else {
                        for (int k = 0; k < n; k++) {
                            o[oi + k] = Math.pow(a[ai + k], c);
                        }
                    }
                }
                default -> {
                    for (int k = 0; k < n; k++) {
                        o[oi + k] = op.apply(a[ai + k], c);
                    }
                }
            }
            return;
        }
        if (os == 1 && as == 0 && bs == 1) {
            double c = a[ai];
            switch (op) {
                case ADD -> {
                    for (int k = 0; k < n; k++) {
                        o[oi + k] = c + b[bi + k];
                    }
                }
                case SUB -> {
                    for (int k = 0; k < n; k++) {
                        o[oi + k] = c - b[bi + k];
                    }
                }
                case MUL -> {
                    for (int k = 0; k < n; k++) {
                        o[oi + k] = c * b[bi + k];
                    }
                }
                default -> {
                    for (int k = 0; k < n; k++) {
                        o[oi + k] = op.apply(c, b[bi + k]);
                    }
                }
            }
            return;
        }
        switch (op) {
            case ADD -> {
                for (int k = 0; k < n; k++, oi += os, ai += as, bi += bs) {
                    o[oi] = a[ai] + b[bi];
                }
            }
            case SUB -> {
                for (int k = 0; k < n; k++, oi += os, ai += as, bi += bs) {
                    o[oi] = a[ai] - b[bi];
                }
            }
            case MUL -> {
                for (int k = 0; k < n; k++, oi += os, ai += as, bi += bs) {
                    o[oi] = a[ai] * b[bi];
                }
            }
            default -> {
                for (int k = 0; k < n; k++, oi += os, ai += as, bi += bs) {
                    o[oi] = op.apply(a[ai], b[bi]);
                }
            }
        }
    }

    /** out = op(a); {@code longs}: in 64-bit integers. */
    public static Loops.Body unary(Unary op, boolean longs) {
        return (n, buf, idx, st) -> {
            int oi = idx[0];
            int ai = idx[1];
            if (buf[0] instanceof Buffer.F64 o && buf[1] instanceof Buffer.F64 a) {
                double[] x = a.a;
                double[] y = o.a;
                if (op == Unary.COPY) {
                    if (st[0] == 1 && st[1] == 1) {
                        System.arraycopy(x, ai, y, oi, n);
                    } else {
                        for (int k = 0; k < n; k++, oi += st[0], ai += st[1]) {
                            y[oi] = x[ai];
                        }
                    }
                    return;
                }
                for (int k = 0; k < n; k++, oi += st[0], ai += st[1]) {
                    y[oi] = op.apply(x[ai]);
                }
                return;
            }
            if (op == Unary.COPY && st[0] == 1 && st[1] == 1) {
                buf[0].copyFrom(buf[1], ai, oi, n);
                return;
            }
            Buffer o = buf[0];
            Buffer a = buf[1];
            boolean floatIn = a.type().isFloating();
            for (int k = 0; k < n; k++, oi += st[0], ai += st[1]) {
                if (longs) {
                    o.setLong(oi, op.apply(a.getLong(ai)));
                } else if (op == Unary.COPY && !floatIn) {
                    o.setLong(oi, a.getLong(ai)); // an integer copied as an integer: exact beyond 2^53
                } else {
                    o.setDouble(oi, op.apply(a.getDouble(ai)));
                }
            }
        };
    }

    /** out (bool) = a cmp b. */
    public static Loops.Body compare(Compare op, boolean longs) {
        return (n, buf, idx, st) -> {
            Buffer o = buf[0];
            int oi = idx[0];
            int ai = idx[1];
            int bi = idx[2];
            if (buf[1] instanceof Buffer.F64 a && buf[2] instanceof Buffer.F64 b && o instanceof Buffer.Bool ob) {
                double[] x = a.a;
                double[] y = b.a;
                byte[] r = ob.a;
                for (int k = 0; k < n; k++, oi += st[0], ai += st[1], bi += st[2]) {
                    r[oi] = op.test(x[ai], y[bi]) ? (byte) 1 : 0;
                }
                return;
            }
            Buffer a = buf[1];
            Buffer b = buf[2];
            for (int k = 0; k < n; k++, oi += st[0], ai += st[1], bi += st[2]) {
                boolean t = longs ? op.test(a.getLong(ai), b.getLong(bi)) : op.test(a.getDouble(ai), b.getDouble(bi));
                o.setLong(oi, t ? 1 : 0);
            }
        };
    }

    /** out = cond ? a : b. */
    public static Loops.Body where(boolean longs) {
        return (n, buf, idx, st) -> {
            Buffer o = buf[0];
            Buffer c = buf[1];
            Buffer a = buf[2];
            Buffer b = buf[3];
            int oi = idx[0];
            int ci = idx[1];
            int ai = idx[2];
            int bi = idx[3];
            for (int k = 0; k < n; k++, oi += st[0], ci += st[1], ai += st[2], bi += st[3]) {
                boolean t = c.getDouble(ci) != 0;
                if (longs) {
                    o.setLong(oi, t ? a.getLong(ai) : b.getLong(bi));
                } else {
                    o.setDouble(oi, t ? a.getDouble(ai) : b.getDouble(bi));
                }
            }
        };
    }
}
