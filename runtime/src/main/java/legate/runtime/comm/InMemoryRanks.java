package legate.runtime.comm;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Ranks of one JVM (tests, and the GPU check's ranks sharing a GPU): each a {@link RankCommunicator}
 * over in-memory mailboxes, as ranks talk over the data plane.
 */
public final class InMemoryRanks {
    private final int size;
    private final ConcurrentHashMap<String, BlockingQueue<byte[]>> boxes = new ConcurrentHashMap<>();

    public InMemoryRanks(int size) {
        this.size = size;
    }

    /** Rank {@code rank}'s communicator; one thread uses it. */
    public RankCommunicator rank(int rank) {
        return new Mailbox(rank);
    }

    private BlockingQueue<byte[]> box(int from, int to, long t) {
        return boxes.computeIfAbsent(from + ">" + to + "#" + t, k -> new LinkedBlockingQueue<>());
    }

    private final class Mailbox implements RankCommunicator {
        private final int rank;
        private long tag;

        Mailbox(int rank) {
            this.rank = rank;
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
        public long nextTag() {
            return tag++;
        }

        @Override
        public void send(int to, long t, byte[] data) {
            box(rank, to, t).add(data.clone());
        }

        @Override
        public byte[] receive(int from, long t) throws InterruptedException {
            byte[] b = box(from, rank, t).poll(30, TimeUnit.SECONDS);
            if (b == null) {
                throw new IllegalStateException("rank " + rank + " waited 30 s for rank " + from + " (tag " + t + ")");
            }
            return b;
        }
    }
}
