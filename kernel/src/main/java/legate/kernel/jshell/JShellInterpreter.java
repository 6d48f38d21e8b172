package legate.kernel.jshell;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import legate.kernel.protocol.CellIO;
import legate.kernel.protocol.ExecuteOutcome;
import legate.kernel.protocol.ExecuteOutcome.Failure;
import legate.kernel.protocol.ExecuteOutcome.Success;
import legate.kernel.protocol.KernelCore;

/**
 * Java cells on JShell, in this JVM, as the protocol sees them: {@link JShellSession} starts
 * JShell and guards it, {@link CellEvaluator} runs cells, {@link CodeAssistance} answers
 * completion, inspection and is_complete. On rank 0 of several, each Java evaluation of a cell
 * is a segment of what its control does, replicated to the other ranks ({@link #replicateTo}).
 */
public final class JShellInterpreter implements JavaCells {
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

    private final JShellSession session;
    private final CodeAssistance assistance;
    private final CellEvaluator cells;

    /** Returns at once: JShell is built in the background, so the kernel can answer meanwhile. */
    public JShellInterpreter(Stdio stdio) {
        session = new JShellSession(STARTUP_IMPORTS, stdio.log());
        assistance = new CodeAssistance(session);
        cells = new CellEvaluator(session, stdio, assistance);
    }

    /**
     * Warms the compiler up in the background, on a JShell of its own, whenever this one is idle
     * (see {@link CompilerWarmUp}); {@code snippets} bounds the work, 0 does nothing.
     *
     * @return the warm-up's thread, or null when there is none
     */
    public Thread warmUpWhenIdle(int snippets) {
        return session.warmUpWhenIdle(snippets);
    }

    @Override
    public boolean userBusy() {
        return session.userBusy();
    }

    /**
     * Rank 0 of several: what JShell's control loads and runs in each Java evaluation of a
     * replicated cell goes to {@code mirror}, which the other ranks follow.
     */
    public void replicateTo(ExecutionMirror mirror) {
        session.mirrorTo(mirror);
    }

    @Override
    public ExecuteOutcome execute(String code, CellIO io) {
        return replicated("execute", () -> cells.execute(code, io));
    }

    @Override
    public Timed executeTimed(String code, CellIO io) {
        Timed[] timed = new Timed[1];
        replicated("execute", () -> {
            timed[0] = executeHere(code, io);
            return timed[0].outcome();
        });
        return timed[0];
    }

    @Override
    public Timed executeHere(String code, CellIO io) {
        session.lockWhenReady();
        try {
            session.control().startTiming();
            ExecuteOutcome outcome = cells.execute(code, io);
            return new Timed(outcome, session.control().stopTiming());
        } finally {
            session.unlock();
        }
    }

    /**
     * One segment of a replicated cell (nothing is sent outside one): the other ranks are told it
     * begins, then what the control does, then how it ended here, whatever happens.
     */
    private ExecuteOutcome replicated(String kind, Supplier<ExecuteOutcome> evaluation) {
        ExecutionMirror mirror = session.mirror();
        mirror.begin(kind);
        if (!mirror.active()) {
            return evaluation.get();
        }
        ExecuteOutcome outcome = null;
        boolean ranHere = false;
        try {
            session.lockWhenReady(); // JShell and its control exist from here on
            try {
                CellExecutionControl control = session.control();
                control.clearFailedRunning();
                outcome = evaluation.get();
                ranHere = control.failedRunning();
            } finally {
                session.unlock();
            }
            return outcome;
        } catch (RuntimeException | Error e) {
            outcome = new Failure(e.getClass().getName(), String.valueOf(e.getMessage()), List.of(e.toString()));
            throw e;
        } finally {
            mirror.end(outcome, ranHere);
        }
    }

    @Override
    public Map<String, ExecuteOutcome> evaluateExpressions(Map<String, String> expressions, CellIO io) {
        return cells.evaluateExpressions(expressions);
    }

    @Override
    public List<String[]> variables() {
        return session.variables();
    }

    @Override
    public List<String> classpath() {
        return session.classpath();
    }

    @Override
    public void addToClasspath(String path) {
        session.addToClasspath(path);
    }

    @Override
    public Class<?> loadClass(String name) throws ClassNotFoundException {
        if (!CellEvaluator.isClassName(name)) {
            throw new ClassNotFoundException(name);
        }
        return classIn(replicated("loadClass", () -> cells.loadClass(name)), name);
    }

    @Override
    public Class<?> loadClassHere(String name) throws ClassNotFoundException {
        if (!CellEvaluator.isClassName(name)) {
            throw new ClassNotFoundException(name);
        }
        return classIn(cells.loadClass(name), name);
    }

    /** The class {@code Class.forName(name)} gave. */
    static Class<?> classIn(ExecuteOutcome o, String name) throws ClassNotFoundException {
        if (o instanceof Success s && s.value() != null && s.value().object() instanceof Class<?> c) {
            return c;
        }
        throw new ClassNotFoundException(name);
    }

    @Override
    public Completion complete(String code, int cursor) {
        return assistance.complete(code, cursor);
    }

    @Override
    public String inspect(String code, int cursor) {
        return assistance.inspect(code, cursor);
    }

    @Override
    public IsComplete isComplete(String code) {
        return assistance.isComplete(code);
    }

    @Override
    public IsComplete isCompleteToRun(String code) {
        return assistance.isCompleteWaiting(code);
    }

    @Override
    public void interrupt() {
        session.interrupt();
    }

    @Override
    public void clearInterrupt() {
        session.clearInterrupt();
    }

    @Override
    public String languageVersion() {
        return Runtime.version().toString();
    }

    @Override
    public String banner() {
        return "Legate Java kernel " + KernelCore.IMPLEMENTATION_VERSION
                + " — JShell on Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")";
    }

    @Override
    public void close() {
        session.close();
    }
}
