package legate.kernel;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import legate.kernel.display.MimeBundle;
import legate.kernel.jshell.CompilerWarmUp;
import legate.kernel.jshell.Stdio;
import legate.kernel.jshell.SystemExit;
import legate.kernel.protocol.CellIO;
import legate.kernel.protocol.ExecuteOutcome;
import legate.kernel.protocol.ExecuteOutcome.Failure;
import legate.kernel.protocol.ExecuteOutcome.Success;
import legate.kernel.protocol.Interpreter;
import legate.magics.Args;
import legate.magics.builtin.RunMagic;
import legate.runtime.cluster.Cluster;
import legate.runtime.config.ConfigException;
import legate.runtime.config.KernelSpecs;
import legate.runtime.config.LegateConfig;
import legate.runtime.config.LegateOptions;
import legate.runtime.launch.Heap;
import legate.runtime.launch.HostAddresses;
import legate.runtime.launch.Launchers;
import legate.runtime.launch.LocalLauncher;
import legate.runtime.launch.ParentWatch;
import legate.runtime.launch.RankEnvironment;
import legate.runtime.launch.Rendezvous;

/**
 * {@code legate [RESOURCE OPTIONS] [SCRIPT.jsh [ARGS...]]}: runs a JShell script on the
 * runtime, without Jupyter (its arguments are in {@code String[] args}); with no script, an
 * interactive prompt on rank 0. Other ranks are started and replicated as for the kernel.
 */
public final class Driver {
    private Driver() {
    }

    /** Set for the ranks a launcher starts on the driver's behalf. */
    static final String LAUNCHED_ENV = "LEGATE_LAUNCHED_BY";
    /** For rank 0 under a launcher: the file (on the launching host, where rank 0 runs) it writes its exit status to. */
    static final String STATUS_ENV = "LEGATE_DRIVER_STATUS";
    /** Set for a driver started again with the heap its configuration needs (see {@link Heap}). */
    static final String RESIZED_ENV = "LEGATE_DRIVER_RESIZED";

