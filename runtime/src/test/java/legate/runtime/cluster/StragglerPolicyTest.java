package legate.runtime.cluster;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class StragglerPolicyTest {
    private static final long MS = 1_000_000L;
    private static final long GRACE = StragglerPolicy.GRACE_MILLIS * MS;
    private static final long T0 = 5_000 * MS;
    private static final CellOutcome OK = CellOutcome.ok(7, 1);
    private static final CellOutcome FAILED = new CellOutcome(7, 2, false, "E", "bad", List.of("E: bad"));

    @Test
    void ranksThatAllSucceededSoFarAreNeverStragglers() {
        StragglerPolicy p = new StragglerPolicy();
        for (long t = 0; t <= 10 * GRACE; t += 200 * MS) {
            assertFalse(p.stopStragglers(false, List.of(OK), T0 + t), "stopped at " + t / MS + " ms");
        }
    }

    @Test
    void anotherRanksFailureStopsTheOthersOnlyOnceTheGraceHasPassedSinceItWasSeen() {
        StragglerPolicy p = new StragglerPolicy();
        assertFalse(p.stopStragglers(false, List.of(OK), T0));
        assertFalse(p.stopStragglers(false, List.of(OK, FAILED), T0 + 3 * GRACE)); // seen now: the grace starts here
        assertFalse(p.stopStragglers(false, List.of(OK, FAILED), T0 + 4 * GRACE));
        assertTrue(p.stopStragglers(false, List.of(OK, FAILED), T0 + 4 * GRACE + 1));
    }

    @Test
    void rankZerosOwnFailureCountsWithNoOtherOutcomeKnown() {
        StragglerPolicy p = new StragglerPolicy();
        assertFalse(p.stopStragglers(true, List.of(), T0));
        assertFalse(p.stopStragglers(true, List.of(), T0 + GRACE / 2));
        assertTrue(p.stopStragglers(true, List.of(), T0 + GRACE + 1));
    }

    @Test
    void anInterruptedRankCountsAsAFailure() {
        StragglerPolicy p = new StragglerPolicy();
        CellOutcome interrupted = new CellOutcome(7, 1, false, "Interrupted", "the cell was interrupted", List.of());
        assertFalse(p.stopStragglers(false, List.of(interrupted), T0));
        assertTrue(p.stopStragglers(false, List.of(interrupted), T0 + GRACE + 1));
    }

    @Test
    void stragglersThatGoOnAreStoppedAgainAGraceAfterTheyAreNextSeen() {
        StragglerPolicy p = new StragglerPolicy();
        List<CellOutcome> known = List.of(FAILED);
        assertFalse(p.stopStragglers(false, known, T0));
        assertTrue(p.stopStragglers(false, known, T0 + GRACE + 1));
        assertFalse(p.stopStragglers(false, known, T0 + GRACE + 2), "stopped twice in a row");
        assertFalse(p.stopStragglers(false, known, T0 + 2 * GRACE + 2));
        assertTrue(p.stopStragglers(false, known, T0 + 2 * GRACE + 3));
    }
}
