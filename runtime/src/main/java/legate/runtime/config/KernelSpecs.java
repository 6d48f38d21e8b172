package legate.runtime.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Finding the kernel.json a kernel was installed with, the way Jupyter finds kernelspecs. */
public final class KernelSpecs {
    private KernelSpecs() {
    }

    /** The folders Jupyter searches for {@code kernels/NAME}: JUPYTER_PATH, the user's data dir, the system dirs. */
    public static List<Path> searchPath(Map<String, String> env, Path home) {
        List<Path> dirs = new ArrayList<>();
        String jp = env.get("JUPYTER_PATH");
        if (jp != null) {
            for (String d : jp.split(File.pathSeparator)) {
                if (!d.isBlank()) {
                    dirs.add(Path.of(d));
                }
            }
        }
        String data = env.get("JUPYTER_DATA_DIR");
        dirs.add(data != null && !data.isBlank() ? Path.of(data) : home.resolve(".local/share/jupyter"));
        dirs.add(Path.of("/usr/local/share/jupyter"));
        dirs.add(Path.of("/usr/share/jupyter"));
        return dirs;
    }

    /** The kernel.json of kernelspec {@code name} (any case), if one is found. */
    public static Optional<Path> find(String name, List<Path> searchPath) {
        String dir = name.toLowerCase(Locale.ROOT);
        return searchPath.stream().map(p -> p.resolve("kernels").resolve(dir).resolve("kernel.json"))
                .filter(Files::isRegularFile).findFirst();
    }

    /** The configuration recorded in a kernel.json's {@code metadata.legate}. */
    public static LegateConfig read(Path kernelJson) throws ConfigException {
        JsonNode spec;
        try {
            spec = new ObjectMapper().readTree(kernelJson.toFile());
        } catch (IOException e) {
            throw new ConfigException("cannot read " + kernelJson + ": " + e.getMessage());
        }
        return LegateConfig.fromMetadata(spec.path("metadata").path("legate"));
    }
}
