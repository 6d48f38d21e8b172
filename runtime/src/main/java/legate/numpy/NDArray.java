package legate.numpy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import legate.runtime.backend.BinaryOp;
import legate.runtime.backend.CompareOp;
import legate.runtime.backend.ElementwiseKernel;
import legate.runtime.backend.Expression;
import legate.runtime.backend.Reduction;
import legate.runtime.backend.UnaryOp;
import legate.runtime.store.Store;
import legate.runtime.store.View;
import legate.runtime.task.ArrayRuntime;
import legate.runtime.task.Elementwise;
import legate.runtime.task.FusedExpression;
import legate.runtime.task.Reductions;

/**
 * An n-dimensional array, NumPy's semantics in Java methods: {@code u.get("1:-1").add(v)} is
 * {@code u[1:-1] + v}. Every rank runs the same code; an array's data lives in a store that
 * large arrays split across the ranks, and what comes back into Java ({@link #sum()},
 * {@link #item}) is the same, to the bit, on every rank.
 *
 * <p>{@link #get(String)} returns a view that shares the data; writes through any view are
 * seen by all of them. Operations return new arrays.
 */
public final class NDArray {
    private final ArrayRuntime rt;
    private View materialized;
    private Expression expr;
    /** A complex array's type and its real and imaginary parts (arrays of the parts' type, one shape); null for real arrays. */
    private DType complexType;
    private NDArray re;
    private NDArray im;

    NDArray(ArrayRuntime rt, View view) {
        this.rt = rt;
        this.materialized = view;
    }

    /** A deferred array: element-wise operations wait, fused, until something needs the elements. */
    NDArray(ArrayRuntime rt, Expression expr) {
        this.rt = rt;
        this.expr = expr;
    }

    /** A complex array of {@code type} whose parts are {@code re} and {@code im} (its data: writes to them are writes to it). */
    NDArray(DType type, NDArray re, NDArray im) {
        this.rt = re.rt;
        this.complexType = type;
        this.re = re;
        this.im = im;
    }

    /** The elements (computed now if they were deferred); a complex array has none of its own (its parts do). */
    View view() {
        if (re != null) {
            throw Complexes.unsupported(complexType);
        }
        if (materialized == null) {
            materialized = FusedExpression.materialize(rt, expr.resolved());
            if (expr.memo() != null) { // expressions that contain this one read these elements from now on
                expr.memo().computed(materialized);
            }
            expr = null;
        }
        return materialized;
    }

    /** The deferred expression, or null once the elements exist. */
    Expression deferred() {
        if (re != null) {
            throw Complexes.unsupported(complexType);
        }
        return materialized == null ? expr : null;
    }

    ArrayRuntime runtime() {
        return rt;
    }

    // ---- what it is ----

    /** The shape (a copy). */
    public int[] shape() {
        if (re != null) {
            return re.shape();
        }
        return materialized != null ? materialized.shape() : expr.shape().clone();
    }

    public int ndim() {
        if (re != null) {
            return re.ndim();
        }
        return materialized != null ? materialized.ndim() : expr.shape().length;
    }

    /** The number of elements. */
    public long size() {
        if (re != null) {
            return re.size();
        }
        return materialized != null ? materialized.size() : Store.sizeOf(expr.shape());
    }

    public DType dtype() {
        if (re != null) {
            return complexType;
        }
        return DType.of(materialized != null ? materialized.store().type() : expr.type());
    }

    /** The transpose: the axes reversed (a view). */
    public NDArray T() {
        return transpose();
    }

    /** The axes in the given order, or reversed when none is given (a view). */
    public NDArray transpose(int... axes) {
        int n = ndim();
        int[] order = new int[n];
        if (axes.length == 0) {
            for (int d = 0; d < n; d++) {
                order[d] = n - 1 - d;
            }
        } else {
            if (axes.length != n) {
                throw new IllegalArgumentException("transpose: axes " + Arrays.toString(axes) + " don't match an array of " + n + " dimensions");
            }
            boolean[] seen = new boolean[n];
            for (int d = 0; d < n; d++) {
                int a = normalizeAxis("transpose", axes[d], n);
                if (seen[a]) {
                    throw new IllegalArgumentException("transpose: repeated axis in " + Arrays.toString(axes));
                }
                seen[a] = true;
                order[d] = a;
            }
        }
        if (re != null) {
            return Complexes.each(this, p -> p.transpose(axes));
        }
        return new NDArray(rt, view().permute(order));
    }

    // ---- complex ----

    /**
     * The real part: for a complex array a view of it (writes change the array, as NumPy's
     * {@code z.real}); for a real array the array itself.
     */
    public NDArray real() {
        return re != null ? re : this;
    }

    /**
     * The imaginary part: for a complex array a view of it; for a real array zeros of its shape and
     * type, a new array that is read-only, as NumPy's (an assignment to it, or to a view of it, is
     * refused rather than lost; its copies are writable).
     */
    public NDArray imag() {
        if (re != null) {
            return im;
        }
        // NumPy's: read-only zeros, so that a write to them is an error rather than lost
        NDArray zeros = np.zeros(dtype(), shape());
        zeros.view().store().readOnly("the imaginary part of a real " + dtype() + " array, zeros; make the array complex first "
                + "(astype(DType.COMPLEX128)) to give it one");
        return zeros;
    }

    /** The complex conjugate (a new array); of a real array, a copy. */
    public NDArray conj() {
        return re != null ? Complexes.conj(this) : copy();
    }

    /** One element as a {@link Complex} (of a real array, with imaginary part 0), the same on every rank. */
    public Complex citem(int... idx) {
        return re != null ? new Complex(re.item(idx), im.item(idx)) : new Complex(item(idx), 0);
    }

    /** The sum as a {@link Complex} (NumPy's {@code sum()} of a complex array): each part summed as {@link #sum()} sums. */
    public Complex csum() {
        return re != null ? new Complex(re.sum(), im.sum()) : new Complex(sum(), 0);
    }

    /** The mean as a {@link Complex}. */
    public Complex cmean() {
        if (re == null) {
            return new Complex(mean(), 0);
        }
        // NumPy's: the complex sum divided by n + 0j (Smith's division: a zero ratio, then the sum times 1/n)
        Complex s = csum();
        double scale = 1.0 / size();
        return new Complex((s.re() + s.im() * 0.0) * scale, (s.im() - s.re() * 0.0) * scale);
    }

