package legate.runtime.cluster;

import legate.runtime.comm.Collectives;
import legate.runtime.comm.RankCommunicator;
import legate.runtime.comm.ReduceOp;

/**
 * What a cell can ask of the ranks; statically imported into cells. Most code never needs it:
 * every rank runs the same cell. With one rank, the collectives return their argument.
 */
public final class Ranks {
    private static volatile Cluster cluster;
    private static volatile int rank;
    private static volatile int size = 1;

    private Ranks() {
    }

    /** Connects the static API, and this JVM's array runtime, to this JVM's rank. */
    public static void install(int thisRank, int ranks, Cluster c) {
        rank = thisRank;
        size = ranks;
        cluster = c;
        legate.runtime.task.ArrayRuntime.current().connect(c.communicator());
    }

    /** This rank's number, 0 to ranks() - 1. */
    public static int rank() {
        return rank;
    }

    /** How many ranks run this session. */
    public static int ranks() {
        return size;
    }

    /** Every rank's value combined in rank order ({@link ReduceOp#SUM}, MIN, MAX): the same bits on every rank. */
    public static double allreduce(double value, ReduceOp op) throws InterruptedException {
        return Collectives.allreduce(communicator(), value, op);
    }

    public static long allreduce(long value, ReduceOp op) throws InterruptedException {
        return Collectives.allreduce(communicator(), value, op);
    }

    /** Rank {@code root}'s bytes, on every rank. */
    public static byte[] broadcast(byte[] data, int root) throws InterruptedException {
        return Collectives.broadcast(communicator(), data, root);
    }

    /** Returns once every rank has called it. */
    public static void barrier() throws InterruptedException {
        Collectives.barrier(communicator());
    }

    private static RankCommunicator communicator() {
        Cluster c = cluster;
        return c == null ? RankCommunicator.SOLO : c.communicator();
    }
}
