package legate.gpu;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import legate.gpu.device.Device;
import legate.gpu.device.DeviceMemoryFullException;
import legate.runtime.OutOfMemoryError;
import legate.runtime.store.Buffer;

/**
 * A rank's arrays on its GPU: each host buffer an operation computes on gets a tile, a copy in
 * device memory, which stays there between operations. A tile's state says which copy is
 * current: an operation on the GPU makes the device's the newer, and host code reading the
 * values ({@link Buffer#forHostRead}) copies them back; a host write makes the host's newer,
 * and the next GPU operation copies them over again.
 *
 * <p>{@code --fbmem} is the tiles' budget. When a tile does not fit, the tiles of unreachable
 * buffers are freed (after a garbage collection), then the least recently used tiles that the
 * operation does not use are evicted (copied back first when the device's copy is newer); when
 * the operation's own tiles do not fit, it fails with a clear error and the kernel goes on. A
 * tile is freed once its buffer is unreachable.
 *
 * <p>With {@code poison}, the host array of a tile whose device copy is newer is overwritten
 * with garbage, so that a host read that forgot to copy back shows in tests.
 */
final class DeviceMemory {
    enum State {
        /** The host array is newer (the device copy is stale). */
        HOST,
        /** The device copy is newer (the host array is stale). */
        DEVICE,
        /** Both are current. */
        BOTH
    }

    private final Device device;
    private final long budget;
    private final boolean poison;
    private final ReferenceQueue<Buffer> queue = new ReferenceQueue<>();
    /** Tiles with device memory, least recently used first. */
    private final LinkedHashSet<Tile> tiles = new LinkedHashSet<>();
    private long used;
    /**
     * Bytes of the tiles with device memory that the current operation uses, kept as they change:
     * counting them on each allocation walked every tile, and with a large heap the tiles of
     * unreachable buffers number in the hundreds of thousands before a collection frees them (CFD
     * at 41 x 41 on an H200 spent 97% of its time in that walk).
     */
    private long pinned;
    private long operation;
    private long evictions;

    DeviceMemory(Device device, long budget, boolean poison) {
        this.device = device;
        this.budget = budget;
        this.poison = poison;
    }

    /** A buffer's copy on the device. */
    final class Tile extends WeakReference<Buffer> implements Buffer.Mirror {
        final long bytes;
        long address;
        /** Written under the memory's lock; read without it where only DEVICE matters. */
        volatile State state = State.HOST;
        /** The operation that last used it: the current one's tiles are never evicted. */
        long usedBy;

        Tile(Buffer b) {
            super(b, queue);
            this.bytes = Math.max(1, (long) b.length() * b.type().itemSize());
        }

        DeviceMemory memory() {
            return DeviceMemory.this;
        }

        @Override
        public void toHost(Buffer host, int from, int n) {
            if (state != State.DEVICE) {
                // current on the host already: no lock, so that a host operation's helper threads, reading while the
                // rank's thread holds the lock and waits for them, go on
                return;
            }
            synchronized (DeviceMemory.this) {
                if (state != State.DEVICE || address == 0) {
                    return;
                }
                host.array(); // made now if it was made lazily
                if (from == 0 && n == host.length()) {
                    device.download(address, host, 0, n);
                    state = State.BOTH;
                } else { // a part: the rest stays stale
                    device.download(address + (long) from * host.type().itemSize(), host, from, n);
                }
            }
        }

        @Override
        public Buffer element(Buffer host, int i) {
            synchronized (DeviceMemory.this) {
                if (state != State.DEVICE || address == 0) {
                    return null;
                }
                Buffer one = Buffer.allocate(host.type(), 1);
                device.download(address + (long) i * host.type().itemSize(), one, 0, 1);
                return one;
            }
        }

        @Override
        public Buffer copyOf(Buffer host) {
            synchronized (DeviceMemory.this) {
                if (state == State.HOST || address == 0) {
                    return null;
                }
                try {
                    use(this);
                    Buffer copy = Buffer.allocateLazily(host.type(), host.length());
                    Tile t = attach(copy);
                    use(t);
                    place(t, allocate(t.bytes, "copy"));
                    device.copy(address, t.address, bytes);
                    written(copy);
                    return copy;
                } finally {
                    // the copy reads this tile's device memory, which is freed once host is unreachable (and
                    // allocate may free unreachable tiles): host stays reachable until the copy is made
                    java.lang.ref.Reference.reachabilityFence(host);
                }
            }
        }
    }

