package legate.kernel.cell;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import legate.kernel.display.MimeBundle;
import legate.kernel.jshell.CellErrors;
import legate.kernel.jshell.JShellInterpreter;
import legate.kernel.jshell.JavaCells;
import legate.kernel.jshell.Stdio;
import legate.kernel.protocol.CellIO;
import legate.kernel.protocol.ExecuteOutcome;
import legate.kernel.protocol.ExecuteOutcome.Failure;
import legate.kernel.protocol.ExecuteOutcome.Success;
import legate.kernel.protocol.ForwardingCellIO;
import legate.kernel.protocol.ForwardingInterpreter;
import legate.magics.CellParser;
import legate.magics.Evaluation;
import legate.magics.JavaSession;
import legate.magics.Magic;
import legate.magics.MagicContext;
import legate.magics.MagicException;
import legate.magics.MagicRegistry;
import legate.magics.Pipeline;
import legate.magics.ProcessTimes;
import legate.magics.RankInfo;
import legate.runtime.cluster.Ranks;
import legate.runtime.config.LegateConfig;

/**
 * Cells with magics: {@code %line} and {@code %%cell} magics run through the magics pipeline,
 * the Java between them through {@link JavaCells} ({@link JShellInterpreter} on rank 0 and a rank
 * alone, {@link legate.kernel.jshell.FollowingCells} on the other ranks). Cells without a magic go
 * straight to it.
 */
public final class MagicInterpreter extends ForwardingInterpreter {
    private static final Pattern MAGIC_WORD = Pattern.compile("^[ \\t]*(%{1,2})([\\w.]*)$");
    private static final Pattern MAGIC_LINE = Pattern.compile("(?m)^[ \\t]*%{1,2}[A-Za-z_].*$");

    private final JavaCells java;
    private final MagicRegistry registry;
    private final String kernelName;
    private final LegateConfig config;
    private final Stdio stdio;
    private final Map<String, String> environment = withLegateOnPath(new HashMap<>(System.getenv()));
    private final Supplier<List<RankInfo>> ranks;
    private volatile boolean interrupted;

    /**
     * The kernel's environment with the distribution's {@code bin} (where {@code legate} and
     * {@code legate-jupyter} are) first on PATH, so that {@code %%bash} cells find them: the
     * kernel is started with {@code -Djava.library.path=<distribution>/lib}.
     */
    static Map<String, String> withLegateOnPath(Map<String, String> env) {
        String lib = System.getProperty("java.library.path", "");
        for (String dir : lib.split(File.pathSeparator)) {
            Path bin = Path.of(dir.isEmpty() ? "." : dir).toAbsolutePath().resolveSibling("bin");
            if (!dir.isEmpty() && Files.isExecutable(bin.resolve("legate"))) {
                String path = env.get("PATH");
                env.put("PATH", path == null || path.isEmpty() ? bin.toString() : bin + File.pathSeparator + path);
                break;
            }
        }
        return env;
    }

    /**
     * @param ranks the ranks running this session (for %legate_info); null: this JVM alone
     */
    public MagicInterpreter(JavaCells java, MagicRegistry registry, String kernelName, LegateConfig config, Stdio stdio,
                            Supplier<List<RankInfo>> ranks) {
        super(java);
        this.java = java;
        this.registry = registry;
        this.kernelName = kernelName;
        this.config = config;
        this.stdio = stdio;
        List<RankInfo> alone = List.of(RankInfo.self(0));
        this.ranks = ranks != null ? ranks : () -> alone;
    }

    @Override
    public ExecuteOutcome execute(String code, CellIO io) {
        if (!CellParser.mayHaveMagics(code)) {
            return java.execute(code, io);
        }
        Context context = new Context(io);
        try {
            Evaluation last = Pipeline.run(code, context);
            if (last instanceof Outcome o) {
                if (o.outcome instanceof Success s && !context.pages.isEmpty()) {
                    return new Success(s.value(), context.pages);
                }
                return o.outcome;
            }
            return new Success(null, context.pages);
        } catch (MagicException e) {
            return new Failure(e.errorName(), e.getMessage(), List.of(e.errorName() + ": " + e.getMessage()));
        } catch (RuntimeException e) {
            List<String> tb = new ArrayList<>(List.of(e.getClass().getName() + ": " + e.getMessage()));
            for (StackTraceElement f : e.getStackTrace()) {
                tb.add("    at " + f);
            }
            return new Failure(e.getClass().getName(), String.valueOf(e.getMessage()), tb);
        } finally {
            stdio.flush();
        }
    }

    @Override
    public Completion complete(String code, int cursor) {
        int lineStart = code.lastIndexOf('\n', cursor - 1) + 1;
        Matcher m = MAGIC_WORD.matcher(code.substring(lineStart, cursor));
        if (m.matches()) {
            boolean firstLine = code.substring(0, lineStart).isBlank();
            String typed = m.group(2);
            List<String> matches = new ArrayList<>();
            if (m.group(1).equals("%")) {
                registry.names(Magic.Form.LINE).stream().filter(n -> n.startsWith(typed)).forEach(n -> matches.add("%" + n));
            }
            if (firstLine) {
                registry.names(Magic.Form.CELL).stream().filter(n -> n.startsWith(typed)).forEach(n -> matches.add("%%" + n));
            }
            return new Completion(matches, cursor - m.group(1).length() - typed.length(), cursor, List.of());
        }
        String java = blankOutMagics(code, lineStart);
        Matcher name = Pattern.compile("^[ \\t]*%[\\w.]+").matcher(java.substring(lineStart));
        if (name.find()) { // completing the arguments of a line magic (%time x.toStr): they are Java
            java = java.substring(0, lineStart) + " ".repeat(name.end()) + java.substring(lineStart + name.end());
        }
        return this.java.complete(java, cursor);
    }

