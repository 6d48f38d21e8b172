package legate.runtime.cluster;

import legate.runtime.task.Comm;

/** The array runtime's view of the ranks: the cluster's data plane and collective tags. */
public final class ClusterComm implements Comm {
    private final Cluster cluster;

    public ClusterComm(Cluster cluster) {
        this.cluster = cluster;
    }

    @Override
    public int rank() {
        return cluster.rank();
    }

    @Override
    public int size() {
        return cluster.size();
    }

    @Override
    public long nextTag() {
        return cluster.nextTag();
    }

    @Override
    public void send(int to, long tag, byte[] data) {
        cluster.data().send(to, tag, data);
    }

    @Override
    public byte[] receive(int from, long tag) throws InterruptedException {
        return cluster.receive(from, tag);
    }
}
