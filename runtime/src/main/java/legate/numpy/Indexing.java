package legate.numpy;

import java.nio.ByteBuffer;
import java.util.Arrays;
import legate.runtime.store.Buffer;
import legate.runtime.store.Store;
import legate.runtime.store.View;
import legate.runtime.task.ArrayRuntime;
import legate.runtime.types.ElementType;

/**
 * NumPy's advanced indexing: boolean masks ({@code x[mask]}, {@code x[mask] = v}), integer
 * arrays ({@code x[idx]}, {@code take}, {@code put}, {@code x[idx] = v}) and {@code nonzero}.
 * Split arrays stay split: each rank selects from the rows it holds, and elements move only to
 * the rank that holds them in the result (an index array asks each element's owner for it).
 * Every check that could fail on one rank only (an index out of range) is agreed by all ranks
 * first, so every rank raises the same error at the same point.
 */
final class Indexing {
    private Indexing() {
    }

    static int prod(int[] s, int from, int to) {
        long p = 1;
        for (int d = from; d < to; d++) {
            p *= s[d];
        }
        return (int) p;
    }

    static int[] concat(int[] a, int[] b) {
        int[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private static boolean isNonzero(Buffer b, int i) {
        return b.type().isFloating() ? b.getDouble(i) != 0 : b.getLong(i) != 0; // NaN is true, as in NumPy
    }

    // ---- boolean masks ----

    /** The number of leading axes of x the mask covers, after checking that it is a boolean mask of x's leading shape. */
    private static int checkMask(NDArray x, NDArray mask, String op) {
        return checkMask(x.shape(), 0, mask, op, "a 0-d mask is not supported; use a mask of the array's shape");
    }

    /**
     * The number of axes of an array of shape {@code xs} the mask covers from {@code axis} on, after
     * checking that it is a boolean mask of those axes; {@code zeroD} says why a 0-d mask is refused.
     */
    private static int checkMask(int[] xs, int axis, NDArray mask, String op, String zeroD) {
        if (mask.dtype() != DType.BOOL) {
            throw new IllegalArgumentException(op + ": a mask must be a bool array, not " + mask.dtype());
        }
        int k = mask.ndim();
        int[] ms = mask.shape();
        if (k == 0) {
            throw new IllegalArgumentException(op + ": " + zeroD);
        }
        if (axis + k > xs.length) {
            throw new IllegalArgumentException(op + ": too many indices for array: array is " + xs.length + "-dimensional, but the mask is "
                    + k + "-dimensional");
        }
        for (int d = 0; d < k; d++) {
            if (ms[d] != xs[axis + d]) {
                throw new IllegalArgumentException(op + ": boolean index did not match indexed array along dimension " + (axis + d)
                        + "; dimension is " + xs[axis + d] + " but corresponding boolean dimension is " + ms[d] + " (array "
                        + NDArray.shapeText(xs) + ", mask " + NDArray.shapeText(ms) + ")");
            }
        }
        return k;
    }

    /** {@code x[mask]}: the elements (or sub-arrays) where the mask is true, in row-major order, as a new array. */
    static NDArray maskGet(NDArray x, NDArray mask, String op) {
        int k = checkMask(x, mask, op);
        int[] xs = x.shape();
        int w = prod(xs, k, xs.length);
        int[] rest = Arrays.copyOfRange(xs, k, xs.length);
        if (x.size() == 0) {
            return np.zeros(x.dtype(), concat(new int[] {(int) countNonzero(mask)}, rest));
        }
        Runs xr = Runs.of(x, w);
        Buffer m = Runs.of(mask, 1).gather(xr.ranges());
        int n = xr.n();
        int c = 0;
        for (int i = 0; i < n; i++) {
            c += m.getLong(i) != 0 ? 1 : 0;
        }
        Buffer out = Buffer.allocate(xr.data.type(), c * w);
        for (int i = 0, j = 0; i < n; i++) {
            if (m.getLong(i) != 0) {
                out.copyFrom(xr.data, i * w, j++ * w, w);
            }
        }
        Runs selected = Runs.local(x.runtime(), out, w, xr.whole);
        return selected.toArray(concat(new int[] {(int) selected.count()}, rest), op);
    }

    /** {@code x[mask] = v}. */
    static void maskSet(NDArray x, NDArray mask, double v, String op) {
        int k = checkMask(x, mask, op);
        int[] ms = Arrays.copyOf(mask.shape(), x.ndim());
        Arrays.fill(ms, k, ms.length, 1); // the mask broadcasts over the axes it does not cover
        if (x.dtype().isFloating()) {
            x.set(np.where(mask.reshape(ms), v, x));
        } else { // v cast to x's type first, so the integers left alone never pass through float64
            x.set(np.where(mask.reshape(ms), np.scalar(x.runtime(), v, x.dtype()), x));
        }
    }

    /** {@code x[mask] = v}: v's items, in order, go where the mask is true (or v broadcasts to them). */
    static void maskSet(NDArray x, NDArray mask, NDArray v, String op) {
        int k = checkMask(x, mask, op);
        int[] xs = x.shape();
        int w = prod(xs, k, xs.length);
        int[] rest = Arrays.copyOfRange(xs, k, xs.length);
        long count = countNonzero(mask);
        int[] target = concat(new int[] {(int) count}, rest);
        if (v.size() == 1 && v.ndim() <= target.length) {
            maskSet(x, mask, v.toDoubleArray()[0], op);
            return;
        }
        if (!Broadcasting.assignable(v.shape(), target)) {
            throw new IllegalArgumentException(op + ": NumPy boolean array indexing assignment cannot assign " + v.size()
                    + " input values to the " + count * w + " output values where the mask is true (value "
                    + NDArray.shapeText(v.shape()) + ", selection " + NDArray.shapeText(target) + ")");
        }
        if (count * w == 0) {
            return;
        }
        Runs xr = Runs.of(x, w);
        Buffer m = Runs.of(mask, 1).gather(xr.ranges());
        int n = xr.n();
        long c = 0;
        for (int i = 0; i < n; i++) {
            c += m.getLong(i) != 0 ? 1 : 0;
        }
        ArrayRuntime rt = x.runtime();
        int size = rt.size();
        long[][] want = new long[2][size];
        if (xr.whole) {
            Arrays.fill(want[1], count);
        } else {
            long[] counts = Exchanges.allgather(rt, c);
            for (int q = 0, at = 0; q < size; at += counts[q], q++) {
                want[0][q] = at;
                want[1][q] = at + counts[q];
            }
        }
        Buffer vals = Runs.of(v.broadcastTo(target), w).gather(want);
        Buffer out = Buffer.allocate(xr.data.type(), n * w);
        out.copyFrom(xr.data, 0, 0, n * w);
        for (int i = 0, j = 0; i < n; i++) {
            if (m.getLong(i) != 0) {
                out.copyFrom(vals, j++ * w, i * w, w);
            }
        }
        x.set(Runs.alignedWith(xr, out).toArray(xs, op));
    }

    // ---- nonzero ----

    static long countNonzero(NDArray x) {
        if (x.size() == 0) {
            return 0;
        }
        Runs xr = Runs.of(x, 1);
        long c = 0;
        for (int i = 0, n = xr.n(); i < n; i++) {
            c += isNonzero(xr.data, i) ? 1 : 0;
        }
        if (xr.whole) {
            return c;
        }
        long total = 0;
        for (long each : Exchanges.allgather(x.runtime(), c)) {
            total += each;
        }
        return total;
    }

    /** NumPy's {@code argwhere}: the indices of the non-zero elements, one row each, int64 of shape (count, ndim). */
    static NDArray argwhere(NDArray x, String op) {
        int nd = x.ndim();
        if (nd == 0) {
            throw new IllegalArgumentException(op + ": a 0-d array has no indices to give; use x.reshape(1)");
        }
        int[] xs = x.shape();
        if (x.size() == 0) {
            return np.zeros(DType.INT64, 0, nd);
        }
        Runs xr = Runs.of(x, 1);
        int n = xr.n();
        int c = 0;
        for (int i = 0; i < n; i++) {
            c += isNonzero(xr.data, i) ? 1 : 0;
        }
        Buffer out = Buffer.allocate(ElementType.INT64, c * nd);
        for (int i = 0, j = 0; i < n; i++) {
            if (isNonzero(xr.data, i)) {
                long f = xr.lo() + i;
                for (int d = nd - 1; d >= 0; d--) {
                    out.setLong(j * nd + d, f % xs[d]);
                    f /= xs[d];
                }
                j++;
            }
        }
        Runs found = Runs.local(x.runtime(), out, nd, xr.whole);
        return found.toArray(ElementType.INT64, new int[] {(int) found.count(), nd}, op);
    }

    /** NumPy's {@code nonzero}: one int64 array of indices per axis. */
    static NDArray[] nonzero(NDArray x, String op) {
        NDArray w = argwhere(x, op);
        NDArray[] out = new NDArray[x.ndim()];
        for (int d = 0; d < out.length; d++) {
            out[d] = w.get(":, " + d).copy();
        }
        return out;
    }

    // ---- integer index arrays ----

    private static void checkIndexType(NDArray idx, String op) {
        if (idx.dtype().isFloating()) {
            throw new IllegalArgumentException(op + ": arrays used as indices must be of integer (or boolean) type, not " + idx.dtype());
        }
    }

    /**
     * The first index of {@code idx[0 .. n]} outside {@code -size .. size-1}, agreed by every rank
     * when the ranks hold different indices ({@code agree}): the first rank's. Long.MIN_VALUE: none.
     */
    private static long firstOutOfRange(ArrayRuntime rt, Buffer idx, int n, long size, boolean agree) {
        long bad = Long.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            long v = idx.getLong(i);
            if (v < -size || v >= size) {
                bad = v;
                break;
            }
        }
        if (agree && rt.size() > 1) {
            for (long b : Exchanges.allgather(rt, bad)) {
                if (b != Long.MIN_VALUE) {
                    return b;
                }
            }
        }
        return bad;
    }

    private static IndexOutOfBoundsException outOfRange(String op, long index, int axis, long size) {
        return new IndexOutOfBoundsException(op + ": index " + index + " is out of bounds for axis " + axis + " with size " + size);
    }

    /** {@code x[idx]} along axis 0: the rows idx names, in idx's shape followed by x's other axes. */
    static NDArray takeRows(NDArray x, NDArray idx, String op) {
        return takeRows(x, idx, op, 0);
    }

    /** As {@link #takeRows(NDArray, NDArray, String)}, x's axis 0 being the caller's axis {@code axis} (for messages). */
    static NDArray takeRows(NDArray x, NDArray idx, String op, int axis) {
        checkIndexType(idx, op);
        if (x.ndim() == 0) {
            throw new IllegalArgumentException(op + ": too many indices for array: array is 0-dimensional, but 1 were indexed");
        }
        if (idx.ndim() == 0) {
            return takeRows(x, idx.reshape(1), op, axis).get("0");
        }
        int[] xs = x.shape();
        int rows = xs[0];
        int w = prod(xs, 1, xs.length);
        int[] shape = concat(idx.shape(), Arrays.copyOfRange(xs, 1, xs.length));
        ArrayRuntime rt = x.runtime();
        Store out = rt.newStore(x.dtype().elementType(), shape, op);
        if (out.size() == 0) {
            if (idx.size() > 0 && rows == 0) {
                throw outOfRange(op, 0, axis, 0);
            }
            return new NDArray(rt, View.of(out));
        }
        if (rt.size() > 1) {
            Exchanges.checkCarriable(idx.size(), 8, op);
            Exchanges.checkCarriable(out.size(), out.type().itemSize(), op);
        }
        Buffer mine = Runs.of(idx, 1).gather(Runs.rangesOf(out, w, rt.size()));
        int n = mine.length();
        long bad = firstOutOfRange(rt, mine, n, rows, !out.isReplicated());
        if (bad != Long.MIN_VALUE) {
            throw outOfRange(op, bad, axis, rows);
        }
        Runs xr = Runs.of(x, w);
        Buffer local = out.local();
        local.array(); // made now if the backend makes it lazily
        if (xr.whole) {
            for (int j = 0; j < n; j++) {
                local.copyFrom(xr.data, (int) Math.floorMod(mine.getLong(j), rows) * w, j * w, w);
            }
            return new NDArray(rt, View.of(out));
        }
        int size = rt.size();
        int[] owner = new int[n];
        long[] asked = new long[n];
        for (int j = 0; j < n; j++) {
            asked[j] = Math.floorMod(mine.getLong(j), rows);
            owner[j] = xr.owner(asked[j]);
        }
        byte[][] requests = Exchanges.longsByOwner(size, owner, asked, n);
        byte[][] wanted = Exchanges.alltoall(rt, requests);
        byte[][] replies = new byte[size][];
        for (int q = 0; q < size; q++) {
            long[] r = Exchanges.longs(wanted[q]);
            Buffer items = Buffer.allocate(xr.data.type(), r.length * w);
            for (int j = 0; j < r.length; j++) {
                items.copyFrom(xr.data, (int) (r[j] - xr.lo()) * w, j * w, w);
            }
            replies[q] = items.toBytes(0, items.length());
        }
        byte[][] got = Exchanges.alltoall(rt, replies);
        Buffer[] from = new Buffer[size];
        for (int q = 0; q < size; q++) {
            from[q] = Buffer.allocate(xr.data.type(), got[q].length / xr.data.type().itemSize());
            from[q].fromBytes(got[q], 0);
        }
        int[] cursor = new int[size];
        for (int j = 0; j < n; j++) {
            int q = owner[j];
            local.copyFrom(from[q], cursor[q]++ * w, j * w, w);
        }
        return new NDArray(rt, View.of(out));
    }

    /** The broadcast shape of k integer index arrays for x's first k axes, after checking them (not their values). */
    private static int[] indexShape(NDArray x, NDArray[] idx, String op) {
        int k = idx.length;
        if (k == 0) {
            throw new IllegalArgumentException(op + ": no index arrays given");
        }
        if (k > x.ndim()) {
            throw new IllegalArgumentException(op + ": too many indices for array: array is " + x.ndim() + "-dimensional, but " + k
                    + " were indexed");
        }
        Object[] operands = new Object[k];
        for (int d = 0; d < k; d++) {
            if (idx[d] == null) {
                throw new IllegalArgumentException(op + ": index array " + d + " is null");
            }
            if (idx[d].dtype() == DType.BOOL) {
                throw new IllegalArgumentException(op + ": a boolean mask indexes alone (get(mask), set(mask, v)); with index arrays for "
                        + "several axes, each must be of integer type (index array " + d + " is bool)");
            }
            checkIndexType(idx[d], op);
            operands[d] = idx[d];
        }
        try {
            return Broadcasting.shapeOf(op, operands);
        } catch (IllegalArgumentException e) {
            StringBuilder shapes = new StringBuilder();
            for (NDArray i : idx) {
                shapes.append(shapes.length() == 0 ? "" : " ").append(NDArray.shapeText(i.shape()));
            }
            throw new IllegalArgumentException(op + ": shape mismatch: indexing arrays could not be broadcast together with shapes "
                    + shapes, e);
        }
    }

    /**
     * The flat row of {@code x}'s first k axes that k integer index arrays name together
     * ({@code x[i, j, ...]}), in their broadcast shape {@code common}: each checked against its
     * axis (negative from the end; the first bad one named, the same on every rank), then
     * combined row-major.
     */
    private static NDArray flatRows(NDArray x, NDArray[] idx, int[] common, String op) {
        int[] xs = x.shape();
        NDArray flat = null;
        for (int d = 0; d < idx.length; d++) {
            NDArray i = idx[d].astype(DType.INT64);
            int n = xs[d];
            if (i.size() > 0) {
                NDArray bad = np.logicalOr(i.ge((double) n), i.lt((double) -n));
                if (countNonzero(bad) > 0) {
                    throw outOfRange(op, bad.size() == 1 ? i.toLongArray()[0] : i.get(bad).toLongArray()[0], d, n);
                }
            }
            NDArray row = np.where(i.lt(0.0), i.add((long) n), i);
            flat = flat == null ? row : flat.mul((long) n).add(row);
        }
        return flat.broadcastTo(common).copy();
    }

    /** x's shape with its first k axes as one. */
    private static int[] rowsShape(int[] xs, int k) {
        int[] rows = new int[1 + xs.length - k];
        rows[0] = prod(xs, 0, k);
        System.arraycopy(xs, k, rows, 1, xs.length - k);
        return rows;
    }

    /** {@code x[i, j, ...]} with integer index arrays for x's first axes: in their broadcast shape, followed by x's other axes. */
    static NDArray takeMulti(NDArray x, NDArray[] idx, String op) {
        int[] common = indexShape(x, idx, op);
        NDArray flat = flatRows(x, idx, common, op);
        return takeRows(x.reshape(rowsShape(x.shape(), idx.length)), flat, op);
    }

    /** {@code x[i, j, ...] = v}: v broadcast to the indexed shape (checked first, as NumPy); a repeated position keeps the last value. */
    static void setMulti(NDArray x, NDArray[] idx, NDArray v, String op) {
        int[] common = indexShape(x, idx, op);
        int[] xs = x.shape();
        int k = idx.length;
        int[] target = concat(common, Arrays.copyOfRange(xs, k, xs.length));
        if (!Broadcasting.assignable(v.shape(), target)) {
            throw new IllegalArgumentException(op + ": shape mismatch: value array of shape " + NDArray.shapeText(v.shape())
                    + " could not be broadcast to indexing result of shape " + NDArray.shapeText(target));
        }
        NDArray flat = flatRows(x, idx, common, op);
        if (Store.sizeOf(target) == 0) {
            return;
        }
        NDArray r = x.reshape(rowsShape(xs, k));
        setRows(r, flat, v, op);
        if (r.view().store() != x.view().store()) { // x was not contiguous: reshape copied it
            x.set(r.reshape(xs));
        }
    }

    // ---- index arrays mixed with slices: x[1:3, idx], x[idx, :, 0], x[mask, ::2] ----

    /**
     * An index that mixes NumPy's basic items (slices, integers, {@code ...}, {@code None}, given as
     * strings such as {@code ":"}, {@code "1:-1"}, {@code "..., None"} or as Integer and Long) with
     * index arrays (integer arrays, or bool masks standing for their {@code nonzero()} arrays).
     * Resolved as NumPy does: the slices make a view, then the index arrays (and, beside them, the
     * integers) are broadcast together and pick elements; their dimensions replace the indexed axes
     * where those are next to each other, and come first where a slice separates them.
     */
    private record Mixed(NDArray view, int[] front, NDArray[] arrays, int[] axes, int place) {
        /** The result's dimensions, from the front layout (index dimensions first) to NumPy's. */
        int[] order(int nb, int ndim) {
            int[] o = new int[ndim];
            for (int d = 0; d < ndim; d++) {
                o[d] = d;
            }
            if (place > 0) { // the view's first `place` axes, then the index dimensions, then the rest
                int k = 0;
                for (int d = 0; d < place; d++) {
                    o[k++] = nb + d;
                }
                for (int d = 0; d < nb; d++) {
                    o[k++] = d;
                }
            }
            return o;
        }
    }

    private static Mixed mixed(NDArray x, Object[] index, String op) {
        if (index == null || index.length == 0) {
            throw new IllegalArgumentException(op + ": no index given");
        }
        // each item as a basic item or an index array, the masks expanded
        java.util.List<Object> items = new java.util.ArrayList<>();
        boolean arrays = false;
        for (Object it : index) {
            if (it instanceof String text) {
                items.addAll(Slices.parse(text, op));
            } else if (it instanceof Integer || it instanceof Long) {
                items.add(new Slices.Index(((Number) it).longValue()));
            } else if (it instanceof NDArray a) {
                items.add(a);
                arrays = true;
            } else {
                throw new IllegalArgumentException(op + ": an index is a slice or an integer as a string (\":\", \"1:-1\", \"...\", "
                        + "\"None\"), an Integer or Long, or an index array (integers, or a bool mask); not "
                        + (it == null ? "null" : it.getClass().getSimpleName()));
            }
        }
        int consumed = 0;
        int ellipses = 0;
        for (Object it : items) {
            if (it instanceof NDArray a) {
                consumed += a.dtype() == DType.BOOL ? Math.max(1, a.ndim()) : 1;
            } else if (it instanceof Slices.Range || it instanceof Slices.Index) {
                consumed++;
            } else if (it instanceof Slices.Ellipsis) {
                ellipses++;
            }
        }
        if (ellipses > 1) {
            throw new IllegalArgumentException(op + ": an index can only have a single ellipsis ('...')");
        }
        int nd = x.ndim();
        if (consumed > nd) {
            throw new IndexOutOfBoundsException(op + ": too many indices for array: array is " + nd + "-dimensional, but " + consumed
                    + " were indexed");
        }
        // the basic part as text for the view; the index arrays' axes of that view
        StringBuilder basic = new StringBuilder();
        java.util.List<NDArray> picks = new java.util.ArrayList<>();
        java.util.List<Integer> pickAxes = new java.util.ArrayList<>(); // of the view
        java.util.List<Integer> sourceAxes = new java.util.ArrayList<>(); // of x, for the errors
        int viewAxis = 0;
        int axis = 0;
        // NumPy's adjacency is of index items: any other item between two index arrays, a `...` that stands
        // for no axis too, sends the index dimensions first
        boolean seenPick = false;
        int othersBetween = 0; // other items between the first index item and the last
        int othersSinceFirst = 0;
        for (Object it : items) {
            if (it instanceof NDArray || (arrays && it instanceof Slices.Index)) {
                othersBetween = seenPick ? othersSinceFirst : 0;
                seenPick = true;
            } else if (seenPick) {
                othersSinceFirst++;
            }
            String part;
            if (it instanceof Slices.Ellipsis) {
                int skip = nd - consumed;
                part = skip == 0 ? null : String.join(", ", java.util.Collections.nCopies(skip, ":"));
                viewAxis += skip;
                axis += skip;
            } else if (it instanceof Slices.NewAxis) {
                part = "None";
                viewAxis++;
            } else if (it instanceof Slices.Range r) {
                part = (r.start() == null ? "" : r.start().toString()) + ":" + (r.stop() == null ? "" : r.stop().toString()) + ":" + r.step();
                viewAxis++;
                axis++;
            } else if (it instanceof Slices.Index ix && !arrays) {
                part = Long.toString(ix.index());
                axis++;
            } else if (it instanceof Slices.Index ix) { // beside index arrays an integer is one too (NumPy)
                picks.add(np.scalar(x.runtime(), ix.index(), DType.INT64));
                pickAxes.add(viewAxis++);
                sourceAxes.add(axis++);
                part = ":";
            } else {
                NDArray a = (NDArray) it;
                if (a.dtype() == DType.BOOL) {
                    int k = checkMask(x.shape(), axis, a, op, "a 0-d mask is not supported here; use a mask of the axes it selects");
                    for (NDArray n : a.nonzero()) {
                        picks.add(n);
                        pickAxes.add(viewAxis++);
                        sourceAxes.add(axis++);
                    }
                    part = String.join(", ", java.util.Collections.nCopies(k, ":"));
                } else {
                    picks.add(a);
                    pickAxes.add(viewAxis++);
                    sourceAxes.add(axis++);
                    part = ":";
                }
            }
            if (part != null) {
                basic.append(basic.length() == 0 ? "" : ", ").append(part);
            }
        }
        NDArray view = basic.length() == 0 ? x : x.get(basic.toString());
        if (!arrays) {
            return new Mixed(view, null, null, null, 0);
        }
        int vd = view.ndim();
        int k = picks.size();
        int[] front = new int[vd]; // the picked axes first, the others in order
        boolean[] picked = new boolean[vd];
        for (int d = 0; d < k; d++) {
            front[d] = pickAxes.get(d);
            picked[pickAxes.get(d)] = true;
        }
        for (int d = 0, j = k; d < vd; d++) {
            if (!picked[d]) {
                front[j++] = d;
            }
        }
        boolean adjacent = othersBetween == 0 && pickAxes.get(k - 1) - pickAxes.get(0) == k - 1;
        int[] src = new int[k];
        for (int d = 0; d < k; d++) {
            src[d] = sourceAxes.get(d);
        }
        return new Mixed(view, front, picks.toArray(new NDArray[0]), src, adjacent ? pickAxes.get(0) : 0);
    }

    /** An index array's error names the axis of x, not of the view with the indexed axes first. */
    private static RuntimeException renamed(RuntimeException e, int[] axes) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("for axis (\\d+) with size").matcher(String.valueOf(e.getMessage()));
        if (!m.find() || Integer.parseInt(m.group(1)) >= axes.length) {
            return e;
        }
        String text = e.getMessage().substring(0, m.start(1)) + axes[Integer.parseInt(m.group(1))] + e.getMessage().substring(m.end(1));
        return e instanceof IndexOutOfBoundsException ? new IndexOutOfBoundsException(text) : new IllegalArgumentException(text, e);
    }

