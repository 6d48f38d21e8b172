package legate.kernel.jshell;

import java.io.File;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.JShell;
import jdk.jshell.MethodSnippet;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Completeness;
import jdk.jshell.SourceCodeAnalysis.Suggestion;
import legate.kernel.display.MimeBundle;
import legate.kernel.protocol.CellIO;
import legate.kernel.protocol.ExecuteOutcome;
import legate.kernel.protocol.ExecuteOutcome.Failure;
import legate.kernel.protocol.ExecuteOutcome.Success;
import legate.kernel.protocol.ExecuteOutcome.Value;
import legate.kernel.protocol.Interpreter;
import legate.magics.ProcessTimes;

/**
 * Java cells on JShell, in this JVM. A cell is split into snippets that run in order; the last
 * expression's value is the cell's result. JShell is not thread-safe: every use holds
 * {@link #lock}, except {@link #interrupt()}, which JShell allows from any thread.
 */
public final class JShellInterpreter implements Interpreter {
    /** What the jshell tool imports by default, and what this kernel adds for cells. */
    public static final List<String> STARTUP_IMPORTS = List.of(
            "import java.io.*;", "import java.math.*;", "import java.net.*;", "import java.nio.file.*;",
            "import java.util.*;", "import java.util.concurrent.*;", "import java.util.function.*;",
            "import java.util.regex.*;", "import java.util.stream.*;",
            "import static legate.kernel.display.Display.*;",
            "import static legate.kernel.jshell.Stdio.readLine;",
            "import legate.kernel.protocol.Comm;", "import legate.kernel.protocol.Comms;",
            "import static legate.runtime.cluster.Ranks.rank;", "import static legate.runtime.cluster.Ranks.ranks;",
            "import legate.runtime.cluster.Ranks;", "import legate.runtime.comm.ReduceOp;", "import legate.numpy.*;");

    private static final Pattern PAGER = Pattern.compile("\\s*([A-Za-z_$][\\w$]*(?:\\s*\\.\\s*[A-Za-z_$][\\w$]*)*)\\s*(?:\\(\\s*\\))?\\s*\\?{1,2}\\s*");
    private static final Pattern JAVADOC_INLINE = Pattern.compile("\\{@(?:code|link|linkplain|literal|value)\\s+([^}]*)}");

    private final CellExecutionControl.Provider engine = new CellExecutionControl.Provider();
    private final ReentrantLock lock = new ReentrantLock();
    /** Set once by the start-up thread, which holds {@link #lock} until the imports are in. */
    private volatile JShell jshell;
    private volatile SourceCodeAnalysis analysis;
    private volatile RuntimeException startFailure;
    private final CountDownLatch created = new CountDownLatch(1);
    private final Stdio stdio;
    private final PrintStream log;
    /** Snippet id to where it came from: "cell [N]" and its first line there. */
    private final Map<String, Origin> origins = new ConcurrentHashMap<>();
    private volatile boolean interrupted;
    private volatile boolean running;
    /** When a cell last ended ({@link System#nanoTime}): the warm-up waits for a quiet moment, not a gap between cells. */
    private volatile long lastCellEnd = System.nanoTime() - QUIET_NANOS;
    /** How long the session must have been idle before the warm-up compiles (cells sent back to back leave gaps of ~2 ms). */
    static final long QUIET_NANOS = 250_000_000L;
    private volatile boolean closed;
    /** What cells compile against: the kernel's classpath, then what was added. */
    private final List<String> classpath = new java.util.concurrent.CopyOnWriteArrayList<>();

    private record Origin(String cell, int firstLine) {
    }

    /** Returns at once: JShell is built in the background, so the kernel can answer meanwhile. */
    public JShellInterpreter(Stdio stdio) {
        this.stdio = stdio;
        this.log = stdio.log();
        Thread start = new Thread(this::start, "jshell-start");
        start.setDaemon(true);
        start.start();
    }

    /** Builds JShell, then imports and the compiler's first (slow) use, before the user's first request. */
    private void start() {
        lock.lock();
        try {
            try {
                JShell js = JShell.builder().executionEngine(engine, Map.of()).out(log).err(log).build();
                for (String entry : kernelClasspath()) {
                    js.addToClasspath(entry);
                    classpath.add(entry);
                }
                analysis = js.sourceCodeAnalysis();
                engine.control().cancelWhen(() -> interrupted);
                jshell = js;
            } catch (RuntimeException e) {
                startFailure = e;
                log.println("legate kernel: JShell could not start: " + e);
                return;
            } finally {
                created.countDown();
            }
            for (String imp : STARTUP_IMPORTS) {
                for (SnippetEvent e : jshell.eval(imp)) {
                    if (e.status() == Snippet.Status.REJECTED) {
                        log.println("legate kernel: start-up import failed: " + imp);
                    }
                }
            }
            analysis.analyzeCompletion("1 + 1");
            analysis.completionSuggestions("Stri", 4, new int[1]);
        } catch (IllegalStateException closed) {
            // the kernel shut down while starting
        } finally {
            lock.unlock();
        }
    }

