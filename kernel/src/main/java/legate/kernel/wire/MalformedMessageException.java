package legate.kernel.wire;

/** A message that cannot be accepted: bad framing, bad signature or bad JSON. */
public final class MalformedMessageException extends Exception {
    public MalformedMessageException(String message) {
        super(message);
    }

    public MalformedMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
