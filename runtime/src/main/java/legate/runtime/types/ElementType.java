package legate.runtime.types;

/**
 * The element types stores hold, owned by the runtime: what a buffer, a task and a backend
 * know of an element. The array API maps its dtypes onto them ({@code legate.numpy.DType}).
 */
public enum ElementType {
    FLOAT64("float64", 8, true),
    FLOAT32("float32", 4, true),
    INT64("int64", 8, false),
    INT32("int32", 4, false),
    BOOL("bool", 1, false);

    private final String typeName;
    private final int itemSize;
    private final boolean floating;

    ElementType(String typeName, int itemSize, boolean floating) {
        this.typeName = typeName;
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

    /** The type's name as NumPy spells it: {@code float64}, {@code int32}, {@code bool}, ... */
    @Override
    public String toString() {
        return typeName;
    }
}
