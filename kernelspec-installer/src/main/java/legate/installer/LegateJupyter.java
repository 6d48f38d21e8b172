package legate.installer;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import legate.runtime.config.LegateConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code legate-jupyter}: installs a kernelspec for the Legate Java kernel. */
@Command(name = "legate-jupyter", sortOptions = false, usageHelpAutoWidth = true,
        description = "Install a Legate Java Jupyter kernel.")
public final class LegateJupyter implements Callable<Integer> {
    static final int EXIT_EXISTS = 1;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--user", defaultValue = "true", description = "Install the kernel in user home directory (default: on)")
    boolean user;

    @Option(names = "--name", paramLabel = "NAME", defaultValue = "Legate_SM_GPU",
            description = "A name for the kernel spec (default: ${DEFAULT-VALUE})")
    String name;

    @Option(names = "--display-name", paramLabel = "TEXT",
            description = "A display name for the kernel (default: the name)")
    String displayName;

    @Option(names = "--prefix", paramLabel = "DIR",
            description = "Install under DIR/share/jupyter/kernels instead of the user's Jupyter data directory")
    Path prefix;

    @Option(names = "--force", description = "Replace an existing kernel spec of the same name")
    boolean force;

    @Option(names = {"-v", "--verbose"}, description = "Print what is written (-vv: also the kernel.json)")
    boolean[] verbose = new boolean[0];

    private final Map<String, String> env;
    private final Path libDir;
    private final boolean makeArchive;

    LegateJupyter(Map<String, String> env, Path libDir, boolean makeArchive) {
        this.env = env;
        this.libDir = libDir;
        this.makeArchive = makeArchive;
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
        CommandLine cl = new CommandLine(new LegateJupyter(env, libDir, makeArchive));
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, a) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println(shortUsage(c));
            c.getErr().println(c.getCommandName() + ": error: " + ex.getMessage());
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            if (ex instanceof UsageException u) {
                c.getErr().println(shortUsage(c));
                c.getErr().println(c.getCommandName() + ": error: " + u.getMessage());
                return 2;
            }
            throw ex;
        });
        return cl.execute(args);
    }

    private static String shortUsage(CommandLine c) {
        return c.getHelp().synopsis(0).strip();
    }

    @Override
    public Integer call() throws IOException {
        if (!name.matches("[A-Za-z0-9._-]+")) {
            throw new UsageException("argument --name: '" + name
                    + "' is not a valid kernel name; use only letters, digits, '.', '_' and '-'");
        }
        String display = displayName == null ? name : displayName;
        Path kernels = prefix != null ? JupyterPaths.kernelsUnderPrefix(prefix)
                : JupyterPaths.userDataDir(env, System.getProperty("os.name"), Path.of(System.getProperty("user.home"))).resolve("kernels");
        Path dir = kernels.resolve(name.toLowerCase(Locale.ROOT));
        PrintWriter out = spec.commandLine().getOut();
        if (Files.exists(dir.resolve("kernel.json")) && !force) {
            spec.commandLine().getErr().println("ERROR: kernel spec '" + name + "' already exists. Remove it by running: "
                    + "'jupyter kernelspec uninstall " + name.toLowerCase(Locale.ROOT) + "', or choose a new kernel name.");
            return EXIT_EXISTS;
        }
        KernelSpecWriter writer = new KernelSpecWriter(Path.of(System.getProperty("java.home"), "bin", "java"), libDir);
        LegateConfig config = new LegateConfig(List.of(), LegateConfig.CoreConfig.defaults(),
                LegateConfig.MemoryConfig.defaults(), LegateConfig.MultiNodeConfig.defaults());
        Path archive = null;
        try {
            archive = makeArchive ? CdsArchive.create(writer.java(), writer.classpath(), dir) : null;
        } catch (IOException e) {
            spec.commandLine().getErr().println("warning: kernels will start without a class-data archive (slower): "
                    + e.getMessage());
        }
        Map<String, Object> json = writer.kernelJson(name, display, config, archive);
        try {
            writer.write(dir, json);
        } catch (IOException e) {
            throw new UsageException("cannot write the kernel spec to " + dir + ": " + describe(e));
        }
        if (verbose.length >= 1) {
            out.println("Wrote kernel spec file " + name.toLowerCase(Locale.ROOT) + "/kernel.json");
            out.println();
        }
        if (verbose.length >= 2) {
            out.println(writer.render(json));
            out.println();
        }
        out.println("Jupyter kernel spec " + name + " (" + display + ") has been installed");
        return 0;
    }

    private static String describe(IOException e) {
        String what = e.getClass().getSimpleName().replace("Exception", "").replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
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
