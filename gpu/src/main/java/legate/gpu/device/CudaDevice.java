package legate.gpu.device;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUevent;
import jcuda.driver.CUevent_flags;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.CUresult;
import jcuda.driver.JCudaDriver;
import legate.gpu.GeneratedKernel;
import legate.gpu.Kernels;
import legate.runtime.store.Buffer;

/**
 * A real GPU through JCuda's driver API: the device's primary context (made current on the
 * calling thread by every call), the kernels' fatbin loaded as a module, and the legacy default
 * stream, so that copies and launches run in the order they are made. A failed call throws
 * {@link DeviceFailureException} naming the call and CUDA's error; a kernel's own failure shows at
 * the next call that waits for it.
 *
 * <p>With {@code --zcmem} above 0, copies between Java arrays and the GPU are staged through that
 * much pinned host memory, in two halves: an upload copies a chunk of the array into one half and
 * queues its DMA asynchronously, then fills the other half while it runs (it waits only when a half
 * is still in use by the copy before); a download queues each chunk's DMA into one half and copies
 * the previous chunk out of the other meanwhile. An upload returns once the array has been read, so
 * the caller may change it at once, and it does not wait for the launches queued before it.
 * Without pinned memory ({@code --zcmem 0}) copies go straight from and to the Java arrays, staged
 * by the driver, which waits for the stream first.
 *
 * <p>Nothing in an operation's launch waits for the GPU: a launch's descriptor is its kernel's
 * parameter, passed by value (the driver copies it when it queues the launch; the kernel reads it
 * through the constant cache), and freed memory is kept for the next allocation of the same size
 * ({@code cuMemFree} would wait for every queued launch; {@code cuMemAlloc} costs microseconds).
 * Reusing a block at once is safe because every copy and launch runs in one stream, in order: the
 * launches that used the block before come first. Blocks under 1 MiB come in powers of two from
 * 2 MiB pieces of device memory cut up (one driver call for many small arrays) and go back to
 * their size's free list; larger blocks are kept for the next allocation of their size (the CFD
 * program makes dozens of 128 MB blocks a step), up to the rank's {@code --fbmem}. When an
 * allocation finds the GPU full, the kept blocks and the pieces whose blocks are all free go back
 * to the driver and it tries again. Like PyTorch's caching allocator, the process holds what it
 * has freed until then. Freeing an address this device did not hand out, or freeing it twice, is
 * an error (it would hand one block to two arrays).
 */
public final class CudaDevice implements Device {
    /** Threads per block of every launch. */
    static final int BLOCK = Kernels.BLOCK_THREADS;

    private final int ordinal;
    private final CUdevice device = new CUdevice();
    private final CUcontext context = new CUcontext();
    private final CUmodule module = new CUmodule();
    private final Map<Kernels, CUfunction> functions = new EnumMap<>(Kernels.class);
    private final String description;
    private final long total;
    private final int multiprocessors;
    /** The pinned staging memory ({@code --zcmem}), null without it. */
    private final Pointer staging;
    /** Bytes in each of its two halves (a multiple of 8). */
    private final long half;
    /** Each half's event, recorded after the last copy queued from or into it. */
    private final CUevent[] released = {new CUevent(), new CUevent()};
    /** The half the next staged chunk uses. */
    private int nextHalf;
    /** Small blocks' pieces of device memory, and the free blocks of each power of two (512 B .. 512 KiB). */
    private static final long PIECE = 2L << 20;
    private static final long SMALLEST = 512;
    /** Each piece's base address, with its blocks' size and how many of them are handed out. */
    private final java.util.TreeMap<Long, long[]> pieces = new java.util.TreeMap<>();
    private final Map<Long, ArrayDeque<Long>> freeSmall = new HashMap<>();
    /** Driver allocations made, and the time they took. */
    private long driverAllocations;
    private long driverAllocationNanos;
    /** Sizes of the blocks handed out, by address; freed blocks kept for reuse, by size. */
    private final Map<Long, Long> sizes = new HashMap<>();
    private final Map<Long, ArrayDeque<Long>> kept = new HashMap<>();
    private long keptBytes;
    private final long keepAtMost;
    private boolean closed;

    /** Opens GPU {@code ordinal} without staging memory: see {@link #CudaDevice(int, String, long, long)}. */
    public CudaDevice(int ordinal, String description) {
        this(ordinal, description, 0);
    }

