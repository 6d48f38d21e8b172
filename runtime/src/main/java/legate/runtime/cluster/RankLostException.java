package legate.runtime.cluster;

/** A rank stopped (its JVM died or stopped answering): the session cannot go on. */
public final class RankLostException extends Exception {
    private final int rank;

    public RankLostException(int rank, String message) {
        super(message);
        this.rank = rank;
    }

    public int rank() {
        return rank;
    }
}
