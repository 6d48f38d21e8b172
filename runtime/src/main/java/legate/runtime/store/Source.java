package legate.runtime.store;

import legate.runtime.comm.RankCommunicator;
import legate.runtime.partition.RowMap;
import legate.runtime.types.ElementType;

/**
 * Where this rank finds the elements of a view for the rows it computes. The store's rows this
 * rank holds are read in place; the rows it needs from other ranks (a stencil's halo, a shifted
 * slice) arrive from their owners before the operation, pushed by them: every rank knows every
 * partition and every view, so no rank asks.
 *
 * <p>For a view whose rows each lie in one store row ({@code u.get("2:")}, a row, a column
 * range), the rows before and after this rank's own arrive in two small buffers, and an
 * operation switches buffers between row ranges ({@link #segmentEnd}). Any other view (a
 * transpose, a reshape across rows) gets one buffer holding all the store rows it touches.
 */
public final class Source {
    private final View view;
    private final int rowLength;
    /** How the view's rows lie in the store's (null for a constant). */
    private final RowMap map;
    private final int ownLo;
    private final int ownHi;
    private final Buffer own;
    private Buffer below;
    private int belowLo;
    private Buffer above;
    private int aboveLo;
    private Buffer full;
    private int fullLo;
    // between push and pull: the exchange's tag and the store rows this rank needs
    private boolean pending;
    private long tag;
    private int needLo;
    private int needHi;

    private Source(View view, RowMap map, Buffer own) {
        Store s = view.store();
        this.view = view;
        this.rowLength = s.rowLength();
        this.map = map;
        this.ownLo = s.ownLo();
        this.ownHi = s.ownHi();
        this.own = own;
    }

    /** A constant (a scalar operand): every element reads the one value. */
    public static Source constant(double value, ElementType type) {
        Buffer b = Buffer.allocate(type, 1);
        b.setDouble(0, value);
        return new Source(b);
    }

    public static Source constantLong(long value, ElementType type) {
        Buffer b = Buffer.allocate(type, 1);
        b.setLong(0, value);
        return new Source(b);
    }

    private Source(Buffer b) {
        this.view = null;
        this.rowLength = 1;
        this.map = null;
        this.ownLo = 0;
        this.ownHi = 1;
        this.own = b;
    }

    public boolean isConstant() {
        return view == null;
    }

    public View view() {
        return view;
    }

    /** The view's stride along axis {@code d} (0 for a constant). */
    public long stride(int d) {
        return view == null ? 0 : view.stride(d);
    }

    /** The global flat index of the first element of view row {@code i} (of the view's only element when 0-d). */
    public long rowStart(int i) {
        if (view == null) {
            return 0;
        }
        return view.ndim() == 0 ? view.offset() : view.offset() + view.stride(0) * i;
    }

    /**
     * Prepares {@code view} (shaped like the operation's output) for the rows each rank
     * computes: rank q computes view rows {@code lo[q] .. hi[q]}. Every rank calls it, with
     * the same arguments, in the same order: it is where rows move between ranks.
     */
    public static Source prepare(RankCommunicator comm, View view, int[] lo, int[] hi) {
        return prepare(comm, view, lo, hi, view.store().local());
    }

    /**
     * As {@link #prepare(RankCommunicator, View, int[], int[])}, reading this rank's rows from
     * {@code own}: the buffer the store had when a deferred expression captured it.
     */
    public static Source prepare(RankCommunicator comm, View view, int[] lo, int[] hi, Buffer own) {
        Source src = push(comm, view, lo, hi, own);
        src.pull(comm);
        return src;
    }

