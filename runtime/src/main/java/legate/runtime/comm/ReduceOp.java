package legate.runtime.comm;

/** How values from all ranks are combined. */
public enum ReduceOp {
    SUM, MIN, MAX;

    double apply(double a, double b) {
        return switch (this) {
            case SUM -> a + b;
            case MIN -> Math.min(a, b);
            case MAX -> Math.max(a, b);
        };
    }

    long apply(long a, long b) {
        return switch (this) {
            case SUM -> a + b;
            case MIN -> Math.min(a, b);
            case MAX -> Math.max(a, b);
        };
    }
}
