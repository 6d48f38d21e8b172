package legate.runtime.backend.cpu;

import legate.runtime.backend.BinaryOp;
import legate.runtime.backend.CompareOp;
import legate.runtime.backend.ElementwiseKernel;
import legate.runtime.backend.UnaryOp;
import legate.runtime.store.Buffer;
import legate.runtime.types.ElementType;

/**
 * The element-wise kernels as loop bodies over runs. float64 operands take tight loops over
 * the Java arrays (unit stride, a constant operand, any stride); other types go through the
 * buffers' conversions.
 */
final class ElementLoops {
    private ElementLoops() {
    }

    static Loops.Body of(ElementwiseKernel kernel) {
        if (kernel instanceof ElementwiseKernel.Binary b) {
            return binary(b.op(), b.longs());
        } else if (kernel instanceof ElementwiseKernel.Unary u) {
            return unary(u.op(), u.longs());
        } else if (kernel instanceof ElementwiseKernel.Compare c) {
            return compare(c.op(), c.longs());
        }
        return where(((ElementwiseKernel.Where) kernel).longs());
    }

    /** What one element of {@code kernel} costs, in quarters of a simple operation ({@link UnaryOp#cost()}). */
    static int cost(ElementwiseKernel kernel) {
        if (kernel instanceof ElementwiseKernel.Binary b) {
            return b.op().cost();
        } else if (kernel instanceof ElementwiseKernel.Unary u) {
            return u.op().cost();
        }
        return 1;
    }

    /** out = a op b; {@code longs}: compute in 64-bit integers (both operands integer or bool). */
    static Loops.Body binary(BinaryOp op, boolean longs) {
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
            boolean unsigned = longs && o.type() == ElementType.UINT64;
            for (int k = 0; k < n; k++, oi += st[0], ai += st[1], bi += st[2]) {
                if (unsigned) {
                    o.setLong(oi, op.applyUnsigned(a.getLong(ai), b.getLong(bi)));
                } else if (longs) {
                    o.setLong(oi, op.apply(a.getLong(ai), b.getLong(bi)));
                } else {
                    o.setDouble(oi, op.apply(a.getDouble(ai), b.getDouble(bi)));
                }
            }
        };
    }

    private static void binaryF64(BinaryOp op, int n, double[] o, int oi, int os, double[] a, int ai, int as, double[] b, int bi, int bs) {
        if (os == 1 && as == 1 && bs == 1) {
            DenseLoops.binary(op, o, oi, a, ai, b, bi, n, Double.NaN);
            return;
        }
        if (os == 1 && as == 1 && bs == 0) {
            DenseLoops.binaryConstant(op, o, oi, a, ai, b[bi], n);
            return;
        }
        if (os == 1 && as == 0 && bs == 1) {
            DenseLoops.constantBinary(op, o, oi, a[ai], b, bi, n);
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
    static Loops.Body unary(UnaryOp op, boolean longs) {
        return (n, buf, idx, st) -> {
            int oi = idx[0];
            int ai = idx[1];
            if (buf[0] instanceof Buffer.F64 o && buf[1] instanceof Buffer.F64 a) {
                double[] x = a.a;
                double[] y = o.a;
                if (st[0] == 1 && st[1] == 1) {
                    DenseLoops.unary(op, y, oi, x, ai, n);
                    return;
                }
                for (int k = 0; k < n; k++, oi += st[0], ai += st[1]) {
                    y[oi] = op.apply(x[ai]);
                }
                return;
            }
            if (op == UnaryOp.COPY && st[0] == 1 && st[1] == 1) {
                buf[0].copyFrom(buf[1], ai, oi, n);
                return;
            }
            Buffer o = buf[0];
            Buffer a = buf[1];
            // a copy between integers stays in integers (exact beyond 2^53); a uint64's into a float rounds its unsigned value once
            Buffer.Conversion copy = op == UnaryOp.COPY ? Buffer.Conversion.of(a.type(), o.type()) : null;
            boolean unsigned = longs && a.type().isUnsigned();
            for (int k = 0; k < n; k++, oi += st[0], ai += st[1]) {
                if (unsigned) {
                    o.setLong(oi, op.applyUnsigned(a.getLong(ai)));
                } else if (longs) {
                    o.setLong(oi, op.apply(a.getLong(ai)));
                } else if (copy != null) {
                    copy.move(a, ai, o, oi);
                } else {
                    o.setDouble(oi, op.apply(a.getDouble(ai)));
                }
            }
        };
    }

    /** out (bool) = a cmp b. */
    static Loops.Body compare(CompareOp op, boolean longs) {
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
            // uint64 bits against another unsigned: compared unsigned (against a signed integer the caller asks for doubles)
            boolean unsigned = longs && (a.type() == ElementType.UINT64 || b.type() == ElementType.UINT64);
            for (int k = 0; k < n; k++, oi += st[0], ai += st[1], bi += st[2]) {
                boolean t = unsigned ? op.testUnsigned(a.getLong(ai), b.getLong(bi))
                        : longs ? op.test(a.getLong(ai), b.getLong(bi)) : op.test(a.getDouble(ai), b.getDouble(bi));
                o.setLong(oi, t ? 1 : 0);
            }
        };
    }

    /** out = cond ? a : b. */
    static Loops.Body where(boolean longs) {
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
