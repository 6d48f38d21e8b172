package legate.runtime.cluster;

/**
 * The data-plane tags of a cell: each cell owns a range of 2^24, so what an interrupted cell
 * left half done never pairs with a later one. Exchanges count up from the first tag; the last
 * is the cell's outcome, sent to rank 0.
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
}
