package legate.numpy;

import java.lang.reflect.Modifier;
import java.util.Arrays;
import legate.runtime.backend.BinaryOp;

/**
 * complex64 and complex128 arrays: each is a pair of real arrays of one shape (real and imaginary
 * parts, float32 or float64), and complex arithmetic is composed of the real operations on them,
 * with NumPy's formulas. So a complex array is partitioned, fused, computed on every backend and
 * reproducible on any number of ranks exactly as its parts are.
 *
 * <p>A function with no complex implementation reaches {@link NDArray#view()} or
 * {@link DType#elementType()} of a complex array, which stop with {@link #unsupported}: an error
 * naming the function the cell called, never an answer computed from one of the parts.
 */
final class Complexes {
    /** What complex arrays can do, for the error of what they cannot. */
    static final String SUPPORTED = "add, sub, mul, div, pow (integer powers, 0.5), np.where, neg, conj, abs, exp, log, sqrt, real, imag, angle, eq, ne, sum, mean, var, std, "
            + "csum, cmean, citem, np.roll, np.flip, np.tile, np.diag, np.tril, np.triu, isnan, isinf, isfinite, matmul, np.dot, np.tensordot, np.outer, two-operand np.einsum, np.linalg.norm(z), astype, copy, get/set with slices and get with index arrays, reshape, ravel, "
            + "transpose, np.concatenate, np.save and np.load";

    private Complexes() {
    }

    /** The error of a function that has no complex implementation, naming the legate.numpy function the cell called. */
    static UnsupportedOperationException unsupported(DType t) {
        return new UnsupportedOperationException(apiName() + ": not supported for " + t + " arrays yet (legate.numpy's complex "
                + "arrays have " + SUPPORTED + ")");
    }

