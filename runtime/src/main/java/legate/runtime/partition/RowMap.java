package legate.runtime.partition;

import legate.runtime.store.View;

/**
 * How a view's rows lie in its store: when {@code mapped}, every element of view row i is in
 * store row {@code first + step * i} (a row, a column range, {@code u[2:]}; step 0 when the whole
 * view lies in one store row, as {@code u[0, :]}); otherwise view rows cross store rows (a
 * transpose, a reshape across rows).
 */
public record RowMap(boolean mapped, long first, long step) {

    public static RowMap of(View view) {
        int rowLength = view.store().rowLength();
        long first = Math.floorDiv(view.offset(), (long) rowLength);
        if (view.ndim() == 0) {
            return new RowMap(true, first, 0);
        }
        long innerMin = 0;
        long innerMax = 0;
        for (int d = 1; d < view.ndim(); d++) {
            long span = view.stride(d) * (view.dim(d) - 1L);
            innerMin += Math.min(0, span);
            innerMax += Math.max(0, span);
        }
        long o = Math.floorMod(view.offset(), (long) rowLength);
        if (view.stride(0) % rowLength == 0 && o + innerMin >= 0 && o + innerMax < rowLength) {
            return new RowMap(true, first, view.stride(0) / rowLength);
        }
        // the whole view in one store row (a row's elements, u[5] or u[0, :]): every view row in it
        long reach = view.stride(0) * (view.dim(0) - 1L);
        boolean oneRow = o + innerMin + Math.min(0, reach) >= 0 && o + innerMax + Math.max(0, reach) < rowLength;
        return new RowMap(oneRow, first, oneRow ? 0 : view.stride(0) / rowLength);
    }

    /**
     * Of view rows {@code 0 .. n} (a mapped view), those whose store rows are {@code rowLo .. rowHi}:
     * {from, to}, one range since the map is monotone.
     */
    public int[] rowsIn(long rowLo, long rowHi, int n) {
        if (step == 0) {
            return first >= rowLo && first < rowHi ? new int[] {0, n} : new int[] {0, 0};
        }
        if (step > 0) {
            int from = (int) clamp(ceilDiv(rowLo - first, step), n);
            return new int[] {from, (int) Math.max(from, clamp(ceilDiv(rowHi - first, step), n))};
        }
        long a = -step; // rows in decreasing store order (a reversed view)
        int from = (int) clamp(ceilDiv(first - rowHi + 1, a), n);
        return new int[] {from, (int) Math.max(from, clamp(Math.floorDiv(first - rowLo, a) + 1, n))};
    }

    /** The store row of view row {@code i}. */
    public long storeRow(int i) {
        return first + step * i;
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }

    private static long clamp(long v, int n) {
        return Math.max(0, Math.min(n, v));
    }
}
