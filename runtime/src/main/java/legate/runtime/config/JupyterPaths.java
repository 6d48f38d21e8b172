package legate.runtime.config;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Where Jupyter keeps its data (kernelspecs under {@code kernels/}), as jupyter_core 4.12's
 * {@code jupyter_data_dir()} and {@code jupyter_path()} compute it: the installer writes where
 * this says and the kernel looks where this says, so both agree with {@code jupyter kernelspec list}.
 *
 * @param env  the environment ({@code JUPYTER_DATA_DIR}, {@code XDG_DATA_HOME}, {@code JUPYTER_PATH}, ...)
 * @param home the user's home, as Python's {@code expanduser("~")} finds it
 * @param os   the {@code os.name} system property
 */
public record JupyterPaths(Map<String, String> env, Path home, String os) {
    private static final List<String> UNSET = List.of("no", "n", "false", "off", "0", "0.0");

    /** The paths of this process: its environment, {@code $HOME} (else {@code user.home}) and OS. */
    public static JupyterPaths of(Map<String, String> env) {
        String home = env.get("HOME");
        return new JupyterPaths(env, Path.of(home != null && !home.isBlank() ? home : System.getProperty("user.home")),
                System.getProperty("os.name"));
    }

    /**
     * The user's data directory, where a user install goes: {@code $JUPYTER_DATA_DIR}; else
     * {@code ~/Library/Jupyter} on macOS, {@code %APPDATA%\jupyter} on Windows, and elsewhere
     * {@code $XDG_DATA_HOME/jupyter}, or {@code ~/.local/share/jupyter} when XDG_DATA_HOME is not set.
     */
    public Path dataDir() {
        String explicit = get("JUPYTER_DATA_DIR");
        if (explicit != null) {
            return Path.of(explicit);
        }
        if (mac()) {
            return home.resolve("Library").resolve("Jupyter");
        }
        if (windows()) {
            String appData = get("APPDATA");
            if (appData != null) {
                return Path.of(appData, "jupyter");
            }
            String config = get("JUPYTER_CONFIG_DIR");
            return (config != null ? Path.of(config) : home.resolve(".jupyter")).resolve("data");
        }
        String xdg = get("XDG_DATA_HOME");
        return (xdg != null ? Path.of(xdg) : home.resolve(".local").resolve("share")).resolve("jupyter");
    }

    /** The system-wide directories: {@code /usr/local/share/jupyter}, {@code /usr/share/jupyter} ({@code %PROGRAMDATA%\jupyter} on Windows). */
    public List<Path> systemDirs() {
        if (windows()) {
            String programData = get("PROGRAMDATA");
            return programData != null ? List.of(Path.of(programData, "jupyter")) : List.of();
        }
        return List.of(Path.of("/usr/local/share/jupyter"), Path.of("/usr/share/jupyter"));
    }

    /**
     * The directories Jupyter searches, first wins: each of {@code $JUPYTER_PATH}; the user's (the
     * data dir, then Python's user base {@code ~/.local/share/jupyter} unless {@code PYTHONNOUSERSITE});
     * {@code sysPrefix/share/jupyter} when {@code sysPrefix} is known and not a system dir (before the
     * user's with {@code JUPYTER_PREFER_ENV_PATH}); the system dirs.
     *
     * @param sysPrefix {@code sys.prefix} of the Python that runs Jupyter, or null when not known
     */
    public List<Path> searchPath(Path sysPrefix) {
        List<Path> dirs = new ArrayList<>();
        String jupyterPath = get("JUPYTER_PATH");
        if (jupyterPath != null) {
            Stream.of(jupyterPath.split(File.pathSeparator)).filter(d -> !d.isBlank()).map(Path::of).forEach(dirs::add);
        }
        List<Path> user = new ArrayList<>(List.of(dataDir()));
        if (!mac() && !windows() && get("PYTHONNOUSERSITE") == null) {
            String base = get("PYTHONUSERBASE");
            Path userSite = (base != null ? Path.of(base) : home.resolve(".local")).resolve("share").resolve("jupyter");
            if (!user.contains(userSite)) {
                user.add(userSite);
            }
        }
        List<Path> environment = sysPrefix == null ? List.of() : List.of(underPrefix(sysPrefix));
        environment = environment.stream().filter(p -> !systemDirs().contains(p)).toList();
        boolean preferEnvironment = !UNSET.contains(env.getOrDefault("JUPYTER_PREFER_ENV_PATH", "no").toLowerCase(Locale.ROOT));
        dirs.addAll(preferEnvironment ? environment : user);
        dirs.addAll(preferEnvironment ? user : environment);
        dirs.addAll(systemDirs());
        return dirs;
    }

    /** Where {@code --prefix DIR} installs: {@code DIR/share/jupyter} (its {@code kernels} folder holds the specs). */
    public static Path underPrefix(Path prefix) {
        return prefix.toAbsolutePath().resolve("share").resolve("jupyter");
    }

    /**
     * {@code sys.prefix} of the Python that runs Jupyter, where {@code --sys-prefix} installs
     * (under {@link #underPrefix}): found from the {@code jupyter} command on the PATH, whose
     * {@code #!} line names the Python.
     */
    public Path jupyterSysPrefix() throws IOException {
        Path jupyter = null;
        for (String dir : env.getOrDefault("PATH", "/usr/local/bin:/usr/bin").split(File.pathSeparator)) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, "jupyter");
            if (Files.isExecutable(p)) {
                jupyter = p;
                break;
            }
        }
        if (jupyter == null) {
            throw new IOException("cannot find Jupyter: no 'jupyter' command on the PATH");
        }
        String first;
        try (Stream<String> lines = Files.lines(jupyter)) {
            first = lines.findFirst().orElse("");
        } catch (UncheckedIOException e) {
            first = "";
        }
        if (!first.startsWith("#!")) {
            throw new IOException(jupyter + " does not name the Python it runs on (no #! line)");
        }
        List<String> cmd = new ArrayList<>(List.of(first.substring(2).strip().split("\\s+")));
        cmd.addAll(List.of("-c", "import sys; print(sys.prefix)"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String outText = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
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

    /** A variable that is set and not empty (jupyter_core treats an empty one as unset), or null. */
    private String get(String name) {
        String v = env.get(name);
        return v == null || v.isEmpty() ? null : v;
    }

    private boolean mac() {
        return os.toLowerCase(Locale.ROOT).contains("mac");
    }

    private boolean windows() {
        return os.toLowerCase(Locale.ROOT).contains("win");
    }
}
