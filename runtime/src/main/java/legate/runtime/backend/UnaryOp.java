package legate.runtime.backend;

/**
 * Element-wise operations of one operand; {@link #COPY} also casts between element types. The
 * transcendental functions use {@link StrictMath} (fdlibm's algorithms): every rank gets the same
 * bits on any CPU, where {@link Math}'s may differ by CPU and JIT intrinsic. ({@code sqrt} is
 * correctly rounded everywhere.) The rounding functions and {@link #SIGN} are exact.
 */
public enum UnaryOp {
    NEG("negative"), ABS("absolute"), SQRT("sqrt"), EXP("exp"), LOG("log"), SIN("sin"), COS("cos"), TANH("tanh"),
    NOT("logical_not"), COPY("copy"),
    // (the GPU's device program knows the ops above, by ordinal; those below run on the host there)
    FLOOR("floor"), CEIL("ceil"), RINT("rint"), TRUNC("trunc"), SIGN("sign"), LOG1P("log1p"), EXPM1("expm1"), LOG10("log10"),
    LOG2("log2"), TAN("tan"), ARCSIN("arcsin"), ARCCOS("arccos"), ARCTAN("arctan"), SINH("sinh"), COSH("cosh");

    /** NumPy's name, for messages. */
    public final String numpyName;

    UnaryOp(String numpyName) {
        this.numpyName = numpyName;
    }

    public double apply(double x) {
        return switch (this) {
            case NEG -> -x;
            case ABS -> Math.abs(x);
            case SQRT -> Math.sqrt(x);
            case EXP -> StrictMath.exp(x);
            case LOG -> StrictMath.log(x);
            case SIN -> StrictMath.sin(x);
            case COS -> StrictMath.cos(x);
            case TANH -> StrictMath.tanh(x);
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
        };
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
}
