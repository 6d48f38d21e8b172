package legate.runtime.config;

/** A configuration value a user gave that cannot be used; the message says which, and what is expected. */
public final class ConfigException extends Exception {
    public ConfigException(String message) {
        super(message);
    }
}
