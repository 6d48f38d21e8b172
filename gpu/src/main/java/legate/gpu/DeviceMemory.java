package legate.gpu;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import legate.gpu.device.Device;
import legate.gpu.device.DeviceMemoryFullException;
import legate.runtime.OutOfMemoryError;
import legate.runtime.store.Buffer;

/**
 * A rank's arrays on its GPUs: each host buffer an operation computes on gets a tile, with a copy
 * in the memory of each GPU that computes on it, which stays there between operations. The tile
 * records, range of elements by range, which copies are current (the host's, and each GPU's): an
 * operation on a GPU makes that GPU's the only current copy of the elements it writes; host code
 * reading the values ({@link Buffer#forHostRead}) copies the elements that are newer on a GPU
 * back; a GPU reading elements it does not hold current gets them from another GPU of the rank
 * (a peer copy) or from the host. With one GPU a buffer's elements are all in one of three states
 * (host newer, device newer, both current); with several, a tile's rows usually live on the GPU
 * that computes them and a GPU fetches only the rows of its neighbours it reads.
 *
 * <p>{@code --fbmem} is each GPU's budget for its tiles. When a tile does not fit, the tiles of
 * unreachable buffers are freed (after a garbage collection), then the least recently used tiles
 * on that GPU that the operation does not use are evicted (their elements current only there
 * copied back first); when the operation's own tiles do not fit, it fails with a clear error and
 * the kernel goes on. A tile is freed once its buffer is unreachable. With several GPUs, a GPU's
 * copy of a buffer is a window of its elements (the ones it computes and some beyond), grown when
 * an operation reaches further.
 *
 * <p>With {@code poison}, copies that stop being current are overwritten with garbage (the host
 * array, and the other GPUs' copies of elements a GPU writes), so that a read that forgot to copy
 * the current values over shows in tests.
 */
final class DeviceMemory {
    /** The host's bit in a range's mask of current copies; GPU {@code d}'s is {@link #bit}. */
    static final int HOST = 1;

    static int bit(int device) {
        return 2 << device;
    }

    private final Device[] devices;
    private final long budget;
    private final boolean poison;
    private final ReferenceQueue<Buffer> queue = new ReferenceQueue<>();
    /** Per GPU: the tiles with memory there, least recently used first. */
    private final List<LinkedHashSet<Tile>> tiles = new ArrayList<>();
    private final long[] used;
    /**
     * Per GPU: bytes of the tiles with memory there that the current operation uses, kept as they
     * change: counting them on each allocation walked every tile, and with a large heap the tiles
     * of unreachable buffers number in the hundreds of thousands before a collection frees them
     * (CFD at 41 x 41 on an H200 spent 97% of its time in that walk).
     */
    private final long[] pinned;
    private long operation;
    private long evictions;
    private long peerBytes;
    /** Windows grown (with several GPUs). */
    private long grown;

    DeviceMemory(Device[] devices, long budget, boolean poison) {
        this.devices = devices.clone();
        this.budget = budget;
        this.poison = poison;
        this.used = new long[devices.length];
        this.pinned = new long[devices.length];
        for (int d = 0; d < devices.length; d++) {
            tiles.add(new LinkedHashSet<>());
        }
    }

    /** A buffer's copies on the GPUs, and which copy of each range of its elements is current. */
    final class Tile extends WeakReference<Buffer> implements Buffer.Mirror {
        final int length;
        final int item;
        final legate.runtime.types.ElementType type;
        /**
         * Per GPU: where its element 0 would be, 0 when the GPU has no copy. With one GPU the copy
         * is the whole buffer (a temporary's: the elements operations use); with several, a window
         * of elements {@code lo .. hi} (each GPU's rows and some beyond), so that element 0's
         * address may lie before the allocation: the kernels only reach elements of the window.
         */
        final long[] address = new long[devices.length];
        /** Per GPU: the allocation, its window of elements, and its bytes. */
        final long[] base = new long[devices.length];
        final int[] lo = new int[devices.length];
        final int[] hi = new int[devices.length];
        final long[] size = new long[devices.length];
        /** A temporary's (discard): its copy on a rank's only GPU is the elements operations use, not the whole buffer. */
        boolean exact;
        /** Per GPU: the operation that last used the copy there: the current one's are never evicted. */
        final long[] usedBy = new long[devices.length];
        /** Ranges of elements from their first index on (to the next key, or the end): masks of the copies current there. */
        private final TreeMap<Integer, Integer> current = new TreeMap<>();
        /** Whether the host holds every element current (read without the lock by a host operation's helper threads). */
        volatile boolean hostHasAll = true;

