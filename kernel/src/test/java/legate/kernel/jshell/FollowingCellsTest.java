package legate.kernel.jshell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import legate.kernel.protocol.ExecuteOutcome;
import legate.kernel.protocol.ExecuteOutcome.Failure;
import legate.kernel.protocol.ExecuteOutcome.Success;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Rank 0's JShell replicated in memory to a {@link FollowingCells} in the same JVM, as the
 * cluster does between JVMs: the follower runs the class bytes rank 0 compiled, in its own class
 * loader (its own statics), and a snippet that fails on it alone stops the cell on rank 0 before
 * the next snippet.
 */
public class FollowingCellsTest {
    /** Which side a snippet runs on: the follower's thread sets it, and the snippet threads inherit it. */
    public static final InheritableThreadLocal<String> SIDE = new InheritableThreadLocal<>();

    public static String side() {
        return SIDE.get() == null ? "rank 0" : SIDE.get();
    }

    static Stdio stdio;
    static JShellInterpreter rank0;
    static FollowingCells follower;
    static final InMemory wire = new InMemory();
    static int count;

    @BeforeAll
    static void start() {
        stdio = Stdio.install();
        rank0 = new JShellInterpreter(stdio);
        rank0.replicateTo(wire);
        follower = new FollowingCells(stdio, wire, 1);
    }

    @AfterAll
    static void stop() {
        rank0.close();
        follower.close();
        stdio.close();
    }

    /** The two outcomes of one cell: rank 0's and the follower's, which runs it on a thread of its own. */
    record Both(ExecuteOutcome rank0, ExecuteOutcome follower) {
    }

    static Both cell(String code) throws Exception {
        int n = ++count;
        CompletableFuture<ExecuteOutcome> followed = CompletableFuture.supplyAsync(() -> {
            SIDE.set("follower");
            return follower.execute(code, new RecordingCellIO(n));
        });
        wire.open();
        ExecuteOutcome mine;
        try {
            mine = rank0.execute(code, new RecordingCellIO(n));
        } finally {
            wire.close();
        }
        return new Both(mine, followed.get(60, TimeUnit.SECONDS));
    }

    static String shown(ExecuteOutcome o) {
        if (o instanceof Failure f) {
            throw new AssertionError("expected success, got " + String.join("\n", f.traceback()));
        }
        return ((Success) o).value().plainText();
    }

    @Test
    void theFollowerRunsRank0sClassesWithStateOfItsOwn() throws Exception {
        Both declared = cell("class Counter { static int n; static int next() { return ++n; } }\nint first = Counter.next();");
        assertInstanceOf(Success.class, declared.rank0());
        assertInstanceOf(Success.class, declared.follower());
        Both again = cell("Counter.next() * 10 + first");
        assertEquals("21", shown(again.rank0()));
        assertEquals("21", shown(again.follower()), "its own Counter, counted once per cell there too");
        Both where = cell("legate.kernel.jshell.FollowingCellsTest.side()");
        assertEquals("\"rank 0\"", shown(where.rank0()));
        assertEquals("\"follower\"", shown(where.follower()));
    }

    @Test
    void aSnippetThatFailsOnTheFollowerAloneStopsTheCellOnRank0BeforeTheNextSnippet() throws Exception {
        cell("int reached = 0;");
        Both b = cell("int check(int v) {\n    if (legate.kernel.jshell.FollowingCellsTest.side().equals(\"follower\")) throw new IllegalStateException(\"v=\" + v);\n"
                + "    return v;\n}\ncheck(7);\nreached = 1;");
        Failure there = assertInstanceOf(Failure.class, b.follower());
        assertEquals("java.lang.IllegalStateException", there.ename());
        assertEquals("v=7", there.evalue());
        assertEquals(List.of("java.lang.IllegalStateException: v=7", "    at check (cell [" + count + "], line 2)",
                "    at cell [" + count + "], line 5"), there.traceback());
        Failure here = assertInstanceOf(Failure.class, b.rank0());
        assertEquals(CellErrors.FAILED_ELSEWHERE, here.ename());
        assertTrue(here.evalue().contains("rank 1: java.lang.IllegalStateException: v=7"), here.evalue());
        assertEquals("0", shown(cell("reached").rank0()), "rank 0 did not run the snippet after the one that failed on rank 1");
    }

    /** Counted down by the follower's snippet just before it throws its own error. */
    public static final java.util.concurrent.CountDownLatch FAILED_HERE = new java.util.concurrent.CountDownLatch(1);

