package legate.installer;

import java.io.IOException;
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

    /**
     * {@code sys.prefix} of the Python that runs Jupyter: found from the {@code jupyter} command
     * on the PATH (its {@code #!} line names the Python).
     */
    static Path jupyterSysPrefix(Map<String, String> env) throws IOException {
        Path jupyter = null;
        for (String dir : env.getOrDefault("PATH", "/usr/local/bin:/usr/bin").split(java.io.File.pathSeparator)) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, "jupyter");
            if (java.nio.file.Files.isExecutable(p)) {
                jupyter = p;
                break;
            }
        }
        if (jupyter == null) {
            throw new IOException("cannot find Jupyter: no 'jupyter' command on the PATH");
        }
        String first;
        try (var lines = java.nio.file.Files.lines(jupyter)) {
            first = lines.findFirst().orElse("");
        } catch (java.io.UncheckedIOException e) {
            first = "";
        }
        if (!first.startsWith("#!")) {
            throw new IOException(jupyter + " does not name the Python it runs on (no #! line)");
        }
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(first.substring(2).strip().split("\\s+")));
        cmd.addAll(java.util.List.of("-c", "import sys; print(sys.prefix)"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String outText = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
        try {
            if (p.waitFor() != 0 || outText.isEmpty()) {
                throw new IOException("cannot ask " + cmd.get(0) + " for sys.prefix: " + outText);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while asking Python for sys.prefix");
        }
        return Path.of(outText);
    }

    /** The kernels folder under a prefix: {@code PREFIX/share/jupyter/kernels}. */
    static Path kernelsUnderPrefix(Path prefix) {
        return prefix.resolve("share").resolve("jupyter").resolve("kernels");
    }
}
