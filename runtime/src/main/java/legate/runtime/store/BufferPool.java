package legate.runtime.store;

import java.lang.ref.PhantomReference;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import legate.runtime.types.ElementType;

/**
 * The arrays of dead buffers, handed to new buffers of the same type and length: what malloc's
 * free lists give NumPy. A loop that makes arrays of one size then reuses memory it has already
 * touched instead of new memory from the collector. On these machines memory touched for the
 * first time costs a page fault per 4 KB (several microseconds each), and while the JVM's heap
 * grows, which it does for the first seconds of array work, most new arrays land on such memory:
 * an 80 KB array took 190 us or more in a quarter of the allocations, 4 us once the heap had
 * stopped growing (docs/performance.md). Reused arrays also make far less garbage, so fewer
 * collections.
 *
 * <p>An array comes back when its buffer becomes unreachable: a phantom reference on the buffer
 * holds the array. That is safe because nothing holds a store buffer's array longer than the
 * buffer itself while new stores are made: buffers are made only by {@link Buffer}'s factories
 * (never around an array that another buffer holds), the backends' loops read arrays only
 * while the operation that gave them the buffers runs, and the pool is a rank's own, taken from
 * only where the rank makes a store (its own thread, between its operations' loops). Code that
 * keeps a store buffer's array past the buffer and then makes a store must hold the buffer too
 * ({@link Reference#reachabilityFence}).
 *
 * <p>Arrays under {@link #MIN_BYTES} are left to the collector (its thread-local allocation is
 * cheap for them); the pool holds at most {@code capBytes}, dropping the least recently wanted
 * sizes first, and nothing larger than {@link #MAX_BYTES} or a quarter of the cap.
 */
public final class BufferPool {
    /** Smaller arrays are not kept. */
    public static final int MIN_BYTES = 2048;

    /**
     * Larger arrays are not kept either: kept arrays of megabytes made linreg (8 MB arrays) 1.7
     * times and einsum 2 times slower (same build, pool off and on, 2 rounds each); not yet
     * understood (a guess: the collector copying kept arrays that the young generation holds).
     */
    public static final int MAX_BYTES = 256 << 10;

    private static final ElementType[] TYPES = ElementType.values();

    private final long capBytes;
    private final ReferenceQueue<Buffer> queue = new ReferenceQueue<>();
    private final Watch watched = new Watch(); // the head of a ring of watches, kept reachable until enqueued
    private final LinkedHashMap<Long, ArrayDeque<Object>> free = new LinkedHashMap<>(16, 0.75f, true);
    private long pooledBytes;
    private long reused;
    private long made;

    /** @param capBytes the most it holds */
    public BufferPool(long capBytes) {
        this.capBytes = capBytes;
        watched.prev = watched;
        watched.next = watched;
    }

    /** A buffer of zeros, on the array of a dead buffer of this type and length when there is one. */
    public Buffer allocate(ElementType type, int length) {
        long bytes = (long) length * type.itemSize();
        if (bytes < MIN_BYTES || bytes > Math.min(MAX_BYTES, capBytes / 4)) { // no lock where it keeps nothing (off: every store)
            return Buffer.allocate(type, length);
        }
        return kept(type, length, bytes);
    }

    private synchronized Buffer kept(ElementType type, int length, long bytes) {
        drain();
        long key = key(type, length);
        ArrayDeque<Object> q = free.get(key);
        Buffer b;
        if (q != null) {
            Object a = q.pollLast(); // the latest returned: likeliest still in the cache
            if (q.isEmpty()) {
                free.remove(key);
            }
            pooledBytes -= bytes;
            zero(a);
            b = Buffer.wrap(type, a, length);
            reused++;
        } else {
            b = Buffer.allocate(type, length);
            made++;
        }
        Watch w = new Watch(b, queue, type, length);
        w.next = watched.next;
        w.prev = watched;
        watched.next.prev = w;
        watched.next = w;
        return b;
    }

    /** Bytes held for reuse now (after taking in what has died). */
    public synchronized long pooledBytes() {
        drain();
        return pooledBytes;
    }

    /** How many buffers were made on a reused array, and how many on a new one (of the sizes it keeps). */
    public synchronized long[] counts() {
        return new long[] {reused, made};
    }

    /** Drops everything held (the collector takes it). */
    public synchronized void clear() {
        drain();
        free.clear();
        pooledBytes = 0;
    }

    /** The length in the low half (Long's hash is the halves' xor: lengths spread the keys over the table's buckets), the type above. */
    private static long key(ElementType type, int length) {
        return (long) type.ordinal() << 32 | length;
    }

    private void drain() {
        Reference<? extends Buffer> r;
        while ((r = queue.poll()) != null) {
            Watch w = (Watch) r;
            w.prev.next = w.next;
            w.next.prev = w.prev;
            Object a = w.array;
            w.array = null;
            keep(w.type, w.length, (long) w.length * w.type.itemSize(), a);
        }
    }

    private void keep(ElementType type, int length, long bytes, Object a) {
        Iterator<Map.Entry<Long, ArrayDeque<Object>>> eldest = free.entrySet().iterator();
        while (pooledBytes + bytes > capBytes && eldest.hasNext()) { // the sizes least recently wanted go first
            Map.Entry<Long, ArrayDeque<Object>> e = eldest.next();
            ArrayDeque<Object> q = e.getValue();
            long each = (e.getKey() & 0xffffffffL) * TYPES[(int) (e.getKey() >>> 32)].itemSize();
            while (pooledBytes + bytes > capBytes && !q.isEmpty()) {
                q.pollFirst();
                pooledBytes -= each;
            }
            if (q.isEmpty()) {
                eldest.remove();
            }
        }
        if (pooledBytes + bytes > capBytes) {
            return;
        }
        long key = key(type, length);
        ArrayDeque<Object> q = free.get(key);
        if (q == null) {
            q = new ArrayDeque<>();
            free.put(key, q);
        }
        q.addLast(a);
        pooledBytes += bytes;
    }

    private static void zero(Object a) {
        if (a instanceof double[] d) {
            Arrays.fill(d, 0);
        } else if (a instanceof long[] l) {
            Arrays.fill(l, 0);
        } else if (a instanceof float[] f) {
            Arrays.fill(f, 0);
        } else if (a instanceof int[] i) {
            Arrays.fill(i, 0);
        } else if (a instanceof short[] h) {
            Arrays.fill(h, (short) 0);
        } else {
            Arrays.fill((byte[]) a, (byte) 0);
        }
    }

    /** A buffer's array, taken back when the buffer has become unreachable. */
    private static final class Watch extends PhantomReference<Buffer> {
        Object array;
        final ElementType type;
        final int length;
        Watch prev;
        Watch next;

        Watch() {
            super(null, null);
            this.type = null;
            this.length = 0;
        }

        Watch(Buffer b, ReferenceQueue<Buffer> queue, ElementType type, int length) {
            super(b, queue);
            this.array = b.array();
            this.type = type;
            this.length = length;
        }
    }
}
