package legate.numpy;

import java.util.Arrays;
import legate.runtime.comm.RankCommunicator;
import legate.runtime.partition.Partition;
import legate.runtime.store.Buffer;
import legate.runtime.store.Store;
import legate.runtime.store.View;
import legate.runtime.task.ArrayRuntime;
import legate.runtime.types.ElementType;

/**
 * An array's elements in row-major order, as a sequence of items of {@code width} elements
 * (a row, or one element), cut into one contiguous run per rank: what the operations whose
 * results do not follow their operands' rows (masks, index arrays, scans, sorting) work on.
 * Either every rank holds the whole sequence ({@link #whole}: a small array, or one rank), or
 * rank q holds items {@code starts[q] .. starts[q+1]}, and every rank knows every run.
 *
 * <p>Everything here is collective: every rank calls the same methods in the same order, as a
 * cell runs on every rank; what each rank sends is decided from what every rank knows.
 */
final class Runs {
    final ArrayRuntime rt;
    /** This rank's items, current on the host; read only. */
    final Buffer data;
    final int width;
    final boolean whole;
    /** Item bounds of the ranks' runs ({@code size + 1}); {0, n} when whole. */
    final long[] starts;

    private Runs(ArrayRuntime rt, Buffer data, int width, boolean whole, long[] starts) {
        this.rt = rt;
        this.data = data;
        this.width = width;
        this.whole = whole;
        this.starts = starts;
    }

    /**
     * The elements of {@code x} as items of {@code width} elements ({@code width} divides the
     * length of x's rows, or x is 0-d or 1-D and width is 1). A view that is not a whole store
     * is copied first.
     */
    static Runs of(NDArray x, int width) {
        View v = x.view();
        if (!v.isWholeStore()) {
            v = x.copy().view();
        }
        Store s = v.store();
        ArrayRuntime rt = x.runtime();
        Buffer local = s.local().forHostRead();
        boolean whole = s.isReplicated() || rt.size() == 1;
        if (whole) {
            return new Runs(rt, local, width, true, new long[] {0, items(s.size(), width)});
        }
        Partition p = s.partition();
        long[] starts = new long[rt.size() + 1];
        for (int q = 0; q <= rt.size(); q++) {
            long row = q == rt.size() ? p.rows() : p.lo(q);
            starts[q] = items(row * s.rowLength(), width);
        }
        return new Runs(rt, local, width, false, starts);
    }

    /** This rank's items, computed here: whole when every rank computed all of them, else this rank's run (the ranks' counts are exchanged). */
    static Runs local(ArrayRuntime rt, Buffer data, int width, boolean whole) {
        long n = items(data.length(), width);
        if (whole || rt.size() == 1) {
            return new Runs(rt, data, width, true, new long[] {0, n});
        }
        double[][] counts = Exchanges.allgather(rt, new double[] {n});
        long[] starts = new long[rt.size() + 1];
        for (int q = 0; q < rt.size(); q++) {
            starts[q + 1] = starts[q] + (long) counts[q][0];
        }
        return new Runs(rt, data, width, false, starts);
    }

    /** Items laid out as {@code like}'s (this rank's share of the same sequence, computed here). */
    static Runs alignedWith(Runs like, Buffer data) {
        return new Runs(like.rt, data, like.width, like.whole, like.starts);
    }

    private static long items(long elements, int width) {
        return width == 0 ? 0 : elements / width;
    }

    /** Items in all. */
    long count() {
        return starts[starts.length - 1];
    }

    /** The first item this rank holds. */
    long lo() {
        return whole ? 0 : starts[rt.rank()];
    }

    /** Items this rank holds. */
    int n() {
        return (int) (whole ? count() : starts[rt.rank() + 1] - starts[rt.rank()]);
    }

    /** The items each rank holds, {lo[], hi[]}: with a whole sequence, every rank all. */
    long[][] ranges() {
        int size = rt.size();
        long[] lo = new long[size];
        long[] hi = new long[size];
        for (int q = 0; q < size; q++) {
            lo[q] = whole ? 0 : starts[q];
            hi[q] = whole ? count() : starts[q + 1];
        }
        return new long[][] {lo, hi};
    }

    /** The rank holding item {@code i} of a sequence that is not whole. */
    int owner(long i) {
        int q = Arrays.binarySearch(starts, i);
        if (q < 0) {
            return -q - 2;
        }
        while (q + 1 < starts.length - 1 && starts[q + 1] == i) {
            q++; // ranks holding nothing share their bound with the next
        }
        return Math.min(q, starts.length - 2);
    }

