package legate.runtime.backend;

/** Element-wise operations of two operands; {@link #apply} is their meaning, which every backend computes. */
public enum BinaryOp {
    ADD("add"), SUB("subtract"), MUL("multiply"), DIV("divide"), POW("power"), MAXIMUM("maximum"), MINIMUM("minimum"),
    AND("logical_and"), OR("logical_or"),
    // (the GPU's device program knows the ops above, by ordinal; those below run on the host there)
    ARCTAN2("arctan2"), HYPOT("hypot"), MOD("remainder");

    /** NumPy's name, for messages. */
    public final String numpyName;

    BinaryOp(String numpyName) {
        this.numpyName = numpyName;
    }

    /** As {@link UnaryOp#cost()}: StrictMath's pow is about 70 simple operations, atan2 and hypot 10 to 20. */
    public int cost() {
        return switch (this) {
            case POW -> 256;
            case ARCTAN2, HYPOT -> 48;
            case DIV, MOD -> 2;
            default -> 1;
        };
    }

    public double apply(double x, double y) {
        return switch (this) {
            case ADD -> x + y;
            case SUB -> x - y;
            case MUL -> x * y;
            case DIV -> x / y;
            case POW -> y == 2 ? x * x : StrictMath.pow(x, y);
            case MAXIMUM -> x != x || y != y ? Double.NaN : Math.max(x, y);
            case MINIMUM -> x != x || y != y ? Double.NaN : Math.min(x, y);
            case AND -> x != 0 && y != 0 ? 1 : 0;
            case OR -> x != 0 || y != 0 ? 1 : 0;
            case ARCTAN2 -> StrictMath.atan2(x, y);
            case HYPOT -> StrictMath.hypot(x, y);
            case MOD -> remainder(x, y);
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
            case ARCTAN2, HYPOT -> throw new IllegalStateException(this + " gives a float");
            case MOD -> y == 0 ? 0 : Math.floorMod(x, y); // NumPy gives 0 (and warns) for a zero divisor
        };
    }

    /** As {@link #apply(long, long)} on uint64 bits: the operations whose result depends on the sign bit read it as 2^63. */
    public long applyUnsigned(long x, long y) {
        return switch (this) {
            case MAXIMUM -> Long.compareUnsigned(x, y) >= 0 ? x : y;
            case MINIMUM -> Long.compareUnsigned(x, y) <= 0 ? x : y;
            case MOD -> y == 0 ? 0 : Long.remainderUnsigned(x, y);
            case POW -> ipowUnsigned(x, y); // an exponent from 2^63 is not negative
            default -> apply(x, y); // add, subtract, multiply and the logical ones wrap alike
        };
    }

    /** NumPy's error for an integer raised to a negative integer exponent (a backend that finds one elsewhere raises it too). */
    public static IllegalArgumentException negativeIntegerPower() {
        return new IllegalArgumentException("power: integers to negative integer powers are not allowed");
    }

    /** NumPy's float remainder: the sign of the divisor, as Python's {@code %}; 0 with the divisor's sign when exact. */
    private static double remainder(double x, double y) {
        double mod = x % y; // C's fmod
        if (y == 0 || mod != mod) {
            return mod;
        }
        if (mod != 0) {
            return (y < 0) != (mod < 0) ? mod + y : mod;
        }
        return Math.copySign(0.0, y);
    }

    private static long ipow(long x, long y) {
        if (y < 0) {
            throw negativeIntegerPower();
        }
        return ipowUnsigned(x, y);
    }

    /** x to the power y read as uint64, by squaring, wrapping. */
    private static long ipowUnsigned(long x, long y) {
        long r = 1;
        while (y != 0) {
            if ((y & 1) != 0) {
                r *= x;
            }
            x *= x;
            y >>>= 1;
        }
        return r;
    }
}
