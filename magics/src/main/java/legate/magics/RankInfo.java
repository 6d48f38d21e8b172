package legate.magics;

/** One rank of the session: its number, host and process id, and whether the session lost it. */
public record RankInfo(int rank, String host, long pid, boolean lost) {
    /** This JVM, as rank {@code rank}. */
    public static RankInfo self(int rank) {
        return new RankInfo(rank, legate.runtime.launch.RankEnvironment.hostName(), ProcessHandle.current().pid(), false);
    }
}
