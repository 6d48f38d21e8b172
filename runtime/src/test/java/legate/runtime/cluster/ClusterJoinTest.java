package legate.runtime.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.DistributedObject;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import legate.runtime.launch.Rendezvous;
import org.junit.jupiter.api.Test;

/** Two ranks of one session meeting in this JVM, as two ranks' JVMs do. */
class ClusterJoinTest {
    private static final String CONFIG = "{\"name\":\"k\",\"legate\":{\"cpus\":2}}";

    @Test
    void theEndpointsAndRank0sConfigurationComeWithTheMembershipWithoutAPartitionedMap() throws Exception {
        Rendezvous session = Rendezvous.create("127.0.0.1").onPort(Cluster.freePort());
        ByteArrayOutputStream logged = new ByteArrayOutputStream();
        PrintStream log = new PrintStream(logged, true, StandardCharsets.UTF_8);
        CompletableFuture<Cluster> rank1 = CompletableFuture.supplyAsync(() -> Cluster.join(session, 1, 2, "127.0.0.1", "127.0.0.1",
                "rank 1's own, never sent", log));
        List<Cluster> both = new ArrayList<>();
        try {
            both.add(Cluster.join(session, 0, 2, "127.0.0.1", "127.0.0.1", CONFIG, log));
            both.add(rank1.get(60, TimeUnit.SECONDS));
            Cluster c0 = both.get(0);
            Cluster c1 = both.get(1);
            assertEquals(CONFIG, c0.config());
            assertEquals(CONFIG, c1.config(), "every rank runs with rank 0's configuration");

            // each rank reached the other's data-plane endpoint
            byte[] hello = "from rank 1".getBytes(StandardCharsets.UTF_8);
            c1.data().send(0, 42, hello);
            assertArrayEquals(hello, c0.data().receive(1, 42, 10_000));
            byte[] back = "from rank 0".getBytes(StandardCharsets.UTF_8);
            c0.data().send(1, 43, back);
            assertArrayEquals(back, c1.data().receive(0, 43, 10_000));

            // no map on the way: its first operation waits for Hazelcast to spread the partitions over the new member
            for (HazelcastInstance hz : Hazelcast.getAllHazelcastInstances()) {
                for (DistributedObject o : hz.getDistributedObjects()) {
                    assertTrue(!(o instanceof IMap), "the start made the map " + o.getName());
                }
            }

            // what rank 1 computes on reaches rank 0, although it is sent without waiting
            c1.describeProcessors("2 CPU threads (test)");
            assertEquals(Map.of(1, "2 CPU threads (test)"), c0.processors());
            assertEquals("", logged.toString(StandardCharsets.UTF_8));

            // once rank 1 is gone, rank 0 still says what it computed on, without a read of the map
            // (which, right after a loss, waits while Hazelcast moves the partitions)
            c1.close();
            both.remove(c1);
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (c0.members().size() > 1 && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            assertEquals(1, c0.members().size(), "rank 0 still sees rank 1 as a member");
            assertEquals(Map.of(1, "2 CPU threads (test)"), c0.processors());
        } finally {
            if (both.size() < 2 && rank1.isDone() && !rank1.isCompletedExceptionally()) {
                both.add(rank1.join());
            }
            both.forEach(Cluster::close);
        }
    }
}
