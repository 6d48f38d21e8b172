package legate.runtime.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import legate.numpy.NDArray;
import legate.numpy.np;
import legate.runtime.task.ArrayRuntime;
import legate.runtime.types.ElementType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The pool of array memory: a dead buffer's array comes back zeroed for the same type and length, never a live one's. */
class BufferPoolTest {
    @AfterEach
    void done() {
        ArrayRuntime.useOnThisThread(null);
    }

    /** Collects until the pool holds {@code bytes}. */
    private static void collectUntilPooled(BufferPool pool, long bytes) throws InterruptedException {
        for (int i = 0; i < 100 && pool.pooledBytes() < bytes; i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertEquals(bytes, pool.pooledBytes(), "the dead buffer's array was not taken back");
    }

    /** A buffer of 1000 doubles made by the pool, filled with 7s; only its array escapes (as a weak reference). */
    private static WeakReference<Object> deadBufferOf(BufferPool pool, ElementType type, int length) {
        Buffer b = pool.allocate(type, length);
        for (int i = 0; i < length; i++) {
            b.setDouble(i, 7);
        }
        return new WeakReference<>(b.array());
    }

    @Test
    void aDeadBuffersArrayIsReusedZeroedForTheSameTypeAndLength() throws InterruptedException {
        BufferPool pool = new BufferPool(1 << 20);
        WeakReference<Object> old = deadBufferOf(pool, ElementType.FLOAT64, 1000);
        collectUntilPooled(pool, 8000);
        Buffer other = pool.allocate(ElementType.FLOAT64, 999); // another length: a new array
        Buffer longs = pool.allocate(ElementType.INT64, 1000); // another type of the same size: a new array
        assertNotSame(old.get(), other.array());
        assertNotSame(old.get(), longs.array());
        assertEquals(8000, pool.pooledBytes());
        Buffer again = pool.allocate(ElementType.FLOAT64, 1000);
        assertSame(old.get(), again.array(), "the dead buffer's array was not reused");
        assertArrayEquals(new double[1000], (double[]) again.array(), "a reused array must be zeros");
        assertEquals(0, pool.pooledBytes());
        assertEquals(1, pool.counts()[0]);
    }

    @Test
    void aLiveBuffersArrayIsNeverHandedOut() throws InterruptedException {
        BufferPool pool = new BufferPool(1 << 20);
        Buffer live = pool.allocate(ElementType.FLOAT64, 1000);
        Arrays.fill((double[]) live.array(), 3.0);
        WeakReference<Object> dead = deadBufferOf(pool, ElementType.FLOAT64, 1000);
        collectUntilPooled(pool, 8000);
        List<Buffer> made = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            made.add(pool.allocate(ElementType.FLOAT64, 1000));
            System.gc();
        }
        for (Buffer b : made) {
            assertNotSame(live.array(), b.array());
            assertArrayEquals(new double[1000], (double[]) b.array());
        }
        assertSame(dead.get(), made.get(0).array());
        double[] expected = new double[1000];
        Arrays.fill(expected, 3.0);
        assertArrayEquals(expected, (double[]) live.array(), "a live buffer's elements changed");
    }

    @Test
    void itHoldsAtMostItsCapDroppingTheLeastRecentlyWantedSizeFirst() throws InterruptedException {
        BufferPool pool = new BufferPool(40_000); // items of up to 10,000 bytes
        pool.allocate(ElementType.FLOAT64, 1000); // a size wanted once, long ago (8,000 bytes, dead at once)
        collectUntilPooled(pool, 8000);
        for (int round = 0; round < 3; round++) {
            List<WeakReference<Object>> arrays = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                arrays.add(deadBufferOf(pool, ElementType.FLOAT64, 1200)); // 9,600 bytes each
            }
            for (int i = 0; i < 100 && pool.pooledBytes() < 38_400; i++) {
                System.gc();
                Thread.sleep(10);
            }
            assertTrue(pool.pooledBytes() <= 40_000, "the pool holds " + pool.pooledBytes() + " bytes, over its cap");
        }
        assertEquals(38_400, pool.pooledBytes(), "the old size should have made way for the one in use");
        Buffer old = pool.allocate(ElementType.FLOAT64, 1000);
        assertEquals(8, pool.counts()[0], "reused: the four arrays of 1200, in rounds 2 and 3; the evicted 1000 made anew");
        assertArrayEquals(new double[1000], (double[]) old.array());
    }

    @Test
    void smallArraysAndArraysOverAQuarterOfTheCapAreLeftToTheCollector() throws InterruptedException {
        BufferPool pool = new BufferPool(100_000);
        pool.allocate(ElementType.FLOAT64, BufferPool.MIN_BYTES / 8 - 1);
        pool.allocate(ElementType.FLOAT64, 25_000 / 8 + 1);
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertEquals(0, pool.pooledBytes());
        assertArrayEquals(new long[] {0, 0}, pool.counts());
    }

    @Test
    void aPoolOfZeroBytesIsOff() {
        BufferPool pool = new BufferPool(0);
        pool.allocate(ElementType.FLOAT64, 100_000);
        assertArrayEquals(new long[] {0, 0}, pool.counts());
    }

    /** Arrays made and dropped in a loop, through the runtime: the values stay right while their memory is reused. */
    @Test
    void aLoopOfArrayWorkReusesMemoryAndGetsNumPysValues() {
        var backend = new legate.runtime.backend.cpu.CpuBackend(legate.runtime.backend.BackendConfig.cpus(2, 64), 128L << 20);
        try {
            loop(backend);
        } finally {
            ArrayRuntime.useOnThisThread(null);
            backend.close();
        }
    }

    private void loop(legate.runtime.backend.cpu.CpuBackend backend) {
        ArrayRuntime rt = new ArrayRuntime(backend, 1L << 30, 1L << 18);
        ArrayRuntime.useOnThisThread(rt);
        BufferPool pool = backend.buffers();
        NDArray x = np.arange(10_000L).div(10_000.0);
        double expected = 0;
        for (int i = 0; i < 10_000; i++) {
            double v = i / 10_000.0;
            expected += v * v + 1;
        }
        for (int run = 0; run < 300; run++) {
            NDArray y = x.mul(x).add(1.0);
            NDArray z = y.copy();
            assertEquals(expected, z.sum(), 1e-9 * expected, "run " + run);
            if (run % 50 == 0) {
                System.gc();
            }
        }
        assertTrue(pool.counts()[0] > 0, "no array was reused in 300 runs: " + Arrays.toString(pool.counts()));
    }
}