    public NDArray add(Complex other) {
        return Complexes.binary(BinaryOp.ADD, this, other);
    }

    public NDArray sub(Complex other) {
        return Complexes.binary(BinaryOp.SUB, this, other);
    }

    public NDArray mul(Complex other) {
        return Complexes.binary(BinaryOp.MUL, this, other);
    }

    public NDArray div(Complex other) {
        return Complexes.binary(BinaryOp.DIV, this, other);
    }

    public NDArray eq(Complex other) {
        return Complexes.compare(true, this, other);
    }

    public NDArray ne(Complex other) {
        return Complexes.compare(false, this, other);
    }

    /** {@code x[...] = value}. */
    public NDArray set(Complex value) {
        return set("...", value);
    }

    /** {@code x[index] = value} for a complex x. */
    public NDArray set(String index, Complex value) {
        if (re == null) {
            throw new IllegalArgumentException("set(\"" + index + "\"): cannot assign a complex value to a " + dtype()
                    + " array; make it complex first (astype(DType.COMPLEX128))");
        }
        Complexes.assign(get(index), value);
        return this;
    }

    boolean isComplex() {
        return re != null;
    }

    /** The error of sum() and mean() of a complex array, whose result is not a double. */
    private void noDouble(String op, String instead) {
        if (re != null) {
            throw new IllegalArgumentException(op + ": the " + op + " of a " + complexType + " array is complex, not a Java double; "
                    + instead + "() returns it as a Complex");
        }
    }

    // ---- indexing ----

    /**
     * A view with NumPy's basic indexing: {@code "1:-1, ::2"}, {@code "3"} (drops the axis),
     * {@code "..., 0"}, {@code ":, None"}. Writes through it change this array.
     */
    public NDArray get(String index) {
        if (re != null) {
            return Complexes.each(this, p -> p.get(index));
        }
        return new NDArray(rt, index(index, "get(\"" + index + "\")"));
    }

    private View index(String text, String op) {
        List<Slices.Item> items = Slices.parse(text, op);
        int consumed = 0;
        for (Slices.Item it : items) {
            if (it instanceof Slices.Range || it instanceof Slices.Index) {
                consumed++;
            }
        }
        if (consumed > ndim()) {
            throw new IndexOutOfBoundsException(op + ": too many indices for array: array is " + ndim() + "-dimensional, but "
                    + consumed + " were indexed");
        }
        List<Integer> shape = new ArrayList<>();
        List<Long> strides = new ArrayList<>();
        long offset = view().offset();
        int axis = 0;
        boolean ellipsisSeen = false;
        for (Slices.Item it : items) {
            if (it instanceof Slices.Ellipsis) {
                ellipsisSeen = true;
                int skip = ndim() - consumed;
                for (int k = 0; k < skip; k++, axis++) {
                    shape.add(view().dim(axis));
                    strides.add(view().stride(axis));
                }
            } else if (it instanceof Slices.NewAxis) {
                shape.add(1);
                strides.add(0L);
            } else if (it instanceof Slices.Index ix) {
                int n = view().dim(axis);
                long i = ix.index() < 0 ? ix.index() + n : ix.index();
                if (i < 0 || i >= n) {
                    throw new IndexOutOfBoundsException(op + ": index " + ix.index() + " is out of bounds for axis " + axis + " with size " + n);
                }
                offset += i * view().stride(axis);
                axis++;
            } else {
                Slices.Range r = (Slices.Range) it;
                int n = view().dim(axis);
                long[] sl = resolve(r, n);
                shape.add((int) sl[2]);
                strides.add(view().stride(axis) * r.step());
                if (sl[2] > 0) {
                    offset += sl[0] * view().stride(axis);
                }
                axis++;
            }
        }
        if (!ellipsisSeen) {
            for (; axis < ndim(); axis++) {
                shape.add(view().dim(axis));
                strides.add(view().stride(axis));
            }
        }
        int[] sh = new int[shape.size()];
        long[] st = new long[sh.length];
        for (int k = 0; k < sh.length; k++) { // no streams: indexing is on every cell's hot path
            sh[k] = shape.get(k);
            st[k] = strides.get(k);
        }
        return new View(view().store(), sh, st, offset);
    }

    /** Python's slice.indices: {start, stop, length}. */
    private static long[] resolve(Slices.Range r, int n) {
        long step = r.step();
        long start;
        long stop;
        if (step > 0) {
            start = r.start() == null ? 0 : r.start() < 0 ? Math.max(0, r.start() + n) : Math.min(r.start(), n);
            stop = r.stop() == null ? n : r.stop() < 0 ? Math.max(0, r.stop() + n) : Math.min(r.stop(), n);
            long len = stop > start ? (stop - start + step - 1) / step : 0;
            return new long[] {start, stop, len};
        }
        start = r.start() == null ? n - 1 : r.start() < 0 ? Math.max(-1, r.start() + n) : Math.min(r.start(), n - 1);
        stop = r.stop() == null ? -1 : r.stop() < 0 ? Math.max(-1, r.stop() + n) : Math.min(r.stop(), n - 1);
        long len = start > stop ? (start - stop + (-step) - 1) / (-step) : 0;
        return new long[] {start, stop, len};
    }

    /** {@code x[index] = value}: value broadcast to the indexed shape; it is read completely before anything is written. */
    public NDArray set(String index, NDArray value) {
        if (re != null) {
            Complexes.assign(get(index), value);
            return this;
        }
        String op = "set(\"" + index + "\")";
        assign(op, index(index, op), value);
        return this;
    }

    /** {@code x[index] = value}. */
    public NDArray set(String index, double value) {
        if (re != null) {
            Complexes.assign(get(index), value);
            return this;
        }
        String op = "set(\"" + index + "\")";
        assign(op, index(index, op), value);
        return this;
    }

    /** {@code x[...] = value}: every element. */
    public NDArray set(NDArray value) {
        if (re != null) {
            Complexes.assign(this, value);
            return this;
        }
        assign("set", view(), value);
        return this;
    }

