package legate.runtime.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CellOutcomeTest {
    @Test
    void okOutcomeRoundTrips() {
        CellOutcome o = CellOutcome.decode(CellOutcome.ok(1L << 40, 3).encode());
        assertEquals(CellOutcome.ok(1L << 40, 3), o);
        assertTrue(o.ok());
    }

    @Test
    void errorRoundTripsWithNonAsciiNullsAndALongTraceback() {
        List<String> tb = new ArrayList<>();
        tb.add("java.lang.IllegalStateException: héllo ✓");
        tb.add("x".repeat(100_000)); // longer than DataOutputStream.writeUTF allows
        tb.add("");
        CellOutcome error = new CellOutcome(7, 1, false, "java.lang.IllegalStateException", "héllo ✓", tb);
        assertEquals(error, CellOutcome.decode(error.encode()));
        CellOutcome nulls = new CellOutcome(8, 2, false, null, null, null);
        CellOutcome back = CellOutcome.decode(nulls.encode());
        assertEquals(null, back.ename());
        assertEquals(null, back.evalue());
        assertEquals(List.of(), back.traceback());
    }

    @Test
    void truncatedOrCorruptBytesAreAClearError() {
        byte[] whole = new CellOutcome(9, 1, false, "E", "bad", List.of("E: bad")).encode();
        byte[] cut = Arrays.copyOf(whole, whole.length - 2);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> CellOutcome.decode(cut));
        assertTrue(e.getMessage().startsWith("could not decode a cell outcome (" + cut.length + " bytes)"), e.getMessage());
        byte[] huge = whole.clone();
        huge[13] = 0x7f; // ename's length: far more bytes than there are
        assertThrows(IllegalStateException.class, () -> CellOutcome.decode(huge));
        assertArrayEquals(whole, CellOutcome.decode(whole).encode());
    }
}
