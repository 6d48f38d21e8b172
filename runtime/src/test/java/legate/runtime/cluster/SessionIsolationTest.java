package legate.runtime.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import legate.runtime.launch.Rendezvous;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

/** Only the ranks of a session get in: on the data plane (a proof of the session key) and the control plane (the cluster name). */
class SessionIsolationTest {
    private static final long TAG = 7;

    /** Sends one block to {@code inbox} as rank 1 would, with the given credentials; closes at once. */
    private static void sendAs(String endpoint, String user, String password) {
        try (ZMQ.Context ctx = ZMQ.context(1); ZMQ.Socket s = ctx.socket(SocketType.DEALER)) {
            s.setIdentity(ByteBuffer.allocate(4).putInt(1).array());
            if (user != null) {
                s.setPlainUsername(user);
                s.setPlainPassword(password);
            }
            s.setLinger(2000);
            s.connect(endpoint);
            s.send(ByteBuffer.allocate(8).putLong(TAG).array(), ZMQ.SNDMORE);
            s.send(("from " + user).getBytes(StandardCharsets.UTF_8), 0);
        }
    }

    @Test
    void aDataPlanePeerWithoutTheSessionsProofIsRefusedAndOneWithItGetsIn() throws Exception {
        Rendezvous session = Rendezvous.create("127.0.0.1");
        Rendezvous another = Rendezvous.create("127.0.0.1");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (DataPlane rank0 = new DataPlane(0, 2, "127.0.0.1", session, new PrintStream(log, true, StandardCharsets.UTF_8))) {
            assertTrue(rank0.endpoint().startsWith("tcp://127.0.0.1:"), rank0.endpoint());
            sendAs(rank0.endpoint(), null, null);                                     // no credentials at all
            sendAs(rank0.endpoint(), "1", another.dataPlaneProof(1, 0));             // another session's rank 1
            sendAs(rank0.endpoint(), "1", session.dataPlaneProof(1, 2));             // this session, but a proof for another rank
            assertNull(rank0.receive(1, TAG, 1500), "a block from a peer that did not prove the key was delivered");
            sendAs(rank0.endpoint(), "1", session.dataPlaneProof(1, 0));             // rank 1 of this session
            byte[] got = rank0.receive(1, TAG, 10_000);
            assertArrayEquals("from 1".getBytes(StandardCharsets.UTF_8), got);
        }
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("refused a data-plane connection from"), log.toString());
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
