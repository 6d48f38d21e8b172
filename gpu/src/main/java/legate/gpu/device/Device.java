package legate.gpu.device;

import legate.gpu.Kernels;
import legate.runtime.store.Buffer;

/**
 * One GPU as the CUDA backend uses it: memory by address, copies between host buffers and
 * device memory, and kernel launches on one stream (so every call sees the effects of the calls
 * before it). {@link CudaDevice} drives a real GPU through JCuda's driver API;
 * {@link SimulatedDevice} is a Java implementation of the same interface whose launches run Java
 * twins of the kernels, so that the whole backend runs and is tested on any machine.
 *
 * <p>Addresses are plain numbers; a kernel receives them in its launch descriptor. Calls come
 * from one thread at a time (the rank's cell thread, or a caller holding the backend's lock).
 */
public interface Device extends AutoCloseable {
    /** What it is, for {@code %legate_info}: "0: NVIDIA H200, compute 9.0, 139.8 GiB". */
    String describe();

    /** Bytes of device memory the device has in all. */
    long totalBytes();

    /** Its multiprocessors (a simulated device: the number it was told), for choosing among kernels by how many blocks fill it. */
    int multiprocessors();

    /** Bytes of pinned host memory that copies are staged through ({@code --zcmem}); 0 when none. */
    default long stagingBytes() {
        return 0;
    }

    /**
     * {@code bytes} of device memory, aligned for any element type.
     *
     * @throws DeviceMemoryFullException when the device has no room
     */
    long allocate(long bytes);

    void free(long address);

    /** Host elements {@code first .. first+count} of {@code from} into device memory at {@code to}. */
    void upload(Buffer from, int first, int count, long to);

    /** Device memory at {@code from} into host elements {@code first .. first+count} of {@code to}; waits for the launches before it. */
    void download(long from, Buffer to, int first, int count);

    /** Sets {@code bytes} of device memory from {@code address} on to zero. */
    void zero(long address, long bytes);

    /** {@code bytes} from device address {@code from} to {@code to}, on the device. */
    void copy(long from, long to, long bytes);

    /**
     * {@code bytes} from device address {@code from} of {@code source}, another GPU of the rank,
     * to {@code to} on this one: after the work queued on either device before it, and before the
     * work queued on either after it (so the source may reuse its memory at once). Both are the
     * same kind of device.
     */
    void copyFrom(Device source, long from, long to, long bytes);

    /**
     * Launches {@code kernel} over {@code threads} threads (its grid-stride loop covers any count)
     * with one argument: its descriptor, by value (copied when the launch is queued: the caller may
     * change the bytes at once).
     */
    void launch(Kernels kernel, long threads, byte[] descriptor);

    /**
     * Makes a generated kernel ready to launch: its PTX compiled by the driver the first time
     * (later calls answer at once); false when this device cannot compile it, and then the caller
     * launches an interpreting kernel instead.
     */
    default boolean compile(legate.gpu.GeneratedKernel kernel) {
        return false;
    }

    /** Launches a generated kernel that {@link #compile} made ready, as {@link #launch(Kernels, long, byte[])} launches a built one. */
    default void launch(legate.gpu.GeneratedKernel kernel, long threads, byte[] descriptor) {
        throw new UnsupportedOperationException("this device launches no generated kernels");
    }

    /** Waits until every launch and copy so far has finished; a kernel's failure is thrown here. */
    void synchronize();

    /**
     * A timing mark on the stream, after the launches and copies before it (a CUDA event), for the
     * profiler's GPU lane; null when this device cannot time its work.
     */
    default Object mark() {
        return null;
    }

    /** Milliseconds from mark {@code from} to mark {@code to}, once both are reached (after {@link #synchronize}). */
    default double elapsedMillis(Object from, Object to) {
        throw new UnsupportedOperationException("this device has no timing marks");
    }

    /** Gives a mark's resources back. */
    default void release(Object mark) {
    }

    @Override
    void close();
}
