package legate.runtime.backend;

/** No backend can compute on the processors asked for; the message says which and why. */
public final class BackendUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BackendUnavailableException(String message) {
        super(message);
    }
}
