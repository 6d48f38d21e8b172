package legate.runtime.comm;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The collectives of a session's ranks, over their {@link RankCommunicator}: for the array
 * runtime (gathers of block partials, an element from its owner) and for cells
 * ({@code Ranks.allreduce}). Every rank calls the same collectives in the same order.
 * Results that combine values do it in rank order on every rank, so every rank gets the same bits.
 * A wait is interruptible: {@link InterruptedException} reaches the caller.
 */
public final class Collectives {
    private Collectives() {
    }

    /** Each rank's bytes, on every rank, in rank order. */
    public static byte[][] allgather(RankCommunicator comm, byte[] mine) throws InterruptedException {
        int size = comm.size();
        byte[][] all = new byte[size][];
        all[comm.rank()] = mine;
        if (size == 1) {
            return all;
        }
        long tag = comm.nextTag();
        for (int q = 0; q < size; q++) {
            if (q != comm.rank()) {
                comm.send(q, tag, mine);
            }
        }
        for (int q = 0; q < size; q++) {
            if (q != comm.rank()) {
                all[q] = comm.receive(q, tag);
            }
        }
        return all;
    }

    /** Each rank's doubles, on every rank, in rank order. */
    public static double[][] allgather(RankCommunicator comm, double[] mine) throws InterruptedException {
        byte[][] bytes = allgather(comm, toBytes(mine));
        double[][] all = new double[bytes.length][];
        for (int q = 0; q < bytes.length; q++) {
            all[q] = q == comm.rank() ? mine : fromBytes(bytes[q]);
        }
        return all;
    }

    /** Rank {@code root}'s bytes, on every rank. */
    public static byte[] broadcast(RankCommunicator comm, byte[] bytes, int root) throws InterruptedException {
        if (comm.size() == 1) {
            return bytes;
        }
        long tag = comm.nextTag();
        if (comm.rank() == root) {
            for (int q = 0; q < comm.size(); q++) {
                if (q != root) {
                    comm.send(q, tag, bytes);
                }
            }
            return bytes;
        }
        return comm.receive(root, tag);
    }

    /** Rank {@code root}'s doubles, on every rank. */
    public static double[] broadcast(RankCommunicator comm, double[] values, int root) throws InterruptedException {
        boolean mine = comm.rank() == root;
        byte[] bytes = broadcast(comm, mine ? toBytes(values) : null, root);
        return mine ? values : fromBytes(bytes);
    }

    /** Every rank's value combined in rank order: the same bits on every rank. */
    public static double allreduce(RankCommunicator comm, double value, ReduceOp op) throws InterruptedException {
        double[][] all = allgather(comm, new double[] {value});
        double acc = all[0][0];
        for (int q = 1; q < all.length; q++) {
            acc = op.apply(acc, all[q][0]);
        }
        return acc;
    }

    /** Every rank's value combined in rank order. */
    public static long allreduce(RankCommunicator comm, long value, ReduceOp op) throws InterruptedException {
        byte[][] all = allgather(comm, ByteBuffer.allocate(8).putLong(value).array());
        long acc = ByteBuffer.wrap(all[0]).getLong();
        for (int q = 1; q < all.length; q++) {
            acc = op.apply(acc, ByteBuffer.wrap(all[q]).getLong());
        }
        return acc;
    }

    /** Returns once every rank has called it. */
    public static void barrier(RankCommunicator comm) throws InterruptedException {
        allgather(comm, new byte[1]);
    }

    private static byte[] toBytes(double[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 8).order(ByteOrder.nativeOrder());
        b.asDoubleBuffer().put(v);
        return b.array();
    }

    private static double[] fromBytes(byte[] bytes) {
        double[] v = new double[bytes.length / 8];
        ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder()).asDoubleBuffer().get(v);
        return v;
    }
}
