package legate.runtime.store;

import java.util.Arrays;
import legate.runtime.types.ElementType;
import legate.runtime.partition.Partition;

/**
 * The storage behind arrays: a row-major block of {@code shape} elements of one type, of which
 * this rank holds the rows its partition gives it ({@code ownLo .. ownHi}, all of them when the
 * store is replicated). Views ({@link View}) address it by global flat index.
 */
public final class Store {
    private final long id;
    private final ElementType type;
    private final int[] shape;
    private final long size;
    private final int rows;
    private final int rowLength;
    private final Partition partition;
    private final int ownLo;
    private final int ownHi;
    private Buffer local;
    /** How many writes this store has had: see {@link #writes()}. */
    private long writes;
    /** Deferred expressions made since the last write that read this store (they hold its current buffer). */
    private int deferredReaders;

    /** Makes the buffer of a new store: a backend's choice (a GPU's leaves the host array to be made when the host needs it). */
    public interface Allocator {
        Buffer allocate(ElementType type, int length);
    }

    private Store(long id, ElementType type, int[] shape, Partition partition, int rank, Allocator allocator) {
        this.id = id;
        this.type = type;
        this.shape = shape.clone();
        this.size = sizeOf(shape);
        this.rows = shape.length == 0 ? 1 : shape[0];
        long rl = 1;
        for (int d = 1; d < shape.length; d++) {
            rl *= shape[d];
        }
        if (rl > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + ": a row of over 2^31 elements is not supported");
        }
        this.rowLength = (int) rl;
        this.partition = partition;
        this.ownLo = partition.isReplicated() ? 0 : partition.lo(rank);
        this.ownHi = partition.isReplicated() ? rows : partition.hi(rank);
        long held = (long) (ownHi - ownLo) * rowLength;
        if (held > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + ": " + held
                    + " elements on one rank are more than a Java array holds (2^31); use more ranks");
        }
        this.local = allocator.allocate(type, (int) held);
    }

    /**
     * A new store, charged to {@code memory}.
     *
     * @param what the operation, named if it does not fit
     */
    public static Store create(long id, ElementType type, int[] shape, Partition partition, int rank, MemoryBudget memory, String what) {
        return create(id, type, shape, partition, rank, memory, what, Buffer::allocate);
    }

    /** As {@link #create(long, ElementType, int[], Partition, int, MemoryBudget, String)}, its buffer made by {@code allocator}. */
    public static Store create(long id, ElementType type, int[] shape, Partition partition, int rank, MemoryBudget memory, String what,
                               Allocator allocator) {
        for (int n : shape) {
            if (n < 0) {
                throw new IllegalArgumentException(what + ": negative dimensions are not allowed: shape " + Arrays.toString(shape));
            }
        }
        long rowElems = 1;
        for (int d = 1; d < shape.length; d++) {
            rowElems *= shape[d];
        }
        long charge = (partition.isReplicated() ? sizeOf(shape) : (long) partition.maxRows() * rowElems) * type.itemSize();
        // charged before it is allocated: a store that does not fit never is. The charge is
        // credited back when the Charge (held by the store alone) becomes unreachable.
        Charge c = new Charge();
        memory.charge(c, charge, what);
        Store s = new Store(id, type, shape, partition, rank, allocator);
        s.charge = c;
        return s;
    }

    /** The object whose reachability the memory budget watches: held only by its store. */
    private static final class Charge {
    }

    @SuppressWarnings("unused")
    private Charge charge;

    public static long sizeOf(int[] shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    public long id() {
        return id;
    }

    public ElementType type() {
        return type;
    }

    public int[] shape() {
        return shape.clone();
    }

    public int ndim() {
        return shape.length;
    }

    public long size() {
        return size;
    }

    /** The rows (first axis; 1 for a 0-d store). */
    public int rows() {
        return rows;
    }

    /** Elements per row. */
    public int rowLength() {
        return rowLength;
    }

    public Partition partition() {
        return partition;
    }

    public boolean isReplicated() {
        return partition.isReplicated();
    }

    /** Why it cannot be written ("the imaginary part of a real array"), or null when it can. */
    private volatile String readOnly;

    /** Makes it read-only, for {@code why}: every assignment to it (or to a view of it) is refused. */
    public void readOnly(String why) {
        this.readOnly = why;
    }

    /** Why it is read-only, or null when it is writable. */
    public String readOnly() {
        return readOnly;
    }

    public int ownLo() {
        return ownLo;
    }

    public int ownHi() {
        return ownHi;
    }

    /** This rank's elements: rows {@code ownLo .. ownHi}, row-major. */
    public Buffer local() {
        return local;
    }

    /**
     * A deferred expression reads this store's current buffer: the next write copies the data
     * to a new buffer first, and the expression keeps reading the old one. The count is the
     * same on every rank (the same program), so every rank makes the same copies.
     */
    public Buffer readDeferred() {
        deferredReaders++;
        return local;
    }

    /** How many writes this store has had ({@link #beforeWrite()} calls): unchanged, its elements are what they were. */
    public long writes() {
        return writes;
    }

    /** Called before any write: gives the store a copy of its buffer when a deferred expression may read the current one. */
    public void beforeWrite() {
        writes++;
        if (deferredReaders > 0) {
            local = local.copy();
            deferredReaders = 0;
        }
    }

    /**
     * As {@link #beforeWrite()}, for a write that fills every element of {@code dst} in this
     * rank's rows. When {@code dst} is a box of this store (its own strides; slices with step 1),
     * the new buffer gets the old data only outside the box, since the write fills the rest:
     * that saves copying all of it first.
     */
    public void beforeWrite(View dst) {
        writes++;
        if (deferredReaders == 0) {
            return;
        }
        int[] start = boxStart(dst);
        if (start == null || local.mirror() != null) { // a mirrored buffer is copied whole where it is
            beforeWrite();
            return;
        }
        Buffer old = local;
        Buffer fresh = Buffer.allocate(type, old.length());
        int r0 = Math.max(ownLo, Math.min(ownHi, start[0]));
        int r1 = Math.max(r0, Math.min(ownHi, start[0] + dst.dim(0)));
        fresh.copyFrom(old, 0, 0, (r0 - ownLo) * rowLength); // rows before the box
        fresh.copyFrom(old, (r1 - ownLo) * rowLength, (r1 - ownLo) * rowLength, (ownHi - r1) * rowLength); // and after it
        int[] gaps = gapsInRow(dst, start);
        for (int r = r0; r < r1; r++) {
            int at = (r - ownLo) * rowLength;
            for (int g = 0; g < gaps.length; g += 2) {
                fresh.copyFrom(old, at + gaps[g], at + gaps[g], gaps[g + 1] - gaps[g]);
            }
        }
        local = fresh;
        deferredReaders = 0;
    }

    /** The first index of box view {@code v} along each axis, or null when {@code v} is not a non-empty box of this store. */
    private int[] boxStart(View v) {
        if (v.store() != this || v.ndim() != shape.length || v.ndim() == 0 || v.size() == 0) {
            return null;
        }
        long[] natural = View.contiguousStrides(shape);
        int[] start = new int[shape.length];
        long rest = v.offset();
        for (int d = 0; d < shape.length; d++) {
            if (v.stride(d) != natural[d] && v.dim(d) > 1) {
                return null;
            }
            start[d] = (int) (rest / natural[d]);
            rest %= natural[d];
            if (start[d] + v.dim(d) > shape[d]) {
                return null;
            }
        }
        return start;
    }

    /** Within a row the box crosses: the element ranges {from, to, from, to, ...} outside it, in order. */
    private int[] gapsInRow(View box, int[] start) {
        int n = shape.length;
        long[] natural = View.contiguousStrides(shape);
        int runLength = n == 1 ? rowLength : box.dim(n - 1);
        int runs = 1;
        for (int d = 1; d < n - 1; d++) {
            runs *= box.dim(d);
        }
        int[] gaps = new int[2 * (runs + 1)];
        int k = 0;
        int pos = 0;
        int[] idx = new int[n];
        for (int run = 0; run < runs; run++) {
            long first = 0; // the run's first element within the row
            for (int d = 1; d < n; d++) {
                first += (start[d] + idx[d]) * natural[d];
            }
            gaps[k++] = pos;
            gaps[k++] = (int) first;
            pos = (int) first + runLength;
            for (int d = n - 2; d >= 1; d--) { // next run: the axes before the last, last fastest
                if (++idx[d] < box.dim(d)) {
                    break;
                }
                idx[d] = 0;
            }
        }
        gaps[k++] = pos;
        gaps[k] = rowLength;
        return gaps;
    }

    /** Where global flat index {@code flat} lies in {@link #local()} (the row must be this rank's). */
    public int localIndex(long flat) {
        return (int) (flat - (long) ownLo * rowLength);
    }
}
