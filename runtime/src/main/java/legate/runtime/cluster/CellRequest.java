package legate.runtime.cluster;

/** A cell rank 0 sends to every rank, in order; {@code shutdown} ends the session. */
public record CellRequest(long seq, String code, int executionCount, boolean shutdown) {
}
