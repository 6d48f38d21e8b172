package legate.runtime.profile;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import legate.runtime.task.ArrayRuntime;

/**
 * Legate's {@code --show-progress} for the Java runtime: while it is on, a rank counts the array
 * operations it runs and knows which one runs now, so that a kernel can show a long cell's progress
 * ({@code legate-jupyter --show-progress}), and the {@code legate} driver can print a line as each
 * operation starts, as Legate prints one per task. It rides on the same recording backend as the
 * profiler ({@link ProfiledBackend}), which the runtime puts in front of its own only while one of
 * them is on ({@link ArrayRuntime#showProgress}): off, it costs nothing.
 */
public final class Progress {
    private static final AtomicLong OPERATIONS = new AtomicLong();
    private static volatile Supplier<String> current;
    private static volatile PrintStream lines;
    private static volatile long linesStart;
    private static volatile long linesFirst;

    private Progress() {
    }

    /** Counting on {@code rt} on or off (the count goes on from where it was: see {@link #operations}). */
    public static void count(ArrayRuntime rt, boolean on) {
        rt.showProgress(on);
        if (!on) {
            current = null;
        }
    }

    /**
     * The driver's {@code --show-progress}: counts on {@code rt} and prints a line to {@code to} as
     * each operation starts ({@code null} stops the lines and the count).
     */
    public static void lines(ArrayRuntime rt, PrintStream to) {
        linesStart = System.nanoTime();
        linesFirst = OPERATIONS.get();
        lines = to;
        count(rt, to != null);
    }

    /** Operations this JVM has started since it began counting. */
    public static long operations() {
        return OPERATIONS.get();
    }

    /** The operation running now, with its shape; else what the kernel said it does ({@link #phase}); else "". */
    public static String current() {
        Supplier<String> op = current;
        return op == null ? phase : op.get();
    }

    private static volatile String phase = "";

    /** What the rank does outside array operations, e.g. "compiling the cell" ("" for the cell's own code). */
    public static void phase(String what) {
        phase = what;
    }

    /** Called by the recording backend as an operation starts: {@code what} names it and its shape when asked. */
    static void started(Supplier<String> what) {
        long n = OPERATIONS.incrementAndGet();
        current = what;
        PrintStream to = lines;
        if (to != null) {
            long ms = (System.nanoTime() - linesStart) / 1_000_000;
            StringBuilder b = new StringBuilder(96).append("legate: progress: operation ").append(n - linesFirst).append(", ")
                    .append(what.get()).append(", at ").append(ms / 1000).append('.');
            long frac = ms % 1000;
            b.append(frac < 100 ? (frac < 10 ? "00" : "0") : "").append(frac).append(" s");
            to.println(b);
        }
    }

    /** Called by the recording backend (the profiler on) as an operation starts. */
    static void started(String name, String shape) {
        started(() -> shape.isEmpty() ? name : name + " " + shape);
    }

    /** Called by the recording backend as an operation ends. */
    static void ended() {
        current = null;
    }
}