        Tile(Buffer b) {
            super(b, queue);
            this.length = b.length();
            this.item = b.type().itemSize();
            this.type = b.type();
            current.put(0, HOST);
        }

        DeviceMemory memory() {
            return DeviceMemory.this;
        }

        @Override
        public void toHost(Buffer host, int from, int n) {
            if (hostHasAll) {
                // current on the host already: no lock, so that a host operation's helper threads, reading while the
                // rank's thread holds the lock and waits for them, go on
                return;
            }
            synchronized (DeviceMemory.this) {
                host.array(); // made now if it was made lazily
                toHostLocked(this, host, from, from + n);
            }
        }

        @Override
        public Buffer element(Buffer host, int i) {
            synchronized (DeviceMemory.this) {
                int mask = maskAt(i);
                if ((mask & HOST) != 0) {
                    return null;
                }
                int d = holder(mask);
                Buffer one = Buffer.allocate(host.type(), 1);
                devices[d].download(address[d] + (long) i * item, one, 0, 1);
                return one;
            }
        }

        @Override
        public Buffer copyOf(Buffer host) {
            synchronized (DeviceMemory.this) {
                if (onHostOnly()) {
                    return null;
                }
                try {
                    Buffer copy = Buffer.allocateLazily(host.type(), host.length());
                    Tile t = attach(copy);
                    int first = -1; // the GPU that takes the ranges only the host holds
                    for (int d = 0; d < devices.length; d++) {
                        if (address[d] != 0) {
                            use(this, d);
                            first = first < 0 ? d : first;
                        }
                    }
                    for (int[] r : ranges(0, length)) {
                        int d = (r[2] & ~HOST) == 0 ? first : holder(r[2]);
                        use(t, d);
                        window(t, d, r[0], r[1], "copy");
                        long at = (long) r[0] * item;
                        long n = (long) (r[1] - r[0]) * item;
                        if ((r[2] & ~HOST) == 0 && host.hasHostArray()) {
                            devices[d].upload(host, r[0], r[1] - r[0], t.address[d] + at);
                        } else if ((r[2] & ~HOST) == 0) {
                            devices[d].zero(t.address[d] + at, n); // a new store's zeros, never made on the host
                        } else {
                            devices[d].copy(address[d] + at, t.address[d] + at, n);
                        }
                        t.set(r[0], r[1], bit(d));
                    }
                    return copy;
                } finally {
                    // the copy reads this tile's device memory, which is freed once host is unreachable (and
                    // allocate may free unreachable tiles): host stays reachable until the copy is made
                    Reference.reachabilityFence(host);
                }
            }
        }

        /** The mask of element {@code i}. */
        int maskAt(int i) {
            Map.Entry<Integer, Integer> e = current.floorEntry(Math.max(0, i));
            return e.getValue();
        }

        /** Whether a GPU has a copy of it. */
        boolean onSomeDevice() {
            for (long a : address) {
                if (a != 0) {
                    return true;
                }
            }
            return false;
        }

        /** Whether no GPU holds an element current that the host does not. */
        boolean onHostOnly() {
            for (int m : current.values()) {
                if (m != HOST) {
                    return false;
                }
            }
            return true;
        }

        /** The ranges that meet {@code from .. to}, cut to it: {first, end, mask} each. */
        List<int[]> ranges(int from, int to) {
            List<int[]> out = new ArrayList<>();
            if (to <= from) {
                return out;
            }
            Integer k = current.floorKey(from);
            for (Map.Entry<Integer, Integer> e : current.tailMap(k, true).entrySet()) {
                if (e.getKey() >= to) {
                    break;
                }
                Integer next = current.higherKey(e.getKey());
                int end = Math.min(to, next == null ? length : next);
                out.add(new int[] {Math.max(from, e.getKey()), end, e.getValue()});
            }
            return out;
        }

        /** Elements {@code from .. to} current in exactly the copies of {@code mask}. */
        void set(int from, int to, int mask) {
            if (to <= from) {
                return;
            }
            cut(from);
            cut(to);
            current.subMap(from, true, to, false).clear();
            current.put(from, mask);
            merge();
        }

