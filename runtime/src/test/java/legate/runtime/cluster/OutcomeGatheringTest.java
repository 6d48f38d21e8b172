package legate.runtime.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class OutcomeGatheringTest {
    private static final long SEQ = 7;

    private final LoopbackDataPlanes planes = new LoopbackDataPlanes(3);
    private final LostRanks lost = new LostRanks();
    /** When each interrupt was published, in ms since the test began, and for which cell. */
    private final List<long[]> published = new CopyOnWriteArrayList<>();
    private final long start = System.nanoTime();
    private final OutcomeGathering rank0 = new OutcomeGathering(planes.rank(0), 3, lost,
            new CellInterrupts(seq -> published.add(new long[] {seq, elapsedMillis()})));

    @AfterEach
    void close() {
        rank0.close();
        planes.close();
    }

    private long elapsedMillis() {
        return (System.nanoTime() - start) / 1_000_000;
    }

    private void report(int rank, CellOutcome outcome) {
        new OutcomeGathering(planes.rank(rank), 3, new LostRanks(), new CellInterrupts(seq -> { })).report(outcome);
    }

    private void reportLater(int rank, CellOutcome outcome, long millis) {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                return;
            }
            report(rank, outcome);
        });
        t.setDaemon(true);
        t.start();
    }

    /** The first interrupt published was of this cell, after the grace and within {@code slackMillis} of it (polls, a busy machine). */
    private void assertInterruptedAfterTheGrace(long slackMillis) {
        assertTrue(!published.isEmpty() && published.get(0)[0] == SEQ, "no interrupt of cell " + SEQ);
        long at = published.get(0)[1];
        assertTrue(at > StragglerPolicy.GRACE_MILLIS && at < StragglerPolicy.GRACE_MILLIS + slackMillis, "interrupted after " + at + " ms");
    }

    private static CellOutcome failed(int rank, String ename) {
        return new CellOutcome(SEQ, rank, false, ename, "bad", List.of(ename + ": bad"));
    }

    @Test
    void everyOtherRanksOutcomeInRankOrderWhateverOrderTheyCameIn() throws Exception {
        report(2, failed(2, "E"));
        report(1, CellOutcome.ok(SEQ, 1));
        assertEquals(List.of(CellOutcome.ok(SEQ, 1), failed(2, "E")), rank0.gather(SEQ, false));
        assertEquals(List.of(), published);
    }

    @Test
    void anOutcomeThatArrivedWhileRankZeroRanIsGatheredOnce() throws Exception {
        report(1, failed(1, "E"));
        while (rank0.arrived(SEQ).isEmpty()) {
            Thread.sleep(10);
        }
        assertEquals(List.of(failed(1, "E")), rank0.arrived(SEQ));
        report(2, CellOutcome.ok(SEQ, 2));
        assertEquals(List.of(failed(1, "E"), CellOutcome.ok(SEQ, 2)), rank0.gather(SEQ, false));
    }

    @Test
    void ranksStillRunningACellThatFailedElsewhereAreInterruptedAfterTheGrace() throws Exception {
        report(1, failed(1, "E"));
        reportLater(2, failed(2, "Interrupted"), 2_200);
        List<CellOutcome> all = rank0.gather(SEQ, false);
        assertEquals(List.of(failed(1, "E"), failed(2, "Interrupted")), all);
        assertInterruptedAfterTheGrace(1_500);
    }

    @Test
    void rankZerosOwnFailureStartsTheGraceAtOnce() throws Exception {
        reportLater(1, CellOutcome.ok(SEQ, 1), 100);
        reportLater(2, failed(2, "Interrupted"), 1_800);
        rank0.gather(SEQ, true);
        assertInterruptedAfterTheGrace(1_000);
    }

    @Test
    void slowRanksOfACellThatFailedNowhereAreLeftAlone() throws Exception {
        reportLater(1, CellOutcome.ok(SEQ, 1), 1_600);
        reportLater(2, CellOutcome.ok(SEQ, 2), 1_600);
        rank0.gather(SEQ, false);
        assertEquals(List.of(), published);
    }

    @Test
    void aRankLostBeforeItAnsweredEndsTheWaitNamingIt() throws Exception {
        report(1, CellOutcome.ok(SEQ, 1));
        lost.add(2);
        RankLostException e = assertThrows(RankLostException.class, () -> rank0.gather(SEQ, false));
        assertEquals(2, e.rank());
        assertEquals("rank 2 stopped (its JVM died or stopped answering)", e.getMessage());
    }

    @Test
    void theWatchStopsRankZeroAndTheOthersWhenTheCellFailedElsewhere() throws Exception {
        AtomicInteger stopped = new AtomicInteger();
        try (OutcomeGathering.Watch watch = rank0.watch(SEQ, stopped::incrementAndGet)) {
            report(2, failed(2, "E"));
            while (published.isEmpty() && elapsedMillis() < 5_000) {
                Thread.sleep(10);
            }
        }
        assertEquals(1, stopped.get());
        assertInterruptedAfterTheGrace(1_500);
        Thread.sleep(1_500);
        assertEquals(1, stopped.get(), "stopped again after the watch was closed");
    }

    @Test
    void theWatchLeavesACellThatFailedNowhereAlone() throws Exception {
        AtomicInteger stopped = new AtomicInteger();
        try (OutcomeGathering.Watch watch = rank0.watch(SEQ, stopped::incrementAndGet)) {
            report(1, CellOutcome.ok(SEQ, 1));
            Thread.sleep(1_600);
        }
        assertEquals(0, stopped.get());
        assertEquals(List.of(), published);
    }

    private OutcomeGathering rank(int r) {
        return new OutcomeGathering(planes.rank(r), 3, new LostRanks(), new CellInterrupts(seq -> { }));
    }

    @Test
    void controlOperationsReachEveryRankInTheOrderSent() throws Exception {
        rank0.sendControl(SEQ, new byte[] {1});
        rank0.sendControl(SEQ, new byte[] {2});
        rank0.sendControl(SEQ + 1, new byte[] {3}); // the next cell's: not this one's
        for (int r = 1; r < 3; r++) {
            OutcomeGathering g = rank(r);
            assertEquals(List.of((byte) 1, (byte) 2), List.of(g.nextControl(SEQ)[0], g.nextControl(SEQ)[0]));
            assertEquals(3, g.nextControl(SEQ + 1)[0]);
        }
    }

    @Test
    void stepsAreAwaitedFromEveryRankAndAFailureNamesItsRank() throws Exception {
        rank(1).reportStep(SEQ, 1, null);
        rank(2).reportStep(SEQ, 2, null);
        assertEquals(List.of(), rank0.awaitSteps(SEQ, 1, () -> false));
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                return;
            }
            rank(1).reportStep(SEQ, 1, null);
            rank(2).reportStep(SEQ, 2, "java.lang.IllegalStateException: only here");
        });
        t.start();
        long t0 = System.nanoTime();
        assertEquals(List.of("rank 2: java.lang.IllegalStateException: only here"), rank0.awaitSteps(SEQ, 2, () -> false));
        assertTrue(System.nanoTime() - t0 > 250_000_000L, "did not wait for the second steps");
    }

    @Test
    void aRankThatEndedTheCellOrWasLostEndsTheWaitForItsSteps() throws Exception {
        rank(1).reportStep(SEQ, 1, null);
        report(2, CellOutcome.ok(SEQ, 2)); // a magic failed there alone, say: it will run no more of the cell
        assertEquals(List.of("rank 2: it ended the cell before running all of it"), rank0.awaitSteps(SEQ, 1, () -> false));
        lost.add(1);
        RankLostException e = assertThrows(RankLostException.class, () -> rank0.awaitSteps(SEQ, 2, () -> false));
        assertEquals(1, e.rank());
    }

    @Test
    void anInterruptEndsTheWaitForSteps() throws Exception {
        assertEquals(List.of("rank 0: the cell was interrupted"), rank0.awaitSteps(SEQ, 1, () -> elapsedMillis() > 200));
    }

    @Test
    void theWatchStopsRankZeroWhenASnippetFailedElsewhere() throws Exception {
        AtomicInteger stopped = new AtomicInteger();
        try (OutcomeGathering.Watch watch = rank0.watch(SEQ, stopped::incrementAndGet)) {
            rank(2).reportStep(SEQ, 2, "java.lang.IllegalStateException: before the exchange");
            while (published.isEmpty() && elapsedMillis() < 5_000) {
                Thread.sleep(10);
            }
        }
        assertEquals(1, stopped.get());
        assertInterruptedAfterTheGrace(1_500);
        // the failed step the watch took stays known to the wait for steps
        rank(1).reportStep(SEQ, 1, null);
        assertEquals(List.of("rank 2: java.lang.IllegalStateException: before the exchange"), rank0.awaitSteps(SEQ, 1, () -> false));
    }

    @Test
    void aSnippetThatFailedElsewhereInOneCellDoesNotStopTheNext() throws Exception {
        rank(2).reportStep(SEQ, 2, "java.lang.IllegalStateException: only here");
        while (rank0.arrived(SEQ).isEmpty()) { // taken while cell SEQ ran
            Thread.sleep(10);
        }
        report(1, CellOutcome.ok(SEQ, 1));
        report(2, failed(2, "E"));
        rank0.gather(SEQ, false);
        published.clear();
        AtomicInteger stopped = new AtomicInteger();
        try (OutcomeGathering.Watch watch = rank0.watch(SEQ + 1, stopped::incrementAndGet)) {
            assertEquals(List.of(), rank0.arrived(SEQ + 1)); // no step of the next cell has come yet
            Thread.sleep(StragglerPolicy.GRACE_MILLIS + 800); // a first snippet that runs longer than the grace
        }
        assertEquals(0, stopped.get(), "the next cell was stopped for the earlier cell's failed step");
        assertEquals(List.of(), published);
    }
}
