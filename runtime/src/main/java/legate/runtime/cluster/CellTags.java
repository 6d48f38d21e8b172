package legate.runtime.cluster;

/**
 * The data-plane tags of a cell: each cell owns a range of 2^24, so what an interrupted cell
 * left half done never pairs with a later one. Exchanges count up from the first tag; the last
 * three are rank 0's control operations (what its JShell ran, for the other ranks to run), each
 * rank's report of every run of code, and the cell's outcome, sent to rank 0.
 */
final class CellTags {
    private static final int BITS = 24;

    private CellTags() {
    }

    /** The first tag of cell {@code cell}'s range. */
    static long first(long cell) {
        return cell << BITS;
    }

    /** The last tag of cell {@code cell}'s range: how the cell ended on a rank. */
    static long outcome(long cell) {
        return first(cell + 1) - 1;
    }

    /** Rank 0's control operations of cell {@code cell}, to every other rank. */
    static long control(long cell) {
        return outcome(cell) - 2;
    }

    /** How each run of code of cell {@code cell} ended on a rank, to rank 0. */
    static long step(long cell) {
        return outcome(cell) - 1;
    }
}