        /** Elements {@code from .. to} current in the copy of {@code bit} too. */
        void add(int from, int to, int bit) {
            if (to <= from) {
                return;
            }
            cut(from);
            cut(to);
            current.subMap(from, true, to, false).replaceAll((k, m) -> m | bit);
            merge();
        }

        /** The copy of {@code bit} holds nothing current any more (its elements current elsewhere too, or the buffer is gone). */
        void drop(int bit) {
            current.replaceAll((k, m) -> (m & ~bit) == 0 ? HOST : m & ~bit);
            merge();
        }

        private void cut(int at) {
            if (at > 0 && at < length && !current.containsKey(at)) {
                current.put(at, current.floorEntry(at).getValue());
            }
        }

        /** Neighbouring ranges with the same mask become one; the host flag follows. */
        private void merge() {
            Integer previous = null;
            boolean host = true;
            for (var it = current.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<Integer, Integer> e = it.next();
                host &= (e.getValue() & HOST) != 0;
                if (previous != null && previous.equals(e.getValue())) {
                    it.remove();
                } else {
                    previous = e.getValue();
                }
            }
            hostHasAll = host;
        }

        /** The masks, for tests: "0-100 host+0, 100-200 1". */
        String describeRanges() {
            StringBuilder s = new StringBuilder();
            for (int[] r : ranges(0, length)) {
                if (s.length() > 0) {
                    s.append(", ");
                }
                s.append(r[0]).append('-').append(r[1]).append(' ').append(maskName(r[2]));
            }
            return s.toString();
        }
    }

    static String maskName(int mask) {
        StringBuilder s = new StringBuilder();
        if ((mask & HOST) != 0) {
            s.append("host");
        }
        for (int d = 0; d < 31; d++) {
            if ((mask & bit(d)) != 0) {
                s.append(s.length() > 0 ? "+" : "").append(d);
            }
        }
        return s.toString();
    }

    /** The GPU a range current in the copies of {@code mask} (one GPU at least) is read from: the first. */
    private static int holder(int mask) {
        return Integer.numberOfTrailingZeros(mask & ~HOST) - 1;
    }

    /** Starts an operation: the tiles it uses from now on stay on their GPUs until it ends. */
    synchronized void beginOperation() {
        operation++;
        Arrays.fill(pinned, 0);
        drain();
    }

    private Tile attach(Buffer b) {
        Tile t = new Tile(b);
        b.mirror(t);
        return t;
    }

    private Tile tile(Buffer b) {
        return b.mirror() instanceof Tile t && t.memory() == this ? t : null;
    }

    /**
     * The address of {@code b}'s copy on GPU {@code d} (of element 0), with elements
     * {@code from .. to} current there: copied over from another GPU or the host where they are
     * newer there; with {@code overwrite} the operation writes every one of them, and nothing is copied.
     *
     * @param what the operation, named if it does not fit
     */
    synchronized long onDevice(int d, Buffer b, int from, int to, boolean overwrite, String what) {
        Tile t = tile(b);
        if (t == null) {
            t = attach(b);
        }
        use(t, d);
        from = Math.max(0, from);
        to = Math.min(b.length(), to);
        window(t, d, from, to, what);
        if (!overwrite) {
            fetch(t, b, d, from, to);
        }
        return t.address[d];
    }

    /**
     * Where element 0 of {@code b}'s copy on GPU {@code d} would be now (the copy's window may have
     * grown since an address was handed out in this operation: a launch takes its addresses after
     * every operand's {@link #onDevice}).
     */
    synchronized long address(int d, Buffer b) {
        Tile t = tile(b);
        if (t == null || t.address[d] == 0) {
            throw new IllegalStateException("a buffer asked for on the device has no copy there");
        }
        return t.address[d];
    }

