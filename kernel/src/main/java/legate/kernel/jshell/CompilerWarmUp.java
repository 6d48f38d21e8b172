package legate.kernel.jshell;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.execution.LocalExecutionControlProvider;

/**
 * Brings the compiler JShell runs on (javac, in this JVM) up to speed while the kernel is idle.
 * A fresh JVM compiles a one-line cell in about 20 ms; once the JIT has compiled javac's hot
 * paths, in under 10. Without help that takes several hundred of the user's cells. This runs
 * such cells itself, on a throwaway JShell of its own: the user's session gains no snippet, no
 * class and no variable from it. It pauses whenever the user's session is busy, so it takes
 * spare time only, and it ends after a bounded number of snippets. Its snippets print nothing and
 * read nothing: in this JVM, {@code System.out} is the user's cell output.
 */
public final class CompilerWarmUp {
    /** Snippets of the kinds cells are made of: expressions, declarations, statements, methods. */
    private static final List<String> SNIPPETS = List.of(
            "1 + 1",
            "int warm = 6 * 7;",
            "warm * 2",
            "String text = \"legate \" + warm;",
            "text.length()",
            "double[] values = new double[16];",
            "for (int i = 0; i < values.length; i++) { values[i] = Math.sqrt(i); }",
            "double total(double[] v) { double s = 0; for (double x : v) { s += x; } return s; }",
            "total(values)",
            "var list = new ArrayList<Integer>(List.of(3, 1, 2));",
            "Collections.sort(list);",
            "list.stream().map(x -> x * x).toList()",
            "record Point(double x, double y) { double norm() { return Math.hypot(x, y); } }",
            "new Point(3, 4).norm()",
            "if (warm > 40) { text = text.toUpperCase(); }",
            "Map<String, Integer> counts = new HashMap<>();",
            "counts.merge(text, 1, Integer::sum);",
            "counts");

    /** Enough for the JIT to reach javac's steady state on this mix (measured: see docs/performance.md). */
    public static final int DEFAULT_SNIPPETS = 600;
    /** The variable that sets the number of snippets (0 turns the warm-up off). */
    public static final String ENV = "LEGATE_JSHELL_WARMUP";

    private final List<String> imports;
    private final List<String> classpath;
    private final BooleanSupplier userBusy;
    private final BooleanSupplier stopped;
    private final int count;
    private final PrintStream log;

    /** Compiles against {@code classpath} with {@code imports}, as the user's session does. */
    CompilerWarmUp(List<String> imports, List<String> classpath, BooleanSupplier userBusy, BooleanSupplier stopped, int count,
                   PrintStream log) {
        this.imports = imports;
        this.classpath = classpath;
        this.userBusy = userBusy;
        this.stopped = stopped;
        this.count = count;
        this.log = log;
    }

    /** The number of warm-up snippets from {@code LEGATE_JSHELL_WARMUP} (0 turns it off). */
    public static int configuredCount(Map<String, String> env, PrintStream log) {
        return legate.runtime.config.EnvCount.read(env, ENV, DEFAULT_SNIPPETS, "snippets", "the warm-up", "legate kernel", log);
    }

    /** Evaluates the snippets; returns how many ran without an error (fewer when stopped). */
    int run() {
        int done = 0;
        PrintStream discard = new PrintStream(OutputStream.nullOutputStream());
        try {
            if (!idle()) { // its own JShell and imports are compiler work too: not while the user's cells run
                return done;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return done;
        }
        try (JShell js = JShell.builder().executionEngine(new LocalExecutionControlProvider(), Map.of())
                .out(discard).err(discard).build()) {
            classpath.forEach(js::addToClasspath);
            for (String imp : imports) {
                if (!idle()) {
                    return done;
                }
                js.eval(imp);
            }
            for (int i = 0; i < count; i++) {
                if (!idle()) {
                    return done;
                }
                boolean ok = true;
                for (SnippetEvent e : js.eval(SNIPPETS.get(i % SNIPPETS.size()))) {
                    ok &= e.causeSnippet() != null || (e.status().isDefined() && e.exception() == null);
                    if (e.snippet().subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND) {
                        js.drop(e.snippet());
                    }
                }
                if (ok) {
                    done++;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.println("legate kernel: the compiler warm-up stopped: " + e); // only speed is lost
        }
        return done;
    }

    /** Waits while the user's session is busy; false when the warm-up is to stop. */
    private boolean idle() throws InterruptedException {
        while (userBusy.getAsBoolean()) {
            if (stopped.getAsBoolean()) {
                return false;
            }
            Thread.sleep(20);
        }
        return !stopped.getAsBoolean();
    }
}
