package legate.kernel.jshell;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import jdk.jshell.execution.LocalExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;
import legate.magics.ProcessTimes;

/**
 * JShell's in-process execution ({@link LocalExecutionControl}: its stop works on JDK 17 and,
 * through the checks it injects, on JDK 20+) that also keeps the object each snippet returned,
 * so the kernel can render the last value richly, not only as JShell's string. On rank 0 of
 * several it tells its {@link ExecutionMirror} what it loads and runs, so the other ranks, which
 * have no JShell, do the same ({@link FollowingCells}).
 */
final class CellExecutionControl extends LocalExecutionControl {
    /** The snippet method to run; inherited by the thread LocalExecutionControl starts for it. */
    private static final InheritableThreadLocal<Invocation> PENDING = new InheritableThreadLocal<>();
    private static final Method TRAMPOLINE;

    static {
        try {
            TRAMPOLINE = CellExecutionControl.class.getMethod("trampoline");
            TRAMPOLINE.setAccessible(true); // the class is not public
        } catch (NoSuchMethodException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final class Invocation {
        final Method method;
        final BooleanSupplier cancelled;
        final boolean valueUnused;
        volatile Object result;

        Invocation(Method method, BooleanSupplier cancelled, boolean valueUnused) {
            this.method = method;
            this.cancelled = cancelled;
            this.valueUnused = valueUnused;
        }
    }

    /** Whether the cell was interrupted: checked just before user code starts (JShell's stop() misses compiles). */
    private volatile BooleanSupplier cancelled = () -> false;

    void cancelWhen(BooleanSupplier cancelled) {
        this.cancelled = cancelled;
    }

    private volatile Object lastResult;
    /** While on, the time spent running snippets (not compiling them) adds up in {@link #executionTime}. */
    private volatile boolean timing;
    private volatile ProcessTimes executionTime = ProcessTimes.ZERO;

    /** Where what this control does is replicated; {@link ExecutionMirror#NONE} on a rank alone and on ranks above 0. */
    private volatile ExecutionMirror mirror = ExecutionMirror.NONE;
    /** Whether running code failed here since {@link #clearFailedRunning()}. */
    private volatile boolean failedRunning;

    void mirrorTo(ExecutionMirror mirror) {
        this.mirror = mirror;
    }

    void clearFailedRunning() {
        failedRunning = false;
    }

    /** Whether running a snippet's code failed here (not a compilation) since {@link #clearFailedRunning()}. */
    boolean failedRunning() {
        return failedRunning;
    }

    /** Cell classes are loaded with their System.exit calls made to throw ({@link ExitGuard}). */
    @Override
    public void load(ClassBytecodes[] classes) throws ClassInstallException, NotImplementedException, EngineTerminationException {
        super.load(guarded(classes));
        ExecutionMirror m = mirror;
        if (m.active()) { // the bytes as javac wrote them: each rank guards them alike
            List<ControlOp.NamedClass> named = new ArrayList<>(classes.length);
            for (ClassBytecodes c : classes) {
                named.add(new ControlOp.NamedClass(c.name(), c.bytecodes()));
            }
            m.send(new ControlOp.Load(named));
        }
    }

    /**
     * Whether the values of the variables the snippets being evaluated declare are never shown (a
     * piece ending with ';'): then JShell's call for a variable's value text does not run its
     * toString (an array's would gather and format it), here or on any rank.
     */
    private volatile boolean valuesUnused;

    void valuesUnused(boolean unused) {
        valuesUnused = unused;
    }

    /** When the current snippet's eval began ({@link System#nanoTime}; 0: none pending), for the profiler's compile span. */
    static volatile long evalStarted;

    @Override
    public String invoke(String className, String methodName) throws RunException, InternalException, EngineTerminationException {
        return run(false, className, methodName);
    }

    @Override
    public String varValue(String className, String varName) throws RunException, EngineTerminationException, InternalException {
        return run(true, className, varName);
    }

    /**
     * A snippet's code, here and, in a replicated cell, on every rank: before it starts, the code
     * sent before must have run everywhere without error (else the cell stops here, with an
     * exception JShell reports like the snippet's own).
     */
    private String run(boolean varValue, String className, String member) throws RunException, EngineTerminationException,
            InternalException {
        boolean unused = valuesUnused;
        if (varValue && unused) {
            return ""; // nothing shows it (see valuesUnused)
        }
        ExecutionMirror m = mirror;
        if (m.active()) {
            if (!varValue) { // a variable's value is shown after its initializer ran, as part of the same snippet
                String failed = m.othersFailed();
                if (failed != null) {
                    throw new UserException(failed, CellErrors.FAILED_ELSEWHERE, new StackTraceElement[0]);
                }
            }
            m.send(new ControlOp.Execute(varValue, className, member, unused));
        }
        legate.runtime.profile.Progress.phase(""); // compiled: the cell's code runs
        long t0 = System.nanoTime();
        if (legate.runtime.profile.Profiler.on && !varValue) {
            long compiled = evalStarted;
            if (compiled != 0) { // from the snippet's eval to here: JShell compiled it (and loaded its classes)
                legate.runtime.profile.Profiler.span("cells", "compile", "compile", compiled, t0, className);
                evalStarted = 0;
            }
        }
        try {
            return varValue ? super.varValue(className, member) : super.invoke(className, member);
        } catch (RunException e) {
            failedRunning = true;
            throw e;
        } finally {
            if (legate.runtime.profile.Profiler.on && !varValue) {
                legate.runtime.profile.Profiler.span("cells", "run", "run", t0, System.nanoTime(), className);
            }
        }
    }

    @Override
    public void redefine(ClassBytecodes[] classes) throws ClassInstallException, NotImplementedException, EngineTerminationException {
        super.redefine(guarded(classes));
    }

    private static ClassBytecodes[] guarded(ClassBytecodes[] classes) {
        ClassBytecodes[] out = new ClassBytecodes[classes.length];
        for (int i = 0; i < classes.length; i++) {
            byte[] bytes = ExitGuard.guard(classes[i].bytecodes());
            out[i] = bytes == classes[i].bytecodes() ? classes[i] : new ClassBytecodes(classes[i].name(), bytes);
        }
        return out;
    }

    @Override
    protected String invoke(Method doitMethod) throws Exception {
        Invocation invocation = new Invocation(doitMethod, cancelled, valuesUnused);
        PENDING.set(invocation);
        ProcessTimes start = timing ? ProcessTimes.now() : null;
        try {
            return super.invoke(TRAMPOLINE);
        } finally {
            if (start != null) {
                executionTime = executionTime.plus(ProcessTimes.now().since(start));
            }
            PENDING.remove();
            lastResult = invocation.result;
        }
    }

    /** Starts adding up execution time from zero. */
    void startTiming() {
        executionTime = ProcessTimes.ZERO;
        timing = true;
    }

    /** Stops, and returns the execution time since {@link #startTiming()}. */
    ProcessTimes stopTiming() {
        timing = false;
        return executionTime;
    }

    /** Runs on the snippet thread in place of the snippet's method; public for reflection only. */
    @SuppressWarnings("removal")
    public static Object trampoline() throws Throwable {
        Invocation invocation = PENDING.get();
        if (invocation.cancelled.getAsBoolean()) {
            throw new ThreadDeath(); // how LocalExecutionControl's own stop ends a snippet
        }
        try {
            Object result = invocation.method.invoke(null);
            invocation.result = result;
            return invocation.valueUnused ? null : result; // JShell makes the returned value a string: "null" costs nothing
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** The object the last snippet returned (its value, for an expression). */
    Object lastResult() {
        return lastResult;
    }

    /** Hands JShell this control and remembers it for the interpreter. */
    static final class Provider implements ExecutionControlProvider {
        private volatile CellExecutionControl control;
        private volatile ExecutionMirror mirror = ExecutionMirror.NONE;

        @Override
        public String name() {
            return "legate-local";
        }

        @Override
        public synchronized ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
            CellExecutionControl c = new CellExecutionControl();
            c.mirrorTo(mirror);
            control = c;
            return c;
        }

        /** Replicates what the control does (now, or once JShell has made it). */
        synchronized void mirrorTo(ExecutionMirror mirror) {
            this.mirror = mirror;
            CellExecutionControl c = control;
            if (c != null) {
                c.mirrorTo(mirror);
            }
        }

        CellExecutionControl control() {
            return control;
        }
    }
}
