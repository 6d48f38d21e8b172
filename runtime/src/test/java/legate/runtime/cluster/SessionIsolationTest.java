package legate.runtime.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import legate.runtime.launch.Rendezvous;
import org.junit.jupiter.api.Test;

/** Only the ranks of a session get in: on the data plane (a proof of the session key) and the control plane (the cluster name). */
class SessionIsolationTest {
    private static final long TAG = 7;

    /** A block as the data plane frames it: tag, length, bytes. */
    private static byte[] frame(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(12 + b.length).putLong(TAG).putInt(b.length).put(b).array();
    }

    /** Whether the other side closed the connection without a byte more (rather than let it in). */
    private static boolean closedOnUs(Socket s) throws IOException {
        s.setSoTimeout(10_000);
        try {
            return s.getInputStream().read() == -1;
        } catch (SocketException e) {
            return true; // reset: it closed with our bytes unread
        }
    }

    @Test
    void aDataPlanePeerWithoutTheSessionsKeyIsRefusedAndARankOfTheSessionGetsIn() throws Exception {
        Rendezvous session = Rendezvous.create("127.0.0.1");
        Rendezvous another = Rendezvous.create("127.0.0.1");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (DataPlane rank0 = new DataPlane(0, 2, "127.0.0.1", session, new PrintStream(log, true, StandardCharsets.UTF_8))) {
            assertTrue(rank0.endpoint().startsWith("tcp://127.0.0.1:"), rank0.endpoint());
            URI at = URI.create(rank0.endpoint());
            // a look whether the port is open (as a joining rank looks at rank 0's range, or a port scan): not a refusal, not said,
            // and the address's one line is left for a peer that tries
            try (Socket s = new Socket(at.getHost(), at.getPort())) {
                s.shutdownOutput();
                assertTrue(closedOnUs(s)); // rank 0 has read the end of it, and closed its side
            }
            // another protocol altogether, then a block's bytes
            try (Socket s = new Socket(at.getHost(), at.getPort())) {
                s.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().write(frame("from http"));
                assertTrue(closedOnUs(s));
            }
            // rank 1 of another session: rank 0's proof is not of its key, so it finds out first
            try (Socket s = new Socket(at.getHost(), at.getPort())) {
                Handshake.Refused e = assertThrows(Handshake.Refused.class, () -> Handshake.connect(
                        new DataInputStream(s.getInputStream()), new DataOutputStream(s.getOutputStream()), another, 1, 0));
                assertTrue(e.getMessage().contains("did not prove this session's key"), e.getMessage());
            }
            // one that ignores rank 0's proof, answers with a made-up one and sends a block anyway
            try (Socket s = new Socket(at.getHost(), at.getPort())) {
                DataOutputStream out = new DataOutputStream(s.getOutputStream());
                out.writeInt(Handshake.MAGIC);
                out.writeInt(Handshake.VERSION);
                out.writeInt(1);
                out.writeInt(0);
                out.write(new byte[Handshake.CHALLENGE]);
                new DataInputStream(s.getInputStream()).readFully(new byte[Handshake.CHALLENGE + 32]);
                out.write(new byte[32]);
                out.write(frame("from a made-up proof"));
                assertTrue(closedOnUs(s));
            }
            // this session's key, but a rank that cannot be connecting: rank 0 to itself
            try (Socket s = new Socket(at.getHost(), at.getPort())) {
                assertThrows(Handshake.Refused.class, () -> Handshake.connect(
                        new DataInputStream(s.getInputStream()), new DataOutputStream(s.getOutputStream()), session, 0, 0));
            }
            assertNull(rank0.receive(1, TAG, 500), "a block from a peer that did not prove the key was delivered");
            // rank 1 of this session
            try (DataPlane rank1 = new DataPlane(1, 2, "127.0.0.1", session, System.err)) {
                rank1.connect(List.of(rank0.endpoint(), rank1.endpoint()));
                rank1.send(0, TAG, "from 1".getBytes(StandardCharsets.UTF_8));
                assertArrayEquals("from 1".getBytes(StandardCharsets.UTF_8), rank0.receive(1, TAG, 10_000));
            }
        }
        String said = log.toString(StandardCharsets.UTF_8);
        assertTrue(said.contains("refused a data-plane connection from 127.0.0.1 (it did not prove this session's key: it does not speak"), said);
        assertEquals(1, said.lines().count(), "one line per address: " + said);
    }

    @Test
    void aRankThatCannotProveItselfToItsPeerIsToldWhoAndWhere() throws Exception {
        Rendezvous session = Rendezvous.create("127.0.0.1");
        try (DataPlane rank0 = new DataPlane(0, 2, "127.0.0.1", session, new PrintStream(new ByteArrayOutputStream()));
             DataPlane stranger = new DataPlane(1, 2, "127.0.0.1", Rendezvous.create("127.0.0.1"), System.err)) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> stranger.connect(List.of(rank0.endpoint(), stranger.endpoint())));
            URI at = URI.create(rank0.endpoint());
            assertTrue(e.getMessage().startsWith("rank 1 could not connect to the data plane of rank 0 at 127.0.0.1:" + at.getPort() + ": "),
                    e.getMessage());
        }
    }

    @Test
    void aMemberOfAnotherSessionIsNotLetIntoTheControlPlane() throws Exception {
        Rendezvous session = Rendezvous.create("127.0.0.1").onPort(Cluster.freePort());
        try (Cluster c = Cluster.join(session, 0, 1, "127.0.0.1", "127.0.0.1", "{}", System.err)) {
            Config intruder = new Config();
            intruder.setClusterName(Rendezvous.create("127.0.0.1").clusterName());
            intruder.setProperty("hazelcast.logging.type", "none");
            intruder.setProperty("hazelcast.phone.home.enabled", "false");
            intruder.setProperty("hazelcast.max.join.seconds", "3");
            intruder.setProperty("hazelcast.wait.seconds.before.join", "0");
            var n = intruder.getNetworkConfig();
            n.setPort(Cluster.freePort()).setPortAutoIncrement(false);
            n.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
            n.getJoin().getMulticastConfig().setEnabled(false);
            n.getJoin().getAutoDetectionConfig().setEnabled(false);
            n.getJoin().getTcpIpConfig().setEnabled(true).addMember("127.0.0.1:" + session.port());
            HazelcastInstance other = Hazelcast.newHazelcastInstance(intruder);
            try {
                assertEquals(1, other.getCluster().getMembers().size(), "the intruder joined someone");
                assertEquals(List.of(0), c.members().stream().map(RankMember::rank).toList());
                assertEquals(1, c.size());
            } finally {
                other.getLifecycleService().terminate();
            }
        }
    }
}
