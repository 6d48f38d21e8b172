package legate.numpy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import legate.runtime.task.ArrayRuntime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** --sysmem: going over it is a clear error that leaves existing arrays alone; unreachable arrays are given back. */
class MemoryTest {
    @AfterEach
    void done() {
        ArrayRuntime.useOnThisThread(null);
    }

    @Test
    void overTheBudgetIsAnErrorNamingSysmemTheSizeAndWhatIsLeft() {
        ArrayRuntime rt = new ArrayRuntime(1, 1L << 20, 1L << 18, 64); // 1 MB
        ArrayRuntime.useOnThisThread(rt);
        NDArray kept = np.ones(65536); // 512 KB
        var e = assertThrows(legate.runtime.OutOfMemoryError.class, () -> np.zeros(100_000)); // 781 KB more
        assertEquals("zeros: out of array memory (--sysmem 1 MB per rank): asked for 0.76 MB, 0.50 MB left (1 arrays hold the rest); "
                + "free arrays you no longer need (set their variables to null) or give the kernel more --sysmem", e.getMessage());
        assertEquals(65536, kept.sum()); // what existed is intact
        assertEquals(512 * 1024, rt.memory().chargedBytes());
    }

    @Test
    void unreachableArraysAreGivenBack() throws InterruptedException {
        ArrayRuntime rt = new ArrayRuntime(1, 1L << 20, 1L << 18, 64);
        ArrayRuntime.useOnThisThread(rt);
        for (int i = 0; i < 50; i++) {
            np.ones(65536).mul(2.0); // 1 MB of garbage each time: only possible if the budget is credited back
        }
        NDArray x = np.ones(65536);
        assertTrue(rt.memory().chargedBytes() >= 512 * 1024);
        x = null;
        for (int i = 0; i < 50 && rt.memory().liveStores() > 0; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertEquals(0, rt.memory().liveStores());
        assertEquals(0, rt.memory().chargedBytes());
    }
}