    public NDArray set(double value) {
        if (re != null) {
            Complexes.assign(this, value);
            return this;
        }
        assign("set", view(), value);
        return this;
    }

    // ---- advanced indexing: boolean masks and integer arrays ----

    /**
     * {@code x[index]} with an array: a bool mask of x's shape (or of its leading axes) selects
     * the elements (sub-arrays) where it is true, in row-major order, as a new 1-D array (with x's
     * remaining axes); an integer array picks rows along axis 0 (negative from the end), in the
     * index array's shape. Both copy, as in NumPy.
     */
    public NDArray get(NDArray index) {
        if (index == null) {
            throw new IllegalArgumentException("get: the index array is null");
        }
        if (re != null) {
            return Complexes.each(this, p -> p.get(index));
        }
        return index.dtype() == DType.BOOL ? Indexing.maskGet(this, index, "get(mask)") : Indexing.takeRows(this, index, "get(index array)");
    }

    /**
     * {@code x[i, j, ...]} with integer index arrays for x's first axes (NumPy's advanced
     * indexing): the arrays broadcast together, and the result has their shape followed by x's
     * remaining axes; negative indices count from the end. A copy, as in NumPy.
     */
    public NDArray get(NDArray i, NDArray j, NDArray... more) {
        NDArray[] all = indexArrays(i, j, more);
        return hasMask(all) ? Indexing.mixedGet(this, all, "get(index arrays)") : Indexing.takeMulti(this, all, "get(index arrays)");
    }

    /** A bool mask among index arrays stands for its nonzero() arrays (NumPy): the mixed path resolves it. */
    private static boolean hasMask(NDArray[] index) {
        for (NDArray a : index) {
            if (a != null && a.dtype() == DType.BOOL) {
                return true;
            }
        }
        return false;
    }

    private void setIndexed(NDArray[] index, NDArray value) {
        if (hasMask(index)) {
            Indexing.mixedSet(this, index, value, "set(index arrays)");
        } else {
            Indexing.setMulti(this, index, value, "set(index arrays)");
        }
    }

    /**
     * {@code x[1:3, idx]}, {@code x[idx, :, 0]}, {@code x[mask, "::2"]}: NumPy's indexing with basic
     * items (strings such as {@code ":"}, {@code "1:-1"}, {@code "..."}, {@code "None"}, and Integer
     * or Long) and index arrays (integer arrays, or bool masks) mixed, e.g. {@code x.get("1:3", idx)}.
     * The index arrays and the integers beside them broadcast together; their dimensions take the
     * indexed axes' place where those are next to each other, and come first where a slice
     * separates them (NumPy's rule). With index arrays the result is a copy; with basic items alone,
     * a view.
     */
    public NDArray get(Object... index) {
        return Indexing.mixedGet(this, index, "get(index)");
    }

    /** {@code x[index] = value} with an index as in {@link #get(Object...)}: {@code x.set(new Object[] {":", idx}, v)}. */
    public NDArray set(Object[] index, NDArray value) {
        Indexing.mixedSet(this, index, value, "set(index)");
        return this;
    }

    public NDArray set(Object[] index, double value) {
        Indexing.mixedSet(this, index, np.scalar(rt, value, dtype().isFloating() ? dtype() : DType.FLOAT64), "set(index)");
        return this;
    }

    /** {@code x[i, j] = value} with integer index arrays (see {@link #get(NDArray, NDArray, NDArray...)}); a repeated position keeps the last value. */
    public NDArray set(NDArray i, NDArray j, NDArray value) {
        setIndexed(new NDArray[] {i, j}, value);
        return this;
    }

    public NDArray set(NDArray i, NDArray j, double value) {
        setIndexed(new NDArray[] {i, j}, np.scalar(rt, value, dtype().isFloating() ? dtype() : DType.FLOAT64));
        return this;
    }

    /** {@code x[indices[0], indices[1], ...] = value} with any number of integer index arrays. */
    public NDArray set(NDArray[] indices, NDArray value) {
        setIndexed(indices.clone(), value);
        return this;
    }

    public NDArray set(NDArray[] indices, double value) {
        setIndexed(indices.clone(), np.scalar(rt, value, dtype().isFloating() ? dtype() : DType.FLOAT64));
        return this;
    }

    private static NDArray[] indexArrays(NDArray i, NDArray j, NDArray[] more) {
        NDArray[] all = new NDArray[2 + (more == null ? 0 : more.length)];
        all[0] = i;
        all[1] = j;
        if (more != null) {
            System.arraycopy(more, 0, all, 2, more.length);
        }
        return all;
    }

    /** {@code x[index] = value} with a bool mask or an integer index array (see {@link #get(NDArray)}). */
    public NDArray set(NDArray index, double value) {
        if (index.dtype() == DType.BOOL) {
            Indexing.maskSet(this, index, value, "set(mask)");
        } else {
            Indexing.setRows(this, index, np.scalar(rt, value, dtype().isFloating() ? dtype() : DType.FLOAT64), "set(index array)");
        }
        return this;
    }

    /**
     * {@code x[index] = value}: with a mask, value's items go, in order, where the mask is true
     * (or value broadcasts to them); with an index array, value broadcasts to the rows picked and a
     * repeated index keeps the last value.
     */
    public NDArray set(NDArray index, NDArray value) {
        if (index.dtype() == DType.BOOL) {
            Indexing.maskSet(this, index, value, "set(mask)");
        } else {
            Indexing.setRows(this, index, value, "set(index array)");
        }
        return this;
    }

    /** NumPy's {@code take} of the flattened array: the elements at these flat indices, in the indices' shape. */
    public NDArray take(NDArray indices) {
        if (re != null) {
            return Complexes.each(this, p -> p.take(indices));
        }
        return Indexing.take(this, indices, null);
    }

    /** NumPy's {@code take} along {@code axis}. */
    public NDArray take(NDArray indices, int axis) {
        if (re != null) {
            return Complexes.each(this, p -> p.take(indices, axis));
        }
        return Indexing.take(this, indices, axis);
    }

    /** NumPy's {@code put}: {@code x.flat[indices] = values}, values repeated when shorter. */
    public NDArray put(NDArray indices, NDArray values) {
        Indexing.put(this, indices, values);
        return this;
    }

