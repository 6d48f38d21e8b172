package legate.numpy;

import java.nio.ByteBuffer;
import legate.runtime.comm.RankCommunicator;
import legate.runtime.store.Buffer;
import legate.runtime.task.ArrayRuntime;

/** {@code diag}, {@code tile}, {@code flip} and {@code bincount}, from the runtime's views, index arrays and exchanges. */
final class Shapes {
    private Shapes() {
    }

    static NDArray diag(NDArray v, int k) {
        if (v.ndim() == 1) {
            int len = v.shape()[0];
            int n = len + Math.abs(k);
            NDArray out = np.zeros(v.dtype(), n, n);
            if (len > 0) { // element i goes to flat index (i + max(-k, 0)) * n + i + max(k, 0)
                long first = (long) Math.max(-k, 0) * n + Math.max(k, 0);
                out.put(np.arange(0, len, 1).mul((long) n + 1).add(first), v);
            }
            return out;
        }
        if (v.ndim() == 2) {
            int rows = v.shape()[0];
            int cols = v.shape()[1];
            int len = Math.max(0, k >= 0 ? Math.min(rows, cols - k) : Math.min(rows + k, cols));
            if (len == 0) {
                return np.zeros(v.dtype(), 0);
            }
            long first = k >= 0 ? k : (long) -k * cols;
            return v.take(np.arange(0, len, 1).mul((long) cols + 1).add(first));
        }
        throw new IllegalArgumentException("diag: input must be 1- or 2-d, not " + v.ndim() + "-d");
    }

    /** NumPy's {@code tril} (lower: elements with j - i <= k kept) and {@code triu} (j - i >= k kept) of the last two axes. */
    static NDArray triangle(NDArray x, int k, boolean lower) {
        String op = lower ? "tril" : "triu";
        if (x.ndim() < 2) {
            throw new IllegalArgumentException(op + ": the array must be at least 2-D, not " + x.ndim() + "-D");
        }
        int rows = x.shape()[x.ndim() - 2];
        int cols = x.shape()[x.ndim() - 1];
        NDArray offset = np.arange(0, cols, 1).reshape(1, cols).sub(np.arange(0, rows, 1).reshape(rows, 1)); // j - i
        NDArray keep = lower ? offset.le((double) k) : offset.ge((double) k);
        return np.where(keep, x, np.zeros(x.dtype())); // a zero of x's type: integers never pass through float64
    }

    static NDArray tile(NDArray x, int... reps) {
        for (int r : reps) {
            if (r < 0) {
                throw new IllegalArgumentException("tile: negative repetitions " + java.util.Arrays.toString(reps));
            }
        }
        int d = Math.max(x.ndim(), reps.length);
        int[] shape = new int[d];
        int[] times = new int[d];
        for (int i = 0; i < d; i++) { // both aligned to the right, ones in front
            int si = i - (d - x.ndim());
            int ri = i - (d - reps.length);
            shape[i] = si >= 0 ? x.shape()[si] : 1;
            times[i] = ri >= 0 ? reps[ri] : 1;
        }
        int[] spread = new int[2 * d]; // (times0, shape0, times1, shape1, ...)
        int[] ones = new int[2 * d];
        int[] out = new int[d];
        for (int i = 0; i < d; i++) {
            spread[2 * i] = times[i];
            spread[2 * i + 1] = shape[i];
            ones[2 * i] = 1;
            ones[2 * i + 1] = shape[i];
            out[i] = times[i] * shape[i];
        }
        return x.reshape(ones).broadcastTo(spread).copy().reshape(out);
    }

    static NDArray flip(NDArray x, int axis) {
        int k = NDArray.normalizeAxis("flip", axis, x.ndim());
        StringBuilder index = new StringBuilder();
        for (int d = 0; d < x.ndim(); d++) {
            index.append(d == 0 ? "" : ", ").append(d == k ? "::-1" : ":");
        }
        return x.get(index.toString());
    }

    /**
     * Counts (or weight sums) per value. The sums run in x's order, as NumPy's: along the ranks
     * in a chain (each rank adds its elements to the running sums of the ranks before it), and
     * the last rank's sums go to every rank; so every rank gets NumPy's bits.
     */
    static NDArray bincount(NDArray x, NDArray weights, int minlength) {
        String op = "bincount";
        if (x.ndim() != 1) {
            throw new IllegalArgumentException(op + ": object too deep for desired array (x must be 1-D, not " + x.ndim() + "-D)");
        }
        if (x.dtype().isFloating()) {
            throw new IllegalArgumentException(op + ": cannot cast array data from " + x.dtype() + " to int64 (x must be integers)");
        }
        if (minlength < 0) {
            throw new IllegalArgumentException(op + ": minlength must be non-negative (got " + minlength + ")");
        }
        if (weights != null && (weights.ndim() != 1 || weights.shape()[0] != x.shape()[0])) {
            throw new IllegalArgumentException(op + ": the weights and list don't have the same length (" + NDArray.shapeText(weights.shape())
                    + " and " + NDArray.shapeText(x.shape()) + ")");
        }
        ArrayRuntime rt = x.runtime();
        Runs xr = Runs.of(x, 1);
        int n = xr.n();
        long min = Long.MAX_VALUE;
        long max = -1;
        for (int i = 0; i < n; i++) {
            long v = xr.data.getLong(i);
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        if (!xr.whole) {
            for (long each : Exchanges.allgather(rt, min)) {
                min = Math.min(min, each);
            }
            for (long each : Exchanges.allgather(rt, max)) {
                max = Math.max(max, each);
            }
        }
        if (min < 0) {
            throw new IllegalArgumentException(op + ": the first argument must have non-negative values (found " + min + ")");
        }
        int length = (int) Math.max(max + 1, minlength);
        Buffer w = weights == null ? null : Runs.of(weights, 1).gather(xr.ranges());
        double[] sums = new double[length];
        RankCommunicator comm = rt.comm();
        boolean chain = !xr.whole;
        long tag = chain ? comm.nextTag() : 0;
        int me = rt.rank();
        if (chain && me > 0) {
            ByteBuffer.wrap(Exchanges.receive(rt, me - 1, tag)).asDoubleBuffer().get(sums);
        }
        for (int i = 0; i < n; i++) {
            int v = (int) xr.data.getLong(i);
            sums[v] += w == null ? 1 : w.getDouble(i);
        }
        if (chain) {
            byte[] bytes = new byte[length * 8];
            if (me + 1 < rt.size()) {
                ByteBuffer.wrap(bytes).asDoubleBuffer().put(sums);
                comm.send(me + 1, tag, bytes);
            }
            ByteBuffer.wrap(bytes).asDoubleBuffer().put(sums);
            try {
                bytes = legate.runtime.comm.Collectives.broadcast(comm, bytes, rt.size() - 1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for rank " + (rt.size() - 1), e);
            }
            ByteBuffer.wrap(bytes).asDoubleBuffer().get(sums);
        }
        if (weights == null) {
            long[] counts = new long[length];
            for (int i = 0; i < length; i++) {
                counts[i] = (long) sums[i];
            }
            return np.array(counts);
        }
        return np.array(sums);
    }
}
