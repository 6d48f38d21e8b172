package legate.runtime.backend;

/** Element-wise operations of one operand; {@link #COPY} also casts between element types. */
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
