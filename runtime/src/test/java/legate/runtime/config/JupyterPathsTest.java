package legate.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JupyterPathsTest {
    static final Path HOME = Path.of("/home/u");
    static final List<Path> SYSTEM = List.of(Path.of("/usr/local/share/jupyter"), Path.of("/usr/share/jupyter"));

    @TempDir
    Path tmp;

    static JupyterPaths linux(Map<String, String> env) {
        return new JupyterPaths(env, HOME, "Linux");
    }

    static List<Path> paths(String... p) {
        List<Path> out = new ArrayList<>();
        for (String s : p) {
            out.add(Path.of(s));
        }
        out.addAll(SYSTEM);
        return out;
    }

    @Test
    void theUserDirIsLocalShareJupyterOrUnderXdgDataHome() {
        assertEquals(Path.of("/home/u/.local/share/jupyter"), linux(Map.of()).dataDir());
        assertEquals(Path.of("/xdg/jupyter"), linux(Map.of("XDG_DATA_HOME", "/xdg")).dataDir());
        assertEquals(Path.of("/home/u/.local/share/jupyter"), linux(Map.of("XDG_DATA_HOME", "")).dataDir(), "empty is unset");
    }

    @Test
    void jupyterDataDirWinsOverXdgDataHome() {
        assertEquals(Path.of("/data"), linux(Map.of("JUPYTER_DATA_DIR", "/data", "XDG_DATA_HOME", "/xdg")).dataDir());
        assertEquals(Path.of("/data"), new JupyterPaths(Map.of("JUPYTER_DATA_DIR", "/data"), HOME, "Mac OS X").dataDir());
        assertEquals(Path.of("/home/u/Library/Jupyter"), new JupyterPaths(Map.of("XDG_DATA_HOME", "/xdg"), HOME, "Mac OS X").dataDir());
    }

    @Test
    void theSearchPathIsJupyterPathInOrderThenTheUserThenTheSystem() {
        assertEquals(paths("/home/u/.local/share/jupyter"), linux(Map.of()).searchPath(null));
        assertEquals(paths("/a", "/b", "/home/u/.local/share/jupyter"),
                linux(Map.of("JUPYTER_PATH", "/a" + File.pathSeparator + "/b")).searchPath(null));
        // with XDG_DATA_HOME, Python's user base (~/.local) still adds its share/jupyter after the data dir
        assertEquals(paths("/a", "/xdg/jupyter", "/home/u/.local/share/jupyter"),
                linux(Map.of("JUPYTER_PATH", "/a", "XDG_DATA_HOME", "/xdg")).searchPath(null));
        assertEquals(paths("/xdg/jupyter", "/base/share/jupyter"),
                linux(Map.of("XDG_DATA_HOME", "/xdg", "PYTHONUSERBASE", "/base")).searchPath(null));
        assertEquals(paths("/xdg/jupyter"), linux(Map.of("XDG_DATA_HOME", "/xdg", "PYTHONNOUSERSITE", "1")).searchPath(null));
    }

    @Test
    void theSysPrefixComesAfterTheUserUnlessPreferred() {
        assertEquals(paths("/home/u/.local/share/jupyter", "/env/share/jupyter"), linux(Map.of()).searchPath(Path.of("/env")));
        assertEquals(paths("/env/share/jupyter", "/home/u/.local/share/jupyter"),
                linux(Map.of("JUPYTER_PREFER_ENV_PATH", "1")).searchPath(Path.of("/env")));
        assertEquals(paths("/home/u/.local/share/jupyter", "/env/share/jupyter"),
                linux(Map.of("JUPYTER_PREFER_ENV_PATH", "off")).searchPath(Path.of("/env")));
        assertEquals(paths("/home/u/.local/share/jupyter"), linux(Map.of()).searchPath(Path.of("/usr")), "/usr's is a system dir");
    }

    @Test
    void prefixAndSysPrefixInstallUnderShareJupyter() throws Exception {
        assertEquals(Path.of("/opt/env/share/jupyter"), JupyterPaths.underPrefix(Path.of("/opt/env")));
        assertEquals(Path.of("rel").toAbsolutePath().resolve("share/jupyter"), JupyterPaths.underPrefix(Path.of("rel")));
        // --sys-prefix asks the Python named on the #! line of the jupyter on the PATH
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path python = executable(bin.resolve("python"), "#!/bin/sh\necho /opt/conda\n");
        executable(bin.resolve("jupyter"), "#!" + python + "\n");
        assertEquals(Path.of("/opt/conda"), linux(Map.of("PATH", bin.toString())).jupyterSysPrefix());
    }

    @Test
    void theSameAsJupyterCore() throws Exception {
        Path python = Path.of("/usr/bin/python3");
        assumeTrue(Files.isExecutable(python), "no /usr/bin/python3");
        for (Map<String, String> env : List.of(Map.<String, String>of(), Map.of("XDG_DATA_HOME", tmp + "/xdg"),
                Map.of("JUPYTER_DATA_DIR", tmp + "/data", "XDG_DATA_HOME", tmp + "/xdg", "JUPYTER_PATH", "/a:/b/"),
                Map.of("PYTHONUSERBASE", tmp + "/base"), Map.of("JUPYTER_PREFER_ENV_PATH", "yes"))) {
            Map<String, String> full = new HashMap<>(env);
            full.put("HOME", tmp.toString());
            ProcessBuilder pb = new ProcessBuilder(python.toString(), "-c",
                    "import sys; from jupyter_core.paths import jupyter_path, jupyter_data_dir; "
                            + "print(jupyter_data_dir()); print(sys.prefix); [print(p) for p in jupyter_path()]");
            pb.environment().keySet().removeIf(k -> k.startsWith("JUPYTER") || k.startsWith("XDG") || k.startsWith("PYTHON"));
            pb.environment().putAll(full);
            Process p = pb.redirectErrorStream(true).start();
            List<String> lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            assumeTrue(p.waitFor() == 0, "jupyter_core is not installed for " + python + ": " + lines);
            JupyterPaths ours = new JupyterPaths(full, tmp, "Linux");
            assertEquals(Path.of(lines.get(0)), ours.dataDir(), env.toString());
            assertEquals(lines.subList(2, lines.size()).stream().map(Path::of).toList(), ours.searchPath(Path.of(lines.get(1))),
                    env.toString());
        }
    }

    static Path executable(Path file, String text) throws Exception {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }
}
