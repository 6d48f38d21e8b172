package legate.magics;

/** A magic used wrongly: shown as {@code UsageError: message}, without a stack trace. */
public final class MagicException extends Exception {
    private final String name;

    public MagicException(String message) {
        this("UsageError", message);
    }

    /** An error with another name, e.g. {@code CalledProcessError} for a failed shell command. */
    public MagicException(String name, String message) {
        super(message);
        this.name = name;
    }

    public String errorName() {
        return name;
    }
}
