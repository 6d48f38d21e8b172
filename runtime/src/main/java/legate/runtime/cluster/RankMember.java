package legate.runtime.cluster;

/** One rank as it reported itself when it joined. */
public record RankMember(int rank, String host, long pid) {
}
