package legate.kernel;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import legate.runtime.config.ConfigException;
import legate.runtime.config.JupyterPaths;
import legate.runtime.config.KernelSpecs;
import legate.runtime.config.LegateConfig;
import legate.runtime.config.LegateOptions;
import legate.runtime.launch.RankEnvironment;

/**
 * Who this kernel is and what it runs with: the kernelspec name (from
 * {@code __LEGATE_JUPYTER_KERNEL_SPEC__}) and the configuration from the kernelspec's
 * {@code metadata.legate} (named by {@code -Dlegate.kernelspec}, else found by name where Jupyter
 * looks), else from resource options on the kernel's own command line and the {@code LEGATE_*}
 * variables. Metadata that breaks an option's rule is an error, never a value clamped or ignored.
 */
record KernelSetup(String name, LegateConfig config, Path connectionFile) {

    /**
     * @param specProperty the {@code legate.kernelspec} system property ({@link KernelSpecs#SPEC_PROPERTY}), or null
     * @throws ConfigException a bad option, or kernel.json metadata that breaks an option's rule
     */
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
        String name = env.getOrDefault(KernelSpecs.SPEC_ENV, "legate");
        Optional<Path> spec = specProperty != null ? Optional.of(Path.of(specProperty))
                : env.containsKey(KernelSpecs.SPEC_ENV) ? KernelSpecs.find(name, JupyterPaths.of(env).searchPath(null))
                : Optional.empty();
        boolean rank0 = RankEnvironment.from(env).rank() == 0;
        if (!rank0 && spec.isPresent() && !java.nio.file.Files.isRegularFile(spec.get())) {
            spec = Optional.empty(); // another host, without the kernelspec: the ranks run with rank 0's configuration anyway
        }
        // the ranks a kernel starts read the same kernel.json: only rank 0 says what it noticed
        PrintStream notes = rank0 ? log : new PrintStream(OutputStream.nullOutputStream());
        LegateConfig config = null;
        if (spec.isPresent() && given.isEmpty()) {
            config = KernelSpecs.read(spec.get(), note -> notes.println("legate kernel: " + note)).orElse(null);
            if (config == null) {
                notes.println("legate kernel: " + spec.get() + " has no metadata.legate block: using the defaults and LEGATE_* variables");
            }
        }
        if (config == null) {
            config = LegateOptions.parse(given, env, args);
        }
        return new KernelSetup(name, config, connection);
    }
}
