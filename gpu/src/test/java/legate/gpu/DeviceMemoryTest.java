package legate.gpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import legate.gpu.device.Device;
import legate.gpu.device.SimulatedDevice;
import legate.runtime.store.Buffer;
import legate.runtime.types.ElementType;
import org.junit.jupiter.api.Test;

/**
 * A rank's tiles on two simulated GPUs: which copy of each range of a buffer is current, what is
 * copied where when a GPU or the host reads, and what eviction saves. A "kernel" here is a direct
 * write into a GPU's copy, followed by {@code written}, as the backend does after a launch.
 */
class DeviceMemoryTest {
    private final SimulatedDevice gpu0 = new SimulatedDevice(0, 1L << 30);
    private final SimulatedDevice gpu1 = new SimulatedDevice(1, 1L << 30);

    private static Buffer counting(int n, double plus) {
        Buffer b = Buffer.allocate(ElementType.FLOAT64, n);
        for (int i = 0; i < n; i++) {
            b.setDouble(i, i + plus);
        }
        return b;
    }

    /** A kernel on GPU {@code d} writing {@code i + plus} into elements {@code from .. to} of {@code b}. */
    private static void kernel(DeviceMemory m, Device dev, int d, Buffer b, int from, int to, double plus) {
        long at = m.onDevice(d, b, from, to, true, "test");
        Buffer values = Buffer.allocate(ElementType.FLOAT64, to - from);
        for (int i = from; i < to; i++) {
            values.setDouble(i - from, i + plus);
        }
        dev.upload(values, 0, to - from, at + 8L * from);
        m.written(d, b, from, to);
    }

    private static double[] read(Device dev, long at, int n) {
        Buffer out = Buffer.allocate(ElementType.FLOAT64, n);
        dev.download(at, out, 0, n);
        return ((Buffer.F64) out).a;
    }

    @Test
    void eachGpuFetchesOnlyTheRangesItLacksFromWhereTheyAreCurrent() {
        DeviceMemory m = new DeviceMemory(new Device[] {gpu0, gpu1}, 1L << 20, true);
        Buffer b = counting(100, 0);
        m.beginOperation();
        m.onDevice(0, b, 0, 50, false, "test");
        assertEquals("0-50 host+0, 50-100 host", m.describe(b));
        assertEquals(50 * 8, gpu0.bytesUploaded(), "only the rows GPU 0 reads go up");
        kernel(m, gpu0, 0, b, 0, 50, 1000);
        kernel(m, gpu1, 1, b, 50, 100, 2000);
        assertEquals("0-50 0, 50-100 1", m.describe(b));
        assertEquals(-7.0e77, ((Buffer.F64) b).a[3], "the host's stale copy is poisoned");

        m.beginOperation();
        long at1 = m.onDevice(1, b, 40, 60, false, "test"); // GPU 1 reads ten rows of GPU 0's: a halo
        assertEquals(10 * 8, gpu1.bytesFromPeers(), "only the missing rows come from the other GPU");
        assertEquals(0, gpu0.bytesFromPeers());
        assertArrayEquals(new double[] {1040, 1041, 1042, 1043, 1044, 1045, 1046, 1047, 1048, 1049, 2050, 2051}, read(gpu1, at1 + 40 * 8, 12));
        assertEquals("0-40 0, 40-50 0+1, 50-100 1", m.describe(b));
        m.onDevice(1, b, 40, 60, false, "test");
        assertEquals(10 * 8, gpu1.bytesFromPeers(), "nothing again: GPU 1 holds them current now");

        assertEquals(1042.0, b.readDouble(42), "one element, from a GPU that holds it");
        b.forHostRead(45, 10); // a part: only that part comes back
        assertEquals("0-40 0, 40-42 0+1, 42-43 host+0+1, 43-45 0+1, 45-50 host+0+1, 50-55 host+1, 55-100 1", m.describe(b));
        assertEquals(2054.0, ((Buffer.F64) b).a[54]);
        double[] all = ((Buffer.F64) b.forHostRead()).a;
        for (int i = 0; i < 100; i++) {
            assertEquals(i < 50 ? 1000 + i : 2000 + i, all[i], "element " + i);
        }
        assertEquals("0-40 host+0, 40-50 host+0+1, 50-100 host+1", m.describe(b));

        m.forHost(b, true); // host code writes it: only the host's copy is current
        assertEquals("0-100 host", m.describe(b));
    }

