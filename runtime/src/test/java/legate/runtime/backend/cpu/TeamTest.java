package legate.runtime.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TeamTest {
    private final ExecutorService spawner = Executors.newSingleThreadExecutor();
    private final Team team = new Team(2, spawner, "team-test-");

    @AfterEach
    void close() {
        team.close();
        spawner.shutdownNow();
    }

    @Test
    void everyChunkRunsOnceOnTheCallerAndTheHelpers() throws Exception {
        for (int round = 0; round < 200; round++) {
            int n = 1 + round % 37;
            AtomicIntegerArray runs = new AtomicIntegerArray(n);
            Set<String> threads = ConcurrentHashMap.newKeySet();
            team.run(n, c -> {
                runs.incrementAndGet(c);
                threads.add(Thread.currentThread().getName());
            });
            for (int c = 0; c < n; c++) {
                assertEquals(1, runs.get(c), "chunk " + c + " of " + n);
            }
            if (round == 150) { // the helpers have slept since: a job wakes them
                Thread.sleep(3 * Team.SPIN_NANOS / 1_000_000 + 5);
            }
        }
        Set<String> seen = ConcurrentHashMap.newKeySet();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (seen.size() < 3 && System.nanoTime() < deadline) { // slow chunks: every thread takes some
            team.run(6, c -> {
                seen.add(Thread.currentThread().getName());
                long until = System.nanoTime() + 2_000_000;
                while (System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
            });
        }
        assertTrue(seen.contains(Thread.currentThread().getName()), seen.toString());
        assertTrue(seen.contains("team-test-1") && seen.contains("team-test-2"), seen.toString());
    }

    @Test
    void aFailureInAnyChunkReachesTheCallerAndTheTeamGoesOn() {
        IllegalArgumentException boom = new IllegalArgumentException("chunk 5");
        IllegalArgumentException got = assertThrows(IllegalArgumentException.class, () -> team.run(40, c -> {
            if (c == 5) {
                throw boom;
            }
        }));
        assertSame(boom, got);
        AtomicIntegerArray runs = new AtomicIntegerArray(10);
        team.run(10, runs::incrementAndGet);
        for (int c = 0; c < 10; c++) {
            assertEquals(1, runs.get(c));
        }
    }

    @Test
    void aBodyThatSplitsAgainRunsItsInnerJobItself() {
        AtomicIntegerArray inner = new AtomicIntegerArray(4 * 8);
        team.run(4, outer -> team.run(8, c -> inner.incrementAndGet(outer * 8 + c)));
        for (int i = 0; i < inner.length(); i++) {
            assertEquals(1, inner.get(i), "inner chunk " + i);
        }
    }

    @Test
    void theHelpersAreInTheLanesOfTheProfiler() throws Exception {
        Set<Integer> lanes = ConcurrentHashMap.newKeySet();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (lanes.size() < 3 && System.nanoTime() < deadline) {
            team.run(6, c -> {
                lanes.add(Team.laneOf(Thread.currentThread()));
                long until = System.nanoTime() + 2_000_000;
                while (System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
            });
        }
        assertEquals(Set.of(0, 1, 2), lanes);
    }
}
