package legate.gpu.device;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.TreeMap;
import legate.gpu.Kernels;
import legate.runtime.store.Buffer;

/**
 * A GPU in Java, for machines without one: device memory is Java byte arrays at made-up
 * addresses, and a launch runs the kernel's Java twin ({@link EvalTwin}) on them. It has the
 * real device's failure modes: an allocation beyond its memory fails as CUDA's does, an access
 * outside an allocation fails the launch, and tests can make a chosen call fail
 * ({@link #failAt}). It counts what crosses between host and device, so tests can see that data
 * stays on the device between operations.
 */
public final class SimulatedDevice implements Device {
    /** Calls a test can make fail. */
    public enum Call { ALLOCATE, UPLOAD, DOWNLOAD, LAUNCH, PEER }

    private static final long ALIGN = 256;

    private final String name;
    private final long total;
    private final TreeMap<Long, ByteBuffer> allocations = new TreeMap<>();
    private long next = 1L << 32;
    private long used;
    private final Map<Call, Integer> failAt = new java.util.EnumMap<>(Call.class);
    private final Map<Call, Integer> calls = new java.util.EnumMap<>(Call.class);
    private long bytesUp;
    private long bytesDown;
    private long bytesFromPeers;
    /** Bytes left unallocated after each allocation. */
    private long gap = ALIGN;

    /**
     * @param index the device's number (in its name)
     * @param total its memory in bytes
     */
    public SimulatedDevice(int index, long total) {
        this.name = index + ": simulated GPU, " + (total >= 1L << 30 ? String.format(java.util.Locale.ROOT, "%.1f GiB", total / (double) (1L << 30))
                : (total >> 20) + " MiB");
        this.total = total;
    }

    /**
     * Leaves 64 GiB unallocated after each allocation from now on, so that a kernel's access
     * outside the allocation it started in falls in a gap and fails, however far from it (the
     * backend addresses a window of a buffer through where its element 0 would be, before the
     * allocation). Not for devices whose address space is copied whole ({@link #image}).
     */
    public SimulatedDevice spread() {
        this.gap = 1L << 36;
        return this;
    }

    @Override
    public String describe() {
        return name;
    }

    @Override
    public int multiprocessors() {
        return MULTIPROCESSORS;
    }

    /** What a simulated device reports as its multiprocessors: a small GPU's, so that tests reach both sides of a choice by size. */
    public static final int MULTIPROCESSORS = 4;

    @Override
    public long totalBytes() {
        return total;
    }

    /** Makes the {@code nth} call of kind {@code call} from now on (1: the next one) fail. */
    public synchronized void failAt(Call call, int nth) {
        failAt.put(call, calls.getOrDefault(call, 0) + nth);
    }

    private void count(Call call, String error) {
        int n = calls.merge(call, 1, Integer::sum);
        Integer bad = failAt.get(call);
        if (bad != null && bad == n) {
            failAt.remove(call);
            if (call == Call.ALLOCATE) {
                throw new DeviceMemoryFullException("cuMemAlloc: CUDA_ERROR_OUT_OF_MEMORY (simulated failure)");
            }
            throw new DeviceFailureException(error + " (simulated failure)");
        }
    }

    public synchronized int calls(Call call) {
        return calls.getOrDefault(call, 0);
    }

    public synchronized long bytesUploaded() {
        return bytesUp;
    }

    public synchronized long bytesDownloaded() {
        return bytesDown;
    }

    /** Bytes allocated now. */
    public synchronized long usedBytes() {
        return used;
    }

    public synchronized int allocations() {
        return allocations.size();
    }