    public static void main(String[] argv) {
        RankEnvironment where = RankEnvironment.from(System.getenv());
        if (DriverHelp.asksForHelp(optionsBeforeScript(argv))) {
            System.out.print(DriverHelp.full());
            System.exit(0);
        }
        if (optionsBeforeScript(argv).contains("--version")) {
            System.out.println(DriverHelp.version());
            System.exit(0);
        }
        List<String> rest = new ArrayList<>();
        LegateConfig config;
        Tools tools;
        List<String> resourceOptions = new ArrayList<>(); // the options the other ranks get: the tools are rank 0's to run
        try {
            tools = Tools.from(optionsBeforeScript(argv), resourceOptions);
            config = LegateOptions.parse(LegateOptions.split(resourceOptions, rest), System.getenv(), List.of(argv));
        } catch (ConfigException e) {
            System.err.println(DriverHelp.usage());
            System.err.println("legate: error: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (config.core().gpus() > 0 && where.rank() == 0 && System.getenv(RESIZED_ENV) == null) {
            var whyNot = legate.runtime.backend.Backends.whyNot(legate.runtime.backend.ProcessorKind.GPU, config.core().gpus());
            if (whyNot.isPresent()) { // as Legate refuses resources it does not have: never a silent CPU run
                System.err.println("legate: error: --gpus " + config.core().gpus() + ": " + whyNot.get() + " (--gpus 0 computes on CPUs)");
                System.exit(1);
            }
        }
        List<String> script = new ArrayList<>(rest);
        for (int i = optionsBeforeScript(argv).size(); i < argv.length; i++) {
            script.add(argv[i]);
        }
        for (String s : rest) {
            if (s.startsWith("-")) {
                System.err.println(DriverHelp.usage());
                System.err.println("legate: error: " + DriverHelp.unknown(s));
                System.exit(2);
            }
        }
        // the script is rank 0's, checked before any JVM or rank starts (the others run what rank 0 sends);
        // read only where it runs: a pipe (legate /dev/stdin) can be read once
        if (!script.isEmpty() && where.rank() == 0) {
            unreadable(Path.of(script.get(0))).ifPresent(why -> scriptFails(config, where, why));
        }
        if (where.launcher().equals("none") && System.getenv(LAUNCHED_ENV) == null && System.getenv(RESIZED_ENV) == null
                && Heap.needsRestart(config, Runtime.getRuntime().maxMemory())) {
            System.exit(withHeap(config, argv)); // as kernel.json sizes a kernel's heap; every rank it starts gets the same
        }
        if (System.getenv(RESIZED_ENV) != null) {
            ParentWatch.start(System.err, "legate"); // the driver that started this one waits for it
        }
        LegateConfig.MultiNodeConfig multi = config.multiNode();
        if (where.launcher().equals("none") && !multi.launcher().equals("none") && !multi.notControlReplicable()) {
            if (System.getenv(LAUNCHED_ENV) != null) {
                System.err.println("legate: error: started by --launcher " + multi.launcher() + ", but its environment names no rank "
                        + "(OMPI_COMM_WORLD_RANK, PMI_RANK, SLURM_PROCID or JSM_NAMESPACE_RANK)");
                System.exit(2);
            }
            System.exit(throughLauncher(multi, argv)); // every rank, this one's successor included, runs under the launcher
        }
        if (where.rank() > 0) { // a rank its launcher started: a script gains nothing from a warmed-up compiler
            int warmUp = warmUp(script, System.err);
            CompletableFuture<Cluster> joining = Boolean.getBoolean(KernelSpecs.NO_REPLICATE_PROPERTY)
                    || config.multiNode().notControlReplicable() ? null : RankSession.joinInBackground(where, System.err);
            System.exit(RankSession.followOnOwnStreams(new KernelSetup("legate", config, null), where, warmUp, joining));
        }
        String code = null;
        if (!script.isEmpty()) {
            try {
                code = Files.readString(Path.of(script.get(0)));
            } catch (IOException e) {
                Path file = Path.of(script.get(0)); // gone or changed since the check
                scriptFails(config, where, unreadable(file).orElse("cannot read " + file + ": " + e.getMessage()));
            }
        }
        int status = run(config, resourceOptions, script, code, tools);
        exitRank0(status);
    }

    /** Why the script cannot be read ("cannot read s.jsh: no such file"), if it cannot; reads nothing. */
    private static java.util.Optional<String> unreadable(Path file) {
        String why = !Files.exists(file) ? "no such file" : Files.isDirectory(file) ? "it is a folder"
                : !Files.isReadable(file) ? "permission denied" : null;
        return java.util.Optional.ofNullable(why).map(w -> "cannot read " + file + ": " + w);
    }

    /**
     * Rank 0 cannot run its script: says why and ends with status 2; the ranks a launcher started
     * beside it learn why as they join, and end at once instead of waiting for it.
     */
    private static void scriptFails(LegateConfig config, RankEnvironment where, String why) {
        System.err.println("legate: " + why);
        RankSession.endLaunchedRanks(new KernelSetup("legate", config, null), where, why, System.err);
        exitRank0(2);
    }

    /** Ends rank 0 with {@code status}, which it first reports to the driver that started its launcher. */
    private static void exitRank0(int status) {
        String statusFile = System.getenv(STATUS_ENV);
        if (System.getenv(LAUNCHED_ENV) != null && statusFile != null) {
            try { // the launcher's own exit status does not carry rank 0's
                Files.writeString(Path.of(statusFile), Integer.toString(status));
            } catch (IOException e) {
                System.err.println("legate: cannot report the exit status: " + e.getMessage());
            }
        }
        System.exit(status);
    }

    /**
     * Runs this same command again in a JVM whose heap holds {@code --sysmem} of arrays
     * ({@link Heap#megabytes}); returns its exit status. This JVM leaves Ctrl-C to it.
     */
    private static int withHeap(LegateConfig config, String[] argv) {
        List<String> cmd = new ArrayList<>(LocalLauncher.javaCommand(Driver.class.getName()));
        int classpath = cmd.indexOf("-cp"); // the JVM options before it: ours after any inherited -Xmx (the last one counts)
        cmd.addAll(classpath, Heap.jvmOptions(config, cmd.subList(1, classpath)));
        cmd.addAll(List.of(argv));
        ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
        pb.environment().put(RESIZED_ENV, "1");
        try {
            Process p = pb.start();
            try { // after the start: a signal this JVM ignores, its children would ignore too
                sun.misc.Signal.handle(new sun.misc.Signal("INT"), sun.misc.SignalHandler.SIG_IGN);
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // Ctrl-C then ends this JVM; the other one notices (ParentWatch) and ends too
            }
            return p.waitFor();
        } catch (IOException e) {
            System.err.println("legate: error: cannot start the JVM again with -Xmx" + Heap.megabytes(config) + "m: " + e.getMessage());
            return 2;
        } catch (InterruptedException e) {
            return 130;
        }
    }

    /**
     * Runs this same command once per rank through the configured launcher, the ranks meeting
     * as the {@link Rendezvous} in their environment says (rank 0 on this host); returns rank 0's
     * exit status, which it leaves in a private temporary folder, else the launcher's, else (a
     * rank 0 that left none, and a launcher that says 0) 1.
     */
    private static int throughLauncher(LegateConfig.MultiNodeConfig multi, String[] argv) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("legate-ranks", java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
            Rendezvous session = Rendezvous.create(multi.nodes() == 1 ? "127.0.0.1"
                    : System.getenv().getOrDefault(Rendezvous.HOST_ENV, HostAddresses.hostName()));
            List<String> cmd = new ArrayList<>(Launchers.prefix(multi, List.of(STATUS_ENV, LAUNCHED_ENV)));
            cmd.addAll(LocalLauncher.javaCommand(Driver.class.getName()));
            cmd.addAll(List.of(argv));
            ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
            pb.environment().putAll(session.env());
            pb.environment().put(STATUS_ENV, dir.resolve("status").toString());
            pb.environment().put(LAUNCHED_ENV, multi.launcher());
            Process p;
            try {
                p = pb.start();
            } catch (IOException e) {
                System.err.println("legate: error: cannot run the launcher " + cmd.get(0) + " (--launcher " + multi.launcher() + "): "
                        + e.getMessage());
                return 2;
            }
            int launcherStatus = p.waitFor();
            Path status = dir.resolve("status");
            if (Files.exists(status)) {
                return Integer.parseInt(Files.readString(status).strip());
            }
            if (launcherStatus == 0) { // mpirun's recovery mode ends a job whose rank 0 was killed with 0: the other ranks left normally
                System.err.println("legate: error: rank 0 ended without reporting its exit status (killed by a signal, or out of memory?);"
                        + " " + multi.launcher() + " returned 0 for the job");
                return 1;
            }
            return launcherStatus;
        } catch (IOException | NumberFormatException e) {
            System.err.println("legate: error: " + e.getMessage());
            return 2;
        } catch (InterruptedException e) {
            return 130;
        } finally {
            if (dir != null) {
                try (var files = Files.list(dir)) {
                    for (Path f : files.toList()) {
                        Files.deleteIfExists(f);
                    }
                    Files.deleteIfExists(dir);
                } catch (IOException ignored) {
                    // a temporary folder: the system cleans it up
                }
            }
        }
    }

