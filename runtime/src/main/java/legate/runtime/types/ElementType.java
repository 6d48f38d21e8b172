package legate.runtime.types;

/**
 * The element types stores hold, owned by the runtime: what a buffer, a task and a backend
 * know of an element. The array API maps its dtypes onto them ({@code legate.numpy.DType}).
 * The first five are the runtime's original types (their ordinals are part of the GPU
 * backend's descriptors); the narrower integers and float16 follow.
 */
public enum ElementType {
    FLOAT64("float64", 8, Kind.FLOAT),
    FLOAT32("float32", 4, Kind.FLOAT),
    INT64("int64", 8, Kind.SIGNED),
    INT32("int32", 4, Kind.SIGNED),
    BOOL("bool", 1, Kind.BOOL),
    FLOAT16("float16", 2, Kind.FLOAT),
    INT16("int16", 2, Kind.SIGNED),
    INT8("int8", 1, Kind.SIGNED),
    UINT64("uint64", 8, Kind.UNSIGNED),
    UINT32("uint32", 4, Kind.UNSIGNED),
    UINT16("uint16", 2, Kind.UNSIGNED),
    UINT8("uint8", 1, Kind.UNSIGNED);

    /** NumPy's kinds of types: {@code f}, {@code i}, {@code u}, {@code b}. */
    public enum Kind {
        FLOAT, SIGNED, UNSIGNED, BOOL
    }

    private final String typeName;
    private final int itemSize;
    private final Kind kind;

    ElementType(String typeName, int itemSize, Kind kind) {
        this.typeName = typeName;
        this.itemSize = itemSize;
        this.kind = kind;
    }

    /** Bytes per element. */
    public int itemSize() {
        return itemSize;
    }

    public Kind kind() {
        return kind;
    }

    public boolean isFloating() {
        return kind == Kind.FLOAT;
    }

    /** Signed or unsigned integers (not bool). */
    public boolean isInteger() {
        return kind == Kind.SIGNED || kind == Kind.UNSIGNED;
    }

    public boolean isUnsigned() {
        return kind == Kind.UNSIGNED;
    }

    /** The type's name as NumPy spells it: {@code float64}, {@code int32}, {@code bool}, ... */
    @Override
    public String toString() {
        return typeName;
    }
}
