package legate.gpu.device;

/** A device call failed (a driver error, a failed launch): the message names the call and the error. */
public final class DeviceFailureException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DeviceFailureException(String message) {
        super(message);
    }
}
