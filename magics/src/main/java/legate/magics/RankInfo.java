package legate.magics;

/**
 * One rank of the session: its number, host and process id, whether the session lost it, and what
 * it computes on ("2 CPU threads", "1 GPU (...)"; null when it has not said yet).
 */
public record RankInfo(int rank, String host, long pid, boolean lost, String processors) {
    public RankInfo(int rank, String host, long pid, boolean lost) {
        this(rank, host, pid, lost, null);
    }

    /** This JVM, as rank {@code rank}. */
    public static RankInfo self(int rank) {
        return new RankInfo(rank, legate.runtime.launch.RankEnvironment.hostName(), ProcessHandle.current().pid(), false,
                processorsOfThisJvm());
    }

    /** What this JVM's array runtime computes on, or why it cannot. */
    public static String processorsOfThisJvm() {
        var arrays = legate.runtime.task.ArrayRuntime.current();
        return arrays.unavailable().map(why -> "none usable (" + why + ")").orElse(arrays.backend().describe());
    }
}
