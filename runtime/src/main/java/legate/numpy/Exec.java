package legate.numpy;

import java.util.ArrayList;
import java.util.List;
import legate.runtime.partition.Partition;
import legate.runtime.store.Store;
import legate.runtime.store.View;
import legate.runtime.task.ArrayRuntime;
import legate.runtime.task.Kernels;
import legate.runtime.task.Loops;
import legate.runtime.task.Source;

/**
 * Runs element-wise operations: the result's store is split like its first split operand
 * (so that operand needs no communication: the owner computes), every other operand is
 * prepared for the rows this rank computes, and the rows go to this rank's threads.
 */
final class Exec {
    private Exec() {
    }

    /** A scalar operand: a double (a float, weakly typed) or a long (an integer, weakly typed). */
    static Source scalarSource(Object s, boolean longs) {
        if (longs) {
            return Source.constantLong(((Number) s).longValue(), DType.INT64);
        }
        return Source.constant(((Number) s).doubleValue(), DType.FLOAT64);
    }

    static int[] broadcastShape(String op, Object... operands) {
        int[] shape = null;
        for (Object o : operands) {
            if (o instanceof NDArray a) {
                shape = shape == null ? a.shape() : broadcast(op, shape, a.shape(), operands);
            }
        }
        return shape == null ? new int[0] : shape;
    }

    /** The shape two shapes broadcast to; an error naming both when they do not. */
    static int[] broadcastShapes(String op, int[] x, int[] y) {
        return broadcast(op, x, y, new Object[] {x, y});
    }

    private static int[] broadcast(String op, int[] x, int[] y, Object[] operands) {
        int n = Math.max(x.length, y.length);
        int[] r = new int[n];
        for (int d = 0; d < n; d++) {
            int a = d - (n - x.length) >= 0 ? x[d - (n - x.length)] : 1;
            int b = d - (n - y.length) >= 0 ? y[d - (n - y.length)] : 1;
            if (a != b && a != 1 && b != 1) {
                StringBuilder shapes = new StringBuilder();
                for (Object o : operands) {
                    int[] s = o instanceof NDArray arr ? arr.shape() : o instanceof int[] sh ? sh : null;
                    if (s != null) {
                        shapes.append(shapes.length() == 0 ? "" : " ").append(NDArray.shapeText(s));
                    }
                }
                throw new IllegalArgumentException(op + ": operands could not be broadcast together with shapes " + shapes);
            }
            r[d] = Math.max(a, b);
        }
        return r;
    }

    /**
     * A new array of {@code shape} and {@code type}, each element {@code body} of the operands'
     * elements (arrays broadcast to {@code shape}, scalars as constants).
     */
    static NDArray map(ArrayRuntime rt, String op, DType type, int[] shape, Loops.Body body, boolean longs, Object... operands) {
        Partition p = outputPartition(rt, shape, operands);
        Store out = rt.newStore(type, shape, p, op);
        View outView = View.of(out);
        int[][] rows = p.rowsPerRank(rt.size());
        int[] lo = rows[0];
        int[] hi = rows[1];
        Source[] src = new Source[operands.length + 1];
        src[0] = Source.prepare(rt, outView, lo, hi);
        for (int k = 0; k < operands.length; k++) {
            Object o = operands[k];
            if (o instanceof NDArray a) {
                src[k + 1] = Source.prepare(rt, a.view().broadcastTo(shape), lo, hi);
            } else {
                src[k + 1] = scalarSource(o, longs);
            }
        }
        run(rt, shape, src, out.ownLo(), out.ownHi(), body);
        return new NDArray(rt, outView);
    }

    static void run(ArrayRuntime rt, int[] shape, Source[] src, int lo, int hi, Loops.Body body) {
        long perRow = 1;
        for (int d = 1; d < shape.length; d++) {
            perRow *= shape[d];
        }
        if (shape.length == 0) {
            Loops.forRows(shape, src, 0, 1, body);
            return;
        }
        rt.parallelRows(lo, hi, perRow, (a, b) -> Loops.forRows(shape, src, a, b, body));
    }

    /**
     * Small results are held whole by every rank; large ones are split like their first split
     * operand whose rows follow its store's rows, else evenly.
     */
    static Partition outputPartition(ArrayRuntime rt, int[] shape, Object... operands) {
        List<View> views = new ArrayList<>();
        for (Object o : operands) {
            if (o instanceof NDArray a) {
                views.add(a.view().broadcastTo(shape));
            }
        }
        return partitionFollowing(rt, shape, views);
    }

    /**
     * The partition of a new array of {@code shape}: whole on every rank when small, else that
     * of the first of {@code rowsLikeIt} (views whose row i is the result's row i) to which it
     * can be aligned, else even.
     */
    static Partition partitionFollowing(ArrayRuntime rt, int[] shape, List<View> rowsLikeIt) {
        Partition p = rt.partitionFor(shape);
        if (p.isReplicated()) {
            return p;
        }
        for (View v : rowsLikeIt) {
            Partition d = alignedWith(rt, v, shape[0]);
            if (d != null) {
                return d;
            }
        }
        return p;
    }

