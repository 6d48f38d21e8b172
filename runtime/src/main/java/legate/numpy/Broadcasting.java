package legate.numpy;

/** NumPy's broadcasting rules for shapes, with NumPy's errors. */
final class Broadcasting {
    private Broadcasting() {
    }

    /** The shape the array operands broadcast to (scalars take no part); an error naming every shape when they do not. */
    static int[] shapeOf(String op, Object... operands) {
        int[] shape = null;
        for (Object o : operands) {
            if (o instanceof NDArray a) {
                shape = shape == null ? a.shape() : broadcast(op, shape, a.shape(), operands);
            }
        }
        return shape == null ? new int[0] : shape;
    }

    /** The shape two shapes broadcast to; an error naming both when they do not. */
    static int[] shapes(String op, int[] x, int[] y) {
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
            r[d] = a == 1 ? b : a; // 1 against 0 is 0, as in NumPy (not the larger)
        }
        return r;
    }

    /**
     * {@code a} without the leading axes of length 1 it has beyond {@code ndim} (as NumPy's
     * assignment drops them); {@code a} itself when it has no more axes, or a longer one among them.
     */
    static NDArray withoutLeadingOnes(NDArray a, int ndim) {
        int[] s = a.shape();
        int extra = s.length - ndim;
        if (extra <= 0) {
            return a;
        }
        for (int d = 0; d < extra; d++) {
            if (s[d] != 1) {
                return a;
            }
        }
        return a.reshape(java.util.Arrays.copyOfRange(s, extra, s.length));
    }

    /** Whether an array of shape {@code from} can be assigned into one of shape {@code to}. */
    static boolean assignable(int[] from, int[] to) {
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

    /**
     * The runtime's operands of an element-wise operation of {@code shape}: each array as its
     * view broadcast to the shape, each scalar as it is.
     */
    static Object[] operands(int[] shape, Object... operands) {
        Object[] out = new Object[operands.length];
        for (int k = 0; k < operands.length; k++) {
            out[k] = operands[k] instanceof NDArray a ? a.view().broadcastTo(shape) : operands[k];
        }
        return out;
    }
}