    @Test
    void aWriteMakesTheWritersCopyTheOnlyCurrentOneAndPoisonsTheOthers() {
        DeviceMemory m = new DeviceMemory(new Device[] {gpu0, gpu1}, 1L << 20, true);
        Buffer b = counting(64, 0);
        m.beginOperation();
        long at0 = m.onDevice(0, b, 0, 64, false, "test");
        long at1 = m.onDevice(1, b, 0, 64, false, "test");
        assertEquals("0-64 host+0+1", m.describe(b));
        kernel(m, gpu1, 1, b, 10, 20, 500);
        assertEquals("0-10 host+0+1, 10-20 1, 20-64 host+0+1", m.describe(b));
        assertEquals(-7.0e77, read(gpu0, at0 + 10 * 8, 1)[0], "GPU 0's stale rows are poisoned");
        assertEquals(9.0, read(gpu0, at0 + 9 * 8, 1)[0], "and only those");
        m.beginOperation();
        m.onDevice(0, b, 0, 64, false, "test");
        assertEquals(10 * 8, gpu0.bytesFromPeers());
        assertEquals(515.0, read(gpu0, at0 + 15 * 8, 1)[0]);
        assertEquals(515.0, read(gpu1, at1 + 15 * 8, 1)[0]);
    }

    @Test
    void aCopyStaysOnTheGpusThatHoldItsRanges() {
        DeviceMemory m = new DeviceMemory(new Device[] {gpu0, gpu1}, 1L << 20, true);
        Buffer b = Buffer.allocateLazily(ElementType.FLOAT64, 80);
        m.beginOperation();
        kernel(m, gpu0, 0, b, 0, 40, 100);
        kernel(m, gpu1, 1, b, 40, 70, 200); // 70 .. 80: zeros, never made on the host
        long up = gpu0.bytesUploaded() + gpu1.bytesUploaded();
        long down = gpu0.bytesDownloaded() + gpu1.bytesDownloaded();
        Buffer c = b.copy();
        assertNotSame(b, c);
        assertEquals("0-40 0, 40-70 1, 70-80 0", m.describe(c));
        assertEquals(down, gpu0.bytesDownloaded() + gpu1.bytesDownloaded(), "nothing went through the host");
        assertEquals(up, gpu0.bytesUploaded() + gpu1.bytesUploaded(), "nothing went through the host");
        double[] v = ((Buffer.F64) c.forHostRead()).a;
        for (int i = 0; i < 80; i++) {
            assertEquals(i < 40 ? 100 + i : i < 70 ? 200 + i : 0.0, v[i], "element " + i);
        }
    }

    @Test
    void eachGpuHoldsAWindowOfItsRowsThatGrowsWhenAnOperationReachesBeyondIt() {
        DeviceMemory m = new DeviceMemory(new Device[] {gpu0, gpu1}, 1L << 20, true);
        Buffer a = counting(80_000, 0);
        m.beginOperation();
        kernel(m, gpu0, 0, a, 0, 40_000, 1e6);
        kernel(m, gpu1, 1, a, 40_000, 80_000, 2e6);
        // each GPU's half and a sixteenth of the buffer beyond it (an eighth of a GPU's share): 360,000 bytes each, not 640,000
        assertArrayEquals(new int[] {0, 45_000}, m.window(0, a));
        assertArrayEquals(new int[] {35_000, 80_000}, m.window(1, a));
        assertEquals(2 * 360_000, m.usedBytes());
        m.beginOperation();
        long at = m.onDevice(1, a, 30_000, 41_000, false, "test"); // rows beyond GPU 1's window: it grows, its rows kept
        assertArrayEquals(new int[] {25_000, 80_000}, m.window(1, a));
        assertEquals(1, m.windowsGrown());
        assertEquals(10_000 * 8, gpu1.bytesFromPeers(), "only the rows it lacked came from GPU 0");
        assertArrayEquals(new double[] {1e6 + 39_999, 2e6 + 40_000, 2e6 + 79_999}, new double[] {read(gpu1, at + 39_999L * 8, 1)[0],
            read(gpu1, at + 40_000L * 8, 1)[0], read(gpu1, at + 79_999L * 8, 1)[0]});
        assertEquals(360_000 + 440_000, m.usedBytes(), "the old window freed");
    }