    /**
     * The partition of {@code rows} result rows that puts row i where row i of {@code v} lives
     * (v split, its rows following its store's rows in order), or null.
     */
    static Partition alignedWith(ArrayRuntime rt, View v, int rows) {
        if (v == null || v.store().isReplicated() || v.ndim() == 0) {
            return null;
        }
        Source.RowMap m = Source.rowMap(v);
        if (!m.mapped() || m.step() <= 0) {
            return null;
        }
        int[][] owned = Source.ownedRows(rt, v);
        int[] bounds = new int[rt.size() + 1];
        for (int q = 0; q < rt.size(); q++) {
            bounds[q + 1] = owned[1][q];
        }
        bounds[rt.size()] = rows;
        for (int q = 1; q < bounds.length; q++) {
            bounds[q] = Math.min(rows, Math.max(bounds[q], bounds[q - 1]));
        }
        bounds[rt.size()] = rows;
        return Partition.of(bounds);
    }

    /** Writes {@code value} (an array broadcast to dst's shape, or a scalar) into view {@code dst}: the owners write. */
    static void assign(ArrayRuntime rt, String op, View dst, Object value) {
        int[] shape = dst.shape();
        Object v = value;
        Lazy.Node deferred = null;
        if (v instanceof NDArray a) {
            if (!broadcastable(a.shape(), shape)) {
                throw new IllegalArgumentException(op + ": could not broadcast input array from shape " + NDArray.shapeText(a.shape())
                        + " into shape " + NDArray.shapeText(shape));
            }
            deferred = a.deferred();
            if (deferred == null && mayOverlap(a.view(), dst)) {
                v = a.copy(); // the right-hand side is read completely before anything is written, as in NumPy
            }
        }
        Store store = dst.store();
        Lazy.Started started = null;
        if (deferred != null && (store.isReplicated() || rt.size() == 1 || Source.rowMap(dst).mapped())) {
            int[][] rows = Source.ownedRows(rt, dst);
            started = Lazy.start(rt, deferred, shape, rows[0], rows[1]); // the operands' rows travel during the copy below
        }
        try { // a deferred expression reading this store keeps the data it had
            if (started != null) {
                store.beforeWrite(dst); // which fills all of dst
            } else {
                store.beforeWrite();
            }
        } catch (RuntimeException | Error e) {
            if (started != null) {
                started.pull();
            }
            throw e;
        }
        if (started != null) {
            started.finishInto(dst);
            return;
        }
        boolean longs = !(value instanceof NDArray a ? a.dtype().isFloating() : value instanceof Double) && !store.type().isFloating();
        Source.RowMap m = Source.rowMap(dst);
        if (!store.isReplicated() && rt.size() > 1 && !m.mapped()) {
            assignScattered(rt, op, dst, v);
            return;
        }
        int[][] rows = Source.ownedRows(rt, dst); // exact: each rank writes only rows it holds
        int me = rt.rank();
        Source[] src = new Source[2];
        src[0] = Source.prepare(rt, dst, rows[0], rows[1]);
        src[1] = v instanceof NDArray a ? Source.prepare(rt, a.view().broadcastTo(shape), rows[0], rows[1])
                : scalarSource(v, longs);
        run(rt, shape, src, rows[0][me], rows[1][me], Kernels.unary(Kernels.Unary.COPY, false));
    }

    /** Whether two views may share elements: the same store and overlapping spans of flat indices. */
    static boolean mayOverlap(View a, View b) {
        if (a.store() != b.store()) {
            return false;
        }
        if (a.size() == 0 || b.size() == 0) {
            return false;
        }
        long[] x = span(a);
        long[] y = span(b);
        return x[0] <= y[1] && y[0] <= x[1];
    }

    private static long[] span(View v) {
        long lo = v.offset();
        long hi = v.offset();
        for (int d = 0; d < v.ndim(); d++) {
            long reach = v.stride(d) * (v.dim(d) - 1L);
            lo += Math.min(0, reach);
            hi += Math.max(0, reach);
        }
        return new long[] {lo, hi};
    }

    static boolean broadcastable(int[] from, int[] to) {
        if (from.length > to.length) {
            return false;
        }
        for (int d = 0; d < from.length; d++) {
            int f = from[from.length - 1 - d];
            if (f != 1 && f != to[to.length - 1 - d]) {
                return false;
            }
        }
        return true;
    }

    /** A view whose rows cross store rows (a transpose) on a split store: every rank writes the elements it holds. */
    private static void assignScattered(ArrayRuntime rt, String op, View dst, Object value) {
        int[] shape = dst.shape();
        NDArray whole = value instanceof NDArray a ? a.broadcastTo(shape).replicatedCopy() : null;
        Store s = dst.store();
        long L = s.rowLength();
        long size = dst.size();
        int[] idx = new int[shape.length];
        double c = value instanceof Number num ? num.doubleValue() : 0;
        for (long f = 0; f < size; f++) {
            long flat = dst.flatIndex(idx);
            long row = Math.floorDiv(flat, L);
            if (row >= s.ownLo() && row < s.ownHi()) {
                int li = s.localIndex(flat);
                if (whole == null) {
                    s.local().setDouble(li, c);
                } else {
                    var w = whole.view();
                    int wi = w.store().localIndex(w.flatIndex(idx));
                    if (s.type().isFloating() || w.store().type().isFloating()) {
                        s.local().setDouble(li, w.store().local().getDouble(wi));
                    } else {
                        s.local().setLong(li, w.store().local().getLong(wi));
                    }
                }
            }
            for (int d = shape.length - 1; d >= 0; d--) {
                if (++idx[d] < shape[d]) {
                    break;
                }
                idx[d] = 0;
            }
        }
    }
}
