package legate.runtime.task;

import java.util.ArrayList;
import java.util.List;
import legate.runtime.backend.ElementwiseKernel;
import legate.runtime.backend.Expression;
import legate.runtime.partition.Partition;
import legate.runtime.partition.Partitioner;
import legate.runtime.partition.RowMap;
import legate.runtime.store.Buffer;
import legate.runtime.store.Source;
import legate.runtime.store.Store;
import legate.runtime.store.View;
import legate.runtime.types.ElementType;

/**
 * Element-wise operations, copies and assignments. The result's store is split like its first
 * split operand (so that operand needs no communication: the owner computes), every other
 * operand is prepared for the rows this rank computes, and the backend computes them.
 *
 * <p>Operands are views already broadcast to the operation's shape, or scalars: a {@link Double}
 * (a float, weakly typed) or a {@link Long} (an integer, weakly typed).
 */
public final class Elementwise {
    private Elementwise() {
    }

    /** A new store of {@code shape} and {@code type}, each element {@code kernel} of the operands' elements. */
    public static View map(ArrayRuntime rt, String op, ElementType type, int[] shape, ElementwiseKernel kernel, boolean longs,
                           Object... operands) {
        List<View> views = new ArrayList<>();
        for (Object o : operands) {
            if (o instanceof View v) {
                views.add(v);
            }
        }
        Partition p = rt.partitioner().following(shape, views);
        Store out = rt.newStore(type, shape, p, op);
        View outView = View.of(out);
        int[][] rows = p.rowsPerRank(rt.size());
        int[] lo = rows[0];
        int[] hi = rows[1];
        Source[] src = new Source[operands.length + 1];
        src[0] = Source.prepare(rt.comm(), outView, lo, hi);
        for (int k = 0; k < operands.length; k++) {
            Object o = operands[k];
            src[k + 1] = o instanceof View v ? Source.prepare(rt.comm(), v, lo, hi) : scalar(o, longs);
        }
        rt.backend().elementwise(kernel, shape, src, out.ownLo(), out.ownHi());
        return outView;
    }

    /** A copy of {@code v} as {@code type} (a cast when the types differ: floats to integers truncate toward zero). */
    public static View copy(ArrayRuntime rt, View v, ElementType type, String op) {
        boolean longs = !type.isFloating() && !v.store().type().isFloating();
        return map(rt, op, type, v.shape(), ElementwiseKernel.copy(longs), longs, v);
    }

    /** A scalar operand: a double (a float) or a long (an integer). */
    private static Source scalar(Object s, boolean longs) {
        if (longs) {
            return Source.constantLong(((Number) s).longValue(), ElementType.INT64);
        }
        return Source.constant(((Number) s).doubleValue(), ElementType.FLOAT64);
    }

    /** A copy held whole by every rank (for results that leave the runtime); {@code v} itself when it already is. */
    public static View replicated(ArrayRuntime rt, View v) {
        if (rt.holdsWhole(v) && v.isWholeStore()) {
            return v;
        }
        // a copy, in a store every rank holds whole: a view's copy made by map would be split when large,
        // and the callers read all of it on every rank
        int[] shape = v.shape();
        Partition p = Partition.replicated(shape.length == 0 ? 1 : shape[0]);
        Store out = rt.newStore(v.store().type(), shape, p, "gather");
        int[][] rows = p.rowsPerRank(rt.size());
        int[] lo = rows[0];
        int[] hi = rows[1];
        Source[] src = {Source.prepare(rt.comm(), View.of(out), lo, hi), Source.prepare(rt.comm(), v, lo, hi)};
        rt.backend().elementwise(ElementwiseKernel.copy(!v.store().type().isFloating()), shape, src, 0, p.rows());
        return View.of(out);
    }

    /** One element of {@code v}, the same on every rank: its owner sends it to the others. */
    public static double element(ArrayRuntime rt, View v, int[] idx) {
        long flat = v.flatIndex(idx);
        Store s = v.store();
        if (rt.holdsWhole(v)) {
            return s.local().readDouble(s.localIndex(flat));
        }
        int owner = Partitioner.owner(s.partition(), (int) (flat / s.rowLength()));
        double[] value = new double[1];
        if (owner == rt.rank()) {
            value[0] = s.local().readDouble(s.localIndex(flat));
        }
        return rt.broadcast(value, owner)[0];
    }

    /** Every element of {@code v}, row-major, in a new Java array (the same on every rank). */
    public static double[] toDoubleArray(ArrayRuntime rt, View v) {
        View whole = replicated(rt, v);
        double[] out = new double[(int) whole.size()];
        rt.backend().copyOut(whole, out);
        return out;
    }