    /**
     * Warms the compiler up in the background, on a JShell of its own, whenever this one is idle
     * (see {@link CompilerWarmUp}); {@code snippets} bounds the work, 0 does nothing.
     *
     * @return the warm-up's thread, or null when there is none
     */
    public Thread warmUpWhenIdle(int snippets) {
        if (snippets <= 0) {
            return null;
        }
        // in the creating (kernel) thread group, never in a cell's: JShell waits for a cell's threads
        Thread t = new Thread(Thread.currentThread().getThreadGroup(), () -> {
            try {
                lockWhenReady(); // after the session's own start-up work
                lock.unlock();
            } catch (IllegalStateException e) {
                return;
            }
            new CompilerWarmUp(STARTUP_IMPORTS, this::userBusy, () -> closed, snippets, log).run();
        }, "jshell-warm-up");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Whether the user's session is busy, or was within the last {@link #QUIET_NANOS}: the warm-up waits meanwhile. */
    boolean userBusy() {
        return running || lock.isLocked() || lock.hasQueuedThreads() || System.nanoTime() - lastCellEnd < QUIET_NANOS;
    }

    /** The kernel's own classpath, which cells compile against first. */
    static List<String> kernelClasspath() {
        return java.util.Arrays.stream(System.getProperty("java.class.path", "").split(File.pathSeparator))
                .filter(entry -> !entry.isBlank()).toList();
    }

    /** Takes the lock once JShell exists (and its start-up work is done). */
    private void lockWhenReady() {
        try {
            if (!created.await(60, java.util.concurrent.TimeUnit.SECONDS)) {
                log.println("legate kernel: JShell has not started after 60 s; the threads:");
                dumpThreads(log);
                created.await();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while JShell was starting", e);
        }
        if (startFailure != null) {
            throw new IllegalStateException("JShell could not start: " + startFailure.getMessage(), startFailure);
        }
        lock.lock();
    }

    /** Takes the lock if JShell is ready and the lock free within {@code millis}; false otherwise (or when JShell failed). */
    private boolean lockWithin(long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        try {
            return created.await(millis, java.util.concurrent.TimeUnit.MILLISECONDS) && startFailure == null
                    && lock.tryLock(Math.max(0, deadline - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public ExecuteOutcome execute(String code, CellIO io) {
        running = true;
        try {
            lockWhenReady();
            try {
                if (interrupted) {
                    return CellErrors.interrupted();
                }
                stdio.attach(io);
                Matcher pager = PAGER.matcher(code);
                if (pager.matches()) {
                    return page(pager.group(1).replaceAll("\\s+", ""), io);
                }
                return run(code, io);
            } finally {
                stdio.flush();
                lock.unlock();
            }
        } finally {
            lastCellEnd = System.nanoTime();
            running = false;
        }
    }

    /** Every thread's stack, for a start-up that does not finish. */
    static void dumpThreads(PrintStream out) {
        for (java.lang.management.ThreadInfo t : java.lang.management.ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
            out.print(t);
            for (StackTraceElement f : t.getStackTrace()) {
                out.println("\tat " + f);
            }
        }
    }

    /** A cell run through {@link #execute}, with the time its snippets spent running (not compiling). */
    public record Timed(ExecuteOutcome outcome, ProcessTimes executionTime) {
    }

    public Timed executeTimed(String code, CellIO io) {
        lockWhenReady();
        try {
            engine.control().startTiming();
            ExecuteOutcome outcome = execute(code, io);
            return new Timed(outcome, engine.control().stopTiming());
        } finally {
            lock.unlock();
        }
    }

    private ExecuteOutcome run(String code, CellIO io) {
        String cellName = "cell [" + io.executionCount() + "]";
        List<CellSource.Piece> pieces = CellSource.split(analysis, code);
        Value last = null;
        for (int i = 0; i < pieces.size(); i++) {
            if (interrupted) {
                return CellErrors.interrupted();
            }
            CellSource.Piece piece = pieces.get(i);
            List<SnippetEvent> events = jshell.eval(piece.source());
            last = null;
            for (SnippetEvent event : events) {
                if (event.causeSnippet() != null) {
                    warnIfInvalidated(event); // a dependent snippet this one updated
                    continue;
                }
                Snippet snippet = event.snippet();
                origins.put(snippet.id(), new Origin(cellName, piece.line()));
                if (interrupted) {
                    return CellErrors.interrupted();
                }
                if (event.status() == Snippet.Status.REJECTED) {
                    return CellErrors.compilation(jshell, snippet, piece, code);
                }
                if (event.exception() != null) {
                    return CellErrors.exception(jshell, event.exception(), this::locate);
                }
                warnIfUnresolved(event);
                if (isValue(snippet) && event.value() != null && !endsWithSemicolon(piece.source())) {
                    last = new Value(engine.control().lastResult(), event.value());
                }
                if (snippet.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND) {
                    // the notebook never shows $N names; every live one slows each later eval
                    jshell.drop(snippet);
                }
            }
        }
        return Success.of(last);
    }

    /**
     * As in IPython, a trailing semicolon keeps an expression's value from being shown:
     * {@code System.out.printf("%d%n", n);} shows what it prints, not the PrintStream it returns.
     */
    static boolean endsWithSemicolon(String source) {
        String s = source.stripTrailing();
        return s.endsWith(";");
    }

    /** Expressions have a value to show; declarations and statements do not. */
    private static boolean isValue(Snippet s) {
        return s.kind() == Snippet.Kind.EXPRESSION
                || s.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND;
    }

    /** As jshell says: a method that uses what is not declared yet is created but not callable. */
    private void warnIfUnresolved(SnippetEvent event) {
        if (event.status() == Snippet.Status.RECOVERABLE_DEFINED
                || event.status() == Snippet.Status.RECOVERABLE_NOT_DEFINED) {
            if (event.snippet() instanceof DeclarationSnippet d) {
                List<String> missing = jshell.unresolvedDependencies(d).toList();
                if (!missing.isEmpty()) {
                    System.err.println("note: " + d.name() + " cannot be used until " + String.join(", ", missing)
                            + (missing.size() > 1 ? " are" : " is") + " declared");
                }
            }
        }
    }

    /** As jshell says: a new snippet (an import, a redeclaration) can break an earlier declaration. */
    private void warnIfInvalidated(SnippetEvent event) {
        if (event.snippet() instanceof DeclarationSnippet d && event.previousStatus().isActive()
                && !event.status().isDefined() && event.status() != Snippet.Status.OVERWRITTEN) {
            System.err.println("note: " + d.kind().toString().toLowerCase(java.util.Locale.ROOT).replace("type_decl", "type")
                    + " " + d.name() + " can no longer be used: this cell changed what it depends on");
        }
    }

    private String locate(String snippetId, int line) {
        Origin o = origins.get(snippetId);
        return o == null ? "snippet " + snippetId + ", line " + line : o.cell() + ", line " + (o.firstLine() + line - 1);
    }

    private ExecuteOutcome page(String name, CellIO io) {
        String doc = documentation(name, name.length());
        if (doc == null) {
            io.stream("stdout", "Object `" + name + "` not found.\n");
            return Success.of(null);
        }
        return new Success(null, List.of(new ExecuteOutcome.Page(MimeBundle.of("text/plain", doc, doc))));
    }

    /** The variables declared so far (JShell's {@code $N} temporaries are dropped), with their types. */
    public List<String[]> variables() {
        lockWhenReady();
        try {
            return jshell.variables().filter(v -> jshell.status(v).isActive())
                    .map(v -> new String[] {v.name(), v.typeName()}).toList();
        } finally {
            lock.unlock();
        }
    }

    /** The classpath cells compile and run against. */
    public List<String> classpath() {
        return List.copyOf(classpath);
    }

    /** Adds a jar or folder for later cells to compile and run against. */
    public void addToClasspath(String path) {
        lockWhenReady();
        try {
            jshell.addToClasspath(path);
            classpath.add(path);
        } finally {
            lock.unlock();
        }
    }

    /** A class as cells see it, including jars added to the classpath. */
    public Class<?> loadClass(String name) throws ClassNotFoundException {
        if (!name.matches("[\\p{L}_$][\\p{L}\\p{N}_$]*(\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)*")) {
            throw new ClassNotFoundException(name);
        }
        ExecuteOutcome o = evaluateExpressions(Map.of("c", "Class.forName(\"" + name + "\")"), null).get("c");
        if (o instanceof Success s && s.value() != null && s.value().object() instanceof Class<?> c) {
            return c;
        }
        throw new ClassNotFoundException(name);
    }

    @Override
    public Map<String, ExecuteOutcome> evaluateExpressions(Map<String, String> expressions, CellIO io) {
        Map<String, ExecuteOutcome> out = new LinkedHashMap<>();
        lockWhenReady();
        try {
            for (Map.Entry<String, String> e : expressions.entrySet()) {
                out.put(e.getKey(), evaluateQuietly(e.getValue()));
            }
        } finally {
            lock.unlock();
        }
        return out;
    }

    /** One expression whose snippet is dropped afterwards, so it leaves no trace in the session. */
    private ExecuteOutcome evaluateQuietly(String expression) {
        for (SnippetEvent event : jshell.eval(expression)) {
            if (event.causeSnippet() != null) {
                continue;
            }
            try {
                if (event.status() == Snippet.Status.REJECTED) {
                    return CellErrors.compilation(jshell, event.snippet(),
                            new CellSource.Piece(expression, 0, 1, Completeness.COMPLETE), expression);
                }
                if (event.exception() != null) {
                    return CellErrors.exception(jshell, event.exception(), this::locate);
                }
                return Success.of(new Value(engine.control().lastResult(), event.value() == null ? "" : event.value()));
            } finally {
                if (event.status() != Snippet.Status.REJECTED) {
                    jshell.drop(event.snippet());
                }
            }
        }
        return new Failure(CellErrors.COMPILATION_ERROR, "not an expression: " + expression,
                List.of(CellErrors.COMPILATION_ERROR + ": not an expression: " + expression));
    }

    @Override
    public Completion complete(String code, int cursor) {
        lockWhenReady();
        try {
            String prefix = code.substring(0, cursor);
            List<CellSource.Piece> pieces = CellSource.split(analysis, prefix);
            int start = pieces.isEmpty() ? cursor : pieces.get(pieces.size() - 1).start();
            String current = prefix.substring(start);
            List<CellSource.Piece> earlier = pieces.isEmpty() ? List.of() : pieces.subList(0, pieces.size() - 1);

            int[] anchor = new int[1];
            List<Suggestion> suggestions = analysis.completionSuggestions(current, current.length(), anchor);
            int replaceFrom = start + anchor[0];
            if (suggestions.isEmpty() && !earlier.isEmpty()) {
                // the name before the dot may be declared earlier in this cell, not yet run:
                // complete inside a block that declares it (statements and classes only)
                StringBuilder block = new StringBuilder("{ ");
                for (CellSource.Piece p : earlier) {
                    Snippet.Kind kind = kindOf(p.source());
                    if (kind == Snippet.Kind.VAR || kind == Snippet.Kind.TYPE_DECL || kind == Snippet.Kind.STATEMENT) {
                        block.append(p.source().strip()).append(' ');
                    }
                }
                int offset = block.length();
                block.append(current);
                int[] blockAnchor = new int[1];
                suggestions = analysis.completionSuggestions(block.toString(), block.length(), blockAnchor);
                replaceFrom = start + Math.max(0, blockAnchor[0] - offset);
            }
            Set<String> matches = new LinkedHashSet<>();
            suggestions.stream().filter(Suggestion::matchesType).forEach(s -> matches.add(s.continuation()));
            suggestions.forEach(s -> matches.add(s.continuation()));
            String word = identifierBefore(prefix);
            if (!word.isEmpty() && !prefix.substring(0, prefix.length() - word.length()).endsWith(".")) {
                for (String name : declaredNames(earlier)) {
                    if (name.startsWith(word)) {
                        matches.add(name);
                        replaceFrom = cursor - word.length();
                    }
                }
            }
            return new Completion(new ArrayList<>(matches), replaceFrom, cursor, List.of());
        } catch (IllegalStateException closed) {
            return new Completion(List.of(), cursor, cursor, List.of());
        } finally {
            lock.unlock();
        }
    }

    private Snippet.Kind kindOf(String source) {
        List<Snippet> s = analysis.sourceToSnippets(source);
        return s.isEmpty() ? Snippet.Kind.ERRONEOUS : s.get(0).kind();
    }

    /** Names that pieces declare: variables, classes, and methods with their parenthesis. */
    private List<String> declaredNames(List<CellSource.Piece> pieces) {
        List<String> names = new ArrayList<>();
        for (CellSource.Piece p : pieces) {
            for (Snippet s : analysis.sourceToSnippets(p.source())) {
                if (s instanceof DeclarationSnippet d) {
                    names.add(s instanceof MethodSnippet ? d.name() + "(" : d.name());
                }
            }
        }
        return names;
    }

    private static String identifierBefore(String text) {
        int i = text.length();
        while (i > 0 && Character.isJavaIdentifierPart(text.charAt(i - 1))) {
            i--;
        }
        return text.substring(i);
    }

    @Override
    public String inspect(String code, int cursor) {
        lockWhenReady();
        try {
            int end = cursor;
            while (end < code.length() && Character.isJavaIdentifierPart(code.charAt(end))) {
                end++; // a cursor inside a name inspects the whole name
            }
            String prefix = code.substring(0, end);
            List<CellSource.Piece> pieces = CellSource.split(analysis, prefix);
            String current = pieces.isEmpty() ? prefix : prefix.substring(pieces.get(pieces.size() - 1).start());
            return documentation(current, current.length());
        } catch (IllegalStateException closed) {
            return null;
        } finally {
            lock.unlock();
        }
    }

    private String documentation(String code, int cursor) {
        List<SourceCodeAnalysis.Documentation> docs = analysis.documentation(code, cursor, true);
        if (docs.isEmpty() && cursor > 0 && Character.isJavaIdentifierPart(code.charAt(cursor - 1))) {
            // JShell documents a method only when its call is opened: try "name("
            docs = analysis.documentation(code.substring(0, cursor) + "(", cursor + 1, true);
        }
        if (docs.isEmpty()) {
            return null;
        }
        StringBuilder text = new StringBuilder();
        for (SourceCodeAnalysis.Documentation d : docs) {
            if (text.length() > 0) {
                text.append("\n\n");
            }
            text.append(d.signature());
            if (d.javadoc() != null && !d.javadoc().isBlank()) {
                text.append("\n\n").append(JAVADOC_INLINE.matcher(d.javadoc().strip()).replaceAll("$1"));
            }
        }
        return text.toString();
    }

    /**
     * How long is_complete waits for JShell (still starting, or busy) before it answers from the
     * brackets alone: jupyter console stops asking a kernel that takes over a second, for the
     * rest of its session.
     */
    static final long IS_COMPLETE_WAIT_MILLIS = 300;

    @Override
    public IsComplete isComplete(String code) {
        if (!lockWithin(IS_COMPLETE_WAIT_MILLIS)) {
            CellSource.Openings o = CellSource.openings(code);
            return o.unclosed() || o.depth() > 0 ? IsComplete.incomplete(indentAfter(code))
                    : o.depth() < 0 ? IsComplete.INVALID : IsComplete.UNKNOWN;
        }
        try {
            String rest = code;
            while (!rest.isBlank()) {
                SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
                switch (info.completeness()) {
                    case COMPLETE, COMPLETE_WITH_SEMI -> {
                        if (info.remaining().length() >= rest.length()) {
                            return IsComplete.COMPLETE;
                        }
                        rest = info.remaining();
                    }
                    case EMPTY -> {
                        return IsComplete.COMPLETE;
                    }
                    case DEFINITELY_INCOMPLETE, CONSIDERED_INCOMPLETE -> {
                        return IsComplete.incomplete(indentAfter(code));
                    }
                    default -> {
                        return IsComplete.INVALID;
                    }
                }
            }
            return IsComplete.COMPLETE;
        } catch (IllegalStateException closed) {
            return IsComplete.UNKNOWN;
        } finally {
            lock.unlock();
        }
    }

    /** The last line's indentation, one level deeper after an opening brace or parenthesis. */
    static String indentAfter(String code) {
        String last = code.substring(code.lastIndexOf('\n', Math.max(0, code.length() - 1)) + 1);
        if (last.isBlank() && code.endsWith("\n")) {
            String body = code.substring(0, code.length() - 1);
            last = body.substring(body.lastIndexOf('\n') + 1);
        }
        String indent = last.substring(0, last.length() - last.stripLeading().length());
        String t = last.strip();
        return t.endsWith("{") || t.endsWith("(") ? indent + "    " : indent;
    }

    @Override
    public void interrupt() {
        interrupted = true;
        JShell js = jshell;
        if (js != null && running) {
            js.stop(); // stops running user code; a compile in progress is caught before its code starts
        }
    }

    @Override
    public void clearInterrupt() {
        interrupted = false;
    }

    @Override
    public String languageVersion() {
        return Runtime.version().toString();
    }

    @Override
    public String banner() {
        return "Legate Java kernel " + legate.kernel.protocol.KernelCore.IMPLEMENTATION_VERSION
                + " — JShell on Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")";
    }

    @Override
    public void close() {
        closed = true;
        interrupt();
        JShell js = jshell;
        if (js != null) {
            js.close();
        }
    }
}
