package legate.runtime.cluster;

import java.io.Serializable;

/** A cell rank 0 sends to every rank, in order; {@code shutdown} ends the session. */
public record CellRequest(long seq, String code, int executionCount, boolean shutdown) implements Serializable {
}
