package legate.runtime.backend;

/**
 * Element-wise operations of one operand; {@link #COPY} also casts between element types. The
 * transcendental functions use {@link Transcendental} (exp, log, tanh) and {@link StrictMath} (the
 * others, fdlibm's algorithms): every rank gets the same bits on any CPU, where {@link Math}'s may
 * differ by CPU and JIT intrinsic. ({@code sqrt} is correctly rounded everywhere.) The rounding
 * functions and {@link #SIGN} are exact.
 */
public enum UnaryOp {
    NEG("negative"), ABS("absolute"), SQRT("sqrt"), EXP("exp"), LOG("log"), SIN("sin"), COS("cos"), TANH("tanh"),
    NOT("logical_not"), COPY("copy"),
    // (the GPU's device program knows the ops above, by ordinal; those below run on the host there)
    FLOOR("floor"), CEIL("ceil"), RINT("rint"), TRUNC("trunc"), SIGN("sign"), LOG1P("log1p"), EXPM1("expm1"), LOG10("log10"),
    LOG2("log2"), TAN("tan"), ARCSIN("arcsin"), ARCCOS("arccos"), ARCTAN("arctan"), SINH("sinh"), COSH("cosh"),
    ERF("erf");

    /** NumPy's name, for messages. */
    public final String numpyName;

    UnaryOp(String numpyName) {
        this.numpyName = numpyName;
    }

    /**
     * What one element costs a CPU thread, in quarters of a simple operation (an add, a multiply):
     * measured on the 2-core development VM (docs/performance.md), it weighs the work that decides
     * whether an operation is split across threads. StrictMath's functions cost 5 to 10 simple
     * operations each, erf's series more.
     */
    public int cost() {
        return switch (this) {
            case NEG, ABS, NOT, COPY, FLOOR, CEIL, RINT, TRUNC, SIGN -> 1;
            case SQRT -> 4;
            case ERF -> 64;
            case EXP, LOG, TANH -> 8; // Transcendental's
            default -> 12; // StrictMath's sin, cos, ... (fdlibm)
        };
    }

    public double apply(double x) {
        return switch (this) {
            case NEG -> -x;
            case ABS -> Math.abs(x);
            case SQRT -> Math.sqrt(x);
            case EXP -> Transcendental.exp(x);
            case LOG -> Transcendental.log(x);
            case SIN -> StrictMath.sin(x);
            case COS -> StrictMath.cos(x);
            case TANH -> Transcendental.tanh(x);
            case NOT -> x == 0 ? 1 : 0;
            case COPY -> x;
            case FLOOR -> Math.floor(x);
            case CEIL -> Math.ceil(x);
            case RINT -> Math.rint(x); // halves to even, as NumPy's rint
            case TRUNC -> x < 0 ? Math.ceil(x) : Math.floor(x);
            case SIGN -> x > 0 ? 1 : x < 0 ? -1 : x == 0 ? 0 : Double.NaN; // NumPy's: +0.0 for -0.0
            case LOG1P -> StrictMath.log1p(x);
            case EXPM1 -> StrictMath.expm1(x);
            case LOG10 -> StrictMath.log10(x);
            case LOG2 -> log2(x);
            case TAN -> StrictMath.tan(x);
            case ARCSIN -> StrictMath.asin(x);
            case ARCCOS -> StrictMath.acos(x);
            case ARCTAN -> StrictMath.atan(x);
            case SINH -> StrictMath.sinh(x);
            case COSH -> StrictMath.cosh(x);
            case ERF -> erf(x);
        };
    }

    /**
     * The error function, to a few ulps (within 7e-16 relative of Python's math.erf over
     * [-7, 7]): its Maclaurin series below 1.5, above it 1 - erfc by erfc's continued fraction
     * (150 terms, evaluated from the last), 1 from 6.5 on. Plain double arithmetic and
     * StrictMath.exp: the same bits everywhere.
     */
    static double erf(double x) {
        if (x != x) {
            return x;
        }
        double a = Math.abs(x);
        double r;
        if (a < 1.5) {
            double x2 = a * a;
            double term = a;
            double sum = a;
            for (int n = 1; n < 100; n++) {
                term *= -x2 / n;
                double t = term / (2 * n + 1);
                sum += t;
                if (Math.abs(t) < 1e-17 * Math.abs(sum)) {
                    break;
                }
            }
            r = sum * 1.1283791670955126; // 2 / sqrt(pi)
        } else if (a < 6.5) {
            double f = a; // a + (1/2) / (a + (2/2) / (a + (3/2) / ...))
            for (int k = 150; k >= 1; k--) {
                f = a + (k / 2.0) / f;
            }
            r = 1 - StrictMath.exp(-a * a) / (1.7724538509055159 * f); // erfc(a) = exp(-a²) / (sqrt(pi) f)
        } else {
            r = 1;
        }
        return Math.copySign(r, x);
    }

    /** log2, exact for powers of two (as C's log2; log(x)/log(2) is not). */
    private static double log2(double x) {
        if (x > 0 && x < Double.POSITIVE_INFINITY && (Double.doubleToRawLongBits(x) & 0x000fffffffffffffL) == 0 && Math.getExponent(x) > -1023) {
            return Math.getExponent(x);
        }
        return StrictMath.log(x) / StrictMath.log(2.0);
    }

    public long apply(long x) {
        return switch (this) {
            case NEG -> -x;
            case ABS -> Math.abs(x);
            case NOT -> x == 0 ? 1 : 0;
            case COPY -> x;
            case SIGN -> Long.signum(x);
            default -> throw new IllegalStateException(this + " gives a float");
        };
    }

    /** As {@link #apply(long)} on unsigned bits: never negative, so abs is the value and sign 0 or 1. */
    public long applyUnsigned(long x) {
        return switch (this) {
            case ABS -> x;
            case SIGN -> x == 0 ? 0 : 1;
            default -> apply(x);
        };
    }
}
