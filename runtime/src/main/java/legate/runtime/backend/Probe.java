package legate.runtime.backend;

/** Whether a backend can run on this machine and, when it cannot, why, in words a user can act on. */
public record Probe(boolean usable, String reason) {
    public static Probe ok() {
        return new Probe(true, "");
    }

    public static Probe unusable(String reason) {
        return new Probe(false, reason);
    }
}