    /** Starts an operation: the tiles it uses from now on stay on the device until it ends. */
    synchronized void beginOperation() {
        operation++;
        pinned = 0;
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
     * The device address of {@code b}'s current elements, copied over when the host's are newer;
     * with {@code overwrite} the operation writes every element, and nothing is copied.
     *
     * @param what the operation, named if it does not fit
     */
    synchronized long onDevice(Buffer b, boolean overwrite, String what) {
        Tile t = tile(b);
        if (t == null) {
            t = attach(b);
        }
        use(t);
        if (t.address == 0) {
            place(t, allocate(t.bytes, what));
        } else {
            tiles.remove(t); // to the end: most recently used
            tiles.add(t);
        }
        if (t.state == State.HOST && !overwrite && b.length() > 0) {
            if (b.hasHostArray()) {
                device.upload(b, 0, b.length(), t.address);
            } else {
                device.zero(t.address, t.bytes); // a new store's zeros, never made on the host
            }
            t.state = State.BOTH;
        }
        return t.address;
    }

    /** An operation on the device has written {@code b}: its device copy is the newer. */
    synchronized void written(Buffer b) {
        Tile t = tile(b);
        if (t == null || t.address == 0) {
            throw new IllegalStateException("a buffer written on the device has no tile");
        }
        t.state = State.DEVICE;
        if (poison && b.hasHostArray()) {
            poison(b);
        }
    }

    /** Host code is about to read (and with {@code write}, to write) all of {@code b}. */
    synchronized void forHost(Buffer b, boolean write) {
        b.array(); // made now if it was made lazily
        Tile t = tile(b);
        if (t == null) {
            return;
        }
        t.toHost(b, 0, b.length());
        if (write) {
            t.state = State.HOST;
        }
    }

    /** The current operation uses {@code t}: it is not evicted until the operation ends. */
    private void use(Tile t) {
        if (t.usedBy != operation) {
            t.usedBy = operation;
            if (t.address != 0) {
                pinned += t.bytes;
            }
        }
    }

    /** {@code t} has device memory at {@code address} now. */
    private void place(Tile t, long address) {
        t.address = address;
        tiles.add(t);
        if (t.usedBy == operation) {
            pinned += t.bytes;
        }
    }

    /** Device memory for a tile of {@code bytes}: frees garbage, then evicts, before it gives up. */
    private long allocate(long bytes, String what) {
        drain();
        if (pinned + bytes > budget) { // no eviction can make room
            throw outOfMemory(bytes, what, "--fbmem " + (budget >> 20) + " MB per GPU");
        }
        if (used + bytes > budget) {
            collectGarbage();
        }
        while (used + bytes > budget && evictOne()) {
            // the least recently used tile went back to the host
        }
        if (used + bytes > budget) {
            throw outOfMemory(bytes, what, "--fbmem " + (budget >> 20) + " MB per GPU");
        }
        try {
            long at = device.allocate(bytes);
            used += bytes;
            return at;
        } catch (DeviceMemoryFullException e) { // the device itself is full (--fbmem above what it has free)
            while (evictOne()) {
                // free all the device memory this operation does not use
            }
            try {
                long at = device.allocate(bytes);
                used += bytes;
                return at;
            } catch (DeviceMemoryFullException again) {
                throw outOfMemory(bytes, what, "the GPU's own memory: " + again.getMessage());
            }
        }
    }

    /** The bytes of the tiles the current operation uses, counted tile by tile and as kept; for tests. */
    synchronized long[] pinnedBytes() {
        long n = 0;
        for (Tile t : tiles) {
            if (t.usedBy == operation) {
                n += t.bytes;
            }
        }
        return new long[] {n, pinned};
    }

    /** The error for a tile that does not fit: what is left is what the operation could have after every other tile's eviction. */
    private OutOfMemoryError outOfMemory(long bytes, String what, String limit) {
        long mine = 0;
        int arrays = 0;
        for (Tile t : tiles) {
            if (t.usedBy == operation) {
                mine += t.bytes;
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

    /** Evicts the least recently used tile the current operation does not use; false when there is none. */
    private boolean evictOne() {
        for (Tile t : tiles) {
            if (t.usedBy == operation) {
                continue;
            }
            Buffer b = t.get();
            if (b != null && t.state == State.DEVICE) {
                b.array();
                device.download(t.address, b, 0, b.length());
            }
            if (b != null) {
                b.mirror(null);
            }
            release(t);
            evictions++;
            return true;
        }
        return false;
    }

    private void release(Tile t) {
        if (t.address != 0 && tiles.remove(t)) {
            device.free(t.address);
            used -= t.bytes;
            if (t.usedBy == operation) {
                pinned -= t.bytes;
            }
        }
        t.address = 0;
        t.state = State.HOST;
    }

    /** Frees the tiles of buffers that have become unreachable. */
    private void drain() {
        Reference<? extends Buffer> r;
        while ((r = queue.poll()) != null) {
            release((Tile) r);
        }
    }

    private void collectGarbage() {
        System.gc();
        try {
            Reference<? extends Buffer> r;
            while ((r = queue.remove(50)) != null) {
                release((Tile) r);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void poison(Buffer b) {
        Object a = b.array();
        if (a instanceof double[] d) {
            Arrays.fill(d, -7.0e77);
        } else if (a instanceof float[] f) {
            Arrays.fill(f, -7.0e27f);
        } else if (a instanceof long[] l) {
            Arrays.fill(l, 0x5a5a5a5a5a5a5a5aL);
        } else if (a instanceof int[] i) {
            Arrays.fill(i, 0x5a5a5a5a);
        } else {
            Arrays.fill((byte[]) a, (byte) 0x5a);
        }
    }

    synchronized long usedBytes() {
        drain();
        return used;
    }

    synchronized int tileCount() {
        drain();
        return tiles.size();
    }

    synchronized long evictions() {
        return evictions;
    }

    long budget() {
        return budget;
    }

    /** The tiles that hold device memory now, for tests. */
    synchronized List<State> states() {
        List<State> out = new ArrayList<>();
        for (Tile t : tiles) {
            out.add(t.state);
        }
        return out;
    }

    /** Frees every tile (the backend closes). */
    synchronized void close() {
        for (Tile t : new ArrayList<>(tiles)) {
            Buffer b = t.get();
            if (b != null) {
                if (t.state == State.DEVICE) {
                    b.array();
                    device.download(t.address, b, 0, b.length());
                }
                b.mirror(null);
            }
            release(t);
        }
    }
}
