package legate.runtime.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LostRanksTest {
    @Test
    void aListenerHearsOfRanksLostBeforeAndAfterItCame() {
        LostRanks lost = new LostRanks();
        lost.add(2);
        List<Integer> heard = new ArrayList<>();
        lost.onRankLost(heard::add);
        lost.add(3);
        assertEquals(List.of(2, 3), heard);
        assertTrue(lost.contains(3));
        assertFalse(lost.contains(1));
    }

    private static final List<String> HOSTS = List.of("h0", "h0", "h1", "h1");

    @Test
    void theRanksOfASilentHostNoticedApartAreNamedTogether() throws Exception {
        LostRanks lost = new LostRanks();
        lost.add(2);
        Thread later = new Thread(() -> {
            try {
                Thread.sleep(1200); // the sibling's last heartbeat came a second later
            } catch (InterruptedException e) {
                return;
            }
            lost.add(3);
        });
        later.start();
        long t0 = System.nanoTime();
        String said = lost.settledSummary(HOSTS, 0, Duration.ofSeconds(5));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        later.join();
        assertEquals("host h1 (ranks 2, 3)", said);
        assertTrue(ms >= 1000 && ms < 4000, "returned when the host was whole, not at the deadline: " + ms + " ms");
    }

    @Test
    void aRankThatDiedBesideLiveOnesIsNamedAfterTheSpread() throws Exception {
        LostRanks lost = new LostRanks();
        lost.add(3);
        long t0 = System.nanoTime();
        assertEquals("rank 3 on host h1", lost.settledSummary(HOSTS, 0, Duration.ofMillis(300)));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms >= 250 && ms < 3000, "waited the spread: " + ms + " ms");
    }

    @Test
    void aRankLostOnTheAskersOwnHostIsNamedAtOnce() throws Exception {
        LostRanks lost = new LostRanks();
        lost.add(1); // rank 0's host answers: rank 1's JVM died alone
        long t0 = System.nanoTime();
        assertEquals("rank 1 on host h0", lost.settledSummary(HOSTS, 0, Duration.ofSeconds(30)));
        assertTrue(System.nanoTime() - t0 < 5_000_000_000L);
    }

    @Test
    void aWholeHostLostAtOnceIsNamedWithoutWaiting() throws Exception {
        LostRanks lost = new LostRanks();
        lost.add(2);
        lost.add(3);
        long t0 = System.nanoTime();
        assertEquals("host h1 (ranks 2, 3)", lost.settledSummary(HOSTS, 0, Duration.ofSeconds(30)));
        assertTrue(System.nanoTime() - t0 < 5_000_000_000L);
    }

    @Test
    void theMessageNamesTheRank() {
        assertEquals("rank 4 stopped (its JVM died or stopped answering)", LostRanks.stopped(4));
    }
}
