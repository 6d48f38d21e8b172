package legate.runtime.backend;

/** Element-wise comparisons, giving bool. */
public enum CompareOp {
    GT("greater"), GE("greater_equal"), LT("less"), LE("less_equal"), EQ("equal"), NE("not_equal");

    /** NumPy's name, for messages. */
    public final String numpyName;

    CompareOp(String numpyName) {
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

    /** As {@link #test(long, long)} with both read as unsigned (uint64 against uint64 or a narrower unsigned). */
    public boolean testUnsigned(long x, long y) {
        return test(x ^ Long.MIN_VALUE, y ^ Long.MIN_VALUE);
    }
}
