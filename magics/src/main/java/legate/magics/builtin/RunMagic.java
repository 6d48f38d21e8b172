package legate.magics.builtin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import legate.magics.Args;
import legate.magics.Evaluation;
import legate.magics.JavaSession;
import legate.magics.Magic;
import legate.magics.MagicContext;
import legate.magics.MagicException;
import legate.magics.MagicRegistry;
import legate.magics.Pipeline;
import legate.magics.RankInfo;
import legate.runtime.config.LegateConfig;
import legate.runtime.cluster.Ranks;

/**
 * {@code %run FILE [ARGS...]}: runs a JShell script in this session, as the {@code legate}
 * driver runs one ({@code legate FILE ARGS...}): its arguments in {@code String[] args}, its
 * magics as a cell's, its errors named by the file's lines. What it declares stays in the
 * session afterwards. Rank 0 reads the file and hands its text to the other ranks, which need
 * not see the file.
 */
public final class RunMagic implements Magic {
    @Override
    public String name() {
        return "run";
    }

    @Override
    public Set<Form> forms() {
        return Set.of(Form.LINE);
    }

    @Override
    public String help() {
        return "Run a JShell script (.jsh) in this session, with its arguments in String[] args";
    }

    @Override
    public String usage() {
        return "%run FILE [ARGS...]\n\nRuns FILE's Java (a JShell script, as `legate FILE ARGS...` runs it) in this session, on every rank:\n"
                + "ARGS (split at blanks; quotes group) are in String[] args, its magics run as a cell's, errors name\n"
                + "FILE's lines, and what it declares (variables, methods, classes) stays in the session afterwards.\n"
                + "A relative FILE is from the kernel's working directory on rank 0, which hands the text to the other ranks.";
    }

    /** How deep scripts may {@code %run} scripts: a script that runs itself stops with an error, not a stack overflow. */
    static final int MAX_DEPTH = 16;

    @Override
    public Evaluation run(MagicContext context, Invocation invocation) throws MagicException {
        List<String> words = Args.split(invocation.args());
        if (words.isEmpty()) {
            throw new MagicException("%run needs a file to run\n" + usage());
        }
        if (words.get(0).startsWith("-")) {
            throw new MagicException("%run takes no options (" + words.get(0) + "): the words after FILE are the script's own\n" + usage());
        }
        String file = words.get(0);
        int depth = context instanceof InFile f ? f.depth + 1 : 1;
        if (depth > MAX_DEPTH) {
            throw new MagicException("%run: scripts run scripts " + MAX_DEPTH + " deep (does " + file + " run itself?)");
        }
        String code = shared(context, file);
        Evaluation declared = context.java().evaluate(argsDeclaration(words.subList(1, words.size())));
        if (declared.failed()) {
            return declared;
        }
        Evaluation e = Pipeline.run(code, new InFile(context, Path.of(file).getFileName().toString(), depth));
        return e != null && e.failed() ? e : null; // a script has no value, as with the driver
    }

    /**
     * The script's text, on every rank: rank 0 reads it and hands it (or why it could not) to the
     * others, so that every rank runs the same code or fails with the same message.
     */
    private static String shared(MagicContext context, String file) throws MagicException {
        byte[] sent = null;
        if (context.rank() == 0) {
            String why = null;
            String text = null;
            try {
                text = read(context.workingDirectory().resolve(file), file);
            } catch (MagicException e) {
                why = e.getMessage();
            } catch (RuntimeException e) { // a name no path can have: said on every rank, as any other reason
                why = "%run: cannot read " + file + ": " + e.getMessage();
            }
            sent = ((why == null ? "+" : "-") + (why == null ? text : why)).getBytes(StandardCharsets.UTF_8);
        }
        if (Ranks.ranks() > 1) {
            try {
                sent = Ranks.broadcast(sent == null ? new byte[0] : sent, 0);
            } catch (InterruptedException | RuntimeException e) { // an interrupt, or a rank lost, while waiting
                if (context.java().interrupted()) {
                    throw new MagicException("Interrupted", "the cell was interrupted");
                }
                throw new MagicException("RuntimeError", "%run: rank 0 could not hand out " + file + ": " + e.getMessage());
            }
        }
        String got = new String(sent, StandardCharsets.UTF_8);
        if (got.startsWith("-")) {
            throw new MagicException(got.substring(1));
        }
        return got.substring(1);
    }

    private static String read(Path path, String file) throws MagicException {
        String lower = file.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".py") || lower.endsWith(".ipynb")) {
            throw new MagicException("%run runs JShell scripts (Java, usually .jsh); " + file + " is "
                    + (lower.endsWith(".py") ? "Python" : "a notebook"));
        }
        if (Files.isDirectory(path)) {
            throw new MagicException("%run: " + file + " is a directory, not a script");
        }
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new MagicException("%run: no such file: " + file + (Path.of(file).isAbsolute() ? "" : " (in " + path.getParent() + ")"));
        } catch (IOException e) {
            throw new MagicException("%run: cannot read " + file + ": " + e.getMessage());
        }
    }

    /** {@code String[] args = {"a", "b c"};}: the arguments a script sees, as Java. */
    public static String argsDeclaration(List<String> args) {
        StringBuilder b = new StringBuilder("String[] args = {");
        for (int i = 0; i < args.size(); i++) {
            b.append(i > 0 ? ", " : "").append(Args.javaLiteral(args.get(i)));
        }
        return b.append("};").toString();
    }

    /**
     * The cell's context while a script runs: its Java is named by the file ({@link
     * JavaSession#evaluate(String, String)}), so errors give the file's lines, and its magics run
     * as the cell's would.
     */
    private static final class InFile implements MagicContext, JavaSession {
        private final MagicContext cell;
        private final String file;
        private final int depth;

        InFile(MagicContext cell, String file, int depth) {
            this.cell = cell;
            this.file = file;
            this.depth = depth;
        }

        @Override
        public Evaluation evaluate(String code) {
            return cell.java().evaluate(code, file);
        }

        @Override
        public Evaluation evaluate(String code, String other) {
            return cell.java().evaluate(code, other);
        }

        @Override
        public boolean isComplete(String code) {
            return cell.java().isComplete(code);
        }

        @Override
        public List<Variable> variables() {
            return cell.java().variables();
        }

        @Override
        public List<String> classpath() {
            return cell.java().classpath();
        }

        @Override
        public void addToClasspath(String path) {
            cell.java().addToClasspath(path);
        }

        @Override
        public Class<?> loadClass(String name) throws ClassNotFoundException {
            return cell.java().loadClass(name);
        }

        @Override
        public boolean interrupted() {
            return cell.java().interrupted();
        }

        @Override
        public void print(String text) {
            cell.print(text);
        }

        @Override
        public void printError(String text) {
            cell.printError(text);
        }

        @Override
        public void display(Map<String, Object> mimeBundle) {
            cell.display(mimeBundle);
        }

        @Override
        public void page(String text) {
            cell.page(text);
        }

        @Override
        public JavaSession java() {
            return this;
        }

        @Override
        public MagicRegistry registry() {
            return cell.registry();
        }

        @Override
        public String kernelName() {
            return cell.kernelName();
        }

        @Override
        public LegateConfig config() {
            return cell.config();
        }

        @Override
        public List<RankInfo> ranks() {
            return cell.ranks();
        }

        @Override
        public int rank() {
            return cell.rank();
        }

        @Override
        public Map<String, String> environment() {
            return cell.environment();
        }

        @Override
        public Path workingDirectory() {
            return cell.workingDirectory();
        }

        @Override
        public void running(Magic magic) {
            cell.running(magic);
        }
    }
}