    /**
     * Items {@code want[0][me] .. want[1][me]} of the sequence, on this rank, in a new buffer;
     * every rank gives every rank's wish (the same arrays on every rank). Each holder sends
     * what it holds of each wish; nothing goes through one rank.
     */
    Buffer gather(long[][] want) {
        int me = rt.rank();
        long wLo = want[0][me];
        long wHi = want[1][me];
        Buffer out = Buffer.allocate(data.type(), (int) ((wHi - wLo) * width));
        if (whole) {
            out.copyFrom(data, (int) (wLo * width), 0, out.length());
            return out;
        }
        RankCommunicator comm = rt.comm();
        long tag = comm.nextTag();
        long myLo = starts[me];
        long myHi = starts[me + 1];
        for (int q = 0; q < rt.size(); q++) {
            long a = Math.max(myLo, want[0][q]);
            long b = Math.min(myHi, want[1][q]);
            if (q != me && a < b) {
                comm.send(q, tag, data.toBytes((int) ((a - myLo) * width), (int) ((b - a) * width)));
            }
        }
        for (int q = 0; q < rt.size(); q++) {
            long a = Math.max(starts[q], wLo);
            long b = Math.min(starts[q + 1], wHi);
            if (a >= b) {
                continue;
            }
            int at = (int) ((a - wLo) * width);
            if (q == me) {
                out.copyFrom(data, (int) ((a - myLo) * width), at, (int) ((b - a) * width));
            } else {
                out.fromBytes(Exchanges.receive(rt, q, tag), at);
            }
        }
        return out;
    }

    /** The item ranges of a new store's rows ({@code width} elements an item): what each rank holds of it. */
    static long[][] rangesOf(Store s, int width, int ranks) {
        long[] lo = new long[ranks];
        long[] hi = new long[ranks];
        for (int q = 0; q < ranks; q++) {
            lo[q] = items((long) s.partition().lo(q) * s.rowLength(), width);
            hi[q] = items((long) s.partition().hi(q) * s.rowLength(), width);
        }
        return new long[][] {lo, hi};
    }

    /** A new array of {@code shape} and {@code type} holding this sequence (its size), spread as the runtime spreads a new array. */
    NDArray toArray(ElementType type, int[] shape, String op) {
        Store s = rt.newStore(type, shape, op);
        if (s.size() > 0) {
            Buffer b = gather(rangesOf(s, width, rt.size()));
            Buffer local = s.local();
            local.array(); // made now if the backend makes it lazily
            local.copyFrom(b, 0, 0, local.length());
        }
        return new NDArray(rt, View.of(s));
    }

    NDArray toArray(int[] shape, String op) {
        return toArray(data.type(), shape, op);
    }

    // ---- sort keys: longs ordered as the values, for any element type ----

    /** A long whose signed order is {@link Double#compare}'s (NaN last, -0.0 before 0.0); {@link #decode} gives v back (NaN canonical). */
    static long encode(double v) {
        long bits = Double.doubleToLongBits(v);
        return bits ^ ((bits >> 63) & Long.MAX_VALUE);
    }

    static double decode(long key) {
        return Double.longBitsToDouble(key ^ ((key >> 63) & Long.MAX_VALUE));
    }

    /** As {@link #encode}, with NumPy's equality: -0.0 is 0.0, every NaN one value (after every number). */
    static long equalityKey(double v) {
        return encode(v == 0.0 ? 0.0 : v);
    }

    /** Element i's key: the value for integers and booleans, {@link #encode}d for floats (or when {@code asDouble}). */
    static long key(Buffer b, int i, boolean asDouble, boolean equality) {
        if (b.type().isFloating() || asDouble) {
            double v = b.getDouble(i);
            return equality ? equalityKey(v) : encode(v);
        }
        return b.type() == ElementType.UINT64 ? b.getLong(i) ^ Long.MIN_VALUE : b.getLong(i); // uint64 ordered as unsigned
    }

    /** Stores a key made by {@link #key} (not for equality keys) into element i. */
    static void store(Buffer b, int i, long key) {
        if (b.type().isFloating()) {
            b.setDouble(i, decode(key));
        } else {
            b.setLong(i, b.type() == ElementType.UINT64 ? key ^ Long.MIN_VALUE : key);
        }
    }

    /** The value of a key made by {@link #key} (not an equality key) from an element of type t. */
    static double value(long key, ElementType t) {
        if (t.isFloating()) {
            return decode(key);
        }
        return t == ElementType.UINT64 ? Buffer.unsignedToDouble(key ^ Long.MIN_VALUE) : key;
    }

    static boolean floating(ElementType t) {
        return t.isFloating();
    }
}
