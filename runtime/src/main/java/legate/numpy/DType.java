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
    BOOL(ElementType.BOOL),
    FLOAT16(ElementType.FLOAT16),
    INT16(ElementType.INT16),
    INT8(ElementType.INT8),
    UINT64(ElementType.UINT64),
    UINT32(ElementType.UINT32),
    UINT16(ElementType.UINT16),
    UINT8(ElementType.UINT8),
    /** Two float32s, real and imaginary: held as two float32 arrays (see {@link NDArray#real()}). */
    COMPLEX64(null),
    /** Two float64s, real and imaginary: held as two float64 arrays. */
    COMPLEX128(null);

    private final ElementType elementType;

    DType(ElementType elementType) {
        this.elementType = elementType;
    }

    /**
     * The runtime's type behind this dtype. The complex types have none: a complex array is a pair
     * of real arrays, and code that would treat it as one store stops here with an error naming
     * the function it was called from.
     */
    public ElementType elementType() {
        if (elementType == null) {
            throw Complexes.unsupported(this);
        }
        return elementType;
    }

    public boolean isComplex() {
        return elementType == null;
    }

    /** The type of a complex type's real and imaginary parts (float32, float64); a real type itself. */
    public DType component() {
        return this == COMPLEX64 ? FLOAT32 : this == COMPLEX128 ? FLOAT64 : this;
    }

    /**
     * The type of this array's type combined with a Java {@link Complex} (weak, as a Python complex
     * under NumPy 2's rules): complex64 for float16, float32 and complex64, complex128 for the rest.
     */
    DType withComplexScalar() {
        if (isComplex()) {
            return this;
        }
        return isFloating() && itemSize() <= 4 ? COMPLEX64 : COMPLEX128;
    }

    /** The dtype of the runtime's type {@code t}. */
    public static DType of(ElementType t) {
        for (DType d : values()) {
            if (d.elementType == t && t != null) {
                return d;
            }
        }
        throw new IllegalArgumentException("no dtype for " + t);
    }

    /** The dtype NumPy names {@code name} ({@code "int8"}, {@code "float16"}, ...), or an error listing the names. */
    public static DType of(String name) {
        for (DType d : values()) {
            if (d.toString().equals(name)) {
                return d;
            }
        }
        throw new IllegalArgumentException("data type '" + name + "' not understood; expected one of " + java.util.Arrays.toString(values()));
    }

    /** Bytes per element. */
    public int itemSize() {
        return isComplex() ? 2 * component().itemSize() : elementType.itemSize();
    }

    /** A real floating-point type (not complex). */
    public boolean isFloating() {
        return !isComplex() && elementType.isFloating();
    }

    /**
     * The type NumPy's functions of floats ({@code sqrt}, {@code exp}, {@code floor}, {@code arctan2}
     * ...) give for operands of this type: a float (or complex) type keeps its own; bool, int8 and
     * uint8 give float16, int16 and uint16 float32, wider integers float64 (the smallest float
     * that holds every value exactly, as NumPy's loops pick).
     */
    public DType functionType() {
        if (isComplex() || isFloating()) {
            return this;
        }
        return this == BOOL ? FLOAT16 : floatOf(Math.max(2, 2 * elementType.itemSize()));
    }

    /** Signed or unsigned integers (not bool). */
    public boolean isInteger() {
        return !isComplex() && elementType.isInteger();
    }

    public boolean isUnsigned() {
        return !isComplex() && elementType.isUnsigned();
    }

    /** The smallest and largest value of an integer type (uint64's largest as its bits: -1). */
    long[] bounds() {
        int bits = 8 * itemSize();
        if (isUnsigned()) {
            return new long[] {0, bits == 64 ? -1 : (1L << bits) - 1};
        }
        return new long[] {bits == 64 ? Long.MIN_VALUE : -(1L << (bits - 1)), bits == 64 ? Long.MAX_VALUE : (1L << (bits - 1)) - 1};
    }

    /**
     * NumPy 2's rule for a Java long combined with an array of this integer type (the long is
     * "weak" and takes the array's type): it must fit, else the same error as NumPy's.
     */
    void checkFits(long v, String op) {
        if (!isInteger()) {
            return;
        }
        long[] b = bounds();
        boolean fits = this == UINT64 ? v >= 0 : v >= b[0] && v <= b[1];
        if (!fits) {
            throw new ArithmeticException(op + ": Python integer " + v + " out of bounds for " + this);
        }
    }

    /** NumPy's name: {@code float64}, {@code int32}, {@code bool}, ... */
    @Override
    public String toString() {
        return isComplex() ? name().toLowerCase(java.util.Locale.ROOT) : elementType.toString();
    }

    /**
     * The type NumPy gives the result of combining two arrays of these types: bool yields to
     * anything; the larger of two floats or of two integers of one kind; a float with an integer,
     * the smallest float at least as large that holds every value of the integer type (float16:
     * 8-bit integers, float32: 16-bit, float64: the rest); a signed with an unsigned integer, the
     * smallest signed type holding both, and float64 for uint64 with any signed type.
     */
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
        if (a.isComplex() || b.isComplex()) {
            // the complex type whose parts hold both: complex64 with float32 and narrower, else complex128
            DType part = promote(a.component(), b.component());
            return part == FLOAT16 || part == FLOAT32 ? COMPLEX64 : COMPLEX128;
        }
        if (a.isFloating() && b.isFloating()) {
            return a.itemSize() >= b.itemSize() ? a : b;
        }
        if (a.isFloating() || b.isFloating()) {
            DType f = a.isFloating() ? a : b;
            DType i = a.isFloating() ? b : a;
            int need = i.itemSize() == 1 ? 2 : i.itemSize() == 2 ? 4 : 8;
            return floatOf(Math.max(f.itemSize(), need));
        }
        if (a.isUnsigned() == b.isUnsigned()) {
            return a.itemSize() >= b.itemSize() ? a : b;
        }
        DType s = a.isUnsigned() ? b : a;
        DType u = a.isUnsigned() ? a : b;
        if (s.itemSize() > u.itemSize()) {
            return s;
        }
        return u.itemSize() == 8 ? FLOAT64 : signedOf(2 * u.itemSize());
    }

    private static DType floatOf(int size) {
        return size == 2 ? FLOAT16 : size == 4 ? FLOAT32 : FLOAT64;
    }

    private static DType signedOf(int size) {
        return switch (size) {
            case 1 -> INT8;
            case 2 -> INT16;
            case 4 -> INT32;
            default -> INT64;
        };
    }

    /** NumPy's type of sums and products of this type: int64 for bool and signed integers, uint64 for unsigned ones. */
    DType accumulator() {
        if (isFloating() || isComplex()) {
            return this;
        }
        return isUnsigned() ? UINT64 : INT64;
    }
}
