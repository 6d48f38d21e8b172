package legate.runtime.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import legate.runtime.launch.Rendezvous;
import org.junit.jupiter.api.Test;

/**
 * A rank that looked for rank 0 before rank 0 listened, and found something else on the session's
 * first port (a lingering rank 0 of an earlier kernel, another program): rank 0 then listens on the
 * next port of its range, and the rank still meets it.
 */
class JoinRaceTest {
    @Test
    void aRankThatFoundAnotherProgramOnTheFirstPortStillMeetsRank0OnTheNext() throws Exception {
        Rendezvous session = Rendezvous.create("127.0.0.1").onPort(Cluster.freePort());
        ByteArrayOutputStream logged = new ByteArrayOutputStream();
        PrintStream log = new PrintStream(logged, true, StandardCharsets.UTF_8);
        List<Cluster> both = new ArrayList<>();
        CompletableFuture<Cluster> rank1;
        try (ServerSocket other = new ServerSocket(session.port(), 50, InetAddress.getByName("127.0.0.1"))) {
            // another program on the session's first port: it takes each connection and ends it
            CountDownLatch looked = new CountDownLatch(1);
            Thread program = new Thread(() -> {
                while (!other.isClosed()) {
                    try (Socket s = other.accept()) {
                        looked.countDown();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            program.start();
            rank1 = CompletableFuture.supplyAsync(() -> Cluster.join(session, 1, 2, "127.0.0.1", "127.0.0.1", "rank 1's", log));
            // rank 1's look at the range reached the other program: it has chosen where to join
            assertTrue(looked.await(30, TimeUnit.SECONDS), "rank 1 never looked at the session's ports");
            try {
                both.add(Cluster.join(session, 0, 2, "127.0.0.1", "127.0.0.1", "{}", log));
                both.add(rank1.get(60, TimeUnit.SECONDS));
                assertEquals(List.of(0, 1), both.get(0).members().stream().map(RankMember::rank).toList());
                assertEquals(List.of(0, 1), both.get(1).members().stream().map(RankMember::rank).toList());
                assertEquals("{}", both.get(1).config(), "rank 1 runs with rank 0's configuration");
            } finally {
                if (both.size() < 2 && rank1.isDone() && !rank1.isCompletedExceptionally()) {
                    both.add(rank1.join());
                }
                both.forEach(Cluster::close);
            }
        }
    }

    @Test
    void rank0WithEveryPortOfItsRangeTakenSaysWhichAndWhatToDo() throws Exception {
        Rendezvous session = Rendezvous.create("127.0.0.1").onPort(Cluster.freePort());
        List<ServerSocket> others = new ArrayList<>();
        try {
            for (int p = session.port(); p < session.port() + Rendezvous.PORTS; p++) {
                try {
                    others.add(new ServerSocket(p, 1, InetAddress.getByName("127.0.0.1")));
                } catch (IOException e) {
                    // already taken by someone else: taken all the same
                }
            }
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> Cluster.join(session, 0, 1, "127.0.0.1", "127.0.0.1", "{}", System.err));
            int last = session.port() + Rendezvous.PORTS - 1;
            assertTrue(e.getMessage().contains("could not start listening at 127.0.0.1:" + session.port() + "-" + last
                    + ": no port of the session's range was free (" + session.port() + ", "), e.getMessage());
            assertTrue(e.getMessage().contains(", " + last + "); end what holds them, or start the session again"), e.getMessage());
        } finally {
            for (ServerSocket s : others) {
                s.close();
            }
        }
    }

    @Test
    void rank0OnAnAddressThatIsNotThisMachinesSaysSoAtOnce() throws Exception {
        // binding is refused locally (no packet leaves): not 16 tries, and not "no port was free"
        Rendezvous session = Rendezvous.create("192.0.2.1").onPort(Cluster.freePort());
        long t0 = System.nanoTime();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Membership.join(session, 0, 1, "192.0.2.1", "192.0.2.1", java.util.Map.of(), System.err));
        assertTrue(e.getMessage().contains("cannot listen at 192.0.2.1:" + session.port() + ": ")
                && e.getMessage().contains("(is 192.0.2.1 an address of this machine?)"), e.getMessage());
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5), "it took " + (System.nanoTime() - t0) / 1e9 + " s");
    }
}