    /** Every element of {@code v} as a long, row-major (the same on every rank); floats truncate toward zero. */
    public static long[] toLongArray(ArrayRuntime rt, View v) {
        View whole = replicated(rt, v);
        Buffer b = whole.store().local().forHostRead();
        long[] out = new long[(int) whole.size()];
        boolean floating = b.type().isFloating();
        for (int i = 0; i < out.length; i++) {
            out[i] = floating ? Buffer.castToLong(b.getDouble(i)) : b.getLong(i);
        }
        return out;
    }

    /**
     * Writes {@code value} into view {@code dst}: a view broadcast to dst's shape, a scalar, or
     * a deferred {@link Expression} of that shape. The owners write. The value is read completely
     * before anything is written, as in NumPy, and a deferred expression reading dst's store
     * keeps the data it had.
     */
    public static void assign(ArrayRuntime rt, View dst, Object value) {
        int[] shape = dst.shape();
        Object v = value;
        if (v instanceof View a && mayOverlap(a, dst)) {
            v = copy(rt, a, a.store().type(), "astype");
        }
        Store store = dst.store();
        Partitioner partitioner = rt.partitioner();
        boolean byRows = writtenByRowOwners(rt, dst);
        if (!byRows && v instanceof Expression e) { // not computed straight into dst: into an array of its own first
            v = FusedExpression.materialize(rt, e).broadcastTo(shape);
        }
        int[] order = byRows ? null : rowOrder(dst);
        if (order != null) { // a transpose: the same assignment with both sides' axes in the store's order, written by the rows' owners
            dst = dst.permute(order);
            if (v instanceof View a) {
                v = a.permute(order);
            }
            shape = dst.shape();
            byRows = true;
        }
        FusedExpression.Started started = null;
        if (v instanceof Expression e) { // written by the rows' owners: computed straight into dst
            int[][] rows = partitioner.ownedRows(dst);
            started = FusedExpression.start(rt, e, shape, rows[0], rows[1]); // the operands' rows travel during the copy below
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
        boolean valueFloating = v instanceof View a ? a.store().type().isFloating() : v instanceof Double;
        boolean longs = !valueFloating && !store.type().isFloating();
        if (!byRows) {
            // a view whose rows cross store rows (a transpose) on a split store: every rank writes the elements it holds
            View whole = v instanceof View a ? replicated(rt, a) : null;
            rt.backend().assignOwned(dst, whole, v instanceof Number num ? num.doubleValue() : 0);
            return;
        }
        int[][] rows = partitioner.ownedRows(dst); // exact: each rank writes only rows it holds
        int me = rt.rank();
        Source[] src = new Source[2];
        src[0] = Source.prepare(rt.comm(), dst, rows[0], rows[1]);
        src[1] = v instanceof View a ? Source.prepare(rt.comm(), a, rows[0], rows[1]) : scalar(v, longs);
        rt.backend().elementwise(ElementwiseKernel.copy(false), shape, src, rows[0][me], rows[1][me]);
    }

    /**
     * Whether the ranks holding {@code dst}'s rows write it row by row: its rows each lie in one
     * store row, or this rank holds all of it. Then {@link #assign} computes a deferred expression
     * straight into dst; otherwise (a transpose of a split store) the expression is computed into
     * an array of its own first, which its caller may as well keep.
     */
    public static boolean writtenByRowOwners(ArrayRuntime rt, View dst) {
        return rt.holdsWhole(dst) || RowMap.of(dst).mapped();
    }

    /**
     * An order of {@code dst}'s axes in which its rows lie in store rows (for a transpose: the axis
     * of the largest stride first, then the others by stride; axes of one element last), or null
     * when there is none or it is the order dst already has.
     */
    static int[] rowOrder(View dst) {
        int nd = dst.ndim();
        if (nd < 2) {
            return null;
        }
        Integer[] axes = new Integer[nd];
        for (int d = 0; d < nd; d++) {
            axes[d] = d;
        }
        java.util.Arrays.sort(axes, java.util.Comparator.comparingLong((Integer d) -> dst.dim(d) == 1 ? -1 : Math.abs(dst.stride(d))).reversed());
        int[] order = new int[nd];
        boolean same = true;
        for (int d = 0; d < nd; d++) {
            order[d] = axes[d];
            same &= order[d] == d;
        }
        return !same && RowMap.of(dst.permute(order)).mapped() ? order : null;
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
}