    /**
     * The first half of {@link #prepare(RankCommunicator, View, int[], int[], Buffer)}: sends the
     * rows other ranks need and returns at once; {@link #pull} receives this rank's. An operation
     * with several operands pushes for all of them before it waits for any, so the ranks meet
     * once per operation, not once per operand.
     */
    public static Source push(RankCommunicator comm, View view, int[] lo, int[] hi, Buffer own) {
        Store store = view.store();
        int L = store.rowLength();
        Source src = new Source(view, RowMap.of(view), own);
        if (store.isReplicated() || comm.size() == 1 || view.size() == 0) {
            return src; // every row this rank needs, it holds
        }
        int me = comm.rank();
        int ranks = comm.size();
        int[] needLo = new int[ranks];
        int[] needHi = new int[ranks]; // exclusive
        for (int q = 0; q < ranks; q++) {
            long[] rows = src.rowsNeeded(lo[q], hi[q]);
            needLo[q] = (int) rows[0];
            needHi[q] = (int) rows[1];
        }
        long tag = comm.nextTag();
        var part = store.partition();
        // push: what each other rank needs of the rows this rank holds
        for (int q = 0; q < ranks; q++) {
            if (q == me) {
                continue;
            }
            int[][] pieces = missing(needLo[q], needHi[q], part.lo(q), part.hi(q));
            int total = 0;
            int[][] mine = new int[2][];
            for (int p = 0; p < 2; p++) {
                mine[p] = intersect(pieces[p], store.ownLo(), store.ownHi());
                total += mine[p][1] - mine[p][0];
            }
            if (total > 0) {
                java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(total * L * store.type().itemSize());
                for (int[] m : mine) {
                    if (m[1] > m[0]) {
                        bytes.writeBytes(own.toBytes((m[0] - store.ownLo()) * L, (m[1] - m[0]) * L));
                    }
                }
                comm.send(q, tag, bytes.toByteArray());
            }
        }
        src.tag = tag;
        src.needLo = needLo[me];
        src.needHi = needHi[me];
        src.pending = true;
        return src;
    }

    /** Whether rows from other ranks are still to arrive ({@link #pull}). */
    public boolean pending() {
        return pending;
    }

    /**
     * The view rows of {@code [lo, hi)} that read only store rows this rank holds, as one range
     * {from, to}: they can be computed before {@link #pull}. Null when that is not known (a view
     * whose rows cross store rows, or run backwards).
     */
    public int[] ownRows(int lo, int hi) {
        if (view == null || !map.mapped() || view.ndim() == 0 || map.step() < 0) {
            return null;
        }
        int[] own = map.rowsIn(ownLo, ownHi, view.dim(0));
        int from = Math.max(lo, Math.min(hi, own[0]));
        return new int[] {from, Math.max(from, Math.min(hi, own[1]))};
    }

    /** Receives the rows {@link #push} left to arrive (nothing when none); every rank calls it in the order it pushed. */
    public void pull(RankCommunicator comm) {
        if (!pending) {
            return;
        }
        pending = false;
        Store store = view.store();
        int L = store.rowLength();
        int me = comm.rank();
        int ranks = comm.size();
        var part = store.partition();
        // receive: the rows this rank needs and does not hold
        int[][] gaps = missing(needLo, needHi, store.ownLo(), store.ownHi());
        if (gaps[0][1] > gaps[0][0]) {
            below = Buffer.allocate(store.type(), (gaps[0][1] - gaps[0][0]) * L);
            belowLo = gaps[0][0];
        }
        if (gaps[1][1] > gaps[1][0]) {
            above = Buffer.allocate(store.type(), (gaps[1][1] - gaps[1][0]) * L);
            aboveLo = gaps[1][0];
        }
        for (int q = 0; q < ranks; q++) {
            if (q == me) {
                continue;
            }
            int[] fromBelow = intersect(gaps[0], part.lo(q), part.hi(q));
            int[] fromAbove = intersect(gaps[1], part.lo(q), part.hi(q));
            int n = (fromBelow[1] - fromBelow[0]) + (fromAbove[1] - fromAbove[0]);
            if (n == 0) {
                continue;
            }
            byte[] data;
            try {
                data = comm.receive(q, tag);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for rows from rank " + q, e);
            }
            int item = store.type().itemSize();
            int belowBytes = (fromBelow[1] - fromBelow[0]) * L * item;
            if (belowBytes > 0) {
                below.fromBytes(java.util.Arrays.copyOfRange(data, 0, belowBytes), (fromBelow[0] - belowLo) * L);
            }
            if (data.length > belowBytes) {
                above.fromBytes(java.util.Arrays.copyOfRange(data, belowBytes, data.length), (fromAbove[0] - aboveLo) * L);
            }
        }
        if (!map.mapped() && needHi > needLo && (below != null || above != null)) {
            assembleFull(needLo, needHi);
        }
    }

    /** Store rows {@code [from, to)} this rank needs for view rows {@code lo .. hi}: {from, to}. */
    private long[] rowsNeeded(int lo, int hi) {
        if (hi <= lo || view.size() == 0) {
            return new long[] {0, 0};
        }
        if (view.ndim() == 0) {
            return new long[] {map.first(), map.first() + 1};
        }
        if (map.mapped()) {
            long a = map.storeRow(lo);
            long b = map.storeRow(hi - 1);
            return new long[] {Math.min(a, b), Math.max(a, b) + 1};
        }
        long min = view.offset() + Math.min(view.stride(0) * lo, view.stride(0) * (hi - 1L));
        long max = view.offset() + Math.max(view.stride(0) * lo, view.stride(0) * (hi - 1L));
        for (int d = 1; d < view.ndim(); d++) {
            long span = view.stride(d) * (view.dim(d) - 1L);
            min += Math.min(0, span);
            max += Math.max(0, span);
        }
        return new long[] {Math.floorDiv(min, (long) rowLength), Math.floorDiv(max, (long) rowLength) + 1};
    }

