package legate.runtime.cluster;

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
        legate.runtime.task.ArrayRuntime.current().connect(new ClusterComm(c));
    }

    /** This rank's number, 0 to ranks() - 1. */
    public static int rank() {
        return rank;
    }

    /** How many ranks run this session. */
    public static int ranks() {
        return size;
    }

    public static double allreduce(double value, ReduceOp op) throws InterruptedException {
        Cluster c = cluster;
        return c == null ? value : c.allreduce(value, op);
    }

    public static long allreduce(long value, ReduceOp op) throws InterruptedException {
        Cluster c = cluster;
        return c == null ? value : c.allreduce(value, op);
    }

    public static byte[] broadcast(byte[] data, int root) throws InterruptedException {
        Cluster c = cluster;
        return c == null ? data : c.broadcast(data, root);
    }

    public static void barrier() throws InterruptedException {
        Cluster c = cluster;
        if (c != null) {
            c.barrier();
        }
    }
}
