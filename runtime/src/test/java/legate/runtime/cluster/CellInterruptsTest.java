package legate.runtime.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CellInterruptsTest {
    @Test
    void aPublishedInterruptReachesTheListenersAndCoversThatCellAndEarlierOnes() {
        List<Long> sent = new ArrayList<>();
        CellInterrupts interrupts = new CellInterrupts(sent::add);
        List<Long> heard = new ArrayList<>();
        interrupts.onInterrupt(heard::add);
        interrupts.publish(5);
        assertEquals(List.of(5L), sent);
        assertFalse(interrupts.interrupted(5), "interrupted before the topic delivered it");
        interrupts.received(5);
        interrupts.received(3); // late, out of order: cell 5 stays interrupted
        assertEquals(List.of(5L, 3L), heard);
        assertTrue(interrupts.interrupted(4));
        assertTrue(interrupts.interrupted(5));
        assertFalse(interrupts.interrupted(6));
    }
}
