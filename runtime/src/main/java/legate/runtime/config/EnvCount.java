package legate.runtime.config;

import java.io.PrintStream;
import java.util.Map;

/** A count of work read from an environment variable (the warm-ups' sizes): 0 or more, else reported. */
public final class EnvCount {
    private EnvCount() {
    }

    /**
     * {@code name}'s value in {@code env}: a whole number of {@code unit} from 0 up, or
     * {@code fallback} when unset; any other value is reported on {@code log}, prefixed with
     * {@code who} ("legate kernel"), and {@code fallback} used.
     *
     * @param what what 0 turns off ("the warm-up")
     */
    public static int read(Map<String, String> env, String name, int fallback, String unit, String what, String who, PrintStream log) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.strip());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        log.println(who + ": " + name + " must be a whole number of " + unit + " (0 turns " + what + " off), not '" + v + "'; using "
                + fallback);
        return fallback;
    }
}
