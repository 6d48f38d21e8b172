package legate.runtime.partition;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import legate.runtime.store.MemoryBudget;
import legate.runtime.store.Store;
import legate.runtime.store.View;
import legate.runtime.types.ElementType;
import org.junit.jupiter.api.Test;

/** Which views of a store of 30 rows of 20 are written row by row by the ranks holding those rows. */
class RowMapTest {
    private static final Store STORE = Store.create(1, ElementType.FLOAT64, new int[] {30, 20}, Partition.even(30, 3), 1,
            new MemoryBudget(1L << 30, "--sysmem"), "test");

    private static View view(int[] shape, long[] strides, long offset) {
        return new View(STORE, shape, strides, offset);
    }

    @Test
    void aViewWithinOneStoreRowIsMappedToThatRow() {
        RowMap row = RowMap.of(view(new int[] {20}, new long[] {1}, 5 * 20)); // u[5], u[5, :]
        assertTrue(row.mapped());
        assertEquals(5, row.first());
        assertEquals(0, row.step());
        assertTrue(RowMap.of(view(new int[] {6}, new long[] {-2}, 11 * 20 + 15)).mapped()); // u[11, 15:3:-2]
        assertTrue(RowMap.of(view(new int[] {2, 3}, new long[] {5, 1}, 29 * 20 + 2)).mapped()); // u[29].reshape within the row
        // rank 0 holds rows 0..10, rank 1 rows 10..20, rank 2 rows 20..30: the row's owner writes it all
        int[][] owned = new Partitioner(3, 16).ownedRows(view(new int[] {20}, new long[] {1}, 15 * 20));
        assertArrayEquals(new int[] {0, 0, 0}, owned[0]);
        assertArrayEquals(new int[] {0, 20, 0}, owned[1]);
    }

    @Test
    void columnsAndRowRangesAreMappedRowByRowAndTransposesAndRowCrossingViewsAreNot() {
        RowMap column = RowMap.of(view(new int[] {30}, new long[] {20}, 7)); // u[:, 7]
        assertTrue(column.mapped());
        assertEquals(1, column.step());
        RowMap reversed = RowMap.of(view(new int[] {10, 18}, new long[] {-40, 1}, 29 * 20 + 1)); // u[::-2][:10, 1:-1]
        assertTrue(reversed.mapped());
        assertEquals(-2, reversed.step());
        assertFalse(RowMap.of(view(new int[] {20, 30}, new long[] {1, 20}, 0)).mapped()); // u.T
        assertFalse(RowMap.of(view(new int[] {25}, new long[] {1}, 5 * 20 + 10)).mapped()); // 25 elements from mid-row 5 into row 6
        assertFalse(RowMap.of(view(new int[] {2, 20}, new long[] {1, 20}, 0)).mapped()); // u.T[:2]
    }
}