    /** Opens GPU {@code ordinal}, keeping freed large blocks up to an eighth of its memory: see {@link #CudaDevice(int, String, long, long)}. */
    public CudaDevice(int ordinal, String description, long stagingBytes) {
        this(ordinal, description, stagingBytes, -1);
    }

    /**
     * Opens GPU {@code ordinal} (as the driver numbers them), loads the kernels and pins
     * {@code stagingBytes} of host memory for copies ({@code --zcmem}; none when 0 or below 16 bytes).
     *
     * @param description what it is, from the survey ("0: NVIDIA H200, compute 9.0, 139.8 GiB")
     * @param keepBytes   freed large blocks kept for reuse, at most (the rank's {@code --fbmem}: ranks
     *                    that share a GPU each keep no more than their budget); below 0, an eighth of
     *                    the GPU's memory
     * @throws DeviceFailureException when the GPU cannot be opened or the memory pinned (naming
     *     {@code --zcmem})
     */
    public CudaDevice(int ordinal, String description, long stagingBytes, long keepBytes) {
        this.ordinal = ordinal;
        this.description = description;
        JCudaDriver.setExceptionsEnabled(false);
        check(JCudaDriver.cuInit(0), "cuInit");
        check(JCudaDriver.cuDeviceGet(device, ordinal), "cuDeviceGet(" + ordinal + ")");
        check(JCudaDriver.cuDevicePrimaryCtxRetain(context, device), "cuDevicePrimaryCtxRetain");
        current();
        check(JCudaDriver.cuModuleLoadData(module, Kernels.fatbin()), "cuModuleLoadData (the kernels' fatbin)");
        for (Kernels k : Kernels.values()) {
            CUfunction f = new CUfunction();
            check(JCudaDriver.cuModuleGetFunction(f, module, k.symbol()), "cuModuleGetFunction(" + k.symbol() + ")");
            functions.put(k, f);
        }
        long[] free = new long[1];
        long[] all = new long[1];
        check(JCudaDriver.cuMemGetInfo(free, all), "cuMemGetInfo");
        this.total = all[0];
        int[] sms = new int[1];
        check(JCudaDriver.cuDeviceGetAttribute(sms, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT, device),
                "cuDeviceGetAttribute(MULTIPROCESSOR_COUNT)");
        this.multiprocessors = Math.max(1, sms[0]);
        this.half = stagingBytes / 2 / 8 * 8;
        if (half > 0) {
            this.staging = new Pointer();
            int r = JCudaDriver.cuMemHostAlloc(staging, 2 * half, 0);
            if (r != CUresult.CUDA_SUCCESS) {
                JCudaDriver.cuModuleUnload(module);
                JCudaDriver.cuDevicePrimaryCtxRelease(device);
                throw new DeviceFailureException("cuMemHostAlloc(" + (2 * half) + " bytes of pinned staging memory, --zcmem "
                        + (stagingBytes >> 20) + " MB): " + CUresult.stringFor(r) + "; ask for less --zcmem (0 for none)");
            }
            for (CUevent e : released) {
                check(JCudaDriver.cuEventCreate(e, CUevent_flags.CU_EVENT_DISABLE_TIMING), "cuEventCreate");
                check(JCudaDriver.cuEventRecord(e, null), "cuEventRecord");
            }
        } else {
            this.staging = null;
        }
        this.keepAtMost = keepBytes < 0 ? total / 8 : Math.min(keepBytes, total);
    }

    /** The GPU's number as the driver counts them. */
    public int ordinal() {
        return ordinal;
    }

    @Override
    public long stagingBytes() {
        return 2 * half;
    }

    private static void check(int result, String call) {
        if (result != CUresult.CUDA_SUCCESS) {
            throw new DeviceFailureException(call + ": " + CUresult.stringFor(result));
        }
    }

    /** The context on this thread (the calls may come from any of a rank's threads). */
    private void current() {
        check(JCudaDriver.cuCtxSetCurrent(context), "cuCtxSetCurrent");
    }

    /** A device pointer whose address is a plain number. */
    private static final class Address extends CUdeviceptr {
        long value() {
            return getNativePointer() + getByteOffset();
        }
    }

