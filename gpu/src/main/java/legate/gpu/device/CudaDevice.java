package legate.gpu.device;

import java.util.EnumMap;
import java.util.Map;
import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.CUresult;
import jcuda.driver.JCudaDriver;
import legate.gpu.Kernels;
import legate.runtime.store.Buffer;

/**
 * A real GPU through JCuda's driver API: the device's primary context (made current on the
 * calling thread by every call), the kernels' fatbin loaded as a module, and the legacy default
 * stream, so that copies and launches run in the order they are made. A failed call throws
 * {@link DeviceFailureException} naming the call and CUDA's error; a kernel's own failure shows at
 * the next call that waits for it.
 */
public final class CudaDevice implements Device {
    /** Threads per block of every launch. */
    static final int BLOCK = 256;

    private final int ordinal;
    private final CUdevice device = new CUdevice();
    private final CUcontext context = new CUcontext();
    private final CUmodule module = new CUmodule();
    private final Map<Kernels, CUfunction> functions = new EnumMap<>(Kernels.class);
    private final String description;
    private final long total;
    private final int multiprocessors;
    private boolean closed;

    /**
     * Opens GPU {@code ordinal} (as the driver numbers them) and loads the kernels.
     *
     * @param description what it is, from the survey ("0: NVIDIA H200, compute 9.0, 139.8 GiB")
     */
    public CudaDevice(int ordinal, String description) {
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
    public long totalBytes() {
        return total;
    }

    @Override
    public synchronized long allocate(long bytes) {
        current();
        Address a = new Address();
        int r = JCudaDriver.cuMemAlloc(a, Math.max(1, bytes));
        if (r == CUresult.CUDA_ERROR_OUT_OF_MEMORY) {
            throw new DeviceMemoryFullException("cuMemAlloc(" + bytes + " bytes): CUDA_ERROR_OUT_OF_MEMORY");
        }
        check(r, "cuMemAlloc(" + bytes + " bytes)");
        return a.value();
    }

    @Override
    public synchronized void free(long address) {
        current();
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
        };
    }

    @Override
    public synchronized void upload(Buffer from, int first, int count, long to) {
        current();
        check(JCudaDriver.cuMemcpyHtoD(at(to), host(from, first), (long) count * from.type().itemSize()), "cuMemcpyHtoD");
    }

    @Override
    public synchronized void upload(byte[] bytes, long to) {
        current();
        check(JCudaDriver.cuMemcpyHtoD(at(to), Pointer.to(bytes), bytes.length), "cuMemcpyHtoD (a launch descriptor)");
    }

    @Override
    public synchronized void download(long from, Buffer to, int first, int count) {
        current();
        check(JCudaDriver.cuMemcpyDtoH(host(to, first), at(from), (long) count * to.type().itemSize()), "cuMemcpyDtoH");
    }

    @Override
    public synchronized void zero(long address, long bytes) {
        current();
        check(JCudaDriver.cuMemsetD8(at(address), (byte) 0, bytes), "cuMemsetD8");
    }

    @Override
    public synchronized void copy(long from, long to, long bytes) {
        current();
        check(JCudaDriver.cuMemcpyDtoD(at(to), at(from), bytes), "cuMemcpyDtoD");
    }

    @Override
    public synchronized void launch(Kernels kernel, long threads, long descriptor) {
        if (threads <= 0) {
            return;
        }
        current();
        // a grid-stride loop: enough blocks to fill the GPU, never more than the elements need
        long blocks = Math.min((threads + BLOCK - 1) / BLOCK, (long) multiprocessors * 32);
        Pointer args = Pointer.to(Pointer.to(new long[] {descriptor}));
        check(JCudaDriver.cuLaunchKernel(functions.get(kernel), (int) blocks, 1, 1, BLOCK, 1, 1, 0, null, args, null),
                "cuLaunchKernel(" + kernel.symbol() + ")");
    }

    @Override
    public synchronized void synchronize() {
        current();
        check(JCudaDriver.cuCtxSynchronize(), "cuCtxSynchronize");
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        current();
        JCudaDriver.cuModuleUnload(module);
        JCudaDriver.cuDevicePrimaryCtxRelease(device);
    }

    @Override
    public String toString() {
        return "GPU " + ordinal;
    }
}