    /**
     * The driver's tool options, Legate's: {@code --profile} (the timeline page in {@code
     * legate_prof/}, or {@code --profile-name}'s folder), {@code --dataflow} and {@code --event}
     * (the graphs as PDF), and {@code --show-progress} (a line as each operation starts). They are
     * the driver's own: not resource options, and not in kernel.json.
     */
    record Tools(String profileFolder, boolean dataflow, boolean events, boolean progress) {
        static final List<String> FLAGS = List.of("--profile", "--dataflow", "--event", "--show-progress");
        static final String NAME = "--profile-name";

        boolean any() {
            return profileFolder != null || dataflow || events;
        }

        /** Takes the tool options out of {@code options}; the others go to {@code others}. */
        static Tools from(List<String> options, List<String> others) throws ConfigException {
            boolean profile = false;
            String name = null;
            boolean dataflow = false;
            boolean events = false;
            boolean progress = false;
            for (int i = 0; i < options.size(); i++) {
                String o = options.get(i);
                if (o.equals("--profile")) {
                    profile = true;
                } else if (o.equals("--dataflow")) {
                    dataflow = true;
                } else if (o.equals("--event")) {
                    events = true;
                } else if (o.equals("--show-progress")) {
                    progress = true;
                } else if (o.equals(NAME) || o.startsWith(NAME + "=")) {
                    name = o.contains("=") ? o.substring(o.indexOf('=') + 1) : i + 1 < options.size() ? options.get(++i) : null;
                    if (name == null || name.isBlank() || name.startsWith("-")) {
                        throw new ConfigException(NAME + ": expected a folder name after it (the default is "
                                + legate.runtime.profile.Profiling.DEFAULT_FOLDER + ")");
                    }
                    profile = true;
                } else {
                    others.add(o);
                }
            }
            return new Tools(profile ? (name == null ? legate.runtime.profile.Profiling.DEFAULT_FOLDER : name) : null, dataflow, events,
                    progress);
        }
    }

