package legate.runtime.backend;

/**
 * Element-wise operations of one operand; {@link #COPY} also casts between element types. The
 * transcendental functions use {@link StrictMath} (fdlibm's algorithms): every rank gets the same
 * bits on any CPU, where {@link Math}'s may differ by CPU and JIT intrinsic. ({@code sqrt} is
 * correctly rounded everywhere.)
 */
public enum UnaryOp {
    NEG("negative"), ABS("absolute"), SQRT("sqrt"), EXP("exp"), LOG("log"), SIN("sin"), COS("cos"), TANH("tanh"),
    NOT("logical_not"), COPY("copy");

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
