package legate.kernel.jshell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import legate.kernel.protocol.Interpreter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Completion, inspection and is_complete on a session of their own, with no cell run through the kernel. */
class CodeAssistanceTest {
    static final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    static JShellSession session;
    static CodeAssistance shell;

    @BeforeAll
    static void start() {
        session = new JShellSession(JShellInterpreter.STARTUP_IMPORTS, new PrintStream(logged, true, StandardCharsets.UTF_8));
        shell = new CodeAssistance(session);
        declare("int startedUp = 1;"); // is_complete answers from the brackets alone until JShell has started
    }

    @AfterAll
    static void stop() {
        session.close();
    }

    /** Declares {@code source} in the session, as an earlier cell would have. */
    static void declare(String source) {
        session.lockWhenReady();
        try {
            session.jshell().eval(source);
        } finally {
            session.unlock();
        }
    }

    @Test
    void isComplete() {
        assertEquals("complete", shell.isComplete("1 + 1").status());
        assertEquals("complete", shell.isComplete("int x = 1; int y = 2;").status());
        Interpreter.IsComplete open = shell.isComplete("for (int i = 0; i < 3; i++) {");
        assertEquals("incomplete", open.status());
        assertEquals("    ", open.indent());
        assertEquals("invalid", shell.isComplete(")").status());
    }

    @Test
    void completionDeduplicatesAndKeepsTheParenthesis() {
        Interpreter.Completion c = shell.complete("System.out.printl", 17);
        assertEquals(List.of("println("), c.matches());
        assertEquals(11, c.cursorStart());
        assertEquals(17, c.cursorEnd());
    }

    @Test
    void completionSeesNamesDeclaredEarlierInTheSameCell() {
        String code = "int myCounter = 1;\nmyCou";
        Interpreter.Completion c = shell.complete(code, code.length());
        assertTrue(c.matches().contains("myCounter"), c.matches().toString());
        assertEquals(code.length() - 5, c.cursorStart());
        String member = "String greeting = \"x\";\ngreeting.toUpp";
        assertTrue(shell.complete(member, member.length()).matches().contains("toUpperCase("));
    }

    @Test
    void inspectShowsTheSignature() {
        String doc = shell.inspect("Math.max", 8);
        assertTrue(doc != null && doc.contains("int Math.max(int a, int b)"), doc);
    }

    @Test
    void namesFromEarlierCellsCompleteAndAreDocumented() {
        declare("String greetEveryone(int times) { return \"hi\".repeat(times); }");
        assertEquals(List.of("greetEveryone("), shell.complete("greetEv", 7).matches());
        String doc = shell.inspect("greetEveryone(2)", 3); // a cursor inside the name
        assertTrue(doc != null && doc.contains("greetEveryone(int times)"), doc);
        assertNull(shell.inspect("noSuchNameAnywhere", 5));
    }

    @Test
    void theStartUpImportsAreInPlace() {
        assertTrue(shell.complete("np.zer", 6).matches().contains("zeros("), "legate.numpy.* is imported for cells");
        assertEquals("", logged.toString(StandardCharsets.UTF_8), "no start-up import failed");
    }

    /** While a cell (or the start-up) holds JShell, is_complete answers within about IS_COMPLETE_WAIT_MILLIS from the brackets. */
    @Test
    void isCompleteAnswersFromTheBracketsWhileJShellIsHeld() throws Exception {
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread cell = new Thread(() -> {
            session.lockWhenReady();
            try {
                held.countDown();
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                session.unlock();
            }
        });
        cell.start();
        held.await();
        try {
            long t0 = System.nanoTime();
            Interpreter.IsComplete open = shell.isComplete("if (ready) {\n    call(");
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(Interpreter.IsComplete.incomplete("        "), open);
            assertTrue(ms >= CodeAssistance.IS_COMPLETE_WAIT_MILLIS && ms < 2000, ms + " ms");
            assertEquals(Interpreter.IsComplete.UNKNOWN, shell.isComplete("1 + 1"), "no compiler at hand: the frontend runs it");
            assertEquals(Interpreter.IsComplete.INVALID, shell.isComplete("f())"));
            assertEquals(Interpreter.IsComplete.incomplete(""), shell.isComplete("/* a comment that goes on"));
        } finally {
            release.countDown();
            cell.join();
        }
        assertEquals(Interpreter.IsComplete.COMPLETE, shell.isComplete("1 + 1"), "with JShell free, the compiler decides");
    }
}
