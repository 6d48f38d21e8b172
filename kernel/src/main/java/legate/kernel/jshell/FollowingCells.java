package legate.kernel.jshell;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import jdk.jshell.JShell;
import jdk.jshell.spi.ExecutionControl.ClassBytecodes;
import jdk.jshell.spi.ExecutionControl.RunException;
import jdk.jshell.spi.ExecutionControl.UserException;
import legate.kernel.protocol.CellIO;
import legate.kernel.protocol.ExecuteOutcome;
import legate.kernel.protocol.ExecuteOutcome.Failure;
import legate.kernel.protocol.ExecuteOutcome.Success;
import legate.kernel.protocol.ExecuteOutcome.Value;
import legate.magics.ProcessTimes;

/**
 * Java cells on a rank above 0: no JShell and no javac. Each Java evaluation of a cell (a
 * segment) runs what rank 0's JShell did, in the same order ({@link ControlOp}s from an
 * {@link ExecutionFeed}): the same class bytes are loaded into a control of its own, the same
 * methods invoked, the same variables shown. How each run of code ended is acknowledged, so that
 * rank 0 stops a cell at the first snippet that failed on any rank. Output goes where the cell's
 * {@link CellIO} says (nowhere, on these ranks); errors are worded as rank 0 words them.
 */
public final class FollowingCells implements JavaCells {
    private final Stdio stdio;
    private final ExecutionFeed feed;
    private final PrintStream log;
    private final int rank;
    private final CellExecutionControl control;
    /** Snippet id to its cell and first line; wrapper class to its snippet (for frames). */
    private final Map<String, ControlOp.Origin> origins = new ConcurrentHashMap<>();
    private final Map<String, ControlOp.Origin> wrappers = new ConcurrentHashMap<>();
    private final List<String> classpath = new CopyOnWriteArrayList<>(JShellSession.kernelClasspath());
    private volatile boolean interrupted;
    private volatile boolean running;
    private volatile long lastCellEnd = System.nanoTime() - JShellSession.QUIET_NANOS;
    /** For where magics are in a cell only (javac's parser, never its compiler); made on first use. */
    private volatile JShell parser;

    public FollowingCells(Stdio stdio, ExecutionFeed feed, int rank) {
        this.stdio = stdio;
        this.feed = feed;
        this.log = stdio.log();
        this.rank = rank;
        this.control = onOwnThread(CellExecutionControl::new); // it makes its class loader the creating thread's
        control.cancelWhen(() -> interrupted);
    }

    private interface Make<T> {
        T make();
    }