    @Test
    void evictionSavesTheRangesCurrentOnlyOnThatGpuAndEachGpuHasItsOwnBudget() {
        // 1 MiB a GPU: a's window of 360,000 bytes and b's 800,000 do not fit on one GPU
        DeviceMemory m = new DeviceMemory(new Device[] {gpu0, gpu1}, 1L << 20, true);
        Buffer a = counting(80_000, 0);
        Buffer b = counting(100_000, 0);
        m.beginOperation();
        kernel(m, gpu0, 0, a, 0, 40_000, 1e6);
        kernel(m, gpu1, 1, a, 40_000, 80_000, 2e6);
        m.beginOperation();
        kernel(m, gpu1, 1, b, 0, 100_000, 3e6); // evicts a's copy on GPU 1: its rows current only there go to the host first
        assertEquals(1, m.evictions());
        assertEquals("0-40000 0, 40000-80000 host", m.describe(a));
        assertEquals(null, m.window(1, a));
        assertEquals(360_000 + 800_000, m.usedBytes(), "a on GPU 0, b on GPU 1");
        double[] v = ((Buffer.F64) a.forHostRead()).a;
        assertEquals(1e6 + 7, v[7]);
        assertEquals(2e6 + 79_999, v[79_999]);
    }

    @Test
    void aTemporaryOnOneGpuHoldsOnlyTheElementsUsedEvenAfterItsCopyWasEvicted() {
        // 1 MiB: a temporary of 100,000 elements whose elements 1,000 .. 2,000 are used (8 KB), then two buffers of 800 KB: the
        // second evicts it (the least recently used) and the first; used again, its copy is those elements again, not the whole
        // buffer (which would not fit beside b)
        DeviceMemory m = new DeviceMemory(new Device[] {gpu0}, 1L << 20, true);
        Buffer t = Buffer.allocateLazily(ElementType.FLOAT64, 100_000);
        m.temporary(t);
        m.beginOperation();
        kernel(m, gpu0, 0, t, 1_000, 2_000, 5);
        assertEquals(8_000, m.usedBytes(), "the elements used, not the buffer");
        m.beginOperation();
        Buffer a = counting(100_000, 0);
        kernel(m, gpu0, 0, a, 0, 100_000, 0);
        Buffer b = counting(100_000, 1);
        m.beginOperation();
        kernel(m, gpu0, 0, b, 0, 100_000, 1);
        assertEquals(2, m.evictions());
        assertEquals(null, m.window(0, t), "t's copy evicted");
        assertEquals(null, m.window(0, a), "a's copy evicted");
        m.beginOperation();
        long at = m.onDevice(0, t, 1_000, 2_000, false, "test");
        assertEquals(800_000 + 8_000, m.usedBytes(), "b and t's 1,000 elements");
        assertArrayEquals(new double[] {1_005, 1_999 + 5}, new double[] {read(gpu0, at + 1_000L * 8, 1)[0], read(gpu0, at + 1_999L * 8, 1)[0]});
        m.discard(t);
        assertEquals(800_000, m.usedBytes(), "discarded");
    }

    @Test
    void oneGpuKeepsTheThreeStatesOfBefore() {
        DeviceMemory m = new DeviceMemory(new Device[] {gpu0}, 1L << 20, true);
        Buffer b = counting(10, 0);
        m.beginOperation();
        m.onDevice(0, b, 0, 10, false, "test");
        assertEquals("0-10 host+0", m.describe(b));
        m.written(0, b, 0, 10);
        assertEquals("0-10 0", m.describe(b));
        m.forHost(b, false);
        assertEquals("0-10 host+0", m.describe(b));
        m.forHost(b, true);
        assertEquals("0-10 host", m.describe(b));
        m.close();
        assertEquals(0, gpu0.allocations());
        assertTrue(m.describe(b).isEmpty(), "closed: the buffer has no tile");
    }
}
