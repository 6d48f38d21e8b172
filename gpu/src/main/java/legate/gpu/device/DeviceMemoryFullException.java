package legate.gpu.device;

/** The device has no room for an allocation (the driver's CUDA_ERROR_OUT_OF_MEMORY). */
public final class DeviceMemoryFullException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DeviceMemoryFullException(String message) {
        super(message);
    }
}