    @Override
    public String inspect(String code, int cursor) {
        int lineStart = code.lastIndexOf('\n', cursor - 1) + 1;
        int lineEnd = code.indexOf('\n', cursor);
        String line = code.substring(lineStart, lineEnd < 0 ? code.length() : lineEnd);
        Matcher m = Pattern.compile("^[ \\t]*(%{1,2})([\\w.]+)").matcher(line);
        if (m.find() && cursor - lineStart <= m.end()) {
            Magic.Form form = m.group(1).equals("%%") ? Magic.Form.CELL : Magic.Form.LINE;
            return registry.find(form, m.group(2)).map(x -> form.prefix() + x.name() + ": " + x.help() + "\n\n" + x.usage())
                    .orElse(null);
        }
        return java.inspect(blankOutMagics(code, -1), cursor);
    }

    @Override
    public IsComplete isComplete(String code) {
        if (code.stripLeading().startsWith("%%")) {
            // as in IPython, a cell magic's body goes on until an empty line
            String[] lines = code.split("\n", -1);
            return lines.length > 1 && lines[lines.length - 1].isBlank() ? IsComplete.COMPLETE : IsComplete.incomplete("");
        }
        return java.isComplete(blankOutMagics(code, -1));
    }

    /** The code with every magic line (except the one starting at {@code keep}) replaced by blanks, offsets kept. */
    private static String blankOutMagics(String code, int keep) {
        Matcher m = MAGIC_LINE.matcher(code);
        StringBuilder b = new StringBuilder(code);
        while (m.find()) {
            if (m.start() != keep) {
                for (int i = m.start(); i < m.end(); i++) {
                    b.setCharAt(i, ' ');
                }
            }
        }
        return b.toString();
    }

    @Override
    public void interrupt() {
        interrupted = true;
        java.interrupt();
    }

    @Override
    public void clearInterrupt() {
        interrupted = false;
        java.clearInterrupt();
    }

    /** Java run on behalf of a magic, as the magics module sees it. */
    private record Outcome(ExecuteOutcome outcome, ProcessTimes executionTime) implements Evaluation {
        @Override
        public boolean failed() {
            return outcome instanceof Failure;
        }

        @Override
        public Object value() {
            return outcome instanceof Success s && s.value() != null ? s.value().object() : null;
        }
    }

    /** One cell's view for magics: its output, this rank's JShell, the configuration. */
    private final class Context implements MagicContext, JavaSession {
        private final CellIO io;
        private final List<ExecuteOutcome.Page> pages = new ArrayList<>();
        /** Whether the magic running is one of rank 0 only: its Java is not replicated. */
        private boolean rankZeroOnly;

        @Override
        public void running(Magic magic) {
            rankZeroOnly = magic != null && magic.scope() == Magic.Scope.RANK_ZERO;
        }

        Context(CellIO io) {
            this.io = io;
        }

        @Override
        public void print(String text) {
            stdio.flush();
            io.stream("stdout", text);
        }

        @Override
        public void printError(String text) {
            stdio.flush();
            io.stream("stderr", text);
        }

        @Override
        public void display(Map<String, Object> mimeBundle) {
            stdio.flush();
            io.display(new MimeBundle(mimeBundle, Map.of()), null, false);
        }

        @Override
        public void page(String text) {
            pages.add(new ExecuteOutcome.Page(MimeBundle.of("text/plain", text, text)));
        }

        @Override
        public JavaSession java() {
            return this;
        }

        @Override
        public MagicRegistry registry() {
            return registry;
        }

        @Override
        public String kernelName() {
            return kernelName;
        }

        @Override
        public LegateConfig config() {
            return config;
        }

        @Override
        public List<RankInfo> ranks() {
            return ranks.get();
        }

        @Override
        public int rank() {
            return Ranks.rank();
        }

        @Override
        public Map<String, String> environment() {
            return environment;
        }

        @Override
        public Path workingDirectory() {
            return Path.of("").toAbsolutePath();
        }

        @Override
        public Evaluation evaluate(String code) {
            return evaluate(code, io);
        }

        @Override
        public Evaluation evaluate(String code, String file) {
            return evaluate(code, new FromFile(io, file));
        }

        private Evaluation evaluate(String code, CellIO io) {
            if (interrupted) {
                return new Outcome(CellErrors.interrupted(), ProcessTimes.ZERO);
            }
            JavaCells.Timed run = rankZeroOnly ? java.executeHere(code, io) : java.executeTimed(code, io);
            return new Outcome(run.outcome(), run.executionTime());
        }

        @Override
        public boolean isComplete(String code) { // splitting a cell about to run: javac's answer, never a guess (see isCompleteToRun)
            return java.isCompleteToRun(code).status().equals("complete");
        }

        @Override
        public List<Variable> variables() {
            return java.variables().stream().map(v -> new Variable(v[0], v[1])).toList();
        }

        @Override
        public List<String> classpath() {
            return java.classpath();
        }

        @Override
        public void addToClasspath(String path) {
            java.addToClasspath(path);
        }

        @Override
        public Class<?> loadClass(String name) throws ClassNotFoundException {
            return rankZeroOnly ? java.loadClassHere(name) : java.loadClass(name);
        }

        @Override
        public boolean interrupted() {
            return interrupted;
        }
    }

    /** The cell's frontend, for code read from a file: errors name the file. */
    private static final class FromFile extends ForwardingCellIO {
        private final String file;

        FromFile(CellIO io, String file) {
            super(io);
            this.file = file;
        }

        @Override
        public String source() {
            return file;
        }
    }
}
