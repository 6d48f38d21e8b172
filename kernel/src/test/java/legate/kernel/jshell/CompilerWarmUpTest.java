package legate.kernel.jshell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import legate.kernel.protocol.ExecuteOutcome.Success;
import org.junit.jupiter.api.Test;

class CompilerWarmUpTest {
    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    private final PrintStream log = new PrintStream(logged, true, StandardCharsets.UTF_8);

    @Test
    void evaluatesTheSnippetsItIsAskedFor() {
        assertEquals(25, new CompilerWarmUp(JShellInterpreter.STARTUP_IMPORTS, JShellSession.kernelClasspath(), () -> false, () -> false,
                25, log).run());
        assertEquals("", logged.toString(StandardCharsets.UTF_8), "every warm-up snippet compiles and runs");
    }

    @Test
    void waitsWhileTheUserIsBusyAndStopsWhenTheSessionCloses() throws Exception {
        AtomicBoolean closed = new AtomicBoolean();
        int[] done = {-1};
        Thread t = new Thread(() -> done[0] = new CompilerWarmUp(List.of(), List.of(), () -> true, closed::get, 25, log).run());
        t.start();
        Thread.sleep(300);
        assertTrue(t.isAlive(), "it waits for the user's session to be idle");
        closed.set(true);
        t.join(5_000);
        assertFalse(t.isAlive(), "it ends once the session is closed");
        assertEquals(0, done[0], "nothing is evaluated while the user's session is busy");
    }

    @Test
    void theNumberOfSnippetsComesFromTheEnvironment() {
        assertEquals(CompilerWarmUp.DEFAULT_SNIPPETS, CompilerWarmUp.configuredCount(Map.of(), log));
        assertEquals(0, CompilerWarmUp.configuredCount(Map.of("LEGATE_JSHELL_WARMUP", "0"), log));
        assertEquals(50, CompilerWarmUp.configuredCount(Map.of("LEGATE_JSHELL_WARMUP", " 50 "), log));
        assertEquals("", logged.toString(StandardCharsets.UTF_8));
        assertEquals(CompilerWarmUp.DEFAULT_SNIPPETS, CompilerWarmUp.configuredCount(Map.of("LEGATE_JSHELL_WARMUP", "lots"), log));
        assertTrue(logged.toString(StandardCharsets.UTF_8).contains("LEGATE_JSHELL_WARMUP must be a whole number of snippets"),
                logged.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theUsersSessionGainsNothingFromIt() throws Exception {
        Stdio stdio = Stdio.install();
        JShellInterpreter shell = new JShellInterpreter(stdio);
        try {
            RecordingCellIO io = new RecordingCellIO(1);
            assertInstanceOf(Success.class, shell.execute("int mine = 1;", io));
            Thread warmUp = shell.warmUpWhenIdle(40);
            warmUp.join(120_000);
            assertFalse(warmUp.isAlive());
            assertEquals(List.of("mine"), shell.variables().stream().map(v -> v[0]).toList());
            Success s = assertInstanceOf(Success.class, shell.execute("mine + 1", io));
            assertEquals("2", s.value().plainText());
            assertEquals("", io.text("stdout"), "warm-up snippets print nothing into a cell");
        } finally {
            shell.close();
            stdio.close();
        }
    }
}
