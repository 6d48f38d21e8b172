package legate.runtime.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    @Test
    void theMessageNamesTheRank() {
        assertEquals("rank 4 stopped (its JVM died or stopped answering)", LostRanks.stopped(4));
    }
}
