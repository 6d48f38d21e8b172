package legate.numpy;

import legate.runtime.store.Store;
import legate.runtime.task.MatrixProduct;

/**
 * NumPy's matmul and dot: their shapes, broadcasting over stacks and errors. The runtime
 * computes each matrix product ({@link MatrixProduct}).
 */
final class LinearAlgebra {
    private LinearAlgebra() {
    }

    /** NumPy's matmul: matrix products, over stacks of matrices (the leading axes broadcast). */
    static NDArray matmul(NDArray a, NDArray b, String op) {
        if (a.ndim() == 0 || b.ndim() == 0) {
            throw new IllegalArgumentException(op + ": matmul: input operand does not have enough dimensions (scalars are not allowed; "
                    + "use mul)");
        }
        if (a.ndim() > 2 || b.ndim() > 2) {
            return stacked(a, b, op);
        }
        return matrices(a, b, op);
    }

    /**
     * NumPy's dot: as matmul for 1-D and 2-D arrays, a product with a scalar, and for N-D arrays
     * the sum over a's last axis and b's second-to-last ({@code dot(a, b)[i,j,k,m] =
     * sum(a[i,j,:] * b[k,:,m])}).
     */
    static NDArray dot(NDArray a, NDArray b) {
        if (a.ndim() == 0 || b.ndim() == 0) {
            return a.mul(b);
        }
        if (a.ndim() <= 2 && b.ndim() <= 2) {
            return matrices(a, b, "dot");
        }
        int[] as = a.shape();
        int[] bs = b.shape();
        int k = as[as.length - 1];
        int bk = bs.length == 1 ? bs[0] : bs[bs.length - 2];
        if (k != bk) {
            throw new IllegalArgumentException("dot: shapes " + NDArray.shapeText(as) + " and " + NDArray.shapeText(bs) + " not aligned: "
                    + k + " (dim " + (as.length - 1) + ") != " + bk + " (dim " + Math.max(0, bs.length - 2) + ")");
        }
        NDArray left = a.reshape(-1, k);
        NDArray right;
        int[] shape; // a's axes but the last, then b's but the second-to-last
        if (bs.length == 1) {
            right = b.reshape(k, 1);
            shape = java.util.Arrays.copyOf(as, as.length - 1);
        } else {
            int[] axes = new int[bs.length]; // b's second-to-last axis first, the others in order
            axes[0] = bs.length - 2;
            for (int d = 0, t = 1; d < bs.length; d++) {
                if (d != bs.length - 2) {
                    axes[t++] = d;
                }
            }
            right = b.transpose(axes).reshape(k, -1);
            shape = new int[as.length - 1 + bs.length - 1];
            System.arraycopy(as, 0, shape, 0, as.length - 1);
            System.arraycopy(bs, 0, shape, as.length - 1, bs.length - 2);
            shape[shape.length - 1] = bs[bs.length - 1];
        }
        return product(left, right, left.shape()[0], k, right.shape()[1], "dot").reshape(shape);
    }

    /** matmul with an operand of more than 2 dimensions: one product per matrix of the broadcast stack. */
    private static NDArray stacked(NDArray a, NDArray b, String op) {
        boolean vecA = a.ndim() == 1;
        boolean vecB = b.ndim() == 1;
        NDArray x = vecA ? a.reshape(1, a.shape()[0]) : a; // (..., n, k)
        NDArray y = vecB ? b.reshape(b.shape()[0], 1) : b; // (..., k, m)
        int[] xs = x.shape();
        int[] ys = y.shape();
        int n = xs[xs.length - 2];
        int k = xs[xs.length - 1];
        int m = ys[ys.length - 1];
        if (ys[ys.length - 2] != k) {
            throw new IllegalArgumentException(op + ": shapes " + NDArray.shapeText(a.shape()) + " and " + NDArray.shapeText(b.shape())
                    + " not aligned: " + k + " (dim " + (a.ndim() - 1) + ") != " + ys[ys.length - 2] + " (dim " + Math.max(0, b.ndim() - 2)
                    + ")");
        }
        // the stacks' shapes broadcast: an error names them, as NumPy's does
        int[] batch = Broadcasting.shapes(op + ": stacks of matrices", java.util.Arrays.copyOf(xs, xs.length - 2),
                java.util.Arrays.copyOf(ys, ys.length - 2));
        int[] shape = concat(batch, n, m);
        NDArray c;
        if (ys.length == 2) { // one right matrix for the whole stack: a single product of all its rows
            c = product(x.reshape(-1, k), y, (int) (x.size() / k), k, m, op).reshape(shape);
        } else {
            int count = (int) Store.sizeOf(batch);
            NDArray xb = x.broadcastTo(concat(batch, n, k));
            NDArray yb = y.broadcastTo(concat(batch, k, m));
            NDArray[] parts = new NDArray[count];
            int[] idx = new int[batch.length];
            for (int i = 0; i < count; i++) {
                StringBuilder at = new StringBuilder();
                for (int d = 0; d < batch.length; d++) {
                    at.append(d == 0 ? "" : ", ").append(idx[d]);
                }
                parts[i] = product(xb.get(at.toString()), yb.get(at.toString()), n, k, m, op);
                for (int d = batch.length - 1; d >= 0; d--) {
                    if (++idx[d] < batch[d]) {
                        break;
                    }
                    idx[d] = 0;
                }
            }
            c = np.stack(parts).reshape(shape);
        }
        if (vecA || vecB) { // the axis the vector was given drops again
            int[] out = new int[shape.length - 1];
            System.arraycopy(shape, 0, out, 0, batch.length);
            out[batch.length] = vecA ? m : n;
            return c.reshape(out);
        }
        return c;
    }

    private static int[] concat(int[] batch, int r, int c) {
        int[] s = java.util.Arrays.copyOf(batch, batch.length + 2);
        s[batch.length] = r;
        s[batch.length + 1] = c;
        return s;
    }

    /** matmul of 1-D and 2-D arrays. */
    private static NDArray matrices(NDArray a, NDArray b, String op) {
        boolean vecA = a.ndim() == 1;
        boolean vecB = b.ndim() == 1;
        NDArray a2 = vecA ? a.reshape(1, a.shape()[0]) : a;
        NDArray b2 = vecB ? b.reshape(b.shape()[0], 1) : b;
        int n = a2.shape()[0];
        int k = a2.shape()[1];
        int m = b2.shape()[1];
        if (b2.shape()[0] != k) {
            throw new IllegalArgumentException(op + ": shapes " + NDArray.shapeText(a.shape()) + " and " + NDArray.shapeText(b.shape())
                    + " not aligned: " + k + " (dim " + (a.ndim() - 1) + ") != " + b2.shape()[0] + " (dim 0)");
        }
        NDArray c = product(a2, b2, n, k, m, op);
        if (vecA && vecB) {
            return c.reshape();
        }
        if (vecA) {
            return c.reshape(m);
        }
        if (vecB) {
            return c.reshape(n);
        }
        return c;
    }

    private static NDArray product(NDArray a, NDArray b, int n, int k, int m, String op) {
        DType type = DType.promote(a.dtype(), b.dtype()); // NumPy's: integers keep their promoted type (and wrap)
        if (k == 0 || n == 0 || m == 0) { // sums over nothing are zeros
            return np.zeros(type, n, m);
        }
        return new NDArray(a.runtime(), MatrixProduct.of(a.runtime(), a.view(), b.view(), n, k, m, type.elementType(), op));
    }
}
