package legate.numpy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import legate.runtime.task.ArrayRuntime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The background warm-up of the array runtime: its own runtime, pauses, stops, and its setting. */
class WarmUpTest {
    @AfterEach
    void done() {
        ArrayRuntime.useOnThisThread(null);
    }

    @Test
    void itComputesOnARuntimeOfItsOwnAndLeavesTheUsersAlone() {
        ArrayRuntime user = new ArrayRuntime(1, 64L << 20, 1L << 18, 64);
        ArrayRuntime.useOnThisThread(user);
        NDArray kept = np.arange(0.0, 10.0, 1.0);
        long charged = user.memory().chargedBytes();
        int ops = WarmUp.run(3, () -> false, () -> false);
        assertTrue(ops > 100, "operations: " + ops);
        assertSame(user, ArrayRuntime.current(), "the caller's runtime is back in place");
        assertEquals(charged, user.memory().chargedBytes(), "nothing was charged to the user's --sysmem");
        assertEquals(45.0, kept.sum());
    }

    @Test
    void whilePausedItDoesNothingMoreAndAStopEndsIt() throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean(false);
        CountDownLatch polled = new CountDownLatch(20);
        AtomicInteger result = new AtomicInteger(-1);
        Thread t = new Thread(() -> result.set(WarmUp.run(1_000_000, () -> {
            polled.countDown();
            return true; // the user is busy, all along
        }, stop::get)));
        t.start();
        assertTrue(polled.await(30, TimeUnit.SECONDS), "it polls while paused");
        stop.set(true);
        t.join(30_000);
        assertFalse(t.isAlive(), "a stop ends it while paused");
        assertEquals(1, result.get(), "nothing beyond its first operation ran while paused");
    }

    @Test
    void unpausedItComputesUntilStopped() throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean(false);
        AtomicInteger result = new AtomicInteger(-1);
        Thread t = new Thread(() -> result.set(WarmUp.run(1_000_000, () -> false, stop::get)));
        t.start();
        Thread.sleep(300);
        stop.set(true);
        t.join(30_000);
        assertFalse(t.isAlive(), "it ended when stopped");
        assertTrue(result.get() > 1 && result.get() < 1_000_000, "operations: " + result.get());
    }

    @Test
    void theRoundsComeFromTheEnvironmentAndABadValueIsReported() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream log = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        assertEquals(WarmUp.DEFAULT_ROUNDS, WarmUp.configuredRounds(Map.of(), log));
        assertEquals(0, WarmUp.configuredRounds(Map.of(WarmUp.ENV, "0"), log));
        assertEquals(7, WarmUp.configuredRounds(Map.of(WarmUp.ENV, " 7 "), log));
        assertEquals("", bytes.toString(StandardCharsets.UTF_8));
        assertEquals(WarmUp.DEFAULT_ROUNDS, WarmUp.configuredRounds(Map.of(WarmUp.ENV, "lots"), log));
        assertEquals("legate: LEGATE_ARRAY_WARMUP must be a whole number of rounds (0 turns the array warm-up off), not 'lots'; using "
                + WarmUp.DEFAULT_ROUNDS + "\n", bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void fusedExpressionsThatShareAThreadsRegistersKeepTheirOwnConstants() {
        ArrayRuntime.useOnThisThread(new ArrayRuntime(1, 64L << 20, 1L << 18, 64));
        NDArray a = np.arange(0.0, 600.0, 1.0);
        NDArray b = np.arange(0.0, 7.0, 1.0);
        // three expressions of different lengths and constants, one after the other on one thread
        double[] x = a.mul(2.0).add(1.0).sub(a.mul(0.5)).toDoubleArray();
        double[] y = b.mul(3.0).add(b).toDoubleArray();
        double[] z = a.mul(2.0).add(1.0).sub(a.mul(0.5)).toDoubleArray();
        double[] wantX = new double[600];
        for (int i = 0; i < 600; i++) {
            wantX[i] = i * 2.0 + 1.0 - i * 0.5;
        }
        assertArrayEquals(wantX, x);
        assertArrayEquals(new double[] {0, 4, 8, 12, 16, 20, 24}, y);
        assertArrayEquals(wantX, z);
    }
}
