package legate.runtime.cluster;

import com.hazelcast.ringbuffer.Ringbuffer;

/** Rank 0's cells, to every rank in order (a Hazelcast Ringbuffer; each rank reads it from the start). */
public final class CellBroadcast {
    private final Ringbuffer<CellRequest> cells;
    private long nextToRead;

    CellBroadcast(Ringbuffer<CellRequest> cells) {
        this.cells = cells;
    }

    /** Rank 0: sends a cell to every rank. */
    public void publish(CellRequest cell) {
        cells.add(cell);
    }

    /** Ranks above 0: the next cell, in order; blocks until there is one. */
    public CellRequest next() throws InterruptedException {
        return cells.readOne(nextToRead++);
    }
}
