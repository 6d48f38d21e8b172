package legate.runtime.task;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Exchanges the array runtime needs beyond moving rows: every rank's values, to every rank. */
public final class Collectives {
    private Collectives() {
    }

    /** Each rank's doubles, on every rank, in rank order. */
    public static double[][] allgather(Comm comm, double[] mine) {
        int size = comm.size();
        double[][] all = new double[size][];
        all[comm.rank()] = mine;
        if (size == 1) {
            return all;
        }
        long tag = comm.nextTag();
        byte[] bytes = toBytes(mine);
        for (int q = 0; q < size; q++) {
            if (q != comm.rank()) {
                comm.send(q, tag, bytes);
            }
        }
        for (int q = 0; q < size; q++) {
            if (q != comm.rank()) {
                all[q] = fromBytes(receive(comm, q, tag));
            }
        }
        return all;
    }

    /** Rank {@code root}'s doubles, on every rank. */
    public static double[] broadcast(Comm comm, double[] values, int root) {
        if (comm.size() == 1) {
            return values;
        }
        long tag = comm.nextTag();
        if (comm.rank() == root) {
            byte[] bytes = toBytes(values);
            for (int q = 0; q < comm.size(); q++) {
                if (q != root) {
                    comm.send(q, tag, bytes);
                }
            }
            return values;
        }
        return fromBytes(receive(comm, root, tag));
    }

    static byte[] receive(Comm comm, int from, long tag) {
        try {
            return comm.receive(from, tag);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for rank " + from, e);
        }
    }

    static byte[] toBytes(double[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 8).order(ByteOrder.nativeOrder());
        b.asDoubleBuffer().put(v);
        return b.array();
    }

    static double[] fromBytes(byte[] bytes) {
        double[] v = new double[bytes.length / 8];
        ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder()).asDoubleBuffer().get(v);
        return v;
    }
}