    /** {@code make} on a short-lived thread, so what it sets on its thread (a context class loader) stays there. */
    private static <T> T onOwnThread(Make<T> make) {
        List<T> made = new ArrayList<>(1);
        List<RuntimeException> failed = new ArrayList<>(1);
        Thread t = new Thread(() -> {
            try {
                made.add(make.make());
            } catch (RuntimeException e) {
                failed.add(e);
            }
        }, "follower-setup");
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while setting up this rank's cells", e);
        }
        if (!failed.isEmpty()) {
            throw failed.get(0);
        }
        return made.get(0);
    }

    @Override
    public ExecuteOutcome execute(String code, CellIO io) {
        return follow("execute", io);
    }

    @Override
    public Timed executeTimed(String code, CellIO io) {
        control.startTiming();
        ExecuteOutcome outcome = follow("execute", io);
        return new Timed(outcome, control.stopTiming());
    }

    /** Rank 0 evaluated this on its own: so does this rank, unseen (nothing of it was sent). */
    @Override
    public Timed executeHere(String code, CellIO io) {
        return new Timed(Success.of(null), ProcessTimes.ZERO);
    }

    /** One segment: rank 0's operations from its {@link ControlOp.Begin} to its {@link ControlOp.End}. */
    private ExecuteOutcome follow(String kind, CellIO io) {
        running = true;
        stdio.attach(io);
        try {
            ControlOp first = feed.next();
            if (!(first instanceof ControlOp.Begin b) || !b.kind().equals(kind)) {
                return outOfStep(kind, first);
            }
            Failure failure = null;
            RunException thrown = null;
            boolean thrownByInterrupt = false; // whether this rank had been interrupted when the snippet threw (else its error is its own)
            Value last = null;
            while (true) {
                ControlOp op = feed.next();
                if (op instanceof ControlOp.Load load) {
                    if (failure == null && thrown == null) {
                        failure = load(load);
                    }
                } else if (op instanceof ControlOp.Execute e) {
                    if (failure != null || thrown != null || interrupted) {
                        if (failure == null && thrown == null) {
                            failure = CellErrors.interrupted();
                        }
                        feed.acknowledge("not run: the cell had stopped on rank " + rank);
                        continue;
                    }
                    try {
                        control.valuesUnused(e.valueUnused()); // as rank 0 did
                        String shown;
                        try {
                            shown = e.varValue() ? control.varValue(e.className(), e.member()) : control.invoke(e.className(), e.member());
                        } finally {
                            control.valuesUnused(false);
                        }
                        last = new Value(control.lastResult(), shown);
                        feed.acknowledge(null);
                    } catch (RunException x) {
                        thrown = x;
                        thrownByInterrupt = interrupted;
                        feed.acknowledge(thrownByInterrupt ? CellErrors.INTERRUPTED : oneLine(x));
                    } catch (jdk.jshell.spi.ExecutionControl.ExecutionControlException x) {
                        failure = new Failure("InternalError", "rank " + rank + " could not run a snippet: " + x.getMessage(),
                                List.of("InternalError: " + x));
                        feed.acknowledge(failure.ename() + ": " + failure.evalue());
                    }
                } else if (op instanceof ControlOp.Origin o) {
                    origins.put(o.snippetId(), o);
                    if (o.wrapperClass() != null) {
                        wrappers.put(o.wrapperClass(), o);
                    }
                } else if (op instanceof ControlOp.End end) {
                    return conclude(end, failure, thrown, thrownByInterrupt, last);
                } else {
                    return outOfStep(kind, op);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CellErrors.interrupted();
        } finally {
            stdio.flush();
            lastCellEnd = System.nanoTime();
            running = false;
        }
    }

    /** The classes rank 0 loaded, here; the failure when they cannot be. */
    private Failure load(ControlOp.Load load) {
        ClassBytecodes[] classes = load.classes().stream().map(c -> new ClassBytecodes(c.name(), c.bytes()))
                .toArray(ClassBytecodes[]::new);
        try {
            control.load(classes);
            return null;
        } catch (jdk.jshell.spi.ExecutionControl.ExecutionControlException e) {
            String what = "rank " + rank + " could not load the cell's classes: " + e.getMessage();
            return new Failure("ClassInstallError", what, List.of("ClassInstallError: " + what));
        }
    }

    /**
     * How the segment ended here: this rank's own failure first, else as on rank 0. A snippet
     * that threw while this rank was interrupted ({@code thrownByInterrupt}) ended by the
     * interrupt; one that threw before stays its own error when an interrupt comes after it (the
     * other ranks stopped because of it).
     */
    private ExecuteOutcome conclude(ControlOp.End end, Failure failure, RunException thrown, boolean thrownByInterrupt, Value last) {
        Failure rank0 = end.failed() ? new Failure(end.ename(), end.evalue(), end.traceback()) : null;
        if (thrown != null) {
            // as on rank 0: what an interrupted snippet throws (stopped in a lock, in a wait) is the interrupt
            return thrownByInterrupt ? CellErrors.interrupted() : CellErrors.run(translated(thrown), this::locate, rank0);
        }
        if (failure != null) {
            return failure;
        }
        if (rank0 != null) {
            // running code failed on rank 0 alone: its error is the cell's, not this rank's; else
            // (a compilation error, an interrupt) it is every rank's
            return end.ranHere() ? new Failure(CellErrors.FAILED_ELSEWHERE, "the cell failed on rank 0",
                    List.of(CellErrors.FAILED_ELSEWHERE + ": the cell failed on rank 0")) : rank0;
        }
        return Success.of(last);
    }

    private ExecuteOutcome outOfStep(String kind, ControlOp got) {
        String what = "rank " + rank + " is out of step with rank 0: it was to run a Java evaluation (" + kind + ") and got "
                + (got instanceof ControlOp.Over ? "the end of the cell" : got.getClass().getSimpleName())
                + " (a magic that ran differently on the ranks?)";
        log.println("legate: " + what);
        return new Failure("OutOfStep", what, List.of("OutOfStep: " + what));
    }

    private static String oneLine(RunException e) {
        if (e instanceof UserException u) {
            return u.causeExceptionClass() + (u.getMessage() == null ? "" : ": " + u.getMessage());
        }
        return e instanceof jdk.jshell.spi.ExecutionControl.StoppedException ? "Interrupted" : e.getClass().getSimpleName();
    }

    /** Frames of the wrapper classes rank 0 sent, as JShell names them on rank 0: the snippet's id and its own line. */
    private RunException translated(RunException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            StackTraceElement[] raw = t.getStackTrace();
            StackTraceElement[] out = new StackTraceElement[raw.length];
            for (int i = 0; i < raw.length; i++) {
                out[i] = translated(raw[i]);
            }
            t.setStackTrace(out);
        }
        return e;
    }

    private static final String WRAPPERS = "REPL.$JShell$";

    private StackTraceElement translated(StackTraceElement f) {
        String cls = f.getClassName();
        if (!cls.startsWith(WRAPPERS)) {
            return f;
        }
        int nested = cls.indexOf('$', WRAPPERS.length());
        String outer = nested < 0 ? cls : cls.substring(0, nested);
        ControlOp.Origin o = wrappers.get(outer);
        if (o == null) {
            return f;
        }
        String name = nested < 0 ? "" : cls.substring(nested + 1);
        String method = f.getMethodName().equals("do_it$") ? "" : f.getMethodName();
        return new StackTraceElement(name, method, "#" + o.snippetId(), o.snippetLine(f.getLineNumber()));
    }

    private String locate(String snippetId, int line) {
        ControlOp.Origin o = origins.get(snippetId);
        return o == null ? "snippet " + snippetId + ", line " + line : o.cell() + ", line " + (o.firstLine() + line - 1);
    }

    @Override
    public Class<?> loadClass(String name) throws ClassNotFoundException {
        if (!CellEvaluator.isClassName(name)) {
            throw new ClassNotFoundException(name);
        }
        return JShellInterpreter.classIn(follow("loadClass", stdio.target()), name);
    }

    /** Rank 0 looked the class up on its own: a magic of rank 0 only, which does not run here. */
    @Override
    public Class<?> loadClassHere(String name) throws ClassNotFoundException {
        throw new ClassNotFoundException(name + " (rank " + rank + " runs no magic of rank 0 only)");
    }

    @Override
    public List<String[]> variables() {
        return List.of(); // rank 0's %who lists them
    }

    @Override
    public List<String> classpath() {
        return List.copyOf(classpath);
    }

    @Override
    public void addToClasspath(String path) {
        try {
            control.addToClasspath(path);
        } catch (jdk.jshell.spi.ExecutionControl.ExecutionControlException e) {
            throw new IllegalStateException("rank " + rank + " could not add " + path + " to the classpath: " + e.getMessage(), e);
        }
        classpath.add(path);
    }

    @Override
    public boolean userBusy() {
        return running || System.nanoTime() - lastCellEnd < JShellSession.QUIET_NANOS;
    }

    @Override
    public Map<String, ExecuteOutcome> evaluateExpressions(Map<String, String> expressions, CellIO io) {
        return Map.of(); // rank 0 answers them
    }

    @Override
    public Completion complete(String code, int cursor) {
        return new Completion(List.of(), cursor, cursor, List.of());
    }

    @Override
    public String inspect(String code, int cursor) {
        return null;
    }

    /** Where a cell's magics are: javac's parser decides as on rank 0 (a JShell made on first use, which compiles nothing). */
    @Override
    public IsComplete isComplete(String code) {
        JShell p = parser;
        if (p == null) {
            synchronized (this) {
                if (parser == null) {
                    parser = onOwnThread(() -> JShell.builder().executionEngine(new CellExecutionControl.Provider(), Map.of())
                            .out(log).err(log).build());
                }
                p = parser;
            }
        }
        return CodeAssistance.analyze(p.sourceCodeAnalysis(), code);
    }

    @Override
    public void interrupt() {
        interrupted = true;
        if (running) {
            try {
                control.stop();
            } catch (jdk.jshell.spi.ExecutionControl.ExecutionControlException e) {
                log.println("legate: rank " + rank + ": could not stop the running snippet: " + e.getMessage());
            }
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
        return "Legate Java kernel, rank " + rank;
    }

    @Override
    public void close() {
        interrupt();
        control.close();
        JShell p = parser;
        if (p != null) {
            p.close();
        }
    }
}