    /** The parts of {@code [a, b)} outside {@code [lo, hi)}: before it and after it. */
    private static int[][] missing(int a, int b, int lo, int hi) {
        if (b <= a) {
            return new int[][] {{0, 0}, {0, 0}};
        }
        int[] before = {a, Math.max(a, Math.min(b, lo))};
        int[] after = {Math.min(b, Math.max(a, hi)), b};
        return new int[][] {before, after};
    }

    private static int[] intersect(int[] range, int lo, int hi) {
        int a = Math.max(range[0], lo);
        int b = Math.min(range[1], hi);
        return b > a ? new int[] {a, b} : new int[] {0, 0};
    }

    private void assembleFull(int lo, int hi) {
        int L = rowLength;
        full = Buffer.allocate(own.type(), (hi - lo) * L);
        fullLo = lo;
        if (below != null) {
            full.copyFrom(below, 0, (belowLo - lo) * L, below.length());
        }
        int a = Math.max(lo, ownLo);
        int b = Math.min(hi, ownHi);
        if (b > a) {
            full.copyFrom(own, (a - ownLo) * L, (a - lo) * L, (b - a) * L);
        }
        if (above != null) {
            full.copyFrom(above, 0, (aboveLo - lo) * L, above.length());
        }
    }

    /**
     * The same rows read through another view of the same store whose rows are this view's
     * rows (the view without an axis that is reduced away).
     */
    public Source as(View other) {
        Source s = new Source(other, map, own);
        s.below = below;
        s.belowLo = belowLo;
        s.above = above;
        s.aboveLo = aboveLo;
        s.full = full;
        s.fullLo = fullLo;
        return s;
    }

    /**
     * The same rows in {@code other}, a buffer of this source's length and layout (a backend's
     * temporary for part of an expression, read and written like the output): only for a source
     * that reads its own rows alone, as an operation's output does.
     */
    public Source over(Buffer other) {
        if (view == null || below != null || above != null || full != null || other.length() != own.length()) {
            throw new IllegalStateException("a temporary stands only for a source of its own rows, of the same length");
        }
        return new Source(view, map, other);
    }

    /** Every buffer this source reads (its rank's rows, rows from other ranks, a constant), without repeats. */
    public java.util.List<Buffer> buffers() {
        java.util.List<Buffer> out = new java.util.ArrayList<>(4);
        for (Buffer b : new Buffer[] {own, below, above, full}) {
            if (b != null && !out.contains(b)) {
                out.add(b);
            }
        }
        return out;
    }

    // ---- what the loops read ----

    private int region(int i) {
        long row = map.storeRow(i);
        return row < ownLo ? 0 : row < ownHi ? 1 : 2;
    }

    /** The first view row after {@code i} (at most {@code limit}) read from another buffer than row {@code i}. */
    public int segmentEnd(int i, int limit) {
        if (view == null || !map.mapped() || (below == null && above == null) || map.step() == 0) {
            return limit;
        }
        int r = region(i);
        // rows are map.storeRow(i): monotone, so the region changes at most twice
        int lo = i + 1;
        int hi = limit;
        while (lo < hi) { // the first j with region(j) != r
            int mid = (int) (((long) lo + hi) >>> 1);
            if (region(mid) != r) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /** The buffer holding view row {@code i}. */
    public Buffer buffer(int i) {
        if (view == null) {
            return own;
        }
        if (full != null) {
            return full;
        }
        if (map.mapped()) { // a 0-d view too: its one row may have come from another rank
            int r = region(i);
            return r == 0 ? below : r == 1 ? own : above;
        }
        return own;
    }

    /** The global flat index at which {@link #buffer(int)} of row {@code i} begins. */
    public long base(int i) {
        if (view == null) {
            return 0;
        }
        if (full != null) {
            return (long) fullLo * rowLength;
        }
        if (map.mapped()) { // a 0-d view too: its one row may have come from another rank
            int r = region(i);
            return (long) (r == 0 ? belowLo : r == 1 ? ownLo : aboveLo) * rowLength;
        }
        return (long) ownLo * rowLength;
    }
}
