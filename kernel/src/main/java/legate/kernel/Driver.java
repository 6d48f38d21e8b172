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
import legate.kernel.display.Display;
import legate.kernel.display.MimeBundle;
import legate.kernel.jshell.JShellInterpreter;
import legate.kernel.jshell.MagicInterpreter;
import legate.kernel.jshell.Stdio;
import legate.kernel.protocol.CellIO;
import legate.kernel.protocol.ExecuteOutcome;
import legate.kernel.protocol.ExecuteOutcome.Failure;
import legate.kernel.protocol.ExecuteOutcome.Success;
import legate.kernel.protocol.Interpreter;
import legate.kernel.replication.ReplicatedInterpreter;
import legate.magics.MagicRegistry;
import legate.runtime.cluster.Cluster;
import legate.runtime.config.ConfigException;
import legate.runtime.config.LegateConfig;
import legate.runtime.config.LegateOptions;
import legate.runtime.launch.LocalLauncher;
import legate.runtime.launch.RankEnvironment;

/**
 * {@code legate [RESOURCE OPTIONS] [SCRIPT.jsh [ARGS...]]}: runs a JShell script on the
 * runtime, without Jupyter (its arguments are in {@code String[] args}); with no script, an
 * interactive prompt on rank 0. Other ranks are started and replicated as for the kernel.
 */
public final class Driver {
    private Driver() {
    }

    public static void main(String[] argv) {
        RankEnvironment where = RankEnvironment.from(System.getenv());
        List<String> rest = new ArrayList<>();
        LegateConfig config;
        try {
            config = LegateOptions.parse(LegateOptions.split(optionsBeforeScript(argv), rest), System.getenv(), List.of(argv));
        } catch (ConfigException e) {
            System.err.println("usage: legate [RESOURCE OPTIONS] [SCRIPT.jsh [ARGS...]]");
            System.err.println("legate: error: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (where.rank() > 0) {
            System.exit(Main.runWorker(new KernelSetup("legate", config, null), where));
        }
        List<String> script = new ArrayList<>(rest);
        for (int i = optionsBeforeScript(argv).size(); i < argv.length; i++) {
            script.add(argv[i]);
        }
        for (String s : rest) {
            if (s.startsWith("-")) {
                System.err.println("usage: legate [RESOURCE OPTIONS] [SCRIPT.jsh [ARGS...]]");
                System.err.println("legate: error: unknown option " + s + " (legate-jupyter --help lists the resource options)");
                System.exit(2);
            }
        }
        System.exit(run(config, optionsBeforeScript(argv), script));
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
            boolean takesValue = LegateOptions.byName(a).map(o -> o.kind() != legate.runtime.config.LegateOption.Kind.FLAG).orElse(false);
            if (takesValue && !a.contains("=") && i + 1 < argv.length) {
                opts.add(argv[++i]);
            }
        }
        return opts;
    }

    static int run(LegateConfig config, List<String> options, List<String> script) {
        Stdio stdio = Stdio.install();
        PrintStream out = stdio.stdout();
        PrintStream err = stdio.log();
        LegateConfig.MultiNodeConfig multi = config.multiNode();
        int ranks = multi.nodes() * multi.ranksPerNode();
        LocalLauncher launcher = new LocalLauncher();
        CompletableFuture<Cluster> cluster = ranks > 1 && !multi.notControlReplicable() && multi.launcher().equals("none")
                ? Main.startRanks(launcher, ranks, options, err) : null;
        MagicInterpreter magic = new MagicInterpreter(new JShellInterpreter(stdio), MagicRegistry.discover(Driver.class.getClassLoader()),
                "legate", config, stdio, cluster == null ? null : () -> Main.rankInfo(cluster));
        Interpreter interpreter = cluster == null ? magic : new ReplicatedInterpreter(magic, cluster, err);
        Console console = new Console(out, err);
        Display.install(new CurrentCellDisplay(stdio));
        SignalInterrupt.install(interpreter::interrupt, err);
        int status = 0;
        try {
            if (script.isEmpty()) {
                repl(interpreter, console, out);
            } else {
                Path file = Path.of(script.get(0));
                String code;
                try {
                    code = Files.readString(file);
                } catch (IOException e) {
                    err.println("legate: cannot read " + file + ": " + e.getMessage());
                    return 2;
                }
                StringBuilder args = new StringBuilder("String[] args = {");
                for (int i = 1; i < script.size(); i++) {
                    args.append(i > 1 ? ", " : "").append('"').append(script.get(i).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
                }
                status = report(interpreter.execute(args + "};\n" + code, console), console, false);
            }
        } finally {
            interpreter.close();
            launcher.stop(2000);
            stdio.close();
        }
        return status;
    }

    private static void repl(Interpreter interpreter, Console console, PrintStream out) {
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
                return;
            }
            if (line == null) {
                out.println();
                return;
            }
            cell.append(cell.length() == 0 ? "" : "\n").append(line);
            if (interpreter.isComplete(cell.toString()).status().equals("incomplete") && !line.isBlank()) {
                continue;
            }
            if (!cell.toString().isBlank()) {
                interpreter.clearInterrupt();
                report(interpreter.execute(cell.toString(), console), console, true);
            }
            cell.setLength(0);
        }
    }

    /** Prints the outcome: the value (interactive only), or the error; returns the exit status. */
    private static int report(ExecuteOutcome outcome, Console console, boolean showValue) {
        if (outcome instanceof Failure f) {
            console.err.println(String.join("\n", f.traceback()));
            return 1;
        }
        if (showValue && outcome instanceof Success s && s.value() != null) {
            console.out.println(s.value().plainText());
        }
        return 0;
    }

    /** The terminal as a cell sees it. */
    private static final class Console implements CellIO {
        final PrintStream out;
        final PrintStream err;
        private int count;

        Console(PrintStream out, PrintStream err) {
            this.out = out;
            this.err = err;
        }

        @Override
        public void stream(String name, String text) {
            (name.equals("stderr") ? err : out).print(text);
            (name.equals("stderr") ? err : out).flush();
        }

        @Override
        public void display(Object value, String displayId, boolean update) {
            out.println(value instanceof MimeBundle b ? b.toString() : String.valueOf(value));
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