    /** The words before the script name: options (and their values) only. */
    private static List<String> optionsBeforeScript(String[] argv) {
        List<String> opts = new ArrayList<>();
        for (int i = 0; i < argv.length; i++) {
            String a = argv[i];
            if (!a.startsWith("-")) {
                break;
            }
            opts.add(a);
            boolean takesValue = a.equals(Tools.NAME)
                    || LegateOptions.byName(a).map(o -> o.kind() != legate.runtime.config.LegateOption.Kind.FLAG).orElse(false);
            if (takesValue && !a.contains("=") && i + 1 < argv.length) {
                opts.add(argv[++i]);
            }
        }
        return opts;
    }

    /** Snippets each rank's compiler warms up with: none while a script runs, where it would only take cores from the script. */
    private static int warmUp(List<String> script, PrintStream log) {
        return script.isEmpty() ? CompilerWarmUp.configuredCount(System.getenv(), log) : 0;
    }

    /** Rank 0: runs the script ({@code code}, read from {@code script.get(0)}), or the prompt, on a rank session; returns the exit status. */
    private static int run(LegateConfig config, List<String> options, List<String> script, String code, Tools tools) {
        Stdio stdio = Stdio.install();
        PrintStream out = stdio.stdout();
        PrintStream err = stdio.log();
        RankSession rank = new RankSession(new KernelSetup("legate", config, null), RankEnvironment.from(System.getenv()),
                warmUp(script, err), stdio);
        Interpreter interpreter = rank.lead(Main.class.getName(), options);
        Console console = new Console(out, err, null);
        rank.interruptOnSigint(interpreter::interrupt);
        int status = 0;
        Console quiet = new Console(out, err, null); // the profiler's own cells: not counted as the user's
        if (tools.any()) {
            report(interpreter.execute("legate.runtime.profile.Profiling.begin();", quiet), quiet, false);
        }
        if (tools.progress()) { // rank 0's operations: every rank runs the same ones
            legate.runtime.profile.Progress.lines(legate.runtime.task.ArrayRuntime.current(), err);
        }
        try {
            if (script.isEmpty()) {
                status = repl(interpreter, console, out);
            } else {
                Console named = new Console(out, err, Path.of(script.get(0)).getFileName().toString()); // errors name the script's lines
                status = report(interpreter.execute(RunMagic.argsDeclaration(script.subList(1, script.size())), quiet), quiet, false);
                if (status == 0) {
                    status = report(interpreter.execute(code, named), named, false);
                }
            }
            if (tools.any()) {
                String folder = tools.profileFolder() == null ? "null" : Args.javaLiteral(tools.profileFolder());
                ExecuteOutcome done = interpreter.execute("for (String line : legate.runtime.profile.Profiling.finish(" + folder + ", "
                        + tools.dataflow() + ", " + tools.events() + ")) System.err.println(\"legate: \" + line);", quiet);
                int s = report(done, quiet, false);
                status = status == 0 ? s : status;
            }
        } finally {
            rank.close();
            stdio.close();
        }
        return status;
    }