    /**
     * Gives {@code t} a copy on GPU {@code d} whose window holds elements {@code from .. to}: the
     * whole buffer with one GPU; with several, those elements and an eighth of a GPU's share on
     * each side (a neighbour's rows read later), grown when an operation reaches beyond it (a new
     * allocation, the old window's bytes copied over on the device).
     */
    private void window(Tile t, int d, int from, int to, String what) {
        if (devices.length == 1 && !t.exact) {
            from = 0;
            to = t.length;
        }
        if (t.address[d] != 0 && t.lo[d] <= from && to <= t.hi[d]) {
            tiles.get(d).remove(t); // to the end: most recently used
            tiles.get(d).add(t);
            return;
        }
        long pad = devices.length == 1 ? 0 : t.length / (8L * devices.length); // in longs: a buffer near 2^31 elements
        int lo = (int) Math.max(0, (t.address[d] == 0 ? from : Math.min(t.lo[d], from)) - pad);
        int hi = (int) Math.min(t.length, (long) (t.address[d] == 0 ? to : Math.max(t.hi[d], to)) + pad);
        long bytes = Math.max(1, (long) (hi - lo) * t.item);
        long at = allocate(d, bytes, what);
        if (at - (long) lo * t.item == 0) { // element 0's address would read as "no copy" (and a constant to the kernels): one more element
            devices[d].free(at);
            used[d] -= bytes;
            lo--;
            bytes += t.item;
            at = allocate(d, bytes, what);
        }
        if (t.address[d] == 0) {
            t.base[d] = at;
            t.size[d] = bytes;
            t.lo[d] = lo;
            t.hi[d] = hi;
            t.address[d] = at - (long) lo * t.item;
            place(t, d);
            return;
        }
        // grown: the old window's bytes to their place in the new one (in order on the GPU's stream, after what wrote them)
        if (t.hi[d] > t.lo[d]) {
            try {
                devices[d].copy(t.base[d], at + (long) (t.lo[d] - lo) * t.item, (long) (t.hi[d] - t.lo[d]) * t.item);
            } catch (RuntimeException e) {
                devices[d].free(at);
                used[d] -= bytes;
                throw e;
            }
        }
        devices[d].free(t.base[d]);
        used[d] -= t.size[d]; // allocate counted the new one
        if (t.usedBy[d] == operation) {
            pinned[d] += bytes - t.size[d];
        }
        tiles.get(d).remove(t);
        tiles.get(d).add(t);
        t.base[d] = at;
        t.size[d] = bytes;
        t.lo[d] = lo;
        t.hi[d] = hi;
        t.address[d] = at - (long) lo * t.item;
        grown++;
    }

    /** Makes elements {@code from .. to} of {@code t} current on GPU {@code d}. */
    private void fetch(Tile t, Buffer b, int d, int from, int to) {
        int me = bit(d);
        for (int[] r : t.ranges(from, to)) {
            if ((r[2] & me) != 0) {
                continue;
            }
            long at = (long) r[0] * t.item;
            int n = r[1] - r[0];
            if ((r[2] & ~HOST) != 0) { // newer on another GPU of the rank: from there, once the work queued there is done
                int e = holder(r[2]);
                devices[d].copyFrom(devices[e], t.address[e] + at, t.address[d] + at, (long) n * t.item);
                peerBytes += (long) n * t.item;
            } else if (b.hasHostArray()) {
                devices[d].upload(b, r[0], n, t.address[d] + at);
            } else {
                devices[d].zero(t.address[d] + at, (long) n * t.item); // a new store's zeros, never made on the host
            }
            t.add(r[0], r[1], me);
        }
    }

    /** An operation on GPU {@code d} has written elements {@code from .. to} of {@code b}: its copy of them is the only current one. */
    synchronized void written(int d, Buffer b, int from, int to) {
        Tile t = tile(b);
        if (t == null || t.address[d] == 0) {
            throw new IllegalStateException("a buffer written on the device has no tile");
        }
        from = Math.max(0, from);
        to = Math.min(t.length, to);
        if (poison) {
            for (int[] r : t.ranges(from, to)) {
                int stale = r[2] & ~bit(d);
                if ((stale & HOST) != 0 && b.hasHostArray()) {
                    poisonHost(b, r[0], r[1]);
                }
                for (int e = 0; e < devices.length; e++) {
                    if ((stale & bit(e)) != 0) {
                        Buffer garbage = Buffer.allocate(t.type, r[1] - r[0]);
                        poisonHost(garbage, 0, r[1] - r[0]);
                        devices[e].upload(garbage, 0, r[1] - r[0], t.address[e] + (long) r[0] * t.item);
                    }
                }
            }
        }
        t.set(from, to, bit(d));
    }

    /** Host code is about to read (and with {@code write}, to write) all of {@code b}. */
    synchronized void forHost(Buffer b, boolean write) {
        b.array(); // made now if it was made lazily
        Tile t = tile(b);
        if (t == null) {
            return;
        }
        toHostLocked(t, b, 0, b.length());
        if (write) {
            t.set(0, t.length, HOST);
        }
    }