    @Override
    public synchronized long allocate(long bytes) {
        count(Call.ALLOCATE, "cuMemAlloc");
        long size = Math.max(ALIGN, (bytes + ALIGN - 1) / ALIGN * ALIGN);
        if (used + size > total || size > Integer.MAX_VALUE) {
            throw new DeviceMemoryFullException("cuMemAlloc(" + bytes + " bytes): CUDA_ERROR_OUT_OF_MEMORY");
        }
        long at = next;
        next += size + gap; // a gap: an access past the end falls outside every allocation
        allocations.put(at, ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN));
        used += size;
        return at;
    }

    @Override
    public synchronized void free(long address) {
        ByteBuffer b = allocations.remove(address);
        if (b == null) {
            throw new DeviceFailureException("cuMemFree(0x" + Long.toHexString(address) + "): CUDA_ERROR_INVALID_VALUE (not an allocation)");
        }
        used -= b.capacity();
    }

    /** Memory from {@code address} on, at least {@code bytes} of it inside one allocation. */
    synchronized Region resolve(long address, long bytes) {
        Map.Entry<Long, ByteBuffer> e = allocations.floorEntry(address);
        if (e == null || address + bytes > e.getKey() + e.getValue().capacity()) {
            throw new DeviceFailureException("an access at 0x" + Long.toHexString(address) + ": CUDA_ERROR_ILLEGAL_ADDRESS (outside every allocation)");
        }
        return new Region(e.getValue(), (int) (address - e.getKey()));
    }

    @Override
    public synchronized void upload(Buffer from, int first, int count, long to) {
        count(Call.UPLOAD, "cuMemcpyHtoD: CUDA_ERROR_UNKNOWN");
        int item = from.type().itemSize();
        from.writeTo(resolve(to, (long) count * item).view(), first, count);
        bytesUp += (long) count * item;
    }

    /** {@code bytes} into device memory at {@code to}, as they are (tests: a descriptor for the kernel's C code to read). */
    public synchronized void write(byte[] bytes, long to) {
        resolve(to, bytes.length).view().put(bytes);
    }

    @Override
    public synchronized void download(long from, Buffer to, int first, int count) {
        count(Call.DOWNLOAD, "cuMemcpyDtoH: CUDA_ERROR_UNKNOWN");
        int item = to.type().itemSize();
        to.readFrom(resolve(from, (long) count * item).view(), first, count);
        bytesDown += (long) count * item;
    }

    @Override
    public synchronized void zero(long address, long bytes) {
        ByteBuffer b = resolve(address, bytes).view();
        for (long k = 0; k < bytes; k++) {
            b.put((byte) 0);
        }
    }

    @Override
    public synchronized void copy(long from, long to, long bytes) {
        ByteBuffer src = resolve(from, bytes).view();
        src.limit(src.position() + (int) bytes);
        resolve(to, bytes).view().put(src);
    }

    @Override
    public void copyFrom(Device source, long from, long to, long bytes) {
        SimulatedDevice s = (SimulatedDevice) source;
        byte[] moved;
        synchronized (s) {
            ByteBuffer src = s.resolve(from, bytes).view();
            moved = new byte[Math.toIntExact(bytes)];
            src.get(moved);
        }
        synchronized (this) {
            count(Call.PEER, "cuMemcpyPeerAsync: CUDA_ERROR_UNKNOWN");
            resolve(to, bytes).view().put(moved);
            bytesFromPeers += bytes;
        }
    }

    /** Bytes copied into this device from other devices so far. */
    public synchronized long bytesFromPeers() {
        return bytesFromPeers;
    }

    @Override
    public synchronized void launch(Kernels kernel, long threads, byte[] descriptor) {
        count(Call.LAUNCH, "cuLaunchKernel(" + kernel.symbol() + "): CUDA_ERROR_LAUNCH_FAILED");
        try {
            switch (kernel) {
                // MATMUL and MATMUL_BLOCKED compute their descriptor's DOT program in tiles: the same elements
                case EVAL, EVAL_SINGLE, EVAL_OCCUPANCY, EVAL_COORDS, EVAL_PREFETCH, MATMUL, MATMUL_BLOCKED -> EvalTwin.run(this, descriptor);
                case REDUCE_BLOCKS -> EvalTwin.reduce(this, descriptor);
            }
        } catch (IndexOutOfBoundsException e) {
            throw new DeviceFailureException(kernel.symbol() + ": CUDA_ERROR_ILLEGAL_ADDRESS (an element outside its allocation: " + e.getMessage() + ")");
        }
    }

    private boolean compiles = true;

    /** Whether launches of generated kernels run (their PTX interpreted, {@link PtxTwin}) or are refused, as by a driver that cannot compile PTX. */
    public synchronized SimulatedDevice compiles(boolean on) {
        compiles = on;
        return this;
    }

    @Override
    public synchronized boolean compile(legate.gpu.GeneratedKernel kernel) {
        return compiles;
    }

    @Override
    public synchronized void launch(legate.gpu.GeneratedKernel kernel, long threads, byte[] descriptor) {
        if (!compiles) {
            throw new IllegalStateException(kernel.name() + " was not compiled");
        }
        count(Call.LAUNCH, "cuLaunchKernel(" + kernel.name() + "): CUDA_ERROR_LAUNCH_FAILED");
        try {
            PtxTwin.run(this, kernel, threads, descriptor);
        } catch (IndexOutOfBoundsException e) {
            throw new DeviceFailureException(kernel.name() + ": CUDA_ERROR_ILLEGAL_ADDRESS (an element outside its allocation: " + e.getMessage() + ")");
        }
    }

    @Override
    public void synchronize() {
        // launches run to completion when called
    }

    @Override
    public Object mark() {
        return System.nanoTime(); // launches run to completion when called: now is when the work before is done
    }

    @Override
    public double elapsedMillis(Object from, Object to) {
        return ((Long) to - (Long) from) / 1e6;
    }

    /** Bytes {@code from .. to} of the device's address space, unallocated gaps as zeros (for tests that run kernels elsewhere). */
    public synchronized byte[] image(long from, long to) {
        byte[] out = new byte[Math.toIntExact(to - from)];
        for (Map.Entry<Long, ByteBuffer> e : allocations.subMap(from, true, to, false).entrySet()) {
            ByteBuffer b = e.getValue().duplicate();
            b.position(0);
            int at = (int) (e.getKey() - from);
            b.get(out, at, Math.min(b.capacity(), out.length - at));
        }
        return out;
    }

    @Override
    public synchronized void close() {
        allocations.clear();
        used = 0;
    }

    /** Device memory from one address on: byte offsets relative to it. */
    static final class Region {
        private ByteBuffer b;
        /** Where the address is in {@code b}: below 0 for an address before the allocation (a window's element 0). */
        private long base;
        /** For a region found at its first access: the device and the address. */
        private final SimulatedDevice device;
        private final long address;

        Region(ByteBuffer b, int base) {
            this.b = b;
            this.base = base;
            this.device = null;
            this.address = 0;
        }

        private Region(SimulatedDevice device, long address) {
            this.device = device;
            this.address = address;
        }

        /**
         * The memory a kernel reaches from {@code address} (a copy's element 0, which lies before its
         * allocation when the copy holds a window of the buffer): the allocation of its first access;
         * every later access must fall in the same allocation, as on a GPU.
         */
        static Region at(SimulatedDevice device, long address) {
            return new Region(device, address);
        }

        /** A buffer positioned at the region's start. */
        ByteBuffer view() {
            ByteBuffer v = b.duplicate().order(ByteOrder.LITTLE_ENDIAN);
            v.position(Math.toIntExact(base));
            return v.slice().order(ByteOrder.LITTLE_ENDIAN);
        }

        private int at(long off) {
            if (b == null) {
                synchronized (device) {
                    Map.Entry<Long, ByteBuffer> e = device.allocations.floorEntry(address + off);
                    if (e == null || address + off >= e.getKey() + e.getValue().capacity()) {
                        throw new IndexOutOfBoundsException("byte " + off + " (outside every allocation)");
                    }
                    b = e.getValue();
                    base = address - e.getKey();
                }
            }
            long p = base + off;
            if (p < 0 || p >= b.capacity()) {
                throw new IndexOutOfBoundsException("byte " + off);
            }
            return (int) p;
        }

        long getLong(long off) {
            int p = at(off);
            return b.getLong(p);
        }

        int getInt(long off) {
            int p = at(off);
            return b.getInt(p);
        }

        double getDouble(long off) {
            int p = at(off);
            return b.getDouble(p);
        }

        float getFloat(long off) {
            int p = at(off);
            return b.getFloat(p);
        }

        short getShort(long off) {
            int p = at(off);
            return b.getShort(p);
        }

        byte get(long off) {
            int p = at(off);
            return b.get(p);
        }

        void putShort(long off, short v) {
            int p = at(off);
            b.putShort(p, v);
        }

        void putLong(long off, long v) {
            int p = at(off);
            b.putLong(p, v);
        }

        void putInt(long off, int v) {
            int p = at(off);
            b.putInt(p, v);
        }

        void putDouble(long off, double v) {
            int p = at(off);
            b.putDouble(p, v);
        }

        void putFloat(long off, float v) {
            int p = at(off);
            b.putFloat(p, v);
        }

        void put(long off, byte v) {
            int p = at(off);
            b.put(p, v);
        }
    }
}