    /** {@code x[index]} with slices, integers and index arrays mixed (see {@link Mixed}). */
    static NDArray mixedGet(NDArray x, Object[] index, String op) {
        Mixed m = mixed(x, index, op);
        if (m.arrays() == null) {
            return m.view();
        }
        NDArray r;
        try {
            r = takeMulti(m.view().transpose(m.front()), m.arrays(), op);
        } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
            throw renamed(e, m.axes());
        }
        int nb = r.ndim() - (m.view().ndim() - m.arrays().length);
        return m.place() == 0 ? r : r.transpose(m.order(nb, r.ndim()));
    }

    /** {@code x[index] = v} with slices, integers and index arrays mixed; a repeated position keeps the last value. */
    static void mixedSet(NDArray x, Object[] index, NDArray v, String op) {
        Mixed m = mixed(x, index, op);
        if (m.arrays() == null) {
            m.view().set(v);
            return;
        }
        NDArray w = m.view().transpose(m.front());
        int[] common = indexShape(w, m.arrays(), op);
        int[] ws = w.shape();
        int[] frontShape = concat(common, Arrays.copyOfRange(ws, m.arrays().length, ws.length));
        int[] order = m.order(common.length, frontShape.length);
        int[] target = new int[frontShape.length];
        for (int d = 0; d < target.length; d++) {
            target[d] = frontShape[order[d]];
        }
        if (!Broadcasting.assignable(v.shape(), target)) {
            throw new IllegalArgumentException(op + ": shape mismatch: value array of shape " + NDArray.shapeText(v.shape())
                    + " could not be broadcast to indexing result of shape " + NDArray.shapeText(target));
        }
        int[] back = new int[order.length]; // the value from NumPy's layout to the front one
        for (int d = 0; d < order.length; d++) {
            back[order[d]] = d;
        }
        NDArray vf = v.broadcastTo(target).transpose(back);
        try {
            setMulti(w, m.arrays(), vf, op);
        } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
            throw renamed(e, m.axes());
        }
    }

    /** NumPy's {@code take}: along {@code axis}, or of the flattened array when axis is null. */
    static NDArray take(NDArray x, NDArray idx, Integer axis) {
        if (axis == null) {
            return takeRows(x.ravel(), idx, "take");
        }
        int nd = x.ndim();
        int k = NDArray.normalizeAxis("take", axis, nd);
        if (k == 0) {
            return takeRows(x, idx, "take");
        }
        int[] front = new int[nd]; // axis k first, the others in order
        front[0] = k;
        for (int d = 0, j = 1; d < nd; d++) {
            if (d != k) {
                front[j++] = d;
            }
        }
        NDArray r = takeRows(x.transpose(front), idx, "take", k);
        int ni = idx.ndim();
        int[] back = new int[r.ndim()]; // x's axes before k, then idx's, then x's after k
        int j = 0;
        for (int d = 0; d < k; d++) {
            back[j++] = ni + d;
        }
        for (int d = 0; d < ni; d++) {
            back[j++] = d;
        }
        for (int d = ni + k; d < r.ndim(); d++) {
            back[j++] = d;
        }
        return r.transpose(back);
    }

    /** {@code x[idx] = v} along axis 0 (v broadcast to idx's shape followed by x's other axes); a repeated index keeps the last value. */
    static void setRows(NDArray x, NDArray idx, NDArray v, String op) {
        checkIndexType(idx, op);
        if (x.ndim() == 0) {
            throw new IllegalArgumentException(op + ": too many indices for array: array is 0-dimensional, but 1 were indexed");
        }
        NDArray ix = idx.ndim() == 0 ? idx.reshape(1) : idx;
        int[] xs = x.shape();
        int w = prod(xs, 1, xs.length);
        int[] target = concat(ix.shape(), Arrays.copyOfRange(xs, 1, xs.length));
        if (!Broadcasting.assignable(v.shape(), target)) {
            throw new IllegalArgumentException(op + ": shape mismatch: value array of shape " + NDArray.shapeText(v.shape())
                    + " could not be broadcast to indexing result of shape " + NDArray.shapeText(target));
        }
        if (Store.sizeOf(target) == 0) {
            return;
        }
        Runs ir = Runs.of(ix, 1);
        Buffer vals = Runs.of(v.broadcastTo(target), w).gather(ir.ranges());
        x.set(scatter(x, ir, vals, w, op));
    }

    /** NumPy's {@code put}: {@code x.flat[idx] = v}, v repeated when it is shorter than idx. */
    static void put(NDArray x, NDArray idx, NDArray v) {
        String op = "put";
        checkIndexType(idx, op);
        if (idx.size() == 0) {
            return;
        }
        if (v.size() == 0) {
            throw new IllegalArgumentException(op + ": cannot put an empty array of values at " + idx.size() + " indices");
        }
        Runs ir = Runs.of(idx, 1);
        NDArray vf = v.ravel();
        Buffer vals;
        if (vf.size() == idx.size()) {
            vals = Runs.of(vf, 1).gather(ir.ranges());
        } else {
            Runs vr = Runs.of(vf, 1);
            long[][] all = vr.ranges();
            Arrays.fill(all[0], 0);
            Arrays.fill(all[1], vr.count());
            Buffer every = vr.gather(all); // a short value list, repeated
            vals = Buffer.allocate(every.type(), ir.n());
            for (int j = 0; j < ir.n(); j++) {
                vals.copyFrom(every, (int) ((ir.lo() + j) % every.length()), j, 1);
            }
        }
        x.set(scatter(x.ravel(), ir, vals, 1, op).reshape(x.shape()));
    }

    /**
     * A copy of {@code x} with rows {@code idx} (as items of w elements) replaced by {@code vals}
     * (aligned with idx's runs), in idx's order: each update goes to the rank holding its row,
     * which applies them in rank order, so a repeated index keeps its last value as in NumPy.
     */
    private static NDArray scatter(NDArray x, Runs ir, Buffer vals, int w, String op) {
        ArrayRuntime rt = x.runtime();
        int rows = x.shape()[0];
        Buffer idx = ir.data;
        int n = ir.n();
        long bad = firstOutOfRange(rt, idx, n, rows, !ir.whole);
        if (bad != Long.MIN_VALUE) {
            throw outOfRange(op, bad, 0, rows);
        }
        Runs xr = Runs.of(x, w);
        int mine = xr.n();
        Buffer out = Buffer.allocate(xr.data.type(), mine * w);
        out.copyFrom(xr.data, 0, 0, mine * w);
        long lo = xr.lo();
        if (ir.whole) { // every rank has every update: each applies those to its rows
            for (int j = 0; j < n; j++) {
                long row = Math.floorMod(idx.getLong(j), rows);
                if (row >= lo && row < lo + mine) {
                    out.copyFrom(vals, j * w, (int) (row - lo) * w, w);
                }
            }
            return Runs.alignedWith(xr, out).toArray(x.shape(), op);
        }
        int size = rt.size();
        Exchanges.checkCarriable(ir.count(), 8L + (long) w * vals.type().itemSize(), op);
        int[] counts = new int[size];
        for (int j = 0; j < n; j++) {
            long row = Math.floorMod(idx.getLong(j), rows);
            for (int q = xr.whole ? 0 : xr.owner(row), last = xr.whole ? size - 1 : q; q <= last; q++) {
                counts[q]++;
            }
        }
        long[][] rowsFor = new long[size][];
        Buffer[] itemsFor = new Buffer[size];
        for (int q = 0; q < size; q++) {
            rowsFor[q] = new long[counts[q]];
            itemsFor[q] = Buffer.allocate(vals.type(), counts[q] * w);
        }
        Arrays.fill(counts, 0);
        for (int j = 0; j < n; j++) {
            long row = Math.floorMod(idx.getLong(j), rows);
            for (int q = xr.whole ? 0 : xr.owner(row), last = xr.whole ? size - 1 : q; q <= last; q++) {
                rowsFor[q][counts[q]] = row;
                itemsFor[q].copyFrom(vals, j * w, counts[q]++ * w, w);
            }
        }
        byte[][] updates = new byte[size][];
        for (int q = 0; q < size; q++) {
            byte[] items = itemsFor[q].toBytes(0, counts[q] * w);
            updates[q] = ByteBuffer.allocate(4 + counts[q] * 8 + items.length).putInt(counts[q])
                    .put(Exchanges.longs(rowsFor[q], counts[q])).put(items).array();
        }
        byte[][] got = Exchanges.alltoall(rt, updates);
        for (int q = 0; q < size; q++) { // in rank order: idx's order
            ByteBuffer b = ByteBuffer.wrap(got[q]);
            int c = b.getInt();
            long[] r = new long[c];
            b.asLongBuffer().get(r);
            byte[] items = Arrays.copyOfRange(got[q], 4 + c * 8, got[q].length);
            Buffer it = Buffer.allocate(vals.type(), c * w);
            it.fromBytes(items, 0);
            for (int j = 0; j < c; j++) {
                out.copyFrom(it, j * w, (int) (r[j] - lo) * w, w);
            }
        }
        return Runs.alignedWith(xr, out).toArray(x.shape(), op);
    }
}
