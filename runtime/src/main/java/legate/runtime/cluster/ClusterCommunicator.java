package legate.runtime.cluster;

import legate.runtime.comm.RankCommunicator;

/** The ranks of a {@link Cluster} as a {@link RankCommunicator}: its data plane, and tags from the cell's sequence. */
final class ClusterCommunicator implements RankCommunicator {
    private final Cluster cluster;

    ClusterCommunicator(Cluster cluster) {
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