    /** Copies elements {@code from .. to} that are newer on a GPU back to {@code b}'s host array. */
    private void toHostLocked(Tile t, Buffer b, int from, int to) {
        for (int[] r : t.ranges(from, to)) {
            if ((r[2] & HOST) == 0) {
                int e = holder(r[2]);
                devices[e].download(t.address[e] + (long) r[0] * t.item, b, r[0], r[1] - r[0]);
                t.add(r[0], r[1], HOST);
            }
        }
    }

    /** The current operation uses {@code t}'s copy on GPU {@code d}: it is not evicted until the operation ends. */
    private void use(Tile t, int d) {
        if (t.usedBy[d] != operation) {
            t.usedBy[d] = operation;
            if (t.address[d] != 0) {
                pinned[d] += t.size[d];
            }
        }
    }

    /** {@code t} has memory on GPU {@code d} now (its allocation counted in {@code used} already). */
    private void place(Tile t, int d) {
        tiles.get(d).add(t);
        if (t.usedBy[d] == operation) {
            pinned[d] += t.size[d];
        }
    }

    /** Memory on GPU {@code d} for a tile of {@code bytes}: frees garbage, then evicts, before it gives up. */
    private long allocate(int d, long bytes, String what) {
        drain();
        if (pinned[d] + bytes > budget) { // no eviction can make room
            throw outOfMemory(d, bytes, what, "--fbmem " + (budget >> 20) + " MB per GPU" + onGpu(d));
        }
        if (used[d] + bytes > budget) {
            collectGarbage();
        }
        while (used[d] + bytes > budget && evictOne(d)) {
            // the least recently used tile went back to the host
        }
        if (used[d] + bytes > budget) {
            throw outOfMemory(d, bytes, what, "--fbmem " + (budget >> 20) + " MB per GPU" + onGpu(d));
        }
        try {
            long at = devices[d].allocate(bytes);
            used[d] += bytes;
            return at;
        } catch (DeviceMemoryFullException e) { // the device itself is full (--fbmem above what it has free)
            while (evictOne(d)) {
                // free all the device memory this operation does not use
            }
            try {
                long at = devices[d].allocate(bytes);
                used[d] += bytes;
                return at;
            } catch (DeviceMemoryFullException again) {
                throw outOfMemory(d, bytes, what, "the GPU's own memory" + onGpu(d) + ": " + again.getMessage());
            }
        }
    }

    /** Which of the rank's GPUs, where it has several. */
    private String onGpu(int d) {
        return devices.length == 1 ? "" : "; the rank's GPU " + d + " of " + devices.length + ", " + devices[d].describe();
    }

    /** The bytes of the tiles the current operation uses, counted tile by tile and as kept, summed over the GPUs; for tests. */
    synchronized long[] pinnedBytes() {
        long n = 0;
        long kept = 0;
        for (int d = 0; d < devices.length; d++) {
            for (Tile t : tiles.get(d)) {
                if (t.usedBy[d] == operation) {
                    n += t.size[d];
                }
            }
            kept += pinned[d];
        }
        return new long[] {n, kept};
    }

    /** The error for a tile that does not fit: what is left is what the operation could have after every other tile's eviction. */
    private OutOfMemoryError outOfMemory(int d, long bytes, String what, String limit) {
        long mine = 0;
        int arrays = 0;
        for (Tile t : tiles.get(d)) {
            if (t.usedBy[d] == operation) {
                mine += t.size[d];
                arrays++;
            }
        }
        long left = Math.max(0, budget - mine);
        return new OutOfMemoryError(what + ": out of GPU memory (" + limit + "): asked for " + mb(bytes) + ", " + mb(left) + " left"
                + (arrays == 0 ? "" : " (" + arrays + " arrays this operation uses hold " + mb(mine) + ")")
                + "; work on smaller arrays, or give the kernel more --fbmem");
    }

    private static String mb(long bytes) {
        return bytes >= 10L << 20 ? bytes / (1 << 20) + " MB" : String.format("%.2f MB", bytes / 1048576.0);
    }

