package legate.kernel;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import legate.runtime.config.ConfigException;
import legate.runtime.config.KernelSpecs;
import legate.runtime.config.LegateConfig;
import legate.runtime.config.LegateOptions;

/**
 * Who this kernel is and what it runs with: the kernelspec name (from
 * {@code __LEGATE_JUPYTER_KERNEL_SPEC__}) and the configuration from the kernelspec's
 * {@code metadata.legate} (named by {@code -Dlegate.kernelspec}, else found by name), else from
 * resource options on the kernel's own command line and the {@code LEGATE_*} variables.
 */
record KernelSetup(String name, LegateConfig config, Path connectionFile) {
    static final String SPEC_ENV = "__LEGATE_JUPYTER_KERNEL_SPEC__";
    static final String SPEC_PROPERTY = "legate.kernelspec";

    static KernelSetup resolve(List<String> args, Map<String, String> env, String specProperty, PrintStream log)
            throws ConfigException {
        List<String> rest = new ArrayList<>();
        var given = LegateOptions.split(args, rest);
        Path connection = null;
        for (int i = 0; i < rest.size(); i++) {
            String a = rest.get(i);
            if ((a.equals("-f") || a.equals("--connection-file")) && i + 1 < rest.size()) {
                connection = Path.of(rest.get(++i));
            } else if (a.startsWith("--connection-file=")) {
                connection = Path.of(a.substring("--connection-file=".length()));
            } else {
                throw new ConfigException("unknown argument " + a);
            }
        }
        String name = env.getOrDefault(SPEC_ENV, "legate");
        Optional<Path> spec = specProperty != null ? Optional.of(Path.of(specProperty))
                : env.containsKey(SPEC_ENV) ? KernelSpecs.find(name, KernelSpecs.searchPath(env, Path.of(System.getProperty("user.home"))))
                : Optional.empty();
        LegateConfig config = null;
        if (spec.isPresent() && given.isEmpty()) {
            try {
                config = KernelSpecs.read(spec.get());
            } catch (ConfigException e) {
                log.println("legate kernel: " + e.getMessage() + "; using the command line and defaults");
            }
        }
        if (config == null) {
            config = LegateOptions.parse(given, env, args);
        }
        return new KernelSetup(name, config, connection);
    }
}
