package legate.runtime.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What the installer and the kernel agree on about a kernelspec: the names in kernel.json that
 * lead the kernel back to it, and how the kernel finds and reads it.
 */
public final class KernelSpecs {
    /** kernel.json's {@code env} sets it to the kernelspec's name. */
    public static final String SPEC_ENV = "__LEGATE_JUPYTER_KERNEL_SPEC__";
    /** kernel.json's argv sets this system property to the kernel.json's own path. */
    public static final String SPEC_PROPERTY = "legate.kernelspec";
    /**
     * kernel.json's argv sets this system property with {@code --no-replicate}: every rank's
     * command line says so, and a rank on another host, which cannot read the kernel.json, has
     * nothing to do without waiting for rank 0.
     */
    public static final String NO_REPLICATE_PROPERTY = "legate.noReplicate";
    /** The class kernel.json's argv runs: the kernel. */
    public static final String MAIN_CLASS = "legate.kernel.Main";
    /** The class the installer runs to train the kernel's class-data archive. */
    public static final String TRAINING_CLASS = "legate.kernel.CdsTraining";

    private KernelSpecs() {
    }

    /** The kernel.json of kernelspec {@code name} (any case) in the first of {@code searchPath} that has it. */
    public static Optional<Path> find(String name, List<Path> searchPath) {
        String dir = name.toLowerCase(Locale.ROOT);
        return searchPath.stream().map(p -> p.resolve("kernels").resolve(dir).resolve("kernel.json"))
                .filter(Files::isRegularFile).findFirst();
    }

    /**
     * The configuration recorded in a kernel.json's {@code metadata.legate} (see
     * {@link LegateMetadata#read}), or empty when it has no such block.
     *
     * @param note hears what the reading could not find and took defaults for
     */
    public static Optional<LegateConfig> read(Path kernelJson, Consumer<String> note) throws ConfigException {
        JsonNode spec;
        try {
            spec = new ObjectMapper().readTree(kernelJson.toFile());
        } catch (IOException e) {
            throw new ConfigException("cannot read " + kernelJson + ": " + e.getMessage().lines().findFirst().orElse(""));
        }
        JsonNode legate = spec.path("metadata").path("legate");
        if (legate.isMissingNode()) {
            return Optional.empty();
        }
        return Optional.of(LegateMetadata.read(legate, kernelJson.toString(), note));
    }
}
