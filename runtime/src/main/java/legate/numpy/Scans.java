package legate.numpy;

import java.nio.ByteBuffer;
import legate.runtime.comm.RankCommunicator;
import legate.runtime.store.Buffer;
import legate.runtime.task.ArrayRuntime;
import legate.runtime.types.ElementType;

/**
 * {@code cumsum} and {@code cumprod}: NumPy's running sums and products, in NumPy's order (one
 * element after the other), so they give NumPy's bits on any number of ranks. Along a split axis
 * each rank scans its own rows, starting from the running values the previous rank passes on
 * (a chain: rank r waits for rank r-1's last values).
 */
final class Scans {
    private Scans() {
    }

    /** The type NumPy gives a running sum or product: integers and booleans widen to int64. */
    static ElementType resultType(ElementType t) {
        return DType.of(t).accumulator().elementType(); // NumPy's: int64 for signed and bool, uint64 for unsigned
    }

    /** Running sums ({@code product} false) or products of the flattened array (axis null) or along an axis. */
    static NDArray scan(NDArray x, Integer axis, boolean product) {
        String op = product ? "cumprod" : "cumsum";
        if (axis == null || x.ndim() <= 1) {
            if (axis != null) {
                NDArray.normalizeAxis(op, axis, x.ndim());
            }
            NDArray flat = x.ndim() == 1 ? x : x.ravel();
            return scanAxis(flat, 0, product, op);
        }
        return scanAxis(x, NDArray.normalizeAxis(op, axis, x.ndim()), product, op);
    }

    private static NDArray scanAxis(NDArray x, int axis, boolean product, String op) {
        int[] shape = x.shape();
        ElementType type = resultType(x.dtype().elementType());
        if (x.size() == 0) {
            return np.zeros(DType.of(type), shape);
        }
        int rowLength = Indexing.prod(shape, 1, shape.length);
        Runs xr = Runs.of(x, rowLength); // items: rows
        int rows = xr.n();
        Buffer in = xr.data;
        Buffer out = Buffer.allocate(type, rows * rowLength);
        if (axis > 0) { // within each row: no rank needs another's values
            int along = shape[axis];
            int inner = Indexing.prod(shape, axis + 1, shape.length);
            int outer = rowLength / (along * inner);
            for (int r = 0; r < rows; r++) {
                for (int o = 0; o < outer; o++) {
                    int base = r * rowLength + o * along * inner;
                    for (int b = 0; b < inner; b++) {
                        run(in, out, base + b, inner, along, type, product, null, 0);
                    }
                }
            }
            return Runs.alignedWith(xr, out).toArray(type, shape, op);
        }
        ArrayRuntime rt = x.runtime();
        RankCommunicator comm = rt.comm();
        boolean chain = !xr.whole;
        long tag = chain ? comm.nextTag() : 0;
        int me = rt.rank();
        // the previous ranks' last running values (one per column), or none for the first rows of the array
        Buffer carry = null;
        if (chain && me > 0) {
            ByteBuffer b = ByteBuffer.wrap(Exchanges.receive(rt, me - 1, tag));
            if (b.get() != 0) {
                byte[] values = new byte[b.remaining()];
                b.get(values);
                carry = Buffer.allocate(type, rowLength);
                carry.fromBytes(values, 0);
            }
        }
        for (int c = 0; c < rowLength; c++) {
            run(in, out, c, rowLength, rows, type, product, carry, c);
        }
        if (chain && me + 1 < rt.size()) {
            Buffer last = rows > 0 ? out : carry;
            int at = rows > 0 ? (rows - 1) * rowLength : 0;
            byte[] values = last == null ? new byte[0] : last.toBytes(at, rowLength);
            comm.send(me + 1, tag, ByteBuffer.allocate(1 + values.length).put((byte) (last == null ? 0 : 1)).put(values).array());
        }
        return Runs.alignedWith(xr, out).toArray(type, shape, op);
    }

    /**
     * One running sum or product: {@code n} elements from {@code start}, {@code stride} apart,
     * continuing {@code carry[c]} when there is a carry (else starting with the first element, as NumPy does).
     */
    private static void run(Buffer in, Buffer out, int start, int stride, int n, ElementType type, boolean product, Buffer carry,
                            int c) {
        if (n == 0) {
            return;
        }
        int i = start;
        switch (type) {
            case FLOAT64 -> {
                double acc = carry == null ? in.getDouble(i) : op(carry.getDouble(c), in.getDouble(i), product);
                out.setDouble(i, acc);
                for (int k = 1; k < n; k++) {
                    i += stride;
                    acc = op(acc, in.getDouble(i), product);
                    out.setDouble(i, acc);
                }
            }
            case FLOAT32 -> {
                float acc = carry == null ? (float) in.getDouble(i) : (float) op(carry.getDouble(c), in.getDouble(i), product);
                out.setDouble(i, acc);
                for (int k = 1; k < n; k++) {
                    i += stride;
                    acc = (float) op(acc, in.getDouble(i), product); // one float operation, rounded once
                    out.setDouble(i, acc);
                }
            }
            case FLOAT16 -> { // each step rounded to a half, as NumPy's float16 loop does
                double acc = carry == null ? in.getDouble(i) : half(op(carry.getDouble(c), in.getDouble(i), product));
                out.setDouble(i, acc);
                for (int k = 1; k < n; k++) {
                    i += stride;
                    acc = half(op(acc, in.getDouble(i), product));
                    out.setDouble(i, acc);
                }
            }
            default -> {
                long acc = carry == null ? in.getLong(i) : op(carry.getLong(c), in.getLong(i), product);
                out.setLong(i, acc);
                for (int k = 1; k < n; k++) {
                    i += stride;
                    acc = op(acc, in.getLong(i), product);
                    out.setLong(i, acc);
                }
            }
        }
    }

    private static double half(double v) {
        return Buffer.halfToDouble(Buffer.doubleToHalf(v));
    }

    private static double op(double a, double b, boolean product) {
        return product ? a * b : a + b;
    }

    private static long op(long a, long b, boolean product) {
        return product ? a * b : a + b;
    }
}
