package legate.runtime.cluster;

import legate.runtime.comm.RankCommunicator;

/**
 * The ranks of a {@link Cluster} as a {@link RankCommunicator}: blocks over its data plane,
 * tags from the running cell's range ({@link CellTags}), and a receive that gives up on a lost
 * rank or an interrupted cell instead of waiting forever.
 */
public final class ClusterCommunicator implements RankCommunicator {
    /** How often a receive looks up from its wait for a lost rank or an interrupt. */
    private static final long POLL_MILLIS = 200;

    private final int rank;
    private final int size;
    private final DataPlane data;
    private final LostRanks lost;
    private final CellInterrupts interrupts;
    private volatile long currentCell = -1;
    private long nextTag;

    ClusterCommunicator(int rank, int size, DataPlane data, LostRanks lost, CellInterrupts interrupts) {
        this.rank = rank;
        this.size = size;
        this.data = data;
        this.lost = lost;
        this.interrupts = interrupts;
    }

    /**
     * Called by every rank as it starts cell {@code cellSeq}: tags are numbered within the cell,
     * and blocks an earlier, interrupted cell left behind are dropped.
     */
    public synchronized void beginCell(long cellSeq) {
        currentCell = cellSeq;
        nextTag = CellTags.first(cellSeq);
        data.discardBelow(nextTag);
    }

    @Override
    public int rank() {
        return rank;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public synchronized long nextTag() {
        return nextTag++;
    }

    @Override
    public void send(int to, long tag, byte[] block) {
        data.send(to, tag, block);
    }

    /**
     * Rank {@code from}'s block with this tag; waits for it, but not for a rank that is gone, nor
     * in a cell that was interrupted: then it fails (the cell fails, and rank 0 reports why).
     */
    @Override
    public byte[] receive(int from, long tag) throws InterruptedException {
        byte[] b;
        while ((b = data.receive(from, tag, POLL_MILLIS)) == null) {
            if (interrupts.interrupted(currentCell)) { // also on a thread JShell cannot stop (a value's toString)
                throw new IllegalStateException("the cell was interrupted while this rank waited for rank " + from);
            }
            if (lost.contains(from)) {
                throw new IllegalStateException(LostRanks.stopped(from) + " while this rank waited for it");
            }
        }
        return b;
    }
}
