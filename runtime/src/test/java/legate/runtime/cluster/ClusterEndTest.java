package legate.runtime.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.Hazelcast;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import legate.runtime.launch.Rendezvous;
import org.junit.jupiter.api.Test;

/** The end of a session (Cluster.end): every member terminated, rank 0 last, after every rank took the last cell. */
class ClusterEndTest {
    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    private final PrintStream log = new PrintStream(logged, true, StandardCharsets.UTF_8);

    private Rendezvous session;

    private List<Cluster> twoRanks() throws Exception {
        session = Rendezvous.create("127.0.0.1").onPort(Cluster.freePort());
        CompletableFuture<Cluster> rank1 = CompletableFuture.supplyAsync(() -> Cluster.join(session, 1, 2, "127.0.0.1", "127.0.0.1", null, log));
        Cluster rank0 = Cluster.join(session, 0, 2, "127.0.0.1", "127.0.0.1", "{}", log);
        return List.of(rank0, rank1.get(60, TimeUnit.SECONDS));
    }

    /** The session's Hazelcast members still running in this JVM. */
    private long running() {
        return Hazelcast.getAllHazelcastInstances().stream().filter(hz -> hz.getConfig().getClusterName().equals(session.clusterName()))
                .filter(hz -> hz.getLifecycleService().isRunning()).count();
    }

    @Test
    void rank0LeavesOnlyOnceEveryRankHasTakenTheLastCell() throws Exception {
        List<Cluster> ranks = twoRanks();
        Cluster c0 = ranks.get(0);
        Cluster c1 = ranks.get(1);
        try {
            c0.cells().publish(new CellRequest(1, "", 0, true));
            CompletableFuture<Void> rank0Ends = CompletableFuture.runAsync(() -> c0.end(Duration.ofSeconds(60)));
            // rank 1 has not taken the cell yet: rank 0 must still be there (it waits up to 60 s)
            assertFalse(rank0Ends.isDone());
            Thread.sleep(300);
            assertFalse(rank0Ends.isDone(), "rank 0 left before rank 1 took the last cell");
            assertEquals(2, running());

            CellRequest last = c1.cells().next();
            assertTrue(last.shutdown(), "rank 1 took the last cell from rank 0's member");
            assertEquals(List.of(), c1.lostRanks(), "rank 1 saw rank 0 vanish before it took the last cell");
            // rank 1's word alone ends rank 0's wait: its member still runs, so rank 0 cannot have taken it for lost
            c1.data().send(0, Cluster.LEAVING_TAG, new byte[0]);
            rank0Ends.get(30, TimeUnit.SECONDS);
            assertEquals(List.of(), c0.lostRanks());
            assertEquals(1, running(), "rank 0's member is still running");
            c1.end(Duration.ZERO);
            assertEquals(0, running(), "rank 1's member is still running");
            assertEquals("", logged.toString(StandardCharsets.UTF_8));
        } finally {
            c1.close();
            c0.close();
        }
    }

    @Test
    void rank0LeavesAfterItsWaitWhenARankNeverTakesTheLastCell() throws Exception {
        List<Cluster> ranks = twoRanks();
        Cluster c0 = ranks.get(0);
        Cluster c1 = ranks.get(1);
        try {
            c0.cells().publish(new CellRequest(1, "", 0, true));
            c0.end(Duration.ofMillis(200)); // returns although rank 1 never says it leaves
            assertEquals(1, running(), "rank 0's member is still running");
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!c1.lostRanks().contains(0) && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            assertEquals(List.of(0), c1.lostRanks(), "rank 1 does not see that rank 0 has gone");
        } finally {
            c1.close();
            c0.close();
        }
    }
}
