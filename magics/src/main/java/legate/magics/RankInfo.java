package legate.magics;

/** One running rank: its number, host and process id. */
public record RankInfo(int rank, String host, long pid) {
}
