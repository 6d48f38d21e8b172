package legate.numpy;

/** The element types of {@link NDArray}; {@link #FLOAT64} is the default, as in NumPy. */
public enum DType {
    FLOAT64("float64", 8, true),
    FLOAT32("float32", 4, true),
    INT64("int64", 8, false),
    INT32("int32", 4, false),
    BOOL("bool", 1, false);

    private final String numpyName;
    private final int itemSize;
    private final boolean floating;

    DType(String numpyName, int itemSize, boolean floating) {
        this.numpyName = numpyName;
        this.itemSize = itemSize;
        this.floating = floating;
    }

    /** Bytes per element. */
    public int itemSize() {
        return itemSize;
    }

    public boolean isFloating() {
        return floating;
    }

    public boolean isInteger() {
        return this == INT64 || this == INT32;
    }

    /** NumPy's name: {@code float64}, {@code int32}, {@code bool}, ... */
    @Override
    public String toString() {
        return numpyName;
    }

    /** The type NumPy gives the result of combining two arrays of these types. */
    public static DType promote(DType a, DType b) {
        if (a == b) {
            return a;
        }
        if (a == BOOL) {
            return b;
        }
        if (b == BOOL) {
            return a;
        }
        if (a.floating && b.floating) {
            return FLOAT64; // float32 with float64
        }
        if (a.floating || b.floating) {
            return FLOAT64; // an integer with a float: float64, as NumPy does for int32/int64 with float32 too
        }
        return INT64; // int32 with int64
    }
}
