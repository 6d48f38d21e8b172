package legate.installer;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import legate.runtime.config.ConfigException;
import legate.runtime.config.JupyterPaths;
import legate.runtime.config.LegateConfig;
import legate.runtime.launch.Launchers;
import legate.runtime.config.LegateOption;
import legate.runtime.config.LegateOptions;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * {@code legate-jupyter}: installs a kernelspec for the Legate Java kernel, with legate.core's
 * options (the resource options come from {@link LegateOptions}, shared with the kernel).
 */
public final class LegateJupyter {
    static final String COMMAND = "legate-jupyter";
    static final int EXIT_EXISTS = 1;
    static final int EXIT_USAGE = 2;

    /** The options of this command that are not resource options. */
    private static final List<LegateOption> KERNEL_OPTIONS = List.of(
            new LegateOption("--user", LegateOption.Group.KERNEL, LegateOption.Kind.FLAG, null, "on", null, 0, 0, List.of(),
                    "Install the kernel for this user, in Jupyter's user data directory"),
            new LegateOption("--name", LegateOption.Group.KERNEL, LegateOption.Kind.REPEATED, "NAME", "Legate_SM_GPU", null, 0, 0,
                    List.of(), "A name for the kernel spec"),
            new LegateOption("--display-name", LegateOption.Group.KERNEL, LegateOption.Kind.REPEATED, "TEXT", "the name", null,
                    0, 0, List.of(), "The name the notebook interface shows"),
            new LegateOption("--prefix", LegateOption.Group.KERNEL, LegateOption.Kind.REPEATED, "DIR", "none", null, 0, 0,
                    List.of(), "Install under DIR/share/jupyter/kernels instead"),
            new LegateOption("--sys-prefix", LegateOption.Group.KERNEL, LegateOption.Kind.FLAG, null, "off", null, 0, 0,
                    List.of(), "Install under the prefix of the Python that runs Jupyter (sys.prefix)"),
            new LegateOption("--profile", LegateOption.Group.KERNEL, LegateOption.Kind.FLAG, null, "off", null, 0, 0, List.of(),
                    "Profile every cell: each cell's timeline in legate_prof/cell-N.html where the notebook runs"),
            new LegateOption("--show-progress", LegateOption.Group.KERNEL, LegateOption.Kind.FLAG, null, "off", null, 0, 0, List.of(),
                    "Cells running over a second show the array operations done and the time, updated as they run"),
            new LegateOption("--force", LegateOption.Group.KERNEL, LegateOption.Kind.FLAG, null, "off", null, 0, 0, List.of(),
                    "Replace an existing kernel spec of the same name"),
            new LegateOption("--verbose", LegateOption.Group.INFO, LegateOption.Kind.FLAG, null, "0", null, 0, 0, List.of(),
                    "Say what is written; -vv also prints the kernel.json"),
            new LegateOption("--color", LegateOption.Group.INFO, LegateOption.Kind.FLAG, null, "off", null, 0, 0, List.of(),
                    "Use color in terminal output"));

    private final Map<String, String> env;
    private final Path libDir;
    private final boolean makeArchive;
    private final PrintWriter out;
    private final PrintWriter err;