    public NDArray put(NDArray indices, double value) {
        Indexing.put(this, indices, np.scalar(rt, value, dtype().isFloating() ? dtype() : DType.FLOAT64));
        return this;
    }

    /** NumPy's {@code nonzero}: the indices of the non-zero elements, one int64 array per axis. */
    public NDArray[] nonzero() {
        return Indexing.nonzero(this, "nonzero");
    }

    // ---- scans and ordering ----

    /** The running sum of the flattened array (integers and booleans as int64), in NumPy's order: NumPy's bits. */
    public NDArray cumsum() {
        return Scans.scan(this, null, false);
    }

    public NDArray cumsum(int axis) {
        return Scans.scan(this, axis, false);
    }

    /** The running product of the flattened array. */
    public NDArray cumprod() {
        return Scans.scan(this, null, true);
    }

    public NDArray cumprod(int axis) {
        return Scans.scan(this, axis, true);
    }

    /** Sorts in place along the last axis, as NumPy's {@code x.sort()} (NaN last). */
    public void sort() {
        set(Sorting.sort(this, -1, false));
    }

    /** Sorts in place along {@code axis}. */
    public void sort(int axis) {
        set(Sorting.sort(this, axis, false));
    }

    /** Sorts in place along {@code axis}; {@code kind} is any of NumPy's (see {@link np#sort(NDArray, int, String)}). */
    public void sort(int axis, String kind) {
        Sorting.checkKind(kind);
        set(Sorting.sort(this, axis, false));
    }

    /** {@code argsort(axis, kind)}: any of NumPy's kinds; stable. */
    public NDArray argsort(int axis, String kind) {
        Sorting.checkKind(kind);
        return Sorting.sort(this, axis, true);
    }

    /** The indices that sort along the last axis; stable (NumPy's {@code kind="stable"}). */
    public NDArray argsort() {
        return Sorting.sort(this, -1, true);
    }

    public NDArray argsort(int axis) {
        return Sorting.sort(this, axis, true);
    }

    /** For each of {@code v}, where it goes in this sorted 1-D array (before equal values), as NumPy's {@code searchsorted}. */
    public NDArray searchsorted(NDArray v) {
        return Sorting.searchsorted(this, v, false);
    }

    /** As {@link #searchsorted(NDArray)}; {@code side} is "left" or "right" (after equal values). */
    public NDArray searchsorted(NDArray v, String side) {
        return Sorting.searchsorted(this, v, np.side(side));
    }

    /** One element, the same on every rank (its owner sends it to the others). */
    public double item(int... idx) {
        if (re != null) {
            throw new IllegalArgumentException("item: an element of a " + complexType + " array is not a Java double; citem(...) returns it as a Complex");
        }
        String op = "item(" + (idx.length == 0 ? "" : Arrays.toString(idx).replaceAll("[\\[\\]]", "")) + ")";
        int[] at = idx;
        if (idx.length == 0) {
            if (size() != 1) {
                throw new IllegalArgumentException(op + ": can only convert an array of size 1 to a Java double; this one has shape "
                        + shapeText(shape()) + " (give the element's indices)");
            }
            at = new int[ndim()];
        } else if (idx.length == 1 && ndim() != 1) {
            long f = idx[0] < 0 ? idx[0] + size() : idx[0];
            if (f < 0 || f >= size()) {
                throw new IndexOutOfBoundsException(op + ": index " + idx[0] + " is out of bounds for size " + size());
            }
            at = unravel(f, shape());
        } else if (idx.length != ndim()) {
            throw new IllegalArgumentException(op + ": incorrect number of indices for an array of " + ndim() + " dimensions");
        }
        int[] norm = new int[at.length];
        for (int d = 0; d < at.length; d++) {
            int n = view().dim(d);
            int i = at[d] < 0 ? at[d] + n : at[d];
            if (i < 0 || i >= n) {
                throw new IndexOutOfBoundsException(op + ": index " + at[d] + " is out of bounds for axis " + d + " with size " + n);
            }
            norm[d] = i;
        }
        return Elementwise.element(rt, view(), norm);
    }

