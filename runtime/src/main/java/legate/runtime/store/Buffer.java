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
 */
public abstract sealed class Buffer permits Buffer.F64, Buffer.F32, Buffer.I64, Buffer.I32, Buffer.Bool {
    /** The copy a backend keeps elsewhere, or null when the host array is the only one. */
    private volatile Mirror mirror;

    /** A copy of a buffer's elements that a backend keeps in other memory, possibly newer than the host array. */
    public interface Mirror {
        /** Makes host elements {@code from .. from+n} current: copies them back when the other copy is newer. */
        void toHost(Buffer host, int from, int n);

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
        };
    }

    /**
     * A buffer of zeros whose host array is made only when host code first needs it
     * ({@link #forHostRead}, {@link #array}): for a backend that computes elsewhere and may never
     * need the host copy. Until then {@link #hasHostArray} is false and the public arrays are null.
     */
    public static Buffer allocateLazily(ElementType type, int length) {
        return switch (type) {
            case FLOAT64 -> new F64(null, length);
            case FLOAT32 -> new F32(null, length);
            case INT64 -> new I64(null, length);
            case INT32 -> new I32(null, length);
            case BOOL -> new Bool(null, length);
        };
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
        if (a instanceof double[] d) {
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

    /** Copies {@code n} elements from {@code src} (of any type, converted) at {@code from} to this at {@code to}. */
    public void copyFrom(Buffer src, int from, int to, int n) {
        src.forHostRead(from, n);
        if (src.type() == type()) {
            System.arraycopy(src.array(), from, array(), to, n);
        } else if (src.type().isFloating() && (type().isFloating() || type() == ElementType.BOOL)) { // to bool: non-zero (NaN too) is true
            for (int i = 0; i < n; i++) {
                setDouble(to + i, src.getDouble(from + i));
            }
        } else if (type().isFloating()) { // an integer converted once (int64 to float32 not through float64)
            for (int i = 0; i < n; i++) {
                setLong(to + i, src.getLong(from + i));
            }
        } else {
            for (int i = 0; i < n; i++) {
                setLong(to + i, src.type().isFloating() ? castToLong(src.getDouble(from + i)) : src.getLong(from + i));
            }
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
}