    /** The outermost public legate.numpy method on the stack: the one the cell called ({@code cumsum}, {@code np.sort}). */
    static String apiName() {
        return StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).walk(frames -> {
            String found = "this function";
            for (StackWalker.StackFrame f : (Iterable<StackWalker.StackFrame>) frames::iterator) {
                Class<?> c = f.getDeclaringClass();
                if (!c.getPackageName().equals("legate.numpy") || !Modifier.isPublic(c.getModifiers()) || f.getMethodName().startsWith("lambda$")) {
                    continue;
                }
                String owner = c == NDArray.class ? "" : c.getName().substring("legate.numpy.".length()).replace('$', '.') + ".";
                found = owner + f.getMethodName();
            }
            return found;
        });
    }

    // ---- parts: an operand's real and imaginary part, each an array or a Double ----

    private record Parts(Object re, Object im) {
    }

    /** x's parts in type {@code part} (float32 or float64): a real array's imaginary part is 0, a scalar's parts are rounded to the type. */
    private static Parts parts(Object x, DType part) {
        if (x instanceof NDArray a) {
            if (a.dtype().isComplex()) {
                return new Parts(cast(a.real(), part), cast(a.imag(), part));
            }
            return new Parts(cast(a, part), 0.0);
        }
        if (x instanceof Complex c) {
            return new Parts(round(c.re(), part), round(c.im(), part));
        }
        double v = x instanceof Long l ? (double) l : (Double) x;
        return new Parts(round(v, part), 0.0);
    }

    private static NDArray cast(NDArray a, DType t) {
        return a.dtype() == t ? a : a.astype(t);
    }

    private static double round(double v, DType part) {
        return part == DType.FLOAT32 ? (double) (float) v : v;
    }

    private static Object add(Object x, Object y, DType part) {
        return op(BinaryOp.ADD, x, y, part);
    }

    private static Object sub(Object x, Object y, DType part) {
        return op(BinaryOp.SUB, x, y, part);
    }

    private static Object mul(Object x, Object y, DType part) {
        return op(BinaryOp.MUL, x, y, part);
    }

    private static Object div(Object x, Object y, DType part) {
        return op(BinaryOp.DIV, x, y, part);
    }

    /** x op y on arrays of the part type, or on doubles rounded to it (a float32 operation is a double one rounded). */
    private static Object op(BinaryOp op, Object x, Object y, DType part) {
        if (x instanceof Double a && y instanceof Double b) {
            double r = switch (op) {
                case ADD -> a + b;
                case SUB -> a - b;
                case MUL -> a * b;
                case DIV -> a / b;
                default -> throw new IllegalStateException(op.toString());
            };
            return round(r, part);
        }
        if (x instanceof NDArray a) {
            return y instanceof NDArray b ? binaryOf(op, a, b) : binaryOf(op, a, (Double) y);
        }
        return NDArray.binary(op, (Double) x, (NDArray) y);
    }

    private static NDArray binaryOf(BinaryOp op, NDArray a, Object b) {
        return switch (op) {
            case ADD -> b instanceof NDArray n ? a.add(n) : a.add((double) (Double) b);
            case SUB -> b instanceof NDArray n ? a.sub(n) : a.sub((double) (Double) b);
            case MUL -> b instanceof NDArray n ? a.mul(n) : a.mul((double) (Double) b);
            case DIV -> b instanceof NDArray n ? a.div(n) : a.div((double) (Double) b);
            default -> throw new IllegalStateException(op.toString());
        };
    }

    private static Object abs(Object x) {
        return x instanceof Double d ? (Object) Math.abs(d) : ((NDArray) x).abs();
    }

    private static Object neg(Object x) {
        return x instanceof Double d ? (Object) (-d) : ((NDArray) x).neg();
    }

    /** cond ? x : y, where cond is a bool array or a Boolean. */
    private static Object where(Object cond, Object x, Object y) {
        if (cond instanceof Boolean b) {
            return b ? x : y;
        }
        NDArray c = (NDArray) cond;
        if (x instanceof NDArray a) {
            return y instanceof NDArray b ? np.where(c, a, b) : np.where(c, a, (Double) y);
        }
        return y instanceof NDArray b ? np.where(c, (Double) x, b) : np.where(c, (Double) x, (Double) y);
    }

    private static Object ge(Object x, Object y) {
        if (x instanceof Double a && y instanceof Double b) {
            return a >= b;
        }
        return x instanceof NDArray a ? (y instanceof NDArray b ? a.ge(b) : a.ge((Double) y)) : ((NDArray) y).le((Double) x);
    }

    private static Object isZero(Object x) {
        return x instanceof Double d ? (Object) (d == 0) : ((NDArray) x).eq(0.0);
    }

    private static Object and(Object x, Object y) {
        if (x instanceof Boolean a && y instanceof Boolean b) {
            return a && b;
        }
        if (x instanceof Boolean a) {
            return a ? y : Boolean.FALSE;
        }
        if (y instanceof Boolean b) {
            return b ? x : Boolean.FALSE;
        }
        return np.logicalAnd((NDArray) x, (NDArray) y);
    }

    /** A complex array of {@code type} and {@code shape} from its parts (arrays of any broadcastable shape, or Doubles). */
    private static NDArray make(DType type, int[] shape, Object re, Object im) {
        return new NDArray(type, full(re, type.component(), shape), full(im, type.component(), shape));
    }

    private static NDArray full(Object x, DType part, int[] shape) {
        if (x instanceof Double d) {
            return np.zeros(part, shape).add(d);
        }
        NDArray a = cast((NDArray) x, part);
        return Arrays.equals(a.shape(), shape) ? a : a.broadcastTo(shape).copy();
    }

    // ---- operations ----

    /** NumPy's type of {@code a op b} where one of them is complex. */
    static DType resultType(Object a, Object b) {
        DType ta = typeOf(a, b);
        DType tb = typeOf(b, a);
        return DType.promote(ta, tb);
    }

    private static DType typeOf(Object x, Object other) {
        if (x instanceof NDArray a) {
            return a.dtype();
        }
        // a Java scalar is weak, as a Python one: it takes the array's type, a Complex makes it complex
        DType arrayType = ((NDArray) other).dtype();
        return x instanceof Complex ? arrayType.withComplexScalar() : arrayType.isComplex() ? arrayType : arrayType.withComplexScalar();
    }

    static boolean involved(Object a, Object b) {
        return a instanceof Complex || b instanceof Complex || a instanceof NDArray x && x.dtype().isComplex()
                || b instanceof NDArray y && y.dtype().isComplex();
    }

    /** {@code a op b}, one of them complex (arrays, Doubles, Longs or Complex; at least one an array). */
    static NDArray binary(BinaryOp op, Object a, Object b) {
        DType t = resultType(a, b);
        if (op == BinaryOp.POW && a instanceof NDArray z && z.dtype().isComplex() && (b instanceof Long || b instanceof Double)) {
            return pow(z, b instanceof Long l ? (double) l : (Double) b);
        }
        if (op != BinaryOp.ADD && op != BinaryOp.SUB && op != BinaryOp.MUL && op != BinaryOp.DIV) {
            throw unsupported(t);
        }
        int[] shape = Broadcasting.shapeOf(op.numpyName, arrayOrScalar(a), arrayOrScalar(b));
        DType part = t.component();
        Parts p = parts(a, part);
        Parts q = parts(b, part);
        Object re;
        Object im;
        switch (op) {
            case ADD -> {
                re = add(p.re, q.re, part);
                im = add(p.im, q.im, part);
            }
            case SUB -> {
                re = sub(p.re, q.re, part);
                im = sub(p.im, q.im, part);
            }
            case MUL -> {
                Parts r = cmul(p, q, part);
                re = r.re;
                im = r.im;
            }
            default -> {
                Object[] r = divide(p, q, part);
                re = r[0];
                im = r[1];
            }
        }
        return make(t, shape, re, im);
    }

    private static Object arrayOrScalar(Object x) {
        return x instanceof Complex ? (Object) 0.0 : x;
    }

    /**
     * NumPy's complex division (Smith's algorithm): scaled by whichever of the divisor's parts is
     * larger in magnitude; a zero divisor gives infinities and NaNs as NumPy's does.
     */
    private static Object[] divide(Parts p, Parts q, DType part) {
        Object ar = p.re;
        Object ai = p.im;
        Object br = q.re;
        Object bi = q.im;
        Object abr = abs(br);
        Object realLarger = ge(abr, abs(bi));
        Object ratA = div(bi, br, part);
        Object sclA = div(1.0, add(br, mul(bi, ratA, part), part), part);
        Object reA = mul(add(ar, mul(ai, ratA, part), part), sclA, part);
        Object imA = mul(sub(ai, mul(ar, ratA, part), part), sclA, part);
        Object zero = and(isZero(br), isZero(bi));
        if (!Boolean.FALSE.equals(zero)) {
            reA = where(zero, div(ar, abr, part), reA);
            imA = where(zero, div(ai, abr, part), imA);
        }
        if (Boolean.TRUE.equals(realLarger)) {
            return new Object[] {reA, imA};
        }
        Object ratB = div(br, bi, part);
        Object sclB = div(1.0, add(bi, mul(br, ratB, part), part), part);
        Object reB = mul(add(mul(ar, ratB, part), ai, part), sclB, part);
        Object imB = mul(sub(mul(ai, ratB, part), ar, part), sclB, part);
        return new Object[] {where(realLarger, reA, reB), where(realLarger, imA, imB)};
    }

    private static Parts cmul(Parts p, Parts q, DType part) {
        return new Parts(sub(mul(p.re, q.re, part), mul(p.im, q.im, part), part), add(mul(p.re, q.im, part), mul(p.im, q.re, part), part));
    }

    /**
     * z to a scalar power, as NumPy: its fast paths for 0, 0.5 (sqrt), 1, -1 (reciprocal) and 2;
     * other integers below 100 in magnitude by repeated squaring (npy_cpow's), a negative one's
     * reciprocal by division. Other powers are not there yet (NumPy's goes through C's cpow).
     */
    static NDArray pow(NDArray z, double n) {
        DType t = z.dtype();
        DType part = t.component();
        int[] shape = z.shape();
        if (n == 0) {
            return make(t, shape, 1.0, 0.0);
        } else if (n == 0.5) {
            return sqrt(z);
        } else if (n == 1) {
            return z.copy();
        } else if (n == -1) {
            return reciprocal(z);
        }
        if (n != Math.rint(n) || Math.abs(n) >= 100) {
            throw new UnsupportedOperationException(apiName() + ": " + t + " to the power " + n + " is not supported yet (integer "
                    + "powers below 100 in magnitude and 0.5 are)");
        }
        int k = (int) Math.abs(n);
        Parts a = parts(z, part);
        Parts r;
        if (n == 2) {
            r = cmul(a, a, part);
        } else if (n == 3) {
            r = cmul(a, cmul(a, a, part), part);
        } else {
            Parts acc = new Parts(1.0, 0.0);
            Parts p = a;
            for (int mask = 1; ; mask <<= 1) {
                if ((k & mask) != 0) {
                    acc = cmul(acc, p, part);
                }
                if (k < mask << 1) {
                    break;
                }
                p = cmul(p, p, part);
            }
            r = acc;
        }
        if (n == 2) {
            return make(t, shape, r.re, r.im);
        }
        // npy_cpow's zero base (its fast path for 2 has none): +0 to a positive power, NaN to a negative one
        NDArray zero = np.logicalAnd(z.real().eq(0.0), z.imag().eq(0.0));
        if (n > 0) {
            return make(t, shape, where(zero, 0.0, r.re), where(zero, 0.0, r.im));
        }
        Object[] inv = divide(new Parts(1.0, 0.0), r, part);
        return make(t, shape, where(zero, Double.NaN, inv[0]), where(zero, Double.NaN, inv[1]));
    }

    /** 1/z as NumPy's reciprocal loop computes it (scaled by the larger part; not quite Smith's division's bits). */
    static NDArray reciprocal(NDArray z) {
        DType part = z.dtype().component();
        NDArray re = z.real();
        NDArray im = z.imag();
        NDArray realLarger = im.abs().le(re.abs());
        NDArray rA = im.div(re);
        NDArray dA = re.add(im.mul(rA));
        NDArray rB = re.div(im);
        NDArray dB = re.mul(rB).add(im);
        NDArray outRe = np.where(realLarger, np.div(1.0, dA), rB.div(dB));
        NDArray outIm = np.where(realLarger, rA.neg().div(dA), np.div(-1.0, dB));
        return new NDArray(z.dtype(), cast(outRe, part), cast(outIm, part));
    }

    /** np.where with a complex operand: each part chosen (a real operand's imaginary part 0). */
    static NDArray select(NDArray cond, Object a, Object b) {
        DType t = resultType(a, b);
        Parts p = parts(a, t.component());
        Parts q = parts(b, t.component());
        int[] shape = Broadcasting.shapeOf("where", cond, arrayOrScalar(a), arrayOrScalar(b));
        return make(t, shape, where(cond, p.re, q.re), where(cond, p.im, q.im));
    }

    /** A structural operation (a view, a copy, a rearrangement) of a complex array: the same on each part. */
    static NDArray each(NDArray z, java.util.function.UnaryOperator<NDArray> f) {
        return new NDArray(z.dtype(), f.apply(z.real()), f.apply(z.imag()));
    }

    /**
     * Whether the code that called {@code method} of NDArray is outside legate.numpy (a cell):
     * inside, a conversion of a complex array to a real type would quietly drop its imaginary
     * part where a function meant "integers become float64".
     */
    static boolean calledFromOutside(String method) {
        return StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).walk(frames -> frames
                .dropWhile(f -> !(f.getDeclaringClass() == NDArray.class && f.getMethodName().equals(method)))
                .dropWhile(f -> f.getDeclaringClass() == NDArray.class && f.getMethodName().equals(method))
                .findFirst()
                .map(f -> !f.getDeclaringClass().getPackageName().equals("legate.numpy"))
                .orElse(true));
    }

    static NDArray neg(NDArray z) {
        return new NDArray(z.dtype(), z.real().neg(), z.imag().neg());
    }

    static NDArray conj(NDArray z) {
        return new NDArray(z.dtype(), z.real().copy(), z.imag().neg());
    }

    /** |z|: hypot of the parts, as NumPy's {@code npy_cabs}; real, of the parts' type. */
    static NDArray abs(NDArray z) {
        return np.hypot(z.real(), z.imag());
    }

    static NDArray angle(NDArray z) {
        return np.arctan2(z.imag(), z.real());
    }

    /**
     * e^z = e^re (cos im + i sin im), with C's cexp for the special values: a zero imaginary part
     * stays as it is; an infinite real part with an infinite or NaN imaginary one gives (inf, nan)
     * for +inf and (0, 0) for -inf.
     */
    static NDArray exp(NDArray z) {
        NDArray re = z.real();
        NDArray im = z.imag();
        NDArray cos = im.cos();
        NDArray sin = im.sin();
        // glibc's: past t = (max exponent - 1) ln 2, e^t goes into cos and sin first (at most twice), so
        // e^re times a small cos or sin stays finite where e^re alone overflows
        double t = (z.dtype() == DType.COMPLEX64 ? 127 : 1023) * Math.log(2);
        double et = Math.exp(t);
        for (int i = 0; i < 2; i++) {
            NDArray over = re.gt(t);
            cos = np.where(over, cos.mul(et), cos);
            sin = np.where(over, sin.mul(et), sin);
            re = np.where(over, re.sub(t), re);
        }
        NDArray e = re.exp();
        NDArray r = e.mul(cos);
        NDArray s = np.where(im.eq(0.0), im, e.mul(sin));
        NDArray notFinite = im.isfinite().logicalNot();
        NDArray plusInf = np.logicalAnd(re.eq(Double.POSITIVE_INFINITY), notFinite);
        NDArray minusInf = np.logicalAnd(re.eq(Double.NEGATIVE_INFINITY), notFinite);
        r = np.where(plusInf, Double.POSITIVE_INFINITY, np.where(minusInf, 0.0, r));
        s = np.where(plusInf, Double.NaN, np.where(minusInf, np.where(im.lt(0.0), -0.0, 0.0), s));
        return new NDArray(z.dtype(), r, s);
    }

    /**
     * log |z| + i angle(z), with glibc's clog's care for the real part: |z| near 1 through log1p of
     * |z|^2 - 1 (the squares split exactly, Dekker's way), and |z| past the largest double halved
     * first.
     */
    static NDArray log(NDArray z) {
        DType part = z.dtype().component();
        boolean single = part == DType.FLOAT32;
        double max = single ? Float.MAX_VALUE : Double.MAX_VALUE;
        double eps = single ? Math.ulp(1.0f) : Math.ulp(1.0);
        NDArray x = np.maximum(z.real().abs(), z.imag().abs());
        NDArray y = np.minimum(z.real().abs(), z.imag().abs());
        NDArray general = np.hypot(x, y).log();
        NDArray big = x.gt(max / 2);
        general = np.where(big, np.hypot(x.mul(0.5), y.mul(0.5)).log().add(Math.log(2)), general);
        NDArray xm1 = x.sub(1.0).mul(x.add(1.0)); // (x - 1)(x + 1)
        NDArray[] xx = square(x, single); // x^2 rounded, and its rounding error
        NDArray[] yy = square(y, single);
        NDArray one = x.eq(1.0);
        NDArray inTwo = np.logicalAnd(np.logicalAnd(x.gt(1.0), x.lt(2.0)), y.lt(1.0));
        NDArray below = np.logicalAnd(x.lt(1.0), x.ge(0.5));
        NDArray tinyY = np.logicalAnd(below, y.lt(eps / 2));
        NDArray nearOne = np.logicalAnd(below, xx[0].add(yy[0]).ge(0.5));
        // x^2 + y^2 - 1 from the exact squares
        NDArray x2y2m1 = xx[0].sub(1.0).add(yy[0]).add(xx[1].add(yy[1]));
        NDArray r = np.where(nearOne, x2y2m1.log1p().mul(0.5), general);
        r = np.where(tinyY, xm1.log1p().mul(0.5), r);
        r = np.where(inTwo, np.where(y.ge(eps), xm1.add(yy[0]), xm1).log1p().mul(0.5), r);
        r = np.where(one, yy[0].log1p().mul(0.5), r);
        NDArray nan = np.logicalOr(z.real().isnan(), z.imag().isnan());
        NDArray inf = np.logicalOr(z.real().isinf(), z.imag().isinf());
        r = np.where(inf, Double.POSITIVE_INFINITY, np.where(nan, Double.NaN, r));
        return new NDArray(z.dtype(), cast(r, part), angle(z));
    }

    /** a^2 split exactly into the rounded product and its error (Dekker's). */
    private static NDArray[] square(NDArray a, boolean single) {
        double splitter = single ? 4097.0 : 134217729.0;
        NDArray p = a.mul(a);
        NDArray c = a.mul(splitter);
        NDArray hi = c.sub(c.sub(a));
        NDArray lo = a.sub(hi);
        NDArray err = hi.mul(hi).sub(p).add(hi.mul(lo).mul(2.0)).add(lo.mul(lo));
        return new NDArray[] {p, err};
    }

    /**
     * The principal square root, as C's csqrt (glibc's) computes it: from hypot(re, im), with the
     * identity 2 re(r) im(r) = im(z) so that neither sign of the real part cancels; its special
     * cases for a zero part, infinities and NaN.
     */
    static NDArray sqrt(NDArray z) {
        NDArray re = z.real();
        NDArray im = z.imag();
        NDArray negative = np.where(im.eq(0.0), np.div(1.0, im).lt(0.0), im.lt(0.0)); // im's sign, -0.0 included
        // glibc's: a part past a quarter of the largest value is divided by 4 first, the root doubled after
        double quarter = (z.dtype() == DType.COMPLEX64 ? Float.MAX_VALUE : Double.MAX_VALUE) / 4;
        NDArray huge = np.logicalOr(re.abs().gt(quarter), im.abs().gt(quarter));
        NDArray sre = np.where(huge, re.mul(0.25), re);
        NDArray sim = np.where(huge, im.mul(0.25), im);
        NDArray d = np.hypot(sre, sim);
        NDArray positive = re.gt(0.0);
        NDArray rA = d.add(sre).mul(0.5).sqrt();
        NDArray sA = sim.div(rA).mul(0.5);
        NDArray sB = d.sub(sre).mul(0.5).sqrt();
        NDArray rB = sim.div(sB).mul(0.5).abs();
        NDArray r = np.where(positive, rA, rB);
        NDArray s = np.where(positive, sA, copysign(sB, negative));
        r = np.where(huge, r.mul(2.0), r);
        s = np.where(huge, s.mul(2.0), s);
        // a zero real part: sqrt(|im| / 2) for both
        NDArray r0 = im.abs().mul(0.5).sqrt();
        NDArray reZero = re.eq(0.0);
        r = np.where(reZero, r0, r);
        s = np.where(reZero, copysign(r0, negative), s);
        // a zero imaginary part: the real square root, on the imaginary side for a negative real part
        NDArray root = re.abs().sqrt();
        NDArray imZero = im.eq(0.0);
        NDArray reNegative = re.lt(0.0);
        r = np.where(imZero, np.where(reNegative, 0.0, root), r);
        s = np.where(imZero, copysign(np.where(reNegative, root, 0.0), negative), s);
        // infinities: +inf real gives (inf, +-0), -inf real (0, +-inf); an infinite imaginary part (inf, im)
        NDArray imNaN = im.isnan();
        NDArray plusInf = re.eq(Double.POSITIVE_INFINITY);
        NDArray minusInf = re.eq(Double.NEGATIVE_INFINITY);
        r = np.where(plusInf, Double.POSITIVE_INFINITY, np.where(minusInf, np.where(imNaN, Double.NaN, 0.0), r));
        s = np.where(plusInf, np.where(imNaN, Double.NaN, copysign(np.zerosLike(im), negative)),
                np.where(minusInf, copysign(np.zerosLike(im).add(Double.POSITIVE_INFINITY), negative), s));
        s = np.where(np.logicalAnd(re.isnan(), im.isfinite()), Double.NaN, s); // NaN with a finite part: (nan, nan)
        NDArray imInf = im.isinf();
        r = np.where(imInf, Double.POSITIVE_INFINITY, r);
        s = np.where(imInf, im, s);
        return new NDArray(z.dtype(), r, s);
    }

    /** |x| with the sign given by {@code negative}. */
    private static NDArray copysign(NDArray x, NDArray negative) {
        NDArray a = x.abs();
        return np.where(negative, a.neg(), a);
    }

    static NDArray compare(boolean equal, NDArray a, Object b) {
        DType t = resultType(a, b);
        Parts p = parts(a, t.component());
        Parts q = parts(b, t.component());
        Object both = and(partsEqual(p.re, q.re), partsEqual(p.im, q.im));
        int[] shape = Broadcasting.shapeOf(equal ? "equal" : "not_equal", a, arrayOrScalar(b));
        NDArray eq = both instanceof NDArray e ? (Arrays.equals(e.shape(), shape) ? e : e.broadcastTo(shape).copy())
                : Boolean.TRUE.equals(both) ? np.logicalNot(np.zeros(DType.BOOL, shape)) : np.zeros(DType.BOOL, shape);
        return equal ? eq : np.logicalNot(eq);
    }

    /** x == y for parts: a bool array, or a Boolean for two scalars (a real array's imaginary 0 against a Complex's). */
    private static Object partsEqual(Object x, Object y) {
        if (x instanceof NDArray a) {
            return y instanceof NDArray b ? a.eq(b) : a.eq((Double) y);
        }
        if (y instanceof NDArray b) {
            return b.eq((Double) x);
        }
        return ((Double) x).doubleValue() == (Double) y;
    }

    /** {@code a @ b}: four real products (NumPy's complex matmul; sums in another order, as every matmul here). */
    static NDArray matmul(NDArray a, NDArray b) {
        return bilinear(a, b, NDArray::matmul);
    }

    /**
     * A real bilinear product {@code f} (matmul, dot, tensordot, outer, a two-operand einsum) of
     * complex operands: {@code f(ar, br) - f(ai, bi) + i (f(ar, bi) + f(ai, br))}.
     */
    static NDArray bilinear(NDArray a, NDArray b, java.util.function.BinaryOperator<NDArray> f) {
        DType t = DType.promote(a.dtype(), b.dtype());
        DType part = t.component();
        Parts p = parts(a, part);
        Parts q = parts(b, part);
        NDArray ar = (NDArray) p.re;
        NDArray br = (NDArray) q.re;
        // a real operand is made complex first, as NumPy does: its zero imaginary part takes part in the
        // products (0 times an infinity is NaN there too)
        NDArray ai = p.im instanceof NDArray x ? x : np.zeros(part, ar.shape());
        NDArray bi = q.im instanceof NDArray y ? y : np.zeros(part, br.shape());
        NDArray re = f.apply(ar, br).sub(f.apply(ai, bi));
        NDArray im = f.apply(ar, bi).add(f.apply(ai, br));
        return new NDArray(t, cast(re, part), cast(im, part));
    }

    /** A copy converted: complex to complex part by part; to a real type, the real part (as NumPy, which warns that it drops the imaginary one). */
    static NDArray astype(NDArray x, DType type) {
        if (type.isComplex()) {
            if (x.dtype().isComplex()) {
                return new NDArray(type, x.real().astype(type.component()), x.imag().astype(type.component()));
            }
            return new NDArray(type, x.astype(type.component()), np.zeros(type.component(), x.shape()));
        }
        return x.real().astype(type);
    }

    /** {@code real + imag * 1j}, the parts copied: complex64 for float32 and float16 parts, complex128 otherwise. */
    static NDArray of(NDArray re, NDArray im) {
        DType t = DType.promote(re.dtype().withComplexScalar(), im.dtype().withComplexScalar());
        int[] shape = Broadcasting.shapeOf("complex", re, im);
        DType part = t.component();
        return new NDArray(t, full(re.astype(part), part, shape), full(im.astype(part), part, shape));
    }

    /**
     * {@code dst = value} for a complex dst (a whole array or a view): each part assigned. The
     * value's parts are computed, and copied when they share dst's data, before either part is written.
     */
    static void assign(NDArray dst, Object value) {
        DType part = dst.dtype().component();
        if (value instanceof NDArray v) {
            Parts p = parts(v, part);
            NDArray re = (NDArray) p.re;
            Object im = p.im;
            re = apart(dst, re);
            if (im instanceof NDArray i) {
                im = apart(dst, i);
            }
            dst.real().set(re);
            if (im instanceof NDArray i) {
                dst.imag().set(i);
            } else {
                dst.imag().set((double) (Double) im);
            }
            return;
        }
        Parts p = parts(value, part);
        dst.real().set((double) (Double) p.re);
        dst.imag().set((double) (Double) p.im);
    }

    /** x computed now, and copied if it is a view of either of dst's parts (it is read after one of them is written). */
    private static NDArray apart(NDArray dst, NDArray x) {
        var s = x.view().store();
        return s == dst.real().view().store() || s == dst.imag().view().store() ? x.copy() : x;
    }
}
