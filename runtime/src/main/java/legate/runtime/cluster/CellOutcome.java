package legate.runtime.cluster;

import java.io.Serializable;
import java.util.List;

/** How a cell ended on one rank: ok, or the error it raised there. */
public record CellOutcome(long seq, int rank, boolean ok, String ename, String evalue, List<String> traceback)
        implements Serializable {
    public CellOutcome {
        traceback = traceback == null ? List.of() : List.copyOf(traceback);
    }

    public static CellOutcome ok(long seq, int rank) {
        return new CellOutcome(seq, rank, true, null, null, List.of());
    }
}