    private static CUdeviceptr at(long address) {
        return new CUdeviceptr().withByteOffset(address);
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public int multiprocessors() {
        return multiprocessors;
    }

    @Override
    public long totalBytes() {
        return total;
    }

    /**
     * The size a block of {@code bytes} is made with: a power of two from 512 bytes below 1 MiB
     * (a small block), else 2 MiB steps, so that close sizes share kept blocks.
     */
    static long blockSize(long bytes) {
        long b = Math.max(1, bytes);
        if (b < (1L << 20)) {
            return Math.max(SMALLEST, (b & (b - 1)) == 0 ? b : Long.highestOneBit(b) << 1);
        }
        return (b + PIECE - 1) / PIECE * PIECE;
    }

    /** Driver allocations so far and the milliseconds they took, for the GPU check's figures. */
    public synchronized String allocationStats() {
        return String.format("%d driver allocations taking %.1f ms in all; %d pieces of 2 MiB for small blocks; %d MB kept", driverAllocations,
                driverAllocationNanos / 1e6, pieces.size(), keptBytes >> 20);
    }

    private int driverAllocate(Address a, long size) {
        long t0 = System.nanoTime();
        int r = JCudaDriver.cuMemAlloc(a, size);
        driverAllocationNanos += System.nanoTime() - t0;
        driverAllocations++;
        return r;
    }

    private long allocate0(long bytes) {
        current();
        long size = blockSize(bytes);
        if (size < (1L << 20)) {
            ArrayDeque<Long> free = freeSmall.computeIfAbsent(size, x -> new ArrayDeque<>());
            if (free.isEmpty()) { // a new piece, cut into blocks of this size
                long piece = allocateFromDriver(PIECE, bytes);
                pieces.put(piece, new long[] {size, 0});
                for (long at = piece + PIECE - size; at >= piece; at -= size) {
                    free.push(at);
                }
            }
            long address = free.pop();
            sizes.put(address, size);
            pieces.floorEntry(address).getValue()[1]++;
            return address;
        }
        ArrayDeque<Long> same = kept.get(size);
        if (same != null && !same.isEmpty()) {
            long address = same.pop();
            keptBytes -= size;
            sizes.put(address, size);
            return address;
        }
        long address = allocateFromDriver(size, bytes);
        sizes.put(address, size);
        return address;
    }

    /** {@code size} bytes from the driver; when the GPU is full, the kept blocks go back first and it tries again. */
    private long allocateFromDriver(long size, long asked) {
        Address a = new Address();
        int r = driverAllocate(a, size);
        if (r == CUresult.CUDA_ERROR_OUT_OF_MEMORY && releaseUnused()) {
            r = driverAllocate(a, size);
        }
        if (r == CUresult.CUDA_ERROR_OUT_OF_MEMORY) {
            throw new DeviceMemoryFullException("cuMemAlloc(" + asked + " bytes): CUDA_ERROR_OUT_OF_MEMORY");
        }
        check(r, "cuMemAlloc(" + asked + " bytes)");
        return a.value();
    }

    /** Gives every kept block, and every piece none of whose blocks is handed out, back to the driver; whether there was any. */
    private boolean releaseUnused() {
        boolean any = keptBytes > 0;
        releaseKept(true);
        for (var it = pieces.entrySet().iterator(); it.hasNext(); ) {
            var piece = it.next();
            if (piece.getValue()[1] == 0) {
                long base = piece.getKey();
                freeSmall.get(piece.getValue()[0]).removeIf(at -> at >= base && at < base + PIECE);
                check(JCudaDriver.cuMemFree(at(base)), "cuMemFree");
                it.remove();
                any = true;
            }
        }
        return any;
    }

    /** Gives every kept block back to the driver ({@code checked}: a failure throws; else, at close, it is ignored). */
    private void releaseKept(boolean checked) {
        for (ArrayDeque<Long> q : kept.values()) {
            while (!q.isEmpty()) {
                int r = JCudaDriver.cuMemFree(at(q.pop()));
                if (checked) {
                    check(r, "cuMemFree");
                }
            }
        }
        kept.clear();
        keptBytes = 0;
    }

    private void free0(long address) {
        current();
        Long size = sizes.remove(address);
        if (size == null) {
            throw new DeviceFailureException(String.format("cuMemFree(0x%x): not a block this GPU handed out, or freed twice", address));
        }
        if (size < (1L << 20)) {
            freeSmall.get(size).push(address);
            pieces.floorEntry(address).getValue()[1]--;
            return;
        }
        if (keptBytes + size <= keepAtMost) {
            kept.computeIfAbsent(size, s -> new ArrayDeque<>()).push(address);
            keptBytes += size;
            return;
        }
        check(JCudaDriver.cuMemFree(at(address)), "cuMemFree");
    }

    private static Pointer host(Buffer b, int first) {
        long off = (long) first * b.type().itemSize();
        return switch (b.type()) {
            case FLOAT64 -> Pointer.to(((Buffer.F64) b).a).withByteOffset(off);
            case FLOAT32 -> Pointer.to(((Buffer.F32) b).a).withByteOffset(off);
            case INT64 -> Pointer.to(((Buffer.I64) b).a).withByteOffset(off);
            case INT32 -> Pointer.to(((Buffer.I32) b).a).withByteOffset(off);
            case BOOL -> Pointer.to(((Buffer.Bool) b).a).withByteOffset(off);
            case INT8, UINT8 -> Pointer.to(((Buffer.Bytes) b).a).withByteOffset(off);
            case FLOAT16, INT16, UINT16 -> Pointer.to(((Buffer.Shorts) b).a).withByteOffset(off);
            case UINT32 -> Pointer.to(((Buffer.U32) b).a).withByteOffset(off);
            case UINT64 -> Pointer.to(((Buffer.U64) b).a).withByteOffset(off);
        };
    }

    private void uploadBuffer(Buffer from, int first, int count, long to) {
        current();
        if (staging == null) {
            check(JCudaDriver.cuMemcpyHtoD(at(to), host(from, first), (long) count * from.type().itemSize()), "cuMemcpyHtoD");
            return;
        }
        int size = from.type().itemSize();
        int per = (int) Math.min(Integer.MAX_VALUE, half / size);
        for (long done = 0; done < count; done += per) {
            int n = (int) Math.min(per, count - done);
            int h = takeHalf();
            check(JCudaDriver.cuEventSynchronize(released[h]), "cuEventSynchronize (a staging half)");
            from.writeTo(stagingView(h, (long) n * size), first + (int) done, n);
            check(JCudaDriver.cuMemcpyHtoDAsync(at(to + (long) done * size), staging.withByteOffset(h * half), (long) n * size, null),
                    "cuMemcpyHtoDAsync");
            check(JCudaDriver.cuEventRecord(released[h], null), "cuEventRecord");
        }
    }

    /** The half of the staging memory the next chunk uses; the halves alternate. */
    private int takeHalf() {
        int h = nextHalf;
        nextHalf ^= 1;
        return h;
    }

    private ByteBuffer stagingView(int h, long bytes) {
        return staging.getByteBuffer(h * half, bytes).order(ByteOrder.nativeOrder());
    }

    private void download0(long from, Buffer to, int first, int count) {
        current();
        if (staging == null) {
            check(JCudaDriver.cuMemcpyDtoH(host(to, first), at(from), (long) count * to.type().itemSize()), "cuMemcpyDtoH");
            return;
        }
        int size = to.type().itemSize();
        int per = (int) Math.min(Integer.MAX_VALUE, half / size);
        // chunk i's DMA runs while chunk i-1 is copied out of the other half
        int pendingHalf = -1;
        int pendingAt = 0;
        int pendingCount = 0;
        for (long done = 0; ; done += per) {
            int n = (int) Math.max(0, Math.min(per, count - done));
            int h = -1;
            if (n > 0) {
                h = takeHalf();
                check(JCudaDriver.cuMemcpyDtoHAsync(staging.withByteOffset(h * half), at(from + (long) done * size), (long) n * size, null),
                        "cuMemcpyDtoHAsync");
                check(JCudaDriver.cuEventRecord(released[h], null), "cuEventRecord");
            }
            if (pendingHalf >= 0) {
                check(JCudaDriver.cuEventSynchronize(released[pendingHalf]), "cuEventSynchronize (a staging half)");
                to.readFrom(stagingView(pendingHalf, (long) pendingCount * size), first + pendingAt, pendingCount);
            }
            pendingHalf = h;
            pendingAt = (int) done;
            pendingCount = n;
            if (n == 0) {
                break;
            }
        }
    }

    private void zero0(long address, long bytes) {
        current();
        check(JCudaDriver.cuMemsetD8(at(address), (byte) 0, bytes), "cuMemsetD8");
    }

    private void copy0(long from, long to, long bytes) {
        current();
        check(JCudaDriver.cuMemcpyDtoD(at(to), at(from), bytes), "cuMemcpyDtoD");
    }

    /** A grid-stride launch's blocks for {@code needed} threads: enough to fill the GPU, never more than needed. */
    private long blocks(long needed) {
        return Math.min((needed + BLOCK - 1) / BLOCK, (long) multiprocessors * 32);
    }

    private void launch0(Kernels kernel, long threads, byte[] descriptor) {
        if (threads <= 0) {
            return;
        }
        current();
        // a grid-stride loop: enough blocks to fill the GPU, never more than the elements need
        long blocks = blocks((threads + kernel.perThread() - 1) / kernel.perThread());
        // the descriptor by value: the driver copies the kernel's parameters when the launch is queued
        Pointer args = Pointer.to(Pointer.to(descriptor));
        check(JCudaDriver.cuLaunchKernel(functions.get(kernel), (int) blocks, 1, 1, BLOCK, 1, 1, 0, null, args, null),
                "cuLaunchKernel(" + kernel.symbol() + ")");
    }

    @Override
    public synchronized Object mark() {
        current();
        CUevent e = new CUevent();
        check(JCudaDriver.cuEventCreate(e, CUevent_flags.CU_EVENT_DEFAULT), "cuEventCreate");
        try {
            check(JCudaDriver.cuEventRecord(e, null), "cuEventRecord");
        } catch (RuntimeException failed) {
            JCudaDriver.cuEventDestroy(e);
            throw failed;
        }
        return e;
    }

    @Override
    public synchronized double elapsedMillis(Object from, Object to) {
        current();
        float[] ms = new float[1];
        check(JCudaDriver.cuEventElapsedTime(ms, (CUevent) from, (CUevent) to), "cuEventElapsedTime");
        return ms[0];
    }

    @Override
    public synchronized void release(Object mark) {
        if (mark instanceof CUevent e) {
            JCudaDriver.cuEventDestroy(e);
        }
    }

    private void synchronize0() {
        current();
        check(JCudaDriver.cuCtxSynchronize(), "cuCtxSynchronize");
    }

    /** The device's calls, for the GPU check's figures: how many, and the time spent in them. */
    enum Call { ALLOCATE, FREE, UPLOAD, DOWNLOAD, ZERO, COPY, PEER, LAUNCH, SYNCHRONIZE, COMPILE }

    private final long[] callCount = new long[Call.values().length];
    private final long[] callNanos = new long[Call.values().length];

    private void timed(Call c, long t0) {
        callNanos[c.ordinal()] += System.nanoTime() - t0;
        callCount[c.ordinal()]++;
    }

    /** Starts the counts of {@link #callStats} again. */
    public synchronized void resetCallStats() {
        java.util.Arrays.fill(callCount, 0);
        java.util.Arrays.fill(callNanos, 0);
    }

    /** Each kind of call so far: how many, and the microseconds each took on average. */
    public synchronized String callStats() {
        StringBuilder b = new StringBuilder();
        for (Call c : Call.values()) {
            if (callCount[c.ordinal()] > 0) {
                b.append(b.length() == 0 ? "" : "; ").append(String.format("%s %d x %.1f us", c.name().toLowerCase(java.util.Locale.ROOT),
                        callCount[c.ordinal()], callNanos[c.ordinal()] / 1e3 / callCount[c.ordinal()]));
            }
        }
        return b.toString();
    }

    @Override
    public synchronized long allocate(long bytes) {
        long t0 = System.nanoTime();
        try {
            return allocate0(bytes);
        } finally {
            timed(Call.ALLOCATE, t0);
        }
    }

    @Override
    public synchronized void free(long address) {
        long t0 = System.nanoTime();
        try {
            free0(address);
        } finally {
            timed(Call.FREE, t0);
        }
    }

    @Override
    public synchronized void upload(Buffer from, int first, int count, long to) {
        long t0 = System.nanoTime();
        try {
            uploadBuffer(from, first, count, to);
        } finally {
            timed(Call.UPLOAD, t0);
        }
    }

    @Override
    public synchronized void download(long from, Buffer to, int first, int count) {
        long t0 = System.nanoTime();
        try {
            download0(from, to, first, count);
        } finally {
            timed(Call.DOWNLOAD, t0);
        }
    }

    @Override
    public synchronized void zero(long address, long bytes) {
        long t0 = System.nanoTime();
        try {
            zero0(address, bytes);
        } finally {
            timed(Call.ZERO, t0);
        }
    }

    @Override
    public synchronized void copy(long from, long to, long bytes) {
        long t0 = System.nanoTime();
        try {
            copy0(from, to, bytes);
        } finally {
            timed(Call.COPY, t0);
        }
    }

    /**
     * A peer copy, ordered between the two GPUs' streams without waiting on the host: it is queued
     * on {@code source}'s stream after an event from this device's stream (so it runs after what
     * either has queued: the source's writes of those bytes, and any of this device's work still
     * using the place they go to), and this device's stream waits for an event after it (so what
     * this device queues next sees the bytes, and the source's next work, on its own stream, cannot
     * overwrite them first: its freed blocks are reused at once). {@code cuMemcpyPeerAsync} goes
     * direct over NVLink or PCIe where the GPUs can reach each other's memory, and is staged by the
     * driver otherwise.
     */
    @Override
    public void copyFrom(Device source, long from, long to, long bytes) {
        CudaDevice s = (CudaDevice) source;
        CUevent mine = new CUevent();
        CUevent copied = new CUevent();
        synchronized (this) {
            current();
            check(JCudaDriver.cuEventCreate(mine, CUevent_flags.CU_EVENT_DISABLE_TIMING), "cuEventCreate");
            check(JCudaDriver.cuEventRecord(mine, null), "cuEventRecord");
        }
        try {
            synchronized (s) {
                long t0 = System.nanoTime();
                try {
                    s.current();
                    check(JCudaDriver.cuStreamWaitEvent(null, mine, 0), "cuStreamWaitEvent");
                    check(JCudaDriver.cuMemcpyPeerAsync(at(to), context, at(from), s.context, bytes, null), "cuMemcpyPeerAsync(GPU "
                            + s.ordinal + " to GPU " + ordinal + ")");
                    check(JCudaDriver.cuEventCreate(copied, CUevent_flags.CU_EVENT_DISABLE_TIMING), "cuEventCreate");
                    check(JCudaDriver.cuEventRecord(copied, null), "cuEventRecord");
                } finally {
                    s.timed(Call.PEER, t0);
                }
            }
            synchronized (this) {
                current();
                check(JCudaDriver.cuStreamWaitEvent(null, copied, 0), "cuStreamWaitEvent");
            }
        } finally { // an event destroyed while its stream has not reached it yet is released once it has
            JCudaDriver.cuEventDestroy(mine);
            JCudaDriver.cuEventDestroy(copied);
        }
    }

    /**
     * Lets this GPU's kernels and copies reach {@code other}'s memory directly where the hardware
     * allows it; false where it does not (peer copies are then staged by the driver).
     */
    public synchronized boolean enablePeerAccess(CudaDevice other) {
        int[] can = new int[1];
        if (JCudaDriver.cuDeviceCanAccessPeer(can, device, other.device) != CUresult.CUDA_SUCCESS || can[0] == 0) {
            return false;
        }
        current();
        int r = JCudaDriver.cuCtxEnablePeerAccess(other.context, 0);
        return r == CUresult.CUDA_SUCCESS || r == CUresult.CUDA_ERROR_PEER_ACCESS_ALREADY_ENABLED;
    }

    @Override
    public synchronized void launch(Kernels kernel, long threads, byte[] descriptor) {
        long t0 = System.nanoTime();
        try {
            launch0(kernel, threads, descriptor);
        } finally {
            timed(Call.LAUNCH, t0);
        }
    }

    /** Generated kernels compiled so far, by name; and the modules that hold them. */
    private final Map<String, CUfunction> generated = new HashMap<>();
    private final java.util.List<CUmodule> generatedModules = new java.util.ArrayList<>();
    /** Generated kernels the driver refused, by name, with why. */
    private final Map<String, String> refused = new HashMap<>();

    @Override
    public synchronized boolean compile(GeneratedKernel kernel) {
        if (generated.containsKey(kernel.name())) {
            return true;
        }
        if (refused.containsKey(kernel.name())) {
            return false;
        }
        long t0 = System.nanoTime();
        try {
            current();
            CUmodule m = new CUmodule();
            // PTX text, NUL-terminated: the driver compiles it for this GPU (and keeps the result in its own cache)
            int r = JCudaDriver.cuModuleLoadData(m, (kernel.ptx() + "\0").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            if (r != CUresult.CUDA_SUCCESS && !cannotCompile(r)) { // a failing GPU (an earlier kernel's fault, no memory): not the kernel's
                throw new DeviceFailureException("cuModuleLoadData(" + kernel.name() + "): " + CUresult.stringFor(r));
            }
            String why = r == CUresult.CUDA_SUCCESS ? null : "cuModuleLoadData: " + CUresult.stringFor(r);
            CUfunction f = new CUfunction();
            if (why == null) {
                r = JCudaDriver.cuModuleGetFunction(f, m, kernel.name());
                if (r != CUresult.CUDA_SUCCESS) {
                    why = "cuModuleGetFunction: " + CUresult.stringFor(r);
                    JCudaDriver.cuModuleUnload(m);
                }
            }
            if (why != null) {
                if (refused.isEmpty()) {
                    System.err.println("legate: GPU " + ordinal + " did not compile a generated element-wise kernel (" + kernel.name() + ", " + why
                            + "); such operations run on the interpreting kernel");
                }
                refused.put(kernel.name(), why);
                return false;
            }
            generatedModules.add(m);
            generated.put(kernel.name(), f);
            return true;
        } finally {
            timed(Call.COMPILE, t0);
        }
    }

    /** Whether a module load's failure says that this driver cannot compile the PTX (the kernel runs on the interpreter instead). */
    static boolean cannotCompile(int result) {
        return result == CUresult.CUDA_ERROR_INVALID_PTX || result == CUresult.CUDA_ERROR_UNSUPPORTED_PTX_VERSION
                || result == CUresult.CUDA_ERROR_JIT_COMPILER_NOT_FOUND || result == CUresult.CUDA_ERROR_JIT_COMPILATION_DISABLED
                || result == CUresult.CUDA_ERROR_NO_BINARY_FOR_GPU || result == CUresult.CUDA_ERROR_INVALID_IMAGE;
    }

    /** Why the driver refused the generated kernels it refused, by name. */
    public synchronized Map<String, String> refusedKernels() {
        return new HashMap<>(refused);
    }

    @Override
    public synchronized void launch(GeneratedKernel kernel, long threads, byte[] descriptor) {
        long t0 = System.nanoTime();
        try {
            CUfunction f = generated.get(kernel.name());
            if (f == null) {
                throw new IllegalStateException(kernel.name() + " was not compiled");
            }
            if (threads <= 0) {
                return;
            }
            current();
            long blocks = blocks(threads);
            check(JCudaDriver.cuLaunchKernel(f, (int) blocks, 1, 1, BLOCK, 1, 1, 0, null, Pointer.to(Pointer.to(descriptor)), null),
                    "cuLaunchKernel(" + kernel.name() + ")");
        } finally {
            timed(Call.LAUNCH, t0);
        }
    }

    @Override
    public synchronized void synchronize() {
        long t0 = System.nanoTime();
        try {
            synchronize0();
        } finally {
            timed(Call.SYNCHRONIZE, t0);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        current();
        JCudaDriver.cuCtxSynchronize();
        // after a kernel's fault every call fails with it: free what can be freed, ignore the rest, and go on closing
        releaseKept(false);
        for (long piece : pieces.keySet()) {
            JCudaDriver.cuMemFree(at(piece));
        }
        pieces.clear();
        freeSmall.clear();
        sizes.clear();
        if (staging != null) {
            JCudaDriver.cuCtxSynchronize();
            for (CUevent e : released) {
                JCudaDriver.cuEventDestroy(e);
            }
            JCudaDriver.cuMemFreeHost(staging);
        }
        for (CUmodule m : generatedModules) {
            JCudaDriver.cuModuleUnload(m);
        }
        generatedModules.clear();
        generated.clear();
        JCudaDriver.cuModuleUnload(module);
        JCudaDriver.cuDevicePrimaryCtxRelease(device);
    }

    @Override
    public String toString() {
        return "GPU " + ordinal;
    }
}
