package legate.runtime.store;

import java.util.Arrays;
import legate.numpy.DType;
import legate.runtime.partition.Partition;

/**
 * The storage behind arrays: a row-major block of {@code shape} elements of one type, of which
 * this rank holds the rows its partition gives it ({@code ownLo .. ownHi}, all of them when the
 * store is replicated). Views ({@link View}) address it by global flat index.
 */
public final class Store {
    private final long id;
    private final DType type;
    private final int[] shape;
    private final long size;
    private final int rows;
    private final int rowLength;
    private final Partition partition;
    private final int ownLo;
    private final int ownHi;
    private Buffer local;
    /** Deferred expressions made since the last write that read this store (they hold its current buffer). */
    private int deferredReaders;

    private Store(long id, DType type, int[] shape, Partition partition, int rank) {
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
        this.local = Buffer.allocate(type, (int) held);
    }

    /**
     * A new store, charged to {@code memory}.
     *
     * @param what the operation, named if it does not fit
     */
    public static Store create(long id, DType type, int[] shape, Partition partition, int rank, MemoryBudget memory, String what) {
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
        Store s = new Store(id, type, shape, partition, rank);
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

    public DType type() {
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

    /** Called before any write: gives the store a copy of its buffer when a deferred expression may read the current one. */
    public void beforeWrite() {
        if (deferredReaders > 0) {
            local = local.copy();
            deferredReaders = 0;
        }
    }

    /** Where global flat index {@code flat} lies in {@link #local()} (the row must be this rank's). */
    public int localIndex(long flat) {
        return (int) (flat - (long) ownLo * rowLength);
    }
}