    /** Evicts the least recently used tile on GPU {@code d} that the current operation does not use; false when there is none. */
    private boolean evictOne(int d) {
        for (Tile t : tiles.get(d)) {
            if (t.usedBy[d] == operation) {
                continue;
            }
            Buffer b = t.get();
            if (b != null) {
                for (int[] r : t.ranges(0, t.length)) {
                    if (r[2] == bit(d)) { // current only there: back to the host first
                        b.array();
                        devices[d].download(t.address[d] + (long) r[0] * t.item, b, r[0], r[1] - r[0]);
                        t.add(r[0], r[1], HOST);
                    }
                }
            }
            release(t, d);
            if (b != null && !t.onSomeDevice() && !t.exact) { // a temporary keeps its tile, and so its exact windows
                b.mirror(null);
            }
            evictions++;
            return true;
        }
        return false;
    }

    private void release(Tile t, int d) {
        if (t.address[d] != 0 && tiles.get(d).remove(t)) {
            devices[d].free(t.base[d]);
            used[d] -= t.size[d];
            if (t.usedBy[d] == operation) {
                pinned[d] -= t.size[d];
            }
        }
        t.address[d] = 0;
        t.base[d] = 0;
        t.size[d] = 0;
        t.lo[d] = 0;
        t.hi[d] = 0;
        t.drop(bit(d));
    }

    /**
     * Makes {@code b} a temporary: on a rank's only GPU too, its copy holds only the elements
     * operations use (a window, as with several GPUs), not the whole buffer.
     */
    synchronized void temporary(Buffer b) {
        Tile t = tile(b);
        (t == null ? attach(b) : t).exact = true;
    }

    /** Frees {@code b}'s copies on every GPU now (a temporary no later operation reads), rather than when the collector finds it unreachable. */
    synchronized void discard(Buffer b) {
        Tile t = tile(b);
        if (t != null) {
            releaseAll(t);
            b.mirror(null);
        }
    }

    /** Frees the tiles of buffers that have become unreachable. */
    private void drain() {
        Reference<? extends Buffer> r;
        while ((r = queue.poll()) != null) {
            releaseAll((Tile) r);
        }
    }

    private void releaseAll(Tile t) {
        for (int d = 0; d < devices.length; d++) {
            release(t, d);
        }
    }

    private void collectGarbage() {
        System.gc();
        try {
            Reference<? extends Buffer> r;
            while ((r = queue.remove(50)) != null) {
                releaseAll((Tile) r);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void poisonHost(Buffer b, int from, int to) {
        Object a = b.array();
        if (a instanceof double[] d) {
            Arrays.fill(d, from, to, -7.0e77);
        } else if (a instanceof float[] f) {
            Arrays.fill(f, from, to, -7.0e27f);
        } else if (a instanceof long[] l) {
            Arrays.fill(l, from, to, 0x5a5a5a5a5a5a5a5aL);
        } else if (a instanceof int[] i) {
            Arrays.fill(i, from, to, 0x5a5a5a5a);
        } else if (a instanceof short[] s) {
            Arrays.fill(s, from, to, (short) 0x5a5a);
        } else {
            Arrays.fill((byte[]) a, from, to, (byte) 0x5a);
        }
    }

    synchronized long usedBytes() {
        drain();
        long n = 0;
        for (long u : used) {
            n += u;
        }
        return n;
    }

    synchronized long evictions() {
        return evictions;
    }

    /** Copies' windows grown so far (several GPUs only). */
    synchronized long windowsGrown() {
        return grown;
    }

    /** Elements {@code lo .. hi} of {@code b} that GPU {@code d}'s copy holds, or null when it has none. For tests. */
    synchronized int[] window(int d, Buffer b) {
        Tile t = tile(b);
        return t == null || t.address[d] == 0 ? null : new int[] {t.lo[d], t.hi[d]};
    }

    /** Bytes copied from one GPU of the rank to another so far. */
    synchronized long peerBytes() {
        return peerBytes;
    }

    long budget() {
        return budget;
    }

    /** Which copies of {@code b} are current, range by range ("0-500 0, 500-1000 1"); "" when it has no tile. For tests. */
    synchronized String describe(Buffer b) {
        Tile t = tile(b);
        return t == null ? "" : t.describeRanges();
    }

    /** Frees every tile (the backend closes). */
    synchronized void close() {
        LinkedHashSet<Tile> all = new LinkedHashSet<>();
        for (LinkedHashSet<Tile> s : tiles) {
            all.addAll(s);
        }
        for (Tile t : all) {
            Buffer b = t.get();
            if (b != null) {
                b.array();
                toHostLocked(t, b, 0, t.length);
                b.mirror(null);
            }
            releaseAll(t);
        }
    }
}
