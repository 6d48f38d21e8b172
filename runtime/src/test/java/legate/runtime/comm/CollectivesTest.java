package legate.runtime.comm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CollectivesTest {
    interface Program<T> {
        T run(RankCommunicator comm) throws Exception;
    }

    static <T> List<T> onRanks(int n, Program<T> program) throws Exception {
        InMemoryRanks ranks = new InMemoryRanks(n);
        ExecutorService threads = Executors.newFixedThreadPool(n);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int r = 0; r < n; r++) {
                RankCommunicator comm = ranks.rank(r);
                futures.add(threads.submit(() -> program.run(comm)));
            }
            List<T> out = new ArrayList<>();
            for (Future<T> f : futures) {
                out.add(f.get(30, TimeUnit.SECONDS));
            }
            return out;
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void allreduceCombinesInRankOrderSoEveryRankGetsTheSameBits() throws Exception {
        double[] values = {1e16, 1.0, -1e16, 1.0};
        List<Double> sums = onRanks(4, c -> Collectives.allreduce(c, values[c.rank()], ReduceOp.SUM));
        double inOrder = ((1e16 + 1.0) + -1e16) + 1.0; // what rank order gives: 1.0, not 2.0
        for (double s : sums) {
            assertEquals(Double.doubleToLongBits(inOrder), Double.doubleToLongBits(s));
        }
        assertEquals(List.of(-3L, -3L, -3L), onRanks(3, c -> Collectives.allreduce(c, (long) -c.rank() - 1, ReduceOp.MIN)));
        assertEquals(List.of(2.5, 2.5, 2.5), onRanks(3, c -> Collectives.allreduce(c, c.rank() + 0.5, ReduceOp.MAX)));
    }

    @Test
    void broadcastAndAllgatherDeliverEachRanksData() throws Exception {
        for (byte[] got : onRanks(3, c -> Collectives.broadcast(c, c.rank() == 1 ? new byte[] {7, 8} : null, 1))) {
            assertArrayEquals(new byte[] {7, 8}, got);
        }
        for (double[][] all : onRanks(3, c -> Collectives.allgather(c, new double[] {c.rank(), c.rank() * 10}))) {
            assertArrayEquals(new double[] {2, 20}, all[2]);
            assertArrayEquals(new double[] {0, 0}, all[0]);
        }
        // collectives in a row keep their tags apart
        assertEquals(List.of(3L, 3L, 3L), onRanks(3, c -> {
            Collectives.barrier(c);
            return Collectives.allreduce(c, 1L, ReduceOp.SUM);
        }));
    }

    @Test
    void oneRankNeedsNoMessages() throws Exception {
        assertEquals(5.0, Collectives.allreduce(RankCommunicator.SOLO, 5.0, ReduceOp.SUM));
        assertArrayEquals(new double[] {1, 2}, Collectives.broadcast(RankCommunicator.SOLO, new double[] {1, 2}, 0));
    }
}
