package legate.kernel.jshell;

import java.io.File;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;

/**
 * The kernel's JShell: built in the background, so the kernel answers meanwhile, then used under
 * one lock, since JShell is not thread-safe. It also knows whether the user is using it (the
 * compiler warm-up waits for a quiet moment) and takes interrupts, which JShell allows from any
 * thread.
 */
final class JShellSession {
    /** How long the session must have been idle before the warm-up compiles (cells sent back to back leave gaps of ~2 ms). */
    static final long QUIET_NANOS = 250_000_000L;
    /** How long after start completion is readied when no cell has run yet (a person reading the notebook). */
    static final long COMPLETION_START_NANOS = 5_000_000_000L;

    private final CellExecutionControl.Provider engine = new CellExecutionControl.Provider();
    private final ReentrantLock lock = new ReentrantLock();
    private final List<String> imports;
    private final PrintStream log;
    /** Set once by the start-up thread, which holds {@link #lock} until the imports are in. */
    private volatile JShell jshell;
    private volatile SourceCodeAnalysis analysis;
    private volatile RuntimeException startFailure;
    private final CountDownLatch created = new CountDownLatch(1);
    /** What cells compile against: the kernel's classpath, then what was added. */
    private final List<String> classpath = new CopyOnWriteArrayList<>();
    private volatile boolean interrupted;
    private volatile boolean running;
    /** When a cell last ended ({@link System#nanoTime}): the warm-up waits for a quiet moment, not a gap between cells. */
    private volatile long lastCellEnd = System.nanoTime() - QUIET_NANOS;
    private volatile boolean closed;
    private final CountDownLatch firstCellEnded = new CountDownLatch(1);
    /** Whether the lock is held by completion's first use, not by the user. */
    private volatile boolean priming;

    /** Returns at once: JShell is built, and {@code imports} evaluated, on a thread of its own. */
    JShellSession(List<String> imports, PrintStream log) {
        this.imports = imports;
        this.log = log;
        Thread start = new Thread(this::start, "jshell-start");
        start.setDaemon(true);
        start.start();
        Thread prime = new Thread(this::primeCompletion, "jshell-completion-start");
        prime.setDaemon(true);
        prime.start();
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
            for (String imp : imports) {
                for (SnippetEvent e : jshell.eval(imp)) {
                    if (e.status() == Snippet.Status.REJECTED) {
                        log.println("legate kernel: start-up import failed: " + imp);
                    }
                }
            }
            analysis.analyzeCompletion("1 + 1");
        } catch (IllegalStateException closed) {
            // the kernel shut down while starting
        } finally {
            lock.unlock();
        }
    }

    /**
     * Completion's first use (a quarter of a second on two idle cores; it indexes the classpath),
     * once the first cell has ended, or {@link #COMPLETION_START_NANOS} after start when no cell
     * came, and the session is quiet: at start-up it took the cores the first cell was waiting for
     * (docs/performance.md). A completion asked for before that pays it itself.
     */
    private void primeCompletion() {
        try {
            firstCellEnded.await(COMPLETION_START_NANOS, TimeUnit.NANOSECONDS);
            while (!closed) {
                if (!userBusy() && lockWithin(50)) {
                    priming = true;
                    try {
                        if (!closed && jshell != null) {
                            analysis.completionSuggestions("Stri", 4, new int[1]);
                        }
                    } finally {
                        priming = false;
                        lock.unlock();
                    }
                    return;
                }
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // JShell closed meanwhile: only the first completion's speed is lost
        }
    }

    /** The kernel's own classpath, which cells compile against first. */
    static List<String> kernelClasspath() {
        return Arrays.stream(System.getProperty("java.class.path", "").split(File.pathSeparator))
                .filter(entry -> !entry.isBlank()).toList();
    }

    /** Takes the lock once JShell exists (and its start-up work is done). */
    void lockWhenReady() {
        try {
            if (!created.await(60, TimeUnit.SECONDS)) {
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
    boolean lockWithin(long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        try {
            return created.await(millis, TimeUnit.MILLISECONDS) && startFailure == null
                    && lock.tryLock(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    void unlock() {
        lock.unlock();
    }

    /** Every thread's stack, for a start-up that does not finish. */
    private static void dumpThreads(PrintStream out) {
        for (java.lang.management.ThreadInfo t : java.lang.management.ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
            out.print(t);
            for (StackTraceElement f : t.getStackTrace()) {
                out.println("\tat " + f);
            }
        }
    }

    /** JShell itself; only while holding the lock. */
    JShell jshell() {
        return jshell;
    }

    /** JShell's source analysis; only while holding the lock. */
    SourceCodeAnalysis analysis() {
        return analysis;
    }

    /** Where snippets run: their last result, their execution time. */
    CellExecutionControl control() {
        return engine.control();
    }

    private volatile ExecutionMirror mirror = ExecutionMirror.NONE;

    /** From now on, what this session's control loads and runs in a replicated cell goes to {@code mirror} too. */
    void mirrorTo(ExecutionMirror mirror) {
        this.mirror = mirror;
        engine.mirrorTo(mirror);
    }

    /** Where what runs here is replicated ({@link ExecutionMirror#NONE} when nowhere). */
    ExecutionMirror mirror() {
        return mirror;
    }

    /** The variables declared so far (JShell's {@code $N} temporaries are dropped), with their types. */
    List<String[]> variables() {
        lockWhenReady();
        try {
            return jshell.variables().filter(v -> jshell.status(v).isActive())
                    .map(v -> new String[] {v.name(), v.typeName()}).toList();
        } finally {
            lock.unlock();
        }
    }

    /** The classpath cells compile and run against. */
    List<String> classpath() {
        return List.copyOf(classpath);
    }

    /** Adds a jar or folder for later cells to compile and run against. */
    void addToClasspath(String path) {
        lockWhenReady();
        try {
            jshell.addToClasspath(path);
            classpath.add(path);
        } finally {
            lock.unlock();
        }
    }

    /** A cell starts: from now until {@link #cellEnded()} an interrupt stops running code. */
    void cellStarts() {
        running = true;
    }

    void cellEnded() {
        lastCellEnd = System.nanoTime();
        running = false;
        firstCellEnded.countDown();
    }

    /** Whether the user's session is busy, or was within the last {@link #QUIET_NANOS}: the warm-up waits meanwhile. */
    boolean userBusy() {
        return running || (lock.isLocked() && !priming) || lock.hasQueuedThreads() || System.nanoTime() - lastCellEnd < QUIET_NANOS;
    }

    /** Whether an interrupt came since {@link #clearInterrupt()}: snippets not yet started do not start. */
    boolean interrupted() {
        return interrupted;
    }

    void interrupt() {
        interrupted = true;
        JShell js = jshell;
        if (js != null && running) {
            js.stop(); // stops running user code; a compile in progress is caught before its code starts
        }
    }

    void clearInterrupt() {
        interrupted = false;
    }

    /**
     * Warms the compiler up in the background, on a JShell of its own, whenever this one is idle
     * (see {@link CompilerWarmUp}); {@code snippets} bounds the work, 0 does nothing.
     *
     * @return the warm-up's thread, or null when there is none
     */
    Thread warmUpWhenIdle(int snippets) {
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
            new CompilerWarmUp(imports, kernelClasspath(), this::userBusy, () -> closed, snippets, log).run();
        }, "jshell-warm-up");
        t.setDaemon(true);
        t.start();
        return t;
    }

    void close() {
        closed = true;
        firstCellEnded.countDown(); // the completion's first use is not waited for any more
        interrupt();
        JShell js = jshell;
        if (js != null) {
            js.close();
        }
    }
}
