package legate.runtime.cluster;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Rank 0's cells, to every other rank in order, over the data plane: a Hazelcast ringbuffer cost
 * a few milliseconds a cell on two cores. Every rank is connected before rank 0 sends a cell,
 * and the blocks of one peer arrive in the order sent, so each rank reads every cell once, in order.
 */
public final class CellBroadcast {
    /**
     * The data-plane tag of the cells: the last one, above every cell's range ({@link CellTags}),
     * so no cell's clean-up drops it (a session would need 2^24 - 1 cells to reach it).
     */
    static final long TAG = (1L << 48) - 1;

    private final DataPlane data;
    private final int size;
    private final LostRanks lost;

    CellBroadcast(DataPlane data, int size, LostRanks lost) {
        this.data = data;
        this.size = size;
        this.lost = lost;
    }

    /** Rank 0: sends {@code cell} to every live rank. */
    public void publish(CellRequest cell) {
        byte[] b = encode(cell);
        for (int r = 1; r < size; r++) {
            if (!lost.contains(r)) {
                data.send(r, TAG, b);
            }
        }
    }

    /** Ranks above 0: the next cell, in order; blocks until there is one. */
    public CellRequest next() throws InterruptedException {
        return decode(data.receive(0, TAG));
    }

    static byte[] encode(CellRequest cell) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(32 + cell.code().length() * 3);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeLong(cell.seq());
            out.writeInt(cell.executionCount());
            out.writeBoolean(cell.shutdown());
            CellOutcome.writeString(out, cell.code());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not throw
        }
        return bytes.toByteArray();
    }

    static CellRequest decode(byte[] b) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(b))) {
            long seq = in.readLong();
            int count = in.readInt();
            boolean shutdown = in.readBoolean();
            return new CellRequest(seq, CellOutcome.readString(in), count, shutdown);
        } catch (IOException e) {
            throw new IllegalStateException("could not decode a cell from rank 0 (" + b.length + " bytes): " + e.getMessage(), e);
        }
    }
}
