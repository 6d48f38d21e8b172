package legate.numpy;

import java.nio.ByteBuffer;
import legate.runtime.comm.Collectives;
import legate.runtime.comm.RankCommunicator;
import legate.runtime.task.ArrayRuntime;

/**
 * The exchanges of the array operations in this package, over the runtime's communicator: an
 * interrupt while a rank waits fails the operation (the cell reports it), as the runtime's own
 * exchanges do.
 */
final class Exchanges {
    private Exchanges() {
    }

    private interface Wait<T> {
        T run() throws InterruptedException;
    }

    private static <T> T uninterrupted(Wait<T> w, String waitingFor) {
        try {
            return w.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + waitingFor, e);
        }
    }

    static double[][] allgather(ArrayRuntime rt, double[] mine) {
        if (rt.size() == 1) {
            return new double[][] {mine};
        }
        return uninterrupted(() -> Collectives.allgather(rt.comm(), mine), "the other ranks");
    }

    static byte[][] allgather(ArrayRuntime rt, byte[] mine) {
        if (rt.size() == 1) {
            return new byte[][] {mine};
        }
        return uninterrupted(() -> Collectives.allgather(rt.comm(), mine), "the other ranks");
    }

    static byte[] receive(ArrayRuntime rt, int from, long tag) {
        return uninterrupted(() -> rt.comm().receive(from, tag), "rank " + from);
    }

    /** Each rank sends {@code out[q]} to rank q; returns what each rank sent this one, by rank. */
    static byte[][] alltoall(ArrayRuntime rt, byte[][] out) {
        int size = rt.size();
        int me = rt.rank();
        byte[][] in = new byte[size][];
        in[me] = out[me];
        if (size == 1) {
            return in;
        }
        RankCommunicator comm = rt.comm();
        long tag = comm.nextTag();
        for (int q = 0; q < size; q++) {
            if (q != me) {
                comm.send(q, tag, out[q]);
            }
        }
        for (int q = 0; q < size; q++) {
            if (q != me) {
                in[q] = receive(rt, q, tag);
            }
        }
        return in;
    }

    /** Every rank's long, by rank. */
    static long[] allgather(ArrayRuntime rt, long mine) {
        byte[][] all = allgather(rt, ByteBuffer.allocate(8).putLong(mine).array());
        long[] v = new long[all.length];
        for (int q = 0; q < all.length; q++) {
            v[q] = ByteBuffer.wrap(all[q]).getLong();
        }
        return v;
    }

    /** The most bytes one message of an exchange carries (one Java array, less room for a header). */
    static final long MAX_MESSAGE = Integer.MAX_VALUE - 64;

    /**
     * Fails when {@code items} items of {@code bytesEach} bytes might not fit one message. Callers
     * pass sizes every rank knows (an array's shape), so every rank fails alike, before any
     * exchange, instead of one rank failing while the others wait for it.
     */
    static void checkCarriable(long items, long bytesEach, String op) {
        if (items > MAX_MESSAGE / bytesEach) {
            throw new IllegalArgumentException(op + ": " + items + " elements split across ranks are more than one exchange"
                    + " carries (at most " + MAX_MESSAGE / bytesEach + " here); work on smaller parts of the array");
        }
    }

    /**
     * {@code values[j]} for each j with {@code owner[j] >= 0}, grouped by owner rank in j's order;
     * each group as the bytes of its longs.
     */
    static byte[][] longsByOwner(int size, int[] owner, long[] values, int n) {
        int[] counts = new int[size];
        for (int j = 0; j < n; j++) {
            if (owner[j] >= 0) {
                counts[owner[j]]++;
            }
        }
        ByteBuffer[] out = new ByteBuffer[size];
        for (int q = 0; q < size; q++) {
            out[q] = ByteBuffer.allocate(counts[q] * 8);
        }
        for (int j = 0; j < n; j++) {
            if (owner[j] >= 0) {
                out[owner[j]].putLong(values[j]);
            }
        }
        byte[][] bytes = new byte[size][];
        for (int q = 0; q < size; q++) {
            bytes[q] = out[q].array();
        }
        return bytes;
    }

    static byte[] longs(long[] v, int n) {
        ByteBuffer b = ByteBuffer.allocate(n * 8);
        b.asLongBuffer().put(v, 0, n);
        return b.array();
    }

    static long[] longs(byte[] bytes) {
        long[] v = new long[bytes.length / 8];
        ByteBuffer.wrap(bytes).asLongBuffer().get(v);
        return v;
    }
}