    static int[] unravel(long f, int[] shape) {
        int[] idx = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = (int) (f % shape[d]);
            f /= shape[d];
        }
        return idx;
    }

    // ---- element-wise ----

    private NDArray binary(BinaryOp op, Object other) {
        if (Complexes.involved(this, other)) {
            return Complexes.binary(op, this, other);
        }
        String name = op.numpyName;
        DType a = dtype();
        DType type;
        boolean longs;
        if (other instanceof NDArray b) {
            type = DType.promote(a, b.dtype());
            if (a == DType.BOOL && b.dtype() == DType.BOOL) {
                if (op == BinaryOp.SUB) {
                    throw new IllegalArgumentException(name + ": numpy boolean subtract, the `-` operator, is not supported; "
                            + "use logicalAnd/logicalOr/logicalNot, or astype(DType.INT64) first");
                }
                if (op == BinaryOp.POW || op == BinaryOp.MOD) {
                    type = DType.INT8; // NumPy's loops for booleans: power and remainder in int8
                }
            }
        } else if (other instanceof Double) {
            type = a.isFloating() ? a : DType.FLOAT64;
        } else {
            type = a == DType.BOOL ? DType.INT64 : a;
            if (op != BinaryOp.AND && op != BinaryOp.OR) {
                type.checkFits((Long) other, name); // a long is weak, as a Python int: it takes the array's type if it fits
            }
        }
        if (op == BinaryOp.DIV && !type.isFloating()) {
            type = DType.FLOAT64;
        }
        if (op == BinaryOp.AND || op == BinaryOp.OR) {
            type = DType.BOOL;
        }
        longs = !type.isFloating() && (op == BinaryOp.AND || op == BinaryOp.OR || !(other instanceof Double));
        int[] shape = Broadcasting.shapeOf(name, this, other);
        if (Lazy.deferrable(type, this, other)) {
            return new NDArray(rt, Lazy.binary(op, type, shape, Lazy.of(this), Lazy.operand(other)));
        }
        return map(rt, name, type, shape, new ElementwiseKernel.Binary(op, longs), longs, this, other);
    }

    static NDArray binary(BinaryOp op, double a, NDArray b) {
        if (b.isComplex()) {
            return Complexes.binary(op, a, b);
        }
        // a scalar on the left: the same rules, the operand order kept
        DType type = b.dtype().isFloating() ? b.dtype() : DType.FLOAT64;
        if (Lazy.deferrable(type, b)) {
            return new NDArray(b.rt, Lazy.binary(op, type, b.shape(), Lazy.operand(a), Lazy.of(b)));
        }
        return map(b.rt, op.numpyName, type, b.shape(), new ElementwiseKernel.Binary(op, false), false, a, b);
    }

    public NDArray add(NDArray other) {
        return binary(BinaryOp.ADD, other);
    }

    public NDArray add(double other) {
        return binary(BinaryOp.ADD, other);
    }

    public NDArray add(long other) {
        return binary(BinaryOp.ADD, other);
    }

    public NDArray sub(NDArray other) {
        return binary(BinaryOp.SUB, other);
    }

    public NDArray sub(double other) {
        return binary(BinaryOp.SUB, other);
    }

    public NDArray sub(long other) {
        return binary(BinaryOp.SUB, other);
    }

    public NDArray mul(NDArray other) {
        return binary(BinaryOp.MUL, other);
    }

    public NDArray mul(double other) {
        return binary(BinaryOp.MUL, other);
    }

    public NDArray mul(long other) {
        return binary(BinaryOp.MUL, other);
    }

    /** True division: integers give float64, as {@code /} in NumPy. */
    public NDArray div(NDArray other) {
        return binary(BinaryOp.DIV, other);
    }

    public NDArray div(double other) {
        return binary(BinaryOp.DIV, other);
    }

    public NDArray pow(NDArray other) {
        return binary(BinaryOp.POW, other);
    }

    public NDArray pow(double other) {
        return binary(BinaryOp.POW, other);
    }

    public NDArray pow(long other) {
        return binary(BinaryOp.POW, other);
    }

    public NDArray maximum(NDArray other) {
        return binary(BinaryOp.MAXIMUM, other);
    }

    public NDArray maximum(double other) {
        return binary(BinaryOp.MAXIMUM, other);
    }

    /** With a Java {@code long}: weak, as a Python int (an integer array keeps its type, exactly). */
    public NDArray maximum(long other) {
        return binary(BinaryOp.MAXIMUM, other);
    }

    public NDArray minimum(NDArray other) {
        return binary(BinaryOp.MINIMUM, other);
    }

    public NDArray minimum(double other) {
        return binary(BinaryOp.MINIMUM, other);
    }

    /** With a Java {@code long}: weak, as a Python int (an integer array keeps its type, exactly). */
    public NDArray minimum(long other) {
        return binary(BinaryOp.MINIMUM, other);
    }

    /** NumPy's {@code remainder} ({@code %}): the sign of the divisor, as Python's; integers stay integers. */
    public NDArray mod(NDArray other) {
        return binary(BinaryOp.MOD, other);
    }

    public NDArray mod(double other) {
        return binary(BinaryOp.MOD, other);
    }

    public NDArray mod(long other) {
        return binary(BinaryOp.MOD, other);
    }

    private NDArray unary(UnaryOp op) {
        DType a = dtype();
        if (re != null) {
            return switch (op) {
                case NEG -> Complexes.neg(this);
                case ABS -> Complexes.abs(this);
                case EXP -> Complexes.exp(this);
                case LOG -> Complexes.log(this);
                case SQRT -> Complexes.sqrt(this);
                default -> throw Complexes.unsupported(a);
            };
        }
        if (op == UnaryOp.NEG && a == DType.BOOL) {
            throw new IllegalArgumentException("negative: the numpy boolean negative, the `-` operator, is not supported; "
                    + "use logicalNot instead");
        }
        DType type = switch (op) {
            case NEG, SIGN -> a == DType.BOOL ? DType.INT64 : a;
            case ABS, COPY -> a; // NumPy's absolute of booleans is booleans
            case NOT -> DType.BOOL;
            default -> a.functionType();
        };
        boolean longs = !type.isFloating() && !a.isFloating();
        if (op != UnaryOp.COPY && Lazy.deferrable(type, this)) {
            return new NDArray(rt, Lazy.unary(op, type, shape(), Lazy.of(this)));
        }
        return map(rt, op.numpyName, type, shape(), new ElementwiseKernel.Unary(op, longs), longs, this);
    }

    public NDArray neg() {
        return unary(UnaryOp.NEG);
    }

    public NDArray abs() {
        return unary(UnaryOp.ABS);
    }

    public NDArray sqrt() {
        return unary(UnaryOp.SQRT);
    }

    public NDArray exp() {
        return unary(UnaryOp.EXP);
    }

    public NDArray log() {
        return unary(UnaryOp.LOG);
    }

    public NDArray sin() {
        return unary(UnaryOp.SIN);
    }

    public NDArray cos() {
        return unary(UnaryOp.COS);
    }

    public NDArray tanh() {
        return unary(UnaryOp.TANH);
    }

    /** The largest integer not above each element (float); NumPy's {@code floor}. */
    public NDArray floor() {
        return unary(UnaryOp.FLOOR);
    }

    /** The smallest integer not below each element (float); NumPy's {@code ceil}. */
    public NDArray ceil() {
        return unary(UnaryOp.CEIL);
    }

    /** Each element rounded to the nearest integer, halves to even (float); NumPy's {@code rint}. */
    public NDArray rint() {
        return unary(UnaryOp.RINT);
    }

    /** Each element rounded toward zero (float); NumPy's {@code trunc}. */
    public NDArray trunc() {
        return unary(UnaryOp.TRUNC);
    }

    /** Log(1 + x), accurate for small x; NumPy's {@code log1p}. */
    public NDArray log1p() {
        return unary(UnaryOp.LOG1P);
    }

    /** Exp(x) - 1, accurate for small x; NumPy's {@code expm1}. */
    public NDArray expm1() {
        return unary(UnaryOp.EXPM1);
    }

    /** The base-10 logarithm; NumPy's {@code log10}. */
    public NDArray log10() {
        return unary(UnaryOp.LOG10);
    }

    /** The base-2 logarithm (exact for powers of two); NumPy's {@code log2}. */
    public NDArray log2() {
        return unary(UnaryOp.LOG2);
    }

    /** The tangent; NumPy's {@code tan}. */
    public NDArray tan() {
        return unary(UnaryOp.TAN);
    }

    /** The inverse sine; NumPy's {@code arcsin}. */
    public NDArray arcsin() {
        return unary(UnaryOp.ARCSIN);
    }

    /** The inverse cosine; NumPy's {@code arccos}. */
    public NDArray arccos() {
        return unary(UnaryOp.ARCCOS);
    }

    /** The inverse tangent; NumPy's {@code arctan}. */
    public NDArray arctan() {
        return unary(UnaryOp.ARCTAN);
    }

    /** The hyperbolic sine; NumPy's {@code sinh}. */
    public NDArray sinh() {
        return unary(UnaryOp.SINH);
    }

    /** The hyperbolic cosine; NumPy's {@code cosh}. */
    public NDArray cosh() {
        return unary(UnaryOp.COSH);
    }

    /** The error function (integers become float64 first); within a few ulps of C's erf. */
    public NDArray erf() {
        return unary(UnaryOp.ERF);
    }

    /** -1, 0 or 1 by each element's sign (NaN stays NaN; an integer array stays integer); NumPy's {@code sign}. */
    public NDArray sign() {
        if (dtype() == DType.BOOL) {
            throw new IllegalArgumentException("sign: numpy has no sign of booleans; use astype(DType.INT64) first");
        }
        return unary(UnaryOp.SIGN);
    }

    /** The angle of (other, this) as a point (x = other, y = this), in radians; NumPy's {@code arctan2(this, other)}. */
    public NDArray arctan2(NDArray other) {
        return floating(BinaryOp.ARCTAN2, other);
    }

    public NDArray arctan2(double other) {
        return floating(BinaryOp.ARCTAN2, other);
    }

    /** sqrt(this² + other²) without overflow or underflow on the way; NumPy's {@code hypot}. */
    public NDArray hypot(NDArray other) {
        return floating(BinaryOp.HYPOT, other);
    }

    public NDArray hypot(double other) {
        return floating(BinaryOp.HYPOT, other);
    }

    /** A binary operation whose result is a float whatever the operands (integers are converted first, as NumPy's loops do). */
    private NDArray floating(BinaryOp op, Object other) {
        // integers become the float type of NumPy's loop: the smallest both operands' types fit (int8 and uint8: float16)
        DType t = dtype().functionType();
        if (other instanceof NDArray b && !isComplex() && !b.isComplex()) {
            t = DType.promote(t, b.dtype().functionType());
        }
        t = t.isFloating() ? t : DType.FLOAT64;
        NDArray x = dtype().isFloating() ? this : astype(t);
        Object y = other instanceof NDArray b && !b.dtype().isFloating() ? b.astype(t) : other;
        return x.binary(op, y);
    }

    /** Each element limited to {@code [lo, hi]} (NaN stays NaN; a NaN bound limits nothing, as NumPy 1.24's); NumPy's {@code clip}. */
    public NDArray clip(double lo, double hi) {
        NDArray r = Double.isNaN(lo) ? this : maximum(lo);
        r = Double.isNaN(hi) ? r : r.minimum(hi);
        // both bounds NaN: a copy, of floats as with a double bound
        return r != this ? r : astype(dtype().isFloating() || isComplex() ? dtype() : DType.FLOAT64);
    }

    /** Each element limited to {@code [lo, hi]}, element by element (broadcast); NumPy's {@code clip}. */
    public NDArray clip(NDArray lo, NDArray hi) {
        return maximum(lo).minimum(hi);
    }

    /** Whether each element is NaN (never, for integers); NumPy's {@code isnan}. */
    public NDArray isnan() {
        return ne(this);
    }

    /** Whether each element is infinite; NumPy's {@code isinf}. */
    public NDArray isinf() {
        if (re != null) {
            return np.logicalOr(re.isinf(), im.isinf());
        }
        return dtype().isFloating() ? abs().eq(Double.POSITIVE_INFINITY) : ne(this);
    }

    /** Whether each element is neither infinite nor NaN; NumPy's {@code isfinite}. */
    public NDArray isfinite() {
        if (re != null) {
            return np.logicalAnd(re.isfinite(), im.isfinite());
        }
        return dtype().isFloating() ? abs().lt(Double.POSITIVE_INFINITY) : eq(this);
    }

    NDArray logicalNot() {
        return unary(UnaryOp.NOT);
    }

    private NDArray compare(CompareOp op, Object other) {
        if (Complexes.involved(this, other)) {
            if (op != CompareOp.EQ && op != CompareOp.NE) {
                throw Complexes.unsupported(Complexes.resultType(this, other));
            }
            return Complexes.compare(op == CompareOp.EQ, this, other);
        }
        boolean longs = !dtype().isFloating() && (other instanceof NDArray b ? !b.dtype().isFloating() : other instanceof Long);
        // uint64 against a signed integer, or an unsigned array against a negative long: compared as doubles (the
        // integer kernel reads uint64 bits as unsigned only against other unsigned values)
        if (other instanceof NDArray b && mixesUint64WithSigned(dtype(), b.dtype())
                || other instanceof Long v && v < 0 && dtype().isUnsigned()) {
            longs = false;
        }
        int[] shape = Broadcasting.shapeOf(op.numpyName, this, other);
        if (Lazy.deferrable(DType.BOOL, this, other)) {
            return new NDArray(rt, Lazy.compare(op, shape, Lazy.of(this), Lazy.operand(other)));
        }
        return map(rt, op.numpyName, DType.BOOL, shape, new ElementwiseKernel.Compare(op, longs), longs, this, other);
    }

    private static boolean mixesUint64WithSigned(DType a, DType b) {
        return a == DType.UINT64 && b.elementType().kind() == legate.runtime.types.ElementType.Kind.SIGNED
                || b == DType.UINT64 && a.elementType().kind() == legate.runtime.types.ElementType.Kind.SIGNED;
    }

    public NDArray gt(NDArray other) {
        return compare(CompareOp.GT, other);
    }

    public NDArray gt(double other) {
        return compare(CompareOp.GT, other);
    }

    public NDArray ge(NDArray other) {
        return compare(CompareOp.GE, other);
    }

    public NDArray ge(double other) {
        return compare(CompareOp.GE, other);
    }

    public NDArray lt(NDArray other) {
        return compare(CompareOp.LT, other);
    }

    public NDArray lt(double other) {
        return compare(CompareOp.LT, other);
    }

    public NDArray le(NDArray other) {
        return compare(CompareOp.LE, other);
    }

    public NDArray le(double other) {
        return compare(CompareOp.LE, other);
    }

    public NDArray eq(NDArray other) {
        return compare(CompareOp.EQ, other);
    }

    public NDArray eq(double other) {
        return compare(CompareOp.EQ, other);
    }

    public NDArray ne(NDArray other) {
        return compare(CompareOp.NE, other);
    }

    public NDArray ne(double other) {
        return compare(CompareOp.NE, other);
    }

    NDArray logical(BinaryOp op, NDArray other) {
        return binary(op, other);
    }

    /** A copy converted to {@code type} (NumPy's casts: floats to integers truncate toward zero). */
    public NDArray astype(DType type) {
        if (type == null) {
            throw new IllegalArgumentException("astype: the type is null; expected one of " + Arrays.toString(DType.values()));
        }
        if (re != null && !type.isComplex() && !Complexes.calledFromOutside("astype")) {
            throw Complexes.unsupported(complexType); // a function converting "integers to float64" would drop the imaginary part
        }
        if (re != null || type.isComplex()) {
            return Complexes.astype(this, type);
        }
        return new NDArray(rt, Elementwise.copy(rt, view(), type.elementType(), "astype"));
    }

    /** As {@link #astype(DType)}, the type by NumPy's name: {@code x.astype("uint8")}. */
    public NDArray astype(String type) {
        return astype(DType.of(type));
    }

    /** A copy with its own data. */
    public NDArray copy() {
        return astype(dtype());
    }

    NDArray broadcastTo(int[] target) {
        if (re != null) {
            return Complexes.each(this, p -> p.broadcastTo(target));
        }
        View b = view().broadcastTo(target);
        if (b == null) {
            throw new IllegalArgumentException("broadcast_to: cannot broadcast shape " + shapeText(shape()) + " to " + shapeText(target));
        }
        return new NDArray(rt, b);
    }

    /** A copy held whole by every rank (for results that leave the runtime); this array when it already is. */
    NDArray replicatedCopy() {
        if (re != null) {
            return Complexes.each(this, NDArray::replicatedCopy);
        }
        View v = Elementwise.replicated(rt, view());
        return v == view() ? this : new NDArray(rt, v);
    }

    /**
     * A new array of {@code shape} and {@code type}: each element {@code kernel} of the operands'
     * elements (arrays broadcast to {@code shape}, scalars as constants).
     */
    static NDArray map(ArrayRuntime rt, String op, DType type, int[] shape, ElementwiseKernel kernel, boolean longs, Object... operands) {
        return new NDArray(rt, Elementwise.map(rt, op, type.elementType(), shape, kernel, longs, Broadcasting.operands(shape, operands)));
    }

    /** {@code dst = value}: an array (broadcast to dst's shape, as NumPy's assignment does) or a scalar. */
    private void assign(String op, View dst, Object value) {
        String readOnly = dst.store().readOnly();
        if (readOnly != null) {
            throw new IllegalArgumentException(op + ": assignment destination is read-only: " + readOnly);
        }
        Object v = value;
        if (value instanceof NDArray given) {
            int[] shape = dst.shape();
            NDArray a = Broadcasting.withoutLeadingOnes(given, shape.length); // NumPy takes (1, 4) into (4,)
            if (!Broadcasting.assignable(a.shape(), shape)) {
                throw new IllegalArgumentException(op + ": could not broadcast input array from shape " + shapeText(given.shape())
                        + " into shape " + shapeText(shape));
            }
            Expression d = a.deferred();
            Expression e = d == null ? null : d.resolved();
            // an expression not fused into dst is computed by a.view(), which a keeps for its later uses
            v = e != null && Elementwise.writtenByRowOwners(rt, dst) ? e : a.view().broadcastTo(shape);
        }
        Elementwise.assign(rt, dst, v);
    }

    // ---- reductions ----

    /** The sum of every element, the same bits on every rank and for any number of ranks and threads. */
    public double sum() {
        noDouble("sum", "csum");
        return AxisReductions.whole(this, Reduction.SUM);
    }

    public double prod() {
        return AxisReductions.whole(this, Reduction.PROD);
    }

    /** The mean; of integers, in float64 as NumPy (which sums them as doubles). */
    public double mean() {
        noDouble("mean", "cmean");
        return Reductions.reduce(rt, view(), Reduction.SUM, 0).value() / size();
    }

    public double max() {
        return AxisReductions.whole(this, Reduction.MAX);
    }

    public double min() {
        return AxisReductions.whole(this, Reduction.MIN);
    }

    /** The population variance (NumPy's default, ddof 0), in two passes. */
    public double var() {
        if (re != null) { // NumPy's: the mean of |z - mean(z)|^2, a real number
            return re.var() + im.var();
        }
        double m = mean();
        return Reductions.reduce(rt, view(), Reduction.SQDEV, m).value() / size();
    }

    public double std() {
        return Math.sqrt(var());
    }

    /** The flat index of the first largest element. */
    public long argmax() {
        return argExtreme(Reduction.ARGMAX);
    }

    public long argmin() {
        return argExtreme(Reduction.ARGMIN);
    }

    /**
     * The reduction compares doubles. For 64-bit integers that is exact when the extreme it finds
     * is below 2^53 in magnitude: an integer whose double equals such a value is that value, and
     * any larger (smaller) element would have made the extreme's double larger (smaller). Beyond
     * that, a stable sort finds it ({@link Sorting#exactArg}).
     */
    private long argExtreme(Reduction op) {
        Reductions.Result r = Reductions.reduce(rt, view(), op, 0);
        DType t = dtype();
        if (size() > 0 && (t == DType.INT64 || t == DType.UINT64) && !(Math.abs(r.value()) < 0x1p53)) {
            return Sorting.exactArg(this, op == Reduction.ARGMAX);
        }
        return r.index();
    }

    public NDArray sum(int axis) {
        if (re != null) {
            return Complexes.each(this, p -> p.sum(axis));
        }
        return AxisReductions.reduce(this, axis, Reduction.SUM, "sum");
    }

    public NDArray prod(int axis) {
        return AxisReductions.reduce(this, axis, Reduction.PROD, "prod");
    }

    public NDArray max(int axis) {
        return AxisReductions.reduce(this, axis, Reduction.MAX, "max");
    }

    public NDArray min(int axis) {
        return AxisReductions.reduce(this, axis, Reduction.MIN, "min");
    }

    public NDArray argmax(int axis) {
        return AxisReductions.reduce(this, axis, Reduction.ARGMAX, "argmax");
    }

    public NDArray argmin(int axis) {
        return AxisReductions.reduce(this, axis, Reduction.ARGMIN, "argmin");
    }

    public NDArray mean(int axis) {
        int a = normalizeAxis("mean", axis, ndim());
        return sum(a).div((double) shape()[a]); // of a complex sum: NumPy's complex division by n + 0j
    }

    public NDArray var(int axis) {
        int a = normalizeAxis("var", axis, ndim());
        NDArray m = mean(a);
        NDArray centred = sub(m.expandDims(a));
        return centred.mul(centred).sum(a).div((double) view().dim(a));
    }

    public NDArray std(int axis) {
        return var(axis).sqrt();
    }

    NDArray expandDims(int axis) {
        if (re != null) {
            return Complexes.each(this, p -> p.expandDims(axis));
        }
        int[] sh = shape();
        long[] st = view().strides();
        int[] nsh = new int[sh.length + 1];
        long[] nst = new long[sh.length + 1];
        for (int d = 0, s = 0; d < nsh.length; d++) {
            if (d == axis) {
                nsh[d] = 1;
                nst[d] = 0;
            } else {
                nsh[d] = sh[s];
                nst[d] = st[s];
                s++;
            }
        }
        return new NDArray(rt, new View(view().store(), nsh, nst, view().offset()));
    }

    static int normalizeAxis(String op, int axis, int ndim) {
        int a = axis < 0 ? axis + ndim : axis;
        if (a < 0 || a >= Math.max(ndim, 1) || ndim == 0) {
            throw new IllegalArgumentException(op + ": axis " + axis + " is out of bounds for array of dimension " + ndim);
        }
        return a;
    }

    // ---- shape ----

    /** The same elements in another shape (one dimension may be -1); a view when the data is contiguous. */
    public NDArray reshape(int... newShape) {
        if (re != null) {
            return Complexes.each(this, p -> p.reshape(newShape));
        }
        int[] sh = newShape.clone();
        long known = 1;
        int unknown = -1;
        for (int d = 0; d < sh.length; d++) {
            if (sh[d] == -1) {
                if (unknown >= 0) {
                    throw new IllegalArgumentException("reshape: can only specify one unknown dimension");
                }
                unknown = d;
            } else if (sh[d] < 0) {
                throw new IllegalArgumentException("reshape: negative dimension " + sh[d] + " in " + shapeText(newShape));
            } else {
                known *= sh[d];
            }
        }
        if (unknown >= 0) {
            if (known == 0 || size() % known != 0) {
                throw new IllegalArgumentException("reshape: cannot reshape array of size " + size() + " into shape " + shapeText(newShape));
            }
            sh[unknown] = (int) (size() / known);
            known *= sh[unknown];
        }
        if (known != size()) {
            throw new IllegalArgumentException("reshape: cannot reshape array of size " + size() + " into shape " + shapeText(newShape));
        }
        NDArray src = view().isContiguous() ? this : copy();
        View v = src.view();
        return new NDArray(rt, new View(v.store(), sh, View.contiguousStrides(sh), v.offset()));
    }

    /** The elements as one dimension, row-major. */
    public NDArray ravel() {
        return reshape(-1);
    }

    // ---- linear algebra ----

    /** The matrix product, as NumPy's {@code @}. */
    public NDArray matmul(NDArray other) {
        if (re != null || other != null && other.isComplex()) {
            return Complexes.matmul(this, other);
        }
        return LinearAlgebra.matmul(this, other, "matmul");
    }

    // ---- out of the runtime ----

    /** Every element, row-major, in a new Java array (the same on every rank). */
    public double[] toDoubleArray() {
        return Elementwise.toDoubleArray(rt, view());
    }

    /**
     * Every element as a long, row-major, in a new Java array (the same on every rank): an
     * integer array's exact values, also beyond 2^53, where {@link #toDoubleArray} rounds; floats
     * truncate toward zero, as {@code astype(int64)}.
     */
    public long[] toLongArray() {
        return Elementwise.toLongArray(rt, view());
    }

    private volatile String html;

    /**
     * NumPy's {@code repr}: {@code array([[1., 2.], [3., 4.]])}, summarised beyond 1000
     * elements. Every rank must call it (a split array gathers what it shows); a notebook
     * does, for a cell's value and for {@code display}.
     */
    @Override
    public String toString() {
        String text = Format.repr(this);
        html = Format.html(this);
        return text;
    }

    /**
     * An HTML table of a small (up to 400 elements) 1-D or 2-D array, for notebooks; null for
     * other arrays. It never needs the other ranks: it is the table made by the last
     * {@link #toString()}, or made here when this rank holds every element.
     */
    public String toHtml() {
        String h = html;
        boolean whole = re != null ? rt.holdsWhole(re.view()) && rt.holdsWhole(im.view()) : rt.holdsWhole(view());
        if (h == null && whole) {
            h = Format.html(this);
        }
        return h;
    }

    static String shapeText(int[] shape) {
        if (shape.length == 1) {
            return "(" + shape[0] + ",)";
        }
        StringBuilder b = new StringBuilder("(");
        for (int d = 0; d < shape.length; d++) {
            b.append(d == 0 ? "" : ", ").append(shape[d]);
        }
        return b.append(')').toString();
    }
}
