package legate.installer;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** Where Jupyter looks for kernelspecs, as jupyter_core computes it. */
final class JupyterPaths {
    private JupyterPaths() {
    }

    /** The user's Jupyter data directory: {@code $JUPYTER_DATA_DIR}, else the platform default. */
    static Path userDataDir(Map<String, String> env, String os, Path home) {
        String explicit = env.get("JUPYTER_DATA_DIR");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String o = os.toLowerCase(Locale.ROOT);
        if (o.contains("mac")) {
            return home.resolve("Library/Jupyter");
        }
        if (o.contains("win")) {
            String appData = env.get("APPDATA");
            return appData != null ? Path.of(appData, "jupyter") : home.resolve("AppData/Roaming/jupyter");
        }
        String xdg = env.get("XDG_DATA_HOME");
        return (xdg != null && !xdg.isBlank() ? Path.of(xdg) : home.resolve(".local/share")).resolve("jupyter");
    }

    /** The kernels folder under a prefix: {@code PREFIX/share/jupyter/kernels}. */
    static Path kernelsUnderPrefix(Path prefix) {
        return prefix.resolve("share").resolve("jupyter").resolve("kernels");
    }
}
