package legate.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import legate.kernel.display.MimeBundle;
import legate.kernel.protocol.CellIO;
import legate.kernel.protocol.ExecuteOutcome;
import legate.kernel.protocol.Interpreter;
import legate.numpy.np;
import legate.runtime.task.ArrayRuntime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A long cell's progress line, in memory: when it shows, how it updates, how it ends. */
class CellProgressTest {
    private ArrayRuntime rt;

    @BeforeEach
    void oneRank() {
        rt = new ArrayRuntime(2, 1L << 30, 1L << 18, 64);
        ArrayRuntime.useOnThisThread(rt);
    }

    @AfterEach
    void done() {
        legate.runtime.profile.Progress.count(rt, false);
        ArrayRuntime.useOnThisThread(null);
    }

    /** Displays and updates as the frontend gets them: [kind, id, text/plain, text/html]. */
    private static final class Frontend implements CellIO {
        final List<String[]> shown = new ArrayList<>();
        boolean broken;

        @Override
        public void stream(String name, String text) {
        }

        @Override
        public synchronized void display(Object value, String displayId, boolean update) {
            if (broken) {
                throw new IllegalStateException("the frontend is gone");
            }
            Map<String, Object> d = ((MimeBundle) value).data();
            shown.add(new String[] {update ? "update" : "display", displayId, (String) d.get("text/plain"), (String) d.get("text/html")});
        }

        @Override
        public void clearOutput(boolean wait) {
        }

        @Override
        public String readLine(String prompt, boolean password) throws InterruptedIOException {
            return "";
        }

        @Override
        public int executionCount() {
            return 1;
        }

        @Override
        public boolean publishes() {
            return true;
        }
    }

    /** An interpreter whose every cell runs {@code body}. */
    private static Interpreter running(Supplier<ExecuteOutcome> body) {
        return new Interpreter() {
            @Override
            public ExecuteOutcome execute(String code, CellIO io) {
                return body.get();
            }

            @Override
            public Map<String, ExecuteOutcome> evaluateExpressions(Map<String, String> expressions, CellIO io) {
                return Map.of();
            }

            @Override
            public Completion complete(String code, int cursor) {
                return null;
            }

            @Override
            public String inspect(String code, int cursor) {
                return null;
            }

            @Override
            public IsComplete isComplete(String code) {
                return IsComplete.COMPLETE;
            }

            @Override
            public void interrupt() {
            }

            @Override
            public void clearInterrupt() {
            }

            @Override
            public String languageVersion() {
                return "17";
            }

            @Override
            public String banner() {
                return "";
            }

            @Override
            public void close() {
            }
        };
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aLongCellShowsOneLineThatUpdatesAndEndsWithTheTotals() {
        int[] flushed = {0};
        Interpreter i = new CellProgress(running(() -> {
            for (int k = 0; k < 8; k++) {
                np.ones(100).sum(); // a fill and a sum
                sleep(50);
            }
            return ExecuteOutcome.Success.of(null);
        }), () -> flushed[0]++, 100, 50);
        Frontend f = new Frontend();
        assertInstanceOf(ExecuteOutcome.Success.class, i.execute("cell", f));
        assertTrue(f.shown.size() >= 3, f.shown.size() + " messages");
        assertEquals("display", f.shown.get(0)[0]);
        assertEquals(1, flushed[0]); // the cell's text so far goes out before the line
        String id = f.shown.get(0)[1];
        assertTrue(id.startsWith("legate-progress-"), id);
        long last = -1;
        for (String[] m : f.shown.subList(0, f.shown.size() - 1)) {
            assertEquals(id, m[1]);
            var r = java.util.regex.Pattern.compile("legate: running, (\\d+) array operations? in \\d+\\.\\d s(; now: .+)?").matcher(m[2]);
            assertTrue(r.matches(), m[2]);
            long n = Long.parseLong(r.group(1));
            assertTrue(n >= last && n <= 16, m[2]);
            last = n;
            assertTrue(m[3].contains("<progress"), m[3]);
        }
        String[] end = f.shown.get(f.shown.size() - 1);
        assertEquals("update", end[0]);
        assertEquals(id, end[1]);
        assertTrue(end[2].matches("legate: done, 16 array operations in \\d+\\.\\d s"), end[2]);
        assertTrue(!end[3].contains("<progress") && end[3].contains("legate: done, 16 array operations"), end[3]);
        i.close();
    }

    @Test
    void aQuickCellShowsNothingAndAFailedOneSaysSo() {
        np.ones(10).sum(); // the classes loaded before: the quick cell is quick on a loaded machine too
        Interpreter quick = new CellProgress(running(() -> {
            np.ones(10).sum();
            return ExecuteOutcome.Success.of(null);
        }), () -> { }, 2000, 50);
        Frontend f = new Frontend();
        quick.execute("cell", f);
        sleep(2300); // nothing comes after the cell either
        assertEquals(List.of(), f.shown);
        quick.close();

        Interpreter failing = new CellProgress(running(() -> {
            sleep(1000);
            return new ExecuteOutcome.Failure("java.lang.IllegalStateException", "boom", List.of());
        }), () -> { }, 50, 50);
        failing.execute("cell", f);
        assertTrue(!f.shown.isEmpty(), "no line in 1 s");
        assertTrue(f.shown.get(f.shown.size() - 1)[2].matches("legate: failed \\(java\\.lang\\.IllegalStateException\\), 0 array operations in \\d+\\.\\d s"),
                f.shown.get(f.shown.size() - 1)[2]);
        Frontend g = new Frontend();
        Interpreter interrupted = new CellProgress(running(() -> {
            sleep(1000);
            return new ExecuteOutcome.Failure("Interrupted", "", List.of());
        }), () -> { }, 50, 50);
        interrupted.execute("cell", g);
        assertTrue(!g.shown.isEmpty(), "no line in 1 s");
        assertTrue(g.shown.get(g.shown.size() - 1)[2].startsWith("legate: interrupted, "), g.shown.get(g.shown.size() - 1)[2]);
        failing.close();
        interrupted.close();
    }

    @Test
    void aFrontendThatFailsDoesNotStopTheCell() {
        ExecuteOutcome ok = ExecuteOutcome.Success.of(null);
        Interpreter i = new CellProgress(running(() -> {
            sleep(250);
            return ok;
        }), () -> { }, 50, 50);
        Frontend f = new Frontend();
        f.broken = true;
        assertSame(ok, i.execute("cell", f));
        assertEquals(List.of(), f.shown);
        i.close();
    }
}
