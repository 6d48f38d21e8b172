package legate.runtime.comm;

/**
 * How a rank talks to the other ranks of its session: numbered point-to-point byte blocks.
 * Every rank draws tags from the same sequence in the same order (they run the same program),
 * so the tag of an exchange is the same on every rank. {@link Collectives} are built on it.
 */
public interface RankCommunicator {
    int rank();

    int size();

    /** The next tag of this cell's sequence. */
    long nextTag();

    void send(int to, long tag, byte[] data);

    /** Blocks until rank {@code from}'s block with this tag arrives. */
    byte[] receive(int from, long tag) throws InterruptedException;

    /** One rank alone. */
    RankCommunicator SOLO = new RankCommunicator() {
        @Override
        public int rank() {
            return 0;
        }

        @Override
        public int size() {
            return 1;
        }

        @Override
        public long nextTag() {
            return 0;
        }

        @Override
        public void send(int to, long tag, byte[] data) {
            throw new IllegalStateException("one rank has no one to send to");
        }

        @Override
        public byte[] receive(int from, long tag) {
            throw new IllegalStateException("one rank has no one to receive from");
        }
    };
}
