package legate.kernel.replication;

import legate.kernel.jshell.ControlOp;
import legate.kernel.jshell.ExecutionFeed;
import legate.runtime.cluster.Cluster;

/**
 * A rank above 0's {@link ExecutionFeed} over the data plane: rank 0's operations of the cell
 * {@link WorkerRank} runs. Rank 0 ends every segment it begins and every cell, and a lost rank 0
 * ends this process, so the waits here end.
 */
public final class ClusterFeed implements ExecutionFeed {
    private final Cluster cluster;
    private volatile long cell = -1;

    public ClusterFeed(Cluster cluster) {
        this.cluster = cluster;
    }

    void cell(long seq) {
        cell = seq;
    }

    @Override
    public ControlOp next() throws InterruptedException {
        return ControlOpCodec.decode(cluster.outcomes().nextControl(cell));
    }

    @Override
    public void acknowledge(String error) {
        cluster.outcomes().reportStep(cell, cluster.rank(), error);
    }
}
