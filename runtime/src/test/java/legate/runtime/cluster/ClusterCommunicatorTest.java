package legate.runtime.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ClusterCommunicatorTest {
    private final LoopbackDataPlanes planes = new LoopbackDataPlanes(2);
    private final LostRanks lost = new LostRanks();
    private final CellInterrupts interrupts = new CellInterrupts(seq -> { });
    private final ClusterCommunicator rank0 = new ClusterCommunicator(0, 2, planes.rank(0), lost, interrupts);
    private final ClusterCommunicator rank1 = new ClusterCommunicator(1, 2, planes.rank(1), new LostRanks(),
            new CellInterrupts(seq -> { }));

    @AfterEach
    void close() {
        planes.close();
    }

    @Test
    void tagsCountUpFromTheCellsOwnRangeOnEveryRank() {
        rank0.beginCell(3);
        rank1.beginCell(3);
        long first = rank0.nextTag();
        assertEquals(first, rank1.nextTag());
        assertEquals(first + 1, rank0.nextTag());
        rank0.beginCell(4);
        long next = rank0.nextTag();
        assertEquals(CellTags.first(4), next);
        assertEquals(CellTags.outcome(3), next - 1, "cell 3's outcome is the last tag of its range");
        assertTrue(CellTags.outcome(3) > first + 1);
    }

    @Test
    void aBlockFromAnotherRankArrivesUnderItsTag() throws InterruptedException {
        rank0.beginCell(1);
        rank1.beginCell(1);
        long tag = rank1.nextTag();
        rank1.send(0, tag, new byte[] {1, 2, 3});
        assertArrayEquals(new byte[] {1, 2, 3}, rank0.receive(1, rank0.nextTag()));
    }

    @Test
    void aNewCellDropsWhatAnInterruptedOneLeftBehind() throws InterruptedException {
        rank1.beginCell(1);
        long left = rank1.nextTag();
        rank1.send(0, left, new byte[] {9}); // rank 0 was interrupted before it took this
        rank1.beginCell(2);
        rank1.send(0, rank1.nextTag(), new byte[] {8});
        rank0.beginCell(2);
        assertArrayEquals(new byte[] {8}, rank0.receive(1, rank0.nextTag())); // and so the one before it has arrived too
        rank0.beginCell(3);
        assertNull(planes.rank(0).queued(1, left));
    }

    @Test
    void waitingForALostRankFailsNamingIt() {
        rank0.beginCell(1);
        lost.add(1);
        assertEquals("rank 1 stopped (its JVM died or stopped answering) while this rank waited for it", failedReceiveFromRank1());
    }

    @Test
    void waitingInAnInterruptedCellFails() {
        rank0.beginCell(5);
        interrupts.received(5);
        assertEquals("the cell was interrupted while this rank waited for rank 1", failedReceiveFromRank1());
    }

    /** The message of rank 0's receive from rank 1, which must fail (within seconds: it looks up every 200 ms). */
    private String failedReceiveFromRank1() {
        return assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> assertThrows(IllegalStateException.class, () -> rank0.receive(1, rank0.nextTag()))).getMessage();
    }

    @Test
    void anInterruptOfAnEarlierCellDoesNotStopThisOnesWait() throws InterruptedException {
        interrupts.received(4);
        rank0.beginCell(5);
        rank1.beginCell(5);
        long tag = rank0.nextTag();
        Thread sender = new Thread(() -> {
            sleep(500); // past two of the receive's looks at the interrupts
            rank1.send(0, rank1.nextTag(), new byte[] {7});
        });
        sender.start();
        assertArrayEquals(new byte[] {7}, rank0.receive(1, tag));
        sender.join();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