    @Test
    void aFollowersOwnErrorStaysItsWhenEveryRankIsInterruptedAfterIt() throws Exception {
        // as on a cluster when rank 0 waits in an exchange for the rank that failed: the straggler policy interrupts every rank
        // after the follower's error, and the follower's outcome is still that error (the interrupt came after it threw)
        String code = "void waitOrFail() throws InterruptedException {\n"
                + "    if (legate.kernel.jshell.FollowingCellsTest.side().equals(\"follower\")) {\n"
                + "        legate.kernel.jshell.FollowingCellsTest.FAILED_HERE.countDown();\n"
                + "        throw new IllegalArgumentException(\"only here\");\n    }\n    Thread.sleep(60_000);\n}\nwaitOrFail();";
        Thread stopper = new Thread(() -> {
            try {
                // the follower has caught its error once it has acknowledged it (rank 0, asleep in the snippet, reads no acks now)
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (!FAILED_HERE.await(50, TimeUnit.MILLISECONDS) || wire.acks.stream().noneMatch(a -> a.contains("only here"))) {
                    if (System.nanoTime() > deadline) {
                        break; // rank 0 is interrupted all the same, and the assertions say what happened
                    }
                }
            } catch (InterruptedException e) {
                return;
            }
            rank0.interrupt();
            follower.interrupt();
        });
        stopper.start();
        try {
            Both b = cell(code);
            Failure there = assertInstanceOf(Failure.class, b.follower());
            assertEquals("java.lang.IllegalArgumentException", there.ename(), String.join("\n", there.traceback()));
            assertEquals("only here", there.evalue());
            assertEquals(CellErrors.INTERRUPTED, assertInstanceOf(Failure.class, b.rank0()).ename(), "rank 0 was stopped in its wait");
        } finally {
            stopper.join(60_000);
            rank0.clearInterrupt();
            follower.clearInterrupt();
        }
        assertEquals("2", shown(cell("1 + 1").follower()), "the next cell runs on both");
    }

    @Test
    void aCompilationErrorIsEveryRanksAndAFailureOfRank0AloneIsNotTheFollowers() throws Exception {
        Both compile = cell("int broken = ;");
        assertEquals("CompilationError", ((Failure) compile.rank0()).ename());
        assertEquals(compile.rank0(), compile.follower());
        Both rank0Only = cell("if (legate.kernel.jshell.FollowingCellsTest.side().equals(\"rank 0\")) throw new ArithmeticException(\"here\");");
        assertEquals("java.lang.ArithmeticException", ((Failure) rank0Only.rank0()).ename());
        assertEquals(CellErrors.FAILED_ELSEWHERE, ((Failure) rank0Only.follower()).ename());
    }

    @Test
    void rank0sOwnEvaluationsAreNotSent() throws Exception {
        int before = wire.sent.size();
        assertInstanceOf(Success.class, rank0.evaluateExpressions(java.util.Map.of("x", "1 + 2"), new RecordingCellIO(0)).get("x"));
        assertEquals(before, wire.sent.size(), "user expressions, outside a cell");
        wire.open();
        try { // what a magic of rank 0 only evaluates, inside a replicated cell
            assertInstanceOf(Success.class, rank0.executeHere("int onlyHere = 5;", new RecordingCellIO(0)).outcome());
            assertEquals(String.class, rank0.loadClassHere("java.lang.String"));
        } finally {
            wire.close();
        }
        assertEquals(before, wire.sent.size(), "inside a cell, by a magic of rank 0 only");
        assertFalse(wire.active());
        int sent = wire.sent.size();
        Both loaded = cell("1");
        assertTrue(wire.sent.size() > sent, "a replicated cell sends");
        assertInstanceOf(Success.class, loaded.follower());
    }

    /** The mirror and the feed joined by queues, as the data plane joins them between JVMs. */
    static final class InMemory implements ExecutionMirror, ExecutionFeed {
        final BlockingQueue<ControlOp> ops = new LinkedBlockingQueue<>();
        final BlockingQueue<String> acks = new LinkedBlockingQueue<>();
        final List<ControlOp> sent = new ArrayList<>();
        private volatile boolean cell;
        private volatile boolean segment;
        private int executions;
        private int acknowledged;
        private String failed;

        /** A cell starts: the acknowledgements of the last one, which rank 0 did not need, are dropped (the cluster's are per cell). */
        void open() {
            acks.clear();
            executions = 0;
            acknowledged = 0;
            failed = null;
            cell = true;
        }

        void close() {
            cell = false;
            segment = false;
        }

        @Override
        public boolean active() {
            return segment;
        }

        @Override
        public void begin(String kind) {
            if (cell) {
                segment = true;
                send(new ControlOp.Begin(kind));
            }
        }

        @Override
        public void send(ControlOp op) {
            if (segment) {
                executions += op instanceof ControlOp.Execute ? 1 : 0;
                sent.add(op);
                ops.add(op);
            }
        }

        @Override
        public String othersFailed() {
            try {
                while (failed == null && acknowledged < executions) {
                    String ack = acks.poll(60, TimeUnit.SECONDS);
                    acknowledged++;
                    if (!ack.isEmpty()) {
                        failed = "the cell failed on rank 1: " + ack;
                    }
                }
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            return failed;
        }

        @Override
        public void end(ExecuteOutcome mine, boolean ranHere) {
            if (segment) {
                send(ControlOp.End.of(mine, ranHere));
                segment = false;
            }
        }

        @Override
        public ControlOp next() throws InterruptedException {
            ControlOp op = ops.poll(60, TimeUnit.SECONDS);
            if (op == null) {
                throw new AssertionError("rank 0 sent nothing for a minute");
            }
            return op;
        }

        @Override
        public void acknowledge(String error) {
            acks.add(error == null ? "" : error);
        }
    }
}