    /** Runs what is typed until Ctrl-D (status 0) or a {@code System.exit(n)} in a cell (status n). */
    private static int repl(Interpreter interpreter, Console console, PrintStream out) {
        BufferedReader in = new BufferedReader(new InputStreamReader(Stdio.originalIn(), StandardCharsets.UTF_8));
        StringBuilder cell = new StringBuilder();
        out.println(interpreter.banner() + "\nType Java; an empty line or a complete statement runs it; Ctrl-D ends.");
        while (true) {
            out.print(cell.length() == 0 ? "legate> " : "   ...> ");
            out.flush();
            String line;
            try {
                line = in.readLine();
            } catch (IOException e) {
                return 0;
            }
            if (line == null) {
                out.println();
                return 0;
            }
            cell.append(cell.length() == 0 ? "" : "\n").append(line);
            if (interpreter.isComplete(cell.toString()).status().equals("incomplete") && !line.isBlank()) {
                continue;
            }
            if (!cell.toString().isBlank()) {
                interpreter.clearInterrupt();
                ExecuteOutcome outcome = interpreter.execute(cell.toString(), console);
                Integer exit = exitStatus(outcome);
                if (exit != null) {
                    return exit;
                }
                report(outcome, console, true);
            }
            cell.setLength(0);
        }
    }

    /** Prints the outcome: the value (interactive only), or the error; returns the exit status. */
    private static int report(ExecuteOutcome outcome, Console console, boolean showValue) {
        Integer exit = exitStatus(outcome);
        if (exit != null) {
            return exit; // a script's System.exit(n): the driver ends with n, as java would
        }
        if (outcome instanceof Failure f) {
            console.err.println(String.join("\n", f.traceback()));
            return 1;
        }
        if (showValue && outcome instanceof Success s && s.value() != null) {
            console.out.println(s.value().plainText());
        }
        return 0;
    }

    /** The status of the {@code System.exit(n)} a cell called (which the kernel turns into an error), or null. */
    private static Integer exitStatus(ExecuteOutcome outcome) {
        return outcome instanceof Failure f && f.ename().equals(SystemExit.ENAME) ? SystemExit.statusIn(f.evalue()) : null;
    }

    /** The terminal as a cell sees it. */
    private static final class Console implements CellIO {
        final PrintStream out;
        final PrintStream err;
        private final String source;
        private int count;

        /** @param source the script's file name, as errors name it; null at the prompt */
        Console(PrintStream out, PrintStream err, String source) {
            this.out = out;
            this.err = err;
            this.source = source;
        }

        @Override
        public String source() {
            return source;
        }

        @Override
        public void stream(String name, String text) {
            (name.equals("stderr") ? err : out).print(text);
            (name.equals("stderr") ? err : out).flush();
        }

        @Override
        public void display(Object value, String displayId, boolean update) {
            if (value instanceof MimeBundle b) { // a terminal shows text only: a bundle without text/plain (an HTML table) shows nothing
                Object plain = b.data().get("text/plain");
                if (plain != null) {
                    out.println(plain);
                }
                return;
            }
            out.println(String.valueOf(value));
        }

        @Override
        public void clearOutput(boolean wait) {
        }

        @Override
        public String readLine(String prompt, boolean password) throws java.io.InterruptedIOException {
            out.print(prompt);
            out.flush();
            try {
                String line = new BufferedReader(new InputStreamReader(Stdio.originalIn(), StandardCharsets.UTF_8)).readLine();
                return line == null ? "" : line;
            } catch (IOException e) {
                throw new java.io.InterruptedIOException(e.getMessage());
            }
        }

        @Override
        public int executionCount() {
            return ++count;
        }

        @Override
        public boolean publishes() {
            return true;
        }
    }
}
