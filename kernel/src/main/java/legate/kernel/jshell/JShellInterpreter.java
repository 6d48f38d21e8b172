package legate.kernel.jshell;

import java.util.List;
import java.util.Map;
import legate.kernel.protocol.CellIO;
import legate.kernel.protocol.ExecuteOutcome;
import legate.kernel.protocol.Interpreter;
import legate.kernel.protocol.KernelCore;
import legate.magics.ProcessTimes;

/**
 * Java cells on JShell, in this JVM, as the protocol sees them: {@link JShellSession} starts
 * JShell and guards it, {@link CellEvaluator} runs cells, {@link CodeAssistance} answers
 * completion, inspection and is_complete.
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

    /** Whether the user's session is busy, or was lately: the warm-up waits meanwhile. */
    public boolean userBusy() {
        return session.userBusy();
    }

    @Override
    public ExecuteOutcome execute(String code, CellIO io) {
        return cells.execute(code, io);
    }

    /** A cell run through {@link #execute}, with the time its snippets spent running (not compiling). */
    public record Timed(ExecuteOutcome outcome, ProcessTimes executionTime) {
    }

    public Timed executeTimed(String code, CellIO io) {
        session.lockWhenReady();
        try {
            session.control().startTiming();
            ExecuteOutcome outcome = cells.execute(code, io);
            return new Timed(outcome, session.control().stopTiming());
        } finally {
            session.unlock();
        }
    }

    @Override
    public Map<String, ExecuteOutcome> evaluateExpressions(Map<String, String> expressions, CellIO io) {
        return cells.evaluateExpressions(expressions);
    }

    /** The variables declared so far (JShell's {@code $N} temporaries are dropped), with their types. */
    public List<String[]> variables() {
        return session.variables();
    }

    /** The classpath cells compile and run against. */
    public List<String> classpath() {
        return session.classpath();
    }

    /** Adds a jar or folder for later cells to compile and run against. */
    public void addToClasspath(String path) {
        session.addToClasspath(path);
    }

    /** A class as cells see it, including jars added to the classpath. */
    public Class<?> loadClass(String name) throws ClassNotFoundException {
        return cells.loadClass(name);
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