    private LegateJupyter(Map<String, String> env, Path libDir, boolean makeArchive, PrintWriter out, PrintWriter err) {
        this.env = env;
        this.libDir = libDir;
        this.makeArchive = makeArchive;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), ownLibDir(), true, new PrintWriter(System.out, true),
                new PrintWriter(System.err, true)));
    }

    /**
     * Runs the command as a user would; returns the exit code.
     *
     * @param makeArchive whether to make the class-data archive (needs the kernel's jars in {@code libDir})
     */
    static int run(String[] args, Map<String, String> env, Path libDir, boolean makeArchive, PrintWriter out, PrintWriter err) {
        LegateJupyter command = new LegateJupyter(env, libDir, makeArchive, out, err);
        try {
            return command.install(args);
        } catch (UsageException e) {
            err.println(Help.usage());
            err.println(COMMAND + ": error: " + e.getMessage());
            return EXIT_USAGE;
        }
    }

    static CommandSpec commandSpec() {
        CommandSpec spec = CommandSpec.create().name(COMMAND);
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).build());
        spec.addOption(OptionSpec.builder("-v", "--verbose").type(boolean[].class).arity("0").build());
        for (LegateOption o : KERNEL_OPTIONS) {
            if (!o.name().equals("--verbose")) {
                spec.addOption(optionSpec(o));
            }
        }
        LegateOptions.ALL.forEach(o -> spec.addOption(optionSpec(o)));
        spec.parser().abbreviatedOptionsAllowed(false);
        return spec;
    }

    private static OptionSpec optionSpec(LegateOption o) {
        OptionSpec.Builder b = OptionSpec.builder(o.name());
        return switch (o.kind()) {
            case FLAG -> b.type(boolean.class).arity("0").build();
            case REPEATED -> b.type(List.class).auxiliaryTypes(String.class).arity("1").paramLabel(o.metavar()).build();
            default -> b.type(String.class).arity("1").paramLabel(o.metavar()).build();
        };
    }

    static List<LegateOption> kernelOptions() {
        return KERNEL_OPTIONS;
    }

    private int install(String[] args) {
        ParseResult parsed;
        try {
            parsed = new CommandLine(commandSpec()).parseArgs(args);
        } catch (CommandLine.UnmatchedArgumentException e) {
            String first = e.getUnmatched().isEmpty() ? "?" : e.getUnmatched().get(0);
            List<String> suggestions = e.getSuggestions();
            throw new UsageException((first.startsWith("-") ? "unknown option " : "unexpected argument ") + first
                    + (suggestions.isEmpty() ? "" : " (did you mean " + String.join(" or ", suggestions) + "?)"));
        } catch (CommandLine.ParameterException e) {
            throw new UsageException(e.getMessage().replace("Missing required parameter for option '", "option ")
                    .replace("' (", " expects a value (").replace("'", ""));
        }
        if (parsed.isUsageHelpRequested()) {
            out.print(Help.full());
            out.flush();
            return 0;
        }
        String name = last(parsed, "--name", "Legate_SM_GPU");
        if (!name.matches("[A-Za-z0-9._-]+")) {
            throw new UsageException("--name: '" + name + "' is not a valid kernel name; use only letters, digits, '.', '_' and '-'");
        }
        String display = last(parsed, "--display-name", name);
        String prefix = last(parsed, "--prefix", null);
        boolean sysPrefix = parsed.hasMatchedOption("--sys-prefix");
        if (prefix != null && sysPrefix) {
            throw new UsageException("--prefix and --sys-prefix cannot be used together");
        }
        Map<String, List<String>> given = new LinkedHashMap<>();
        for (LegateOption o : LegateOptions.ALL) {
            if (parsed.hasMatchedOption(o.name())) {
                given.put(o.name(), o.kind() == LegateOption.Kind.FLAG ? List.of("true") : values(parsed, o.name()));
            }
        }
        LegateConfig config;
        try {
            config = LegateOptions.parse(given, env, List.of(args));
        } catch (ConfigException e) {
            throw new UsageException(e.getMessage());
        }
        int verbose = parsed.hasMatchedOption("--verbose") ? parsed.matchedOption("--verbose").<boolean[]>getValue().length : 0;

        JupyterPaths paths = JupyterPaths.of(env);
        Path jupyterDir;
        if (prefix != null) {
            jupyterDir = JupyterPaths.underPrefix(Path.of(prefix));
        } else if (sysPrefix) {
            try {
                jupyterDir = JupyterPaths.underPrefix(paths.jupyterSysPrefix());
            } catch (IOException e) {
                throw new UsageException("--sys-prefix: " + e.getMessage());
            }
        } else {
            jupyterDir = paths.dataDir();
        }
        Path kernels = jupyterDir.resolve("kernels");
        String dirName = name.toLowerCase(Locale.ROOT);
        Path dir = kernels.resolve(dirName);
        if (Files.exists(dir.resolve("kernel.json")) && !parsed.hasMatchedOption("--force")) {
            err.println("ERROR: kernel spec '" + name + "' already exists. Remove it by running: "
                    + "'jupyter kernelspec uninstall " + dirName + "', or choose a new kernel name.");
            return EXIT_EXISTS;
        }
        checkWritable(dir);

        KernelSpecWriter writer = new KernelSpecWriter(Path.of(System.getProperty("java.home"), "bin", "java"),
                Runtime.version().feature(), libDir);
        CdsArchive archive = null;
        try {
            Files.createDirectories(dir);
            Logo.write(dir);
            archive = makeArchive ? CdsArchive.create(writer.java(), writer.feature(), writer.classpath(), dir,
                    CdsArchive.cacheRoot(env)) : null;
            if (archive != null) { // the legate driver of these jars starts from it too
                archive.pointDriver(CdsArchive.cacheRoot(env), writer.java(), libDir);
            }
        } catch (IOException e) {
            if (!Files.isDirectory(dir)) {
                throw new UsageException("cannot write the kernel spec to " + dir + ": " + describe(e));
            }
            err.println("warning: kernels will start without a class-data archive (slower): " + e.getMessage());
        }
        Map<String, Object> json = writer.kernelJson(name, display, config, dir.resolve("kernel.json"), archive);
        if (parsed.hasMatchedOption("--profile") || parsed.hasMatchedOption("--show-progress")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> kernelEnv = new LinkedHashMap<>((Map<String, Object>) json.get("env"));
            if (parsed.hasMatchedOption("--profile")) { // the kernel profiles every cell (legate.kernel.CellProfiling)
                kernelEnv.put("LEGATE_PROFILE", "legate_prof");
            }
            if (parsed.hasMatchedOption("--show-progress")) { // long cells show their progress (legate.kernel.CellProgress)
                kernelEnv.put("LEGATE_SHOW_PROGRESS", "1");
            }
            json.put("env", kernelEnv);
        }
        try {
            writer.write(dir, json);
            if (verbose >= 1) {
                out.println("Wrote kernel spec file " + dirName + "/kernel.json");
                out.println();
            }
            if (verbose >= 2) {
                out.println(writer.render(json));
                out.println();
            }
        } catch (IOException e) {
            throw new UsageException("cannot write the kernel spec to " + dir + ": " + describe(e));
        }
        String launcher = config.multiNode().launcher();
        Path wrapper = libDir.toAbsolutePath().resolveSibling("bin").resolve(Launchers.WRAPPER);
        if (!launcher.equals("none") && !Files.isExecutable(wrapper)) {
            err.println("warning: --launcher " + launcher + ": " + wrapper + " is missing; the kernel runs its launcher through it "
                    + "(it gives the ranks their session), so the kernel cannot start until it is there");
        }
        if (!launcher.equals("none") && !onPath(launcher, env)) {
            err.println("warning: --launcher " + launcher + ": " + launcher + " is not on PATH here; the kernel runs it to start its ranks, "
                    + "so it must be on PATH where Jupyter starts the kernel");
        }
        out.println("Jupyter kernel spec " + name + " (" + display + ") has been installed");
        return 0;
    }

    private static boolean onPath(String command, Map<String, String> env) {
        for (String dir : env.getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    /** Refuses, before anything is written, a destination that cannot be created or written. */
    private static void checkWritable(Path dir) {
        Path existing = dir;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing) || !Files.isWritable(existing)) {
            throw new UsageException("cannot write the kernel spec to " + dir + ": "
                    + (existing == null ? "no existing parent folder" : existing + (Files.isDirectory(existing)
                    ? " is not writable" : " is not a folder")));
        }
    }

    private static String last(ParseResult parsed, String option, String otherwise) {
        List<String> v = values(parsed, option);
        return v.isEmpty() ? otherwise : v.get(v.size() - 1);
    }

    private static List<String> values(ParseResult parsed, String option) {
        return parsed.hasMatchedOption(option) ? new ArrayList<>(parsed.matchedOption(option).stringValues()) : List.of();
    }

    private static String describe(IOException e) {
        String what = e.getClass().getSimpleName().replace("Exception", "").replaceAll("([a-z])([A-Z])", "$1 $2")
                .toLowerCase(Locale.ROOT);
        return e.getMessage() == null ? what : what + ": " + e.getMessage();
    }

    /** The folder of the jars this command runs from: the kernel runs from the same. */
    static Path ownLibDir() {
        try {
            Path self = Path.of(LegateJupyter.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isDirectory(self) ? self : self.getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the installer's own jar", e);
        }
    }

    /** A mistake of the user's: reported with usage and exit code 2, never a stack trace. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
