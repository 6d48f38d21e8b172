package legate.magics;

/** One running rank: its number, host and process id. */
public record RankInfo(int rank, String host, long pid) {
    /** This JVM, as rank {@code rank}. */
    public static RankInfo self(int rank) {
        return new RankInfo(rank, legate.runtime.launch.RankEnvironment.hostName(), ProcessHandle.current().pid());
    }
}
