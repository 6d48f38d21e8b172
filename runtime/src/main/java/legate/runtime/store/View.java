package legate.runtime.store;

import java.util.Arrays;

/**
 * A window on a store: element {@code idx} of the view is the store's element at global flat
 * index {@code offset + sum(strides[d] * idx[d])}. Slicing, transposing, broadcasting and
 * reshaping a contiguous view make new views of the same store: nothing is copied.
 */
public final class View {
    private final Store store;
    private final int[] shape;
    private final long[] strides;
    private final long offset;

    public View(Store store, int[] shape, long[] strides, long offset) {
        this.store = store;
        this.shape = shape;
        this.strides = strides;
        this.offset = offset;
    }

    /** The whole store, row-major. */
    public static View of(Store store) {
        int[] shape = store.shape();
        return new View(store, shape, contiguousStrides(shape), 0);
    }

    public static long[] contiguousStrides(int[] shape) {
        long[] s = new long[shape.length];
        long step = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            s[d] = step;
            step *= shape[d];
        }
        return s;
    }

    public Store store() {
        return store;
    }

    /** The shape (a copy). */
    public int[] shape() {
        return shape.clone();
    }

    public int dim(int d) {
        return shape[d];
    }

    public long stride(int d) {
        return strides[d];
    }

    public long[] strides() {
        return strides.clone();
    }

    public long offset() {
        return offset;
    }

    public int ndim() {
        return shape.length;
    }

    public long size() {
        return Store.sizeOf(shape);
    }

    /** Whether the view is the whole store in row-major order. */
    public boolean isWholeStore() {
        return offset == 0 && Arrays.equals(shape, store.shape()) && isContiguous();
    }

    /** Whether its elements are consecutive in the store, row-major (strides of size-1 axes do not matter). */
    public boolean isContiguous() {
        long step = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            if (shape[d] != 1 && strides[d] != step) {
                return false;
            }
            step *= shape[d];
        }
        return true;
    }

    /** The global flat index of element {@code idx}. */
    public long flatIndex(int... idx) {
        long f = offset;
        for (int d = 0; d < idx.length; d++) {
            f += strides[d] * idx[d];
        }
        return f;
    }

    /**
     * This view as {@code target} shape, NumPy's broadcasting: leading axes are added and
     * size-1 axes repeated, both with stride 0.
     *
     * @return null when it cannot be broadcast to that shape
     */
    public View broadcastTo(int[] target) {
        if (Arrays.equals(target, shape)) {
            return this;
        }
        if (target.length < shape.length) {
            return null;
        }
        long[] s = new long[target.length];
        int lead = target.length - shape.length;
        for (int d = 0; d < target.length; d++) {
            if (d < lead) {
                s[d] = 0;
            } else if (shape[d - lead] == target[d]) {
                s[d] = strides[d - lead];
            } else if (shape[d - lead] == 1) {
                s[d] = 0;
            } else {
                return null;
            }
        }
        return new View(store, target.clone(), s, offset);
    }

    /** The axes in a new order (a transpose). */
    public View permute(int[] axes) {
        int[] sh = new int[axes.length];
        long[] st = new long[axes.length];
        for (int d = 0; d < axes.length; d++) {
            sh[d] = shape[axes[d]];
            st[d] = strides[axes[d]];
        }
        return new View(store, sh, st, offset);
    }

    @Override
    public String toString() {
        return "View(store " + store.id() + ", shape " + Arrays.toString(shape) + ", strides " + Arrays.toString(strides) + ", offset "
                + offset + ")";
    }
}
