package legate.runtime.store;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import legate.runtime.types.ElementType;

/**
 * The elements a rank holds of a store: one primitive Java array of the store's element type.
 * Every element can be read and written as a double or as a long, whatever the type (the
 * conversions NumPy's casts make); the hot loops use the arrays themselves.
 *
 * <p>A backend that computes elsewhere (a GPU) may keep a {@link Mirror} of a buffer there and
 * hold it newer than the host array. Host code outside a backend calls {@link #forHostRead}
 * before it reads elements one by one; the bulk reads ({@link #copy}, {@link #copyFrom}'s
 * source, {@link #toBytes}) do it themselves. Outside a backend, host code writes only buffers
 * it has just made.
 *
 * <p>A new store's buffer may be made on the array of a dead store's ({@link BufferPool}): code
 * that keeps a buffer's array and makes stores while it still uses the array keeps the buffer
 * reachable too ({@link java.lang.ref.Reference#reachabilityFence}).
 */
public abstract sealed class Buffer permits Buffer.F64, Buffer.F32, Buffer.I64, Buffer.I32, Buffer.Bool,
        Buffer.Bytes, Buffer.Shorts, Buffer.U32, Buffer.U64 {
    /** The copy a backend keeps elsewhere, or null when the host array is the only one. */
    private volatile Mirror mirror;

    /** A copy of a buffer's elements that a backend keeps in other memory, possibly newer than the host array. */
    public interface Mirror {
        /** Makes host elements {@code from .. from+n} current: copies them back when the other copy is newer. */
        void toHost(Buffer host, int from, int n);

        /**
         * Element {@code i} of {@code host} in a new one-element buffer, read from the mirror when it
         * holds the newer copy; null: read it from the host array. Lets one element be read without
         * making a host array that was made lazily (a large one costs more than the read).
         */
        default Buffer element(Buffer host, int i) {
            return null;
        }

        /** A new buffer with {@code host}'s elements, copied where the mirror is (no trip through the host); null: copy on the host. */
        default Buffer copyOf(Buffer host) {
            return null;
        }
    }

    public Mirror mirror() {
        return mirror;
    }

    /** Attaches (or with null detaches) the backend's copy. */
    public void mirror(Mirror m) {
        this.mirror = m;
    }

    /** This buffer, with elements {@code from .. from+n} current in its host array. */
    public Buffer forHostRead(int from, int n) {
        if (!hasHostArray()) {
            array();
        }
        Mirror m = mirror;
        if (m != null && n > 0) {
            m.toHost(this, from, n);
        }
        return this;
    }

    /** Element {@code i}, current, as a double: from the mirror alone when the host array was never made. */
    public double readDouble(int i) {
        Mirror m = mirror;
        if (m != null && !hasHostArray()) {
            Buffer one = m.element(this, i);
            if (one != null) {
                return one.getDouble(0);
            }
        }
        return forHostRead(i, 1).getDouble(i);
    }

    /** This buffer, with every element current in its host array. */
    public Buffer forHostRead() {
        return forHostRead(0, length());
    }

    public static Buffer allocate(ElementType type, int length) {
        return switch (type) {
            case FLOAT64 -> new F64(new double[length]);
            case FLOAT32 -> new F32(new float[length]);
            case INT64 -> new I64(new long[length]);
            case INT32 -> new I32(new int[length]);
            case BOOL -> new Bool(new byte[length]);
            case INT8, UINT8 -> new Bytes(type, new byte[length], length);
            case INT16, UINT16, FLOAT16 -> new Shorts(type, new short[length], length);
            case UINT32 -> new U32(new int[length], length);
            case UINT64 -> new U64(new long[length], length);
        };
    }

    /**
     * A buffer of {@code length} elements of {@code type} around {@code a}, an array of that
     * length that {@link #allocate} made (the array of a dead buffer, in {@link BufferPool}), or
     * null for a buffer whose array is made later ({@link #allocateLazily}).
     */
    static Buffer wrap(ElementType type, Object a, int length) {
        return switch (type) {
            case FLOAT64 -> new F64((double[]) a, length);
            case FLOAT32 -> new F32((float[]) a, length);
            case INT64 -> new I64((long[]) a, length);
            case INT32 -> new I32((int[]) a, length);
            case BOOL -> new Bool((byte[]) a, length);
            case INT8, UINT8 -> new Bytes(type, (byte[]) a, length);
            case INT16, UINT16, FLOAT16 -> new Shorts(type, (short[]) a, length);
            case UINT32 -> new U32((int[]) a, length);
            case UINT64 -> new U64((long[]) a, length);
        };
    }

    /**
     * A buffer of zeros whose host array is made only when host code first needs it
     * ({@link #forHostRead}, {@link #array}): for a backend that computes elsewhere and may never
     * need the host copy. Until then {@link #hasHostArray} is false and the public arrays are null.
     */
    public static Buffer allocateLazily(ElementType type, int length) {
        return wrap(type, null, length);
    }

    /** Whether the host array exists (it always does, except for a buffer made lazily and not read on the host yet). */
    public abstract boolean hasHostArray();

    /** A copy of all of it; a clone, which the JIT makes without zeroing the new array first. */
    public Buffer copy() {
        Mirror m = mirror;
        Buffer elsewhere = m == null ? null : m.copyOf(this);
        if (elsewhere != null) {
            return elsewhere;
        }
        forHostRead();
        Object a = array();
        if (this instanceof Bytes b) {
            return new Bytes(b.type, b.a.clone(), b.length);
        } else if (this instanceof Shorts b) {
            return new Shorts(b.type, b.a.clone(), b.length);
        } else if (this instanceof U32 b) {
            return new U32(b.a.clone(), b.length);
        } else if (this instanceof U64 b) {
            return new U64(b.a.clone(), b.length);
        } else if (a instanceof double[] d) {
            return new F64(d.clone());
        } else if (a instanceof float[] f) {
            return new F32(f.clone());
        } else if (a instanceof long[] l) {
            return new I64(l.clone());
        } else if (a instanceof int[] i) {
            return new I32(i.clone());
        }
        return new Bool(((byte[]) a).clone());
    }

    public abstract ElementType type();

    public abstract int length();

    public abstract double getDouble(int i);

    public abstract long getLong(int i);

    public abstract void setDouble(int i, double v);

    public abstract void setLong(int i, long v);

    /**
     * How an element of one type converts into another, as NumPy casts: chosen once for a loop,
     * then {@link #move} element by element.
     */
    public enum Conversion {
        /** Through its double value: a float's (truncated toward zero into an integer; into bool, non-zero and NaN are true). */
        DOUBLE,
        /** Through its 64-bit integer value: between integers (exact beyond 2^53), and a signed integer into a float (rounded once). */
        LONG,
        /** A uint64's bits into a float: rounded once from the unsigned value ({@link #setUnsigned}), not through float64. */
        UNSIGNED;

        public static Conversion of(ElementType src, ElementType dst) {
            if (src.isFloating()) {
                return DOUBLE;
            }
            return src == ElementType.UINT64 && dst.isFloating() ? UNSIGNED : LONG;
        }

        /** Element {@code i} of {@code src} into element {@code j} of {@code dst}, converted. */
        public void move(Buffer src, int i, Buffer dst, int j) {
            switch (this) {
                case DOUBLE -> dst.setDouble(j, src.getDouble(i));
                case LONG -> dst.setLong(j, src.getLong(i));
                default -> dst.setUnsigned(j, src.getLong(i));
            }
        }
    }

    /** Copies {@code n} elements from {@code src} (of any type, converted) at {@code from} to this at {@code to}. */
    public void copyFrom(Buffer src, int from, int to, int n) {
        src.forHostRead(from, n);
        if (src.type() == type()) {
            System.arraycopy(src.array(), from, array(), to, n);
            return;
        }
        Conversion c = Conversion.of(src.type(), type());
        for (int i = 0; i < n; i++) {
            c.move(src, from + i, this, to + i);
        }
    }

    /**
     * Sets element {@code i} to the uint64 whose bits are {@code bits}: a float rounds its
     * unsigned value once (float32 too: C's cast of an {@code unsigned long long}, as NumPy's);
     * an integer takes the bits.
     */
    public void setUnsigned(int i, long bits) {
        if (type().isFloating()) {
            setDouble(i, unsignedToDouble(bits)); // float16: the double is exact below 2^53, and from 65520 on the half is infinite either way
        } else {
            setLong(i, bits);
        }
    }

    /** The primitive array behind the buffer (made now, zeros, for a buffer made lazily). */
    public abstract Object array();

    /** Elements {@code from .. from+n} as bytes, for the data plane. */
    public byte[] toBytes(int from, int n) {
        forHostRead(from, n);
        ByteBuffer b = ByteBuffer.allocate(n * type().itemSize()).order(ByteOrder.nativeOrder());
        writeTo(b, from, n);
        return b.array();
    }

    /** Writes {@code bytes} (from {@link #toBytes}) into this buffer at element {@code at}. */
    public void fromBytes(byte[] bytes, int at) {
        readFrom(ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder()), at, bytes.length / type().itemSize());
    }

    /**
     * The host array's elements {@code from .. from+n} into {@code to} from its position on, in
     * its byte order. Reads the host array as it is: making it current is the caller's business.
     */
    public void writeTo(ByteBuffer to, int from, int n) {
        if (this instanceof F64 f) {
            to.asDoubleBuffer().put(f.a, from, n);
        } else if (this instanceof F32 f) {
            to.asFloatBuffer().put(f.a, from, n);
        } else if (this instanceof I64 f) {
            to.asLongBuffer().put(f.a, from, n);
        } else if (this instanceof I32 f) {
            to.asIntBuffer().put(f.a, from, n);
        } else if (this instanceof Shorts f) {
            to.asShortBuffer().put(f.a, from, n);
        } else if (this instanceof U32 f) {
            to.asIntBuffer().put(f.a, from, n);
        } else if (this instanceof U64 f) {
            to.asLongBuffer().put(f.a, from, n);
        } else if (this instanceof Bytes f) {
            to.put(f.a, from, n);
        } else {
            to.put(((Bool) this).a, from, n);
        }
    }

    /** {@code n} elements of {@code from} (from its position on, in its byte order) into the host array at element {@code at}. */
    public void readFrom(ByteBuffer from, int at, int n) {
        if (this instanceof F64 f) {
            from.asDoubleBuffer().get(f.a, at, n);
        } else if (this instanceof F32 f) {
            from.asFloatBuffer().get(f.a, at, n);
        } else if (this instanceof I64 f) {
            from.asLongBuffer().get(f.a, at, n);
        } else if (this instanceof I32 f) {
            from.asIntBuffer().get(f.a, at, n);
        } else if (this instanceof Shorts f) {
            from.asShortBuffer().get(f.a, at, n);
        } else if (this instanceof U32 f) {
            from.asIntBuffer().get(f.a, at, n);
        } else if (this instanceof U64 f) {
            from.asLongBuffer().get(f.a, at, n);
        } else if (this instanceof Bytes f) {
            from.get(f.a, at, n);
        } else {
            from.get(((Bool) this).a, at, n);
        }
    }

    /** NumPy's float-to-integer cast: truncation toward zero (NaN and infinities give 0 here, not garbage). */
    public static long castToLong(double v) {
        return (long) v;
    }

    public static final class F64 extends Buffer {
        /** The elements; null only for a buffer made lazily, until {@link #array()} makes them. */
        public double[] a;
        private final int length;

        F64(double[] a) {
            this(a, a.length);
        }

        F64(double[] a, int length) {
            this.a = a;
            this.length = length;
        }

        @Override
        public boolean hasHostArray() {
            return a != null;
        }

        @Override
        public ElementType type() {
            return ElementType.FLOAT64;
        }

        @Override
        public int length() {
            return length;
        }

        @Override
        public double getDouble(int i) {
            return a[i];
        }

        @Override
        public long getLong(int i) {
            return castToLong(a[i]);
        }

        @Override
        public void setDouble(int i, double v) {
            a[i] = v;
        }

        @Override
        public void setLong(int i, long v) {
            a[i] = v;
        }

        @Override
        public Object array() {
            if (a == null) {
                a = new double[length];
            }
            return a;
        }
    }

    public static final class F32 extends Buffer {
        /** The elements; null only for a buffer made lazily, until {@link #array()} makes them. */
        public float[] a;
        private final int length;

        F32(float[] a) {
            this(a, a.length);
        }

        F32(float[] a, int length) {
            this.a = a;
            this.length = length;
        }

        @Override
        public boolean hasHostArray() {
            return a != null;
        }

        @Override
        public ElementType type() {
            return ElementType.FLOAT32;
        }

        @Override
        public int length() {
            return length;
        }

        @Override
        public double getDouble(int i) {
            return a[i];
        }

        @Override
        public long getLong(int i) {
            return castToLong(a[i]);
        }

        @Override
        public void setDouble(int i, double v) {
            a[i] = (float) v;
        }

        @Override
        public void setLong(int i, long v) {
            a[i] = v;
        }

        @Override
        public void setUnsigned(int i, long bits) {
            a[i] = unsignedToFloat(bits);
        }

        @Override
        public Object array() {
            if (a == null) {
                a = new float[length];
            }
            return a;
        }
    }

    public static final class I64 extends Buffer {
        /** The elements; null only for a buffer made lazily, until {@link #array()} makes them. */
        public long[] a;
        private final int length;

        I64(long[] a) {
            this(a, a.length);
        }

        I64(long[] a, int length) {
            this.a = a;
            this.length = length;
        }

        @Override
        public boolean hasHostArray() {
            return a != null;
        }

        @Override
        public ElementType type() {
            return ElementType.INT64;
        }

        @Override
        public int length() {
            return length;
        }

        @Override
        public double getDouble(int i) {
            return a[i];
        }

        @Override
        public long getLong(int i) {
            return a[i];
        }

        @Override
        public void setDouble(int i, double v) {
            a[i] = castToLong(v);
        }

        @Override
        public void setLong(int i, long v) {
            a[i] = v;
        }

        @Override
        public Object array() {
            if (a == null) {
                a = new long[length];
            }
            return a;
        }
    }

    public static final class I32 extends Buffer {
        /** The elements; null only for a buffer made lazily, until {@link #array()} makes them. */
        public int[] a;
        private final int length;

        I32(int[] a) {
            this(a, a.length);
        }

        I32(int[] a, int length) {
            this.a = a;
            this.length = length;
        }

        @Override
        public boolean hasHostArray() {
            return a != null;
        }

        @Override
        public ElementType type() {
            return ElementType.INT32;
        }

        @Override
        public int length() {
            return length;
        }

        @Override
        public double getDouble(int i) {
            return a[i];
        }

        @Override
        public long getLong(int i) {
            return a[i];
        }

        @Override
        public void setDouble(int i, double v) {
            a[i] = (int) castToLong(v);
        }

        @Override
        public void setLong(int i, long v) {
            a[i] = (int) v;
        }

        @Override
        public Object array() {
            if (a == null) {
                a = new int[length];
            }
            return a;
        }
    }

    public static final class Bool extends Buffer {
        /** The elements; null only for a buffer made lazily, until {@link #array()} makes them. */
        public byte[] a;
        private final int length;

        Bool(byte[] a) {
            this(a, a.length);
        }

        Bool(byte[] a, int length) {
            this.a = a;
            this.length = length;
        }

        @Override
        public boolean hasHostArray() {
            return a != null;
        }

        @Override
        public ElementType type() {
            return ElementType.BOOL;
        }

        @Override
        public int length() {
            return length;
        }

        @Override
        public double getDouble(int i) {
            return a[i];
        }

        @Override
        public long getLong(int i) {
            return a[i];
        }

        @Override
        public void setDouble(int i, double v) {
            a[i] = (byte) (v != 0 ? 1 : 0); // NaN is true, as in NumPy
        }

        @Override
        public void setLong(int i, long v) {
            a[i] = (byte) (v != 0 ? 1 : 0);
        }

        @Override
        public Object array() {
            if (a == null) {
                a = new byte[length];
            }
            return a;
        }
    }

    /** Bits of an IEEE 754 half (binary16) as a double: exact. */
    public static double halfToDouble(short h) {
        int bits = h & 0xffff;
        int exp = (bits >>> 10) & 0x1f;
        int mant = bits & 0x3ff;
        double v;
        if (exp == 0) {
            v = mant * 0x1p-24;
        } else if (exp == 31) {
            v = mant == 0 ? Double.POSITIVE_INFINITY : Double.NaN;
        } else {
            v = Math.scalb((double) (1024 + mant), exp - 25);
        }
        return (bits & 0x8000) != 0 ? -v : v;
    }

    /** The half nearest {@code d} (ties to even), as NumPy's float64-to-float16 cast: overflow gives infinity. */
    public static short doubleToHalf(double d) {
        int sign = Double.doubleToRawLongBits(d) < 0 ? 0x8000 : 0;
        if (Double.isNaN(d)) {
            return (short) (sign | 0x7e00);
        }
        double a = Math.abs(d);
        if (a < 0x1p-14) { // zero or subnormal: multiples of 2^-24 (rounding up to 1024 of them is the smallest normal)
            return (short) (sign | (int) Math.rint(a * 0x1p24));
        }
        if (a >= 65520.0) { // halfway beyond 65504, the largest half: infinity (infinity itself too)
            return (short) (sign | 0x7c00);
        }
        int e = Math.getExponent(a);
        long m = (long) Math.rint(Math.scalb(a, 10 - e)); // 1024 .. 2048, exact scaling, ties to even
        if (m == 2048) {
            m = 1024;
            e++;
        }
        return (short) (sign | (e + 15) << 10 | (int) (m - 1024));
    }

    /** A uint64's bits as the double nearest its unsigned value. */
    public static double unsignedToDouble(long v) {
        if (v >= 0) {
            return v;
        }
        return ((v >>> 1) | (v & 1)) * 2.0; // halved keeping the sticky bit, so one rounding
    }

    /** uint64 bits as the float nearest their unsigned value, rounded once (not through the double). */
    public static float unsignedToFloat(long v) {
        if (v >= 0) {
            return v;
        }
        return ((v >>> 1) | (v & 1)) * 2f; // halved keeping the sticky bit, so one rounding
    }

    /** A double as uint64 bits: truncation toward zero (values beyond 2^63 kept; negatives wrap, as C's cast on x86 does). */
    public static long doubleToUnsigned(double v) {
        if (v >= 0x1p63) {
            return v >= 0x1p64 ? 0 : (long) (v - 0x1p63) ^ Long.MIN_VALUE;
        }
        return castToLong(v);
    }

    /** int8 and uint8: one byte an element. */
    public static final class Bytes extends Buffer {
        /** The elements; null only for a buffer made lazily, until {@link #array()} makes them. */
        public byte[] a;
        private final int length;
        private final ElementType type;
        private final boolean unsigned;

        Bytes(ElementType type, byte[] a, int length) {
            this.type = type;
            this.a = a;
            this.length = length;
            this.unsigned = type.isUnsigned();
        }

        @Override
        public boolean hasHostArray() {
            return a != null;
        }

        @Override
        public ElementType type() {
            return type;
        }

        @Override
        public int length() {
            return length;
        }

        @Override
        public double getDouble(int i) {
            return getLong(i);
        }

        @Override
        public long getLong(int i) {
            return unsigned ? a[i] & 0xff : a[i];
        }

        @Override
        public void setDouble(int i, double v) {
            a[i] = (byte) castToLong(v);
        }

        @Override
        public void setLong(int i, long v) {
            a[i] = (byte) v;
        }

        @Override
        public Object array() {
            if (a == null) {
                a = new byte[length];
            }
            return a;
        }
    }

    /** int16, uint16 and float16 (its bits): two bytes an element. */
    public static final class Shorts extends Buffer {
        /** The elements; null only for a buffer made lazily, until {@link #array()} makes them. */
        public short[] a;
        private final int length;
        private final ElementType type;

        Shorts(ElementType type, short[] a, int length) {
            this.type = type;
            this.a = a;
            this.length = length;
        }

        @Override
        public boolean hasHostArray() {
            return a != null;
        }

        @Override
        public ElementType type() {
            return type;
        }

        @Override
        public int length() {
            return length;
        }

        @Override
        public double getDouble(int i) {
            return type == ElementType.FLOAT16 ? halfToDouble(a[i]) : getLong(i);
        }

        @Override
        public long getLong(int i) {
            return switch (type) {
                case FLOAT16 -> castToLong(halfToDouble(a[i]));
                case UINT16 -> a[i] & 0xffff;
                default -> a[i];
            };
        }

        @Override
        public void setDouble(int i, double v) {
            a[i] = type == ElementType.FLOAT16 ? doubleToHalf(v) : (short) castToLong(v);
        }

        @Override
        public void setLong(int i, long v) {
            a[i] = type == ElementType.FLOAT16 ? doubleToHalf(v) : (short) v;
        }

        @Override
        public Object array() {
            if (a == null) {
                a = new short[length];
            }
            return a;
        }
    }

    /** uint32: an int's bits an element. */
    public static final class U32 extends Buffer {
        /** The elements; null only for a buffer made lazily, until {@link #array()} makes them. */
        public int[] a;
        private final int length;

        U32(int[] a, int length) {
            this.a = a;
            this.length = length;
        }

        @Override
        public boolean hasHostArray() {
            return a != null;
        }

        @Override
        public ElementType type() {
            return ElementType.UINT32;
        }

        @Override
        public int length() {
            return length;
        }

        @Override
        public double getDouble(int i) {
            return getLong(i);
        }

        @Override
        public long getLong(int i) {
            return a[i] & 0xffffffffL;
        }

        @Override
        public void setDouble(int i, double v) {
            a[i] = (int) castToLong(v);
        }

        @Override
        public void setLong(int i, long v) {
            a[i] = (int) v;
        }

        @Override
        public Object array() {
            if (a == null) {
                a = new int[length];
            }
            return a;
        }
    }

    /** uint64: a long's bits an element; {@link #getLong} gives the bits, {@link #getDouble} the unsigned value. */
    public static final class U64 extends Buffer {
        /** The elements; null only for a buffer made lazily, until {@link #array()} makes them. */
        public long[] a;
        private final int length;

        U64(long[] a, int length) {
            this.a = a;
            this.length = length;
        }

        @Override
        public boolean hasHostArray() {
            return a != null;
        }

        @Override
        public ElementType type() {
            return ElementType.UINT64;
        }

        @Override
        public int length() {
            return length;
        }

        @Override
        public double getDouble(int i) {
            return unsignedToDouble(a[i]);
        }

        @Override
        public long getLong(int i) {
            return a[i];
        }

        @Override
        public void setDouble(int i, double v) {
            a[i] = doubleToUnsigned(v);
        }

        @Override
        public void setLong(int i, long v) {
            a[i] = v;
        }

        @Override
        public Object array() {
            if (a == null) {
                a = new long[length];
            }
            return a;
        }
    }
}
