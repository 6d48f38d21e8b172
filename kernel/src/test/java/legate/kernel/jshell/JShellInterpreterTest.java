package legate.kernel.jshell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import legate.kernel.protocol.ExecuteOutcome;
import legate.kernel.protocol.ExecuteOutcome.Failure;
import legate.kernel.protocol.ExecuteOutcome.Success;
import legate.kernel.protocol.Interpreter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class JShellInterpreterTest {
    static Stdio stdio;
    static JShellInterpreter shell;
    static int count;

    @BeforeAll
    static void start() {
        stdio = Stdio.install();
        shell = new JShellInterpreter(stdio);
    }

    @AfterAll
    static void stop() {
        shell.close();
        stdio.close();
    }

    static ExecuteOutcome run(String code, RecordingCellIO io) {
        shell.clearInterrupt(); // as the kernel does before each cell
        return shell.execute(code, io);
    }

    static ExecuteOutcome run(String code) {
        return run(code, new RecordingCellIO(++count));
    }

    static Success ok(ExecuteOutcome o) {
        if (o instanceof Failure f) {
            throw new AssertionError("expected success, got " + String.join("\n", f.traceback()));
        }
        return (Success) o;
    }

    @Test
    void theWarmUpWaitsForAQuietMomentNotAGapBetweenCells() throws InterruptedException {
        long t0 = System.nanoTime();
        ok(run("1 + 1"));
        boolean busy = shell.userBusy();
        if (System.nanoTime() - t0 < JShellSession.QUIET_NANOS) { // (on a stalled machine, this part cannot be seen)
            assertTrue(busy, "straight after a cell, the next one may be on its way");
        }
        Thread.sleep(JShellSession.QUIET_NANOS / 1_000_000 + 100);
        assertFalse(shell.userBusy(), "a quarter of a second later, the session is idle");
    }

    @Test
    void lastExpressionIsTheResultWithItsObject() {
        Success s = ok(run("6*7"));
        assertEquals("42", s.value().plainText());
        assertEquals(42, s.value().object());
        assertEquals("\"hi\"", ok(run("\"hi\"")).value().plainText());
    }

    @Test
    void aTrailingSemicolonHidesTheValueAsInIPython() {
        assertNull(ok(run("System.out.printf(\"%d%n\", 3);")).value());
        assertNull(ok(run("6*7;")).value());
        assertEquals("42", ok(run("6*7;  // comment after\n6*7  ")).value().plainText());
    }

    @Test
    void declarationsAndStatementsHaveNoResult() {
        assertNull(ok(run("int declared = 5;")).value());
        assertNull(ok(run("for (int i = 0; i < 2; i++) { }")).value());
        assertEquals("6", ok(run("int z = 5;\nz + 1")).value().plainText());
    }

    @Test
    void aDeclarationsValueIsNotMadeIntoTextWhenNothingShowsIt() {
        ok(run("class Counted { static int shown; public String toString() { shown++; return \"counted\"; } }"));
        ok(run("var c = new Counted();\nCounted d = new Counted();"));
        assertEquals("0", ok(run("Counted.shown")).value().plainText()); // an array's toString would gather it
        assertEquals("counted", ok(run("c")).value().plainText());
        assertEquals("1", ok(run("Counted.shown")).value().plainText());
        assertEquals("counted", ok(run("int k = 1;\nc")).value().plainText()); // a shown value after a declaration
        assertEquals("2", ok(run("Counted.shown")).value().plainText());
    }

    @Test
    void theOutputFlusherRunsBeforeAnyCellPrintsSoNoCellOwnsIt() {
        // JShell waits for every thread of a cell's thread group: a flusher a cell started would hang it
        Thread flusher = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("stdio-flusher"))
                .findFirst().orElseThrow(() -> new AssertionError("no stdio-flusher thread before the first cell"));
        assertEquals(Thread.currentThread().getThreadGroup(), flusher.getThreadGroup());
        for (int i = 0; i < 20; i++) { // a cell whose first act is to print, as in the hangs seen
            RecordingCellIO io = new RecordingCellIO(++count);
            ok(run("System.out.print(\"x\");", io));
            assertEquals("x", io.text("stdout"));
        }
    }

    @Test
    void stdoutAndStderrReachTheCell() {
        RecordingCellIO io = new RecordingCellIO(++count);
        ok(run("System.out.println(\"hello, world\"); System.err.print(\"oops\");", io));
        assertEquals("hello, world\n", io.text("stdout"));
        assertEquals("oops", io.text("stderr"));
    }

    @Test
    void userExceptionIsNamedAfterItsClassWithCellLines() {
        Failure f = assertInstanceOf(Failure.class, run("void boom() {\n  throw new IllegalStateException(\"boom\");\n}\nboom();"));
        assertEquals("java.lang.IllegalStateException", f.ename());
        assertEquals("boom", f.evalue());
        assertEquals("java.lang.IllegalStateException: boom", f.traceback().get(0));
        String tb = String.join("\n", f.traceback());
        assertTrue(tb.contains("at boom (cell [" + count + "], line 2)"), tb);
        assertTrue(tb.contains("line 4"), tb);
    }

    @Test
    void aMethodDeclaredBelowOtherCodeIsNamedByItsOwnLines() {
        // JShell numbers a snippet's lines from its first character: blank lines in front of a method hid them
        Failure f = assertInstanceOf(Failure.class, run("String s9 = null;\n\nvoid boom9() {\n  int x = 1;\n  s9.length();\n}\nboom9();"));
        assertEquals(List.of("    at boom9 (cell [" + count + "], line 5)", "    at cell [" + count + "], line 7"),
                f.traceback().subList(1, 3), String.join("\n", f.traceback()));
    }

    @Test
    void codeReadFromAFileIsNamedByTheFile() {
        RecordingCellIO io = new RecordingCellIO(++count);
        io.source = "run.jsh";
        Failure thrown = assertInstanceOf(Failure.class, run("int r1 = 1;\nint r2 = 1 / (r1 - 1);", io));
        assertEquals(List.of("java.lang.ArithmeticException: / by zero", "    at run.jsh, line 2"), thrown.traceback());
        io = new RecordingCellIO(++count);
        io.source = "run.jsh";
        Failure typo = assertInstanceOf(Failure.class, run("int r3 = 1;\n\nint r4 = nope;", io));
        assertEquals("run.jsh, line 3: cannot find symbol", typo.traceback().get(1), String.join("\n", typo.traceback()));
    }

    @Test
    void systemExitInACellIsAnErrorAndTheSessionGoesOn() {
        ok(run("int kept = 41;"));
        Failure f = assertInstanceOf(Failure.class, run("System.out.println(\"bye\");\nSystem.exit(3);"));
        assertEquals("SystemExit", f.ename());
        assertTrue(f.evalue().startsWith("System.exit(3) was called: the kernel stays up"), f.evalue());
        assertEquals(3, SystemExit.statusIn(f.evalue()));
        assertEquals(List.of("SystemExit: " + f.evalue(), "    at cell [" + count + "], line 2"), f.traceback());
        // every way of reaching it: Runtime's, a lambda, a method reference, a method of a cell's class
        for (String exit : List.of("Runtime.getRuntime().halt(4);", "Runnable r = () -> System.exit(5); r.run();",
                "java.util.function.IntConsumer c = System::exit; c.accept(6);",
                "class Quitter { void quit() { Runtime.getRuntime().exit(7); } }\nnew Quitter().quit();")) {
            Failure g = assertInstanceOf(Failure.class, run(exit), exit);
            assertEquals("SystemExit", g.ename(), exit);
        }
        assertEquals("42", ok(run("kept + 1")).value().plainText());
    }

    @Test
    void deepRecursionShowsTheRepeatedFrameThreeTimesAndCountsTheRest() {
        ok(run("int down(int n) {\n  return down(n + 1) + 1;\n}"));
        Failure f = assertInstanceOf(Failure.class, run("down(0)"));
        assertEquals("java.lang.StackOverflowError", f.ename());
        String frame = "    at down (cell [" + (count - 1) + "], line 2)";
        assertEquals(List.of(frame, frame, frame), f.traceback().subList(1, 4));
        assertTrue(f.traceback().get(4).matches("    \\[the line above repeated \\d+ more times\\]"), f.traceback().get(4));
        assertTrue(f.traceback().size() < 10, String.join("\n", f.traceback()));
    }

    @Test
    void jshellCommandsAndExitGetAHintWithTheirCompileError() {
        Failure slash = assertInstanceOf(Failure.class, run("/vars"));
        assertEquals("CompilationError", slash.ename());
        assertEquals("(/vars is a command of the jshell tool: cells here are Java and magics, which %lsmagic lists)",
                slash.traceback().get(slash.traceback().size() - 1));
        Failure exit = assertInstanceOf(Failure.class, run("/exit"));
        assertTrue(exit.traceback().get(exit.traceback().size() - 1).endsWith("; " + CellErrors.TO_END + ")"));
        Failure quit = assertInstanceOf(Failure.class, run("quit()"));
        assertEquals("(Java has no quit(); " + CellErrors.TO_END + ")", quit.traceback().get(quit.traceback().size() - 1));
        // an ordinary compile error, and a comment line that starts with /, get none
        Failure plain = assertInstanceOf(Failure.class, run("// a note\nint z = nope;"));
        assertTrue(plain.traceback().stream().noneMatch(l -> l.startsWith("(")), String.join("\n", plain.traceback()));
        assertEquals(null, CellErrors.hint("int exit = 1;"));
    }

    @Test
    void compileErrorShowsLineAndCaret() {
        Failure f = assertInstanceOf(Failure.class, run("int a = 1;\nint b = nope + 1;"));
        assertEquals("CompilationError", f.ename());
        assertEquals("cannot find symbol", f.evalue());
        assertEquals(List.of("CompilationError: cannot find symbol", "line 2: cannot find symbol",
                "  symbol:   variable nope", "int b = nope + 1;", "        ^--^"), f.traceback());
    }

    @Test
    void stopsAtTheFirstFailingSnippet() {
        RecordingCellIO io = new RecordingCellIO(++count);
        assertInstanceOf(Failure.class, run("System.out.println(1);\nint q = 1 / 0;\nSystem.out.println(2);", io));
        assertEquals("1\n", io.text("stdout"));
    }

    /** jupyter console gives up on is_complete for good after one answer slower than a second. */
    @Test
    void isCompleteAnswersFromTheBracketsWhileACellRuns() throws Exception {
        Thread cell = new Thread(() -> run("Thread.sleep(3000);"));
        cell.start();
        try {
            while (!shell.userBusy()) {
                Thread.sleep(5);
            }
            Thread.sleep(100); // the cell holds the session
            long t0 = System.nanoTime();
            Interpreter.IsComplete open = shell.isComplete("for (int i = 0; i < 3; i++) {");
            Interpreter.IsComplete plain = shell.isComplete("1 + 1");
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(new Interpreter.IsComplete("incomplete", "    "), open);
            assertEquals("unknown", plain.status()); // no compiler at hand: the frontend runs it
            assertEquals("invalid", shell.isComplete("f())").status());
            assertTrue(ms < 2000, ms + " ms for two answers");
            assertTrue(cell.isAlive(), "the cell still ran while they were answered");
        } finally {
            cell.join();
        }
        assertEquals("complete", shell.isComplete("1 + 1").status());
    }

    @Test
    void pagerPayloadForNameQuestionMark() {
        Success s = ok(run("Math.abs?"));
        assertEquals(1, s.pages().size());
        assertTrue(s.pages().get(0).data().data().get("text/plain").toString().contains("Math.abs("));
    }

    @Test
    void stdinReadsFromTheFrontend() {
        RecordingCellIO io = new RecordingCellIO(++count);
        io.input.add("Ada");
        Success s = ok(run("new java.util.Scanner(System.in).nextLine()", io));
        assertEquals("\"Ada\"", s.value().plainText());
        io.input.add("Lovelace");
        assertEquals("\"Lovelace\"", ok(run("readLine(\"name? \")", io)).value().plainText());
        assertEquals(List.of("", "name? "), io.prompts);
    }

    @Test
    void userExpressionsLeaveNoTrace() {
        ok(run("int base = 40;"));
        Map<String, ExecuteOutcome> r = shell.evaluateExpressions(Map.of("a", "base + 2"), new RecordingCellIO(count));
        assertEquals("42", ((Success) r.get("a")).value().plainText());
        Map<String, ExecuteOutcome> bad = shell.evaluateExpressions(Map.of("b", "nothing"), new RecordingCellIO(count));
        assertInstanceOf(Failure.class, bad.get("b"));
    }

    @Test
    void interruptStopsAnInfiniteLoopAndTheShellStaysUsable() throws Exception {
        Thread stopper = new Thread(() -> {
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            }
            shell.interrupt();
        });
        stopper.start();
        long t0 = System.nanoTime();
        Failure f = assertInstanceOf(Failure.class, run("while (true) { }"));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals("Interrupted", f.ename());
        assertTrue(ms < 2500, "took " + ms + " ms");
        assertEquals("2", ok(run("1 + 1")).value().plainText());
    }

    @Test
    void anInterruptBeforeTheCodeRunsStopsTheCellAndIsForgottenAfterIt() {
        shell.clearInterrupt();
        shell.interrupt(); // e.g. while the cell waited for JShell, or while it compiled
        RecordingCellIO io = new RecordingCellIO(++count);
        Failure f = assertInstanceOf(Failure.class, shell.execute("System.out.println(\"ran\"); while (true) { }", io));
        assertEquals("Interrupted", f.ename());
        assertEquals("", io.text("stdout"));
        assertEquals("3", ok(run("1 + 2")).value().plainText());
    }
}
