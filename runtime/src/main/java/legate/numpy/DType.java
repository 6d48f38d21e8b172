package legate.numpy;

import legate.runtime.types.ElementType;

/**
 * The element types of {@link NDArray}; {@link #FLOAT64} is the default, as in NumPy. Each is
 * one of the runtime's element types, with NumPy's name and NumPy's promotion rules.
 */
public enum DType {
    FLOAT64(ElementType.FLOAT64),
    FLOAT32(ElementType.FLOAT32),
    INT64(ElementType.INT64),
    INT32(ElementType.INT32),
    BOOL(ElementType.BOOL);

    private final ElementType elementType;

    DType(ElementType elementType) {
        this.elementType = elementType;
    }

    /** The runtime's type behind this dtype. */
    public ElementType elementType() {
        return elementType;
    }

    /** The dtype of the runtime's type {@code t}. */
    public static DType of(ElementType t) {
        return switch (t) {
            case FLOAT64 -> FLOAT64;
            case FLOAT32 -> FLOAT32;
            case INT64 -> INT64;
            case INT32 -> INT32;
            case BOOL -> BOOL;
        };
    }

    /** Bytes per element. */
    public int itemSize() {
        return elementType.itemSize();
    }

    public boolean isFloating() {
        return elementType.isFloating();
    }

    public boolean isInteger() {
        return elementType.isInteger();
    }

    /** NumPy's name: {@code float64}, {@code int32}, {@code bool}, ... */
    @Override
    public String toString() {
        return elementType.toString();
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
        if (a.isFloating() && b.isFloating()) {
            return FLOAT64; // float32 with float64
        }
        if (a.isFloating() || b.isFloating()) {
            return FLOAT64; // an integer with a float: float64, as NumPy does for int32/int64 with float32 too
        }
        return INT64; // int32 with int64
    }
}
