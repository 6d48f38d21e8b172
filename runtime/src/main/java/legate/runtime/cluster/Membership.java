package legate.runtime.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.RingbufferConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import legate.runtime.launch.RankEnvironment;

/**
 * This rank as an embedded Hazelcast member of its session: one cluster name per session, TCP-IP
 * join to rank 0, multicast and auto-detection off, phone-home off. Each member carries its rank,
 * host and pid; a member that stops answering is noticed within about 5 s (heartbeats every
 * second) and becomes a lost rank.
 */
final class Membership implements AutoCloseable {
    private static final String RANK_ATTRIBUTE = "legate.rank";
    private static final String PID_ATTRIBUTE = "legate.pid";
    private static final String HOST_ATTRIBUTE = "legate.host";

    private final HazelcastInstance hz;
    private final int rank;
    private final int size;
    private final PrintStream log;
    private final LostRanks lost = new LostRanks();

    private Membership(HazelcastInstance hz, int rank, int size, PrintStream log) {
        this.hz = hz;
        this.rank = rank;
        this.size = size;
        this.log = log;
    }

    /** A free TCP port on the interface of {@code host}, for a member to listen on. */
    static int freePort(String host) throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return s.getLocalPort();
        }
    }

    /**
     * Starts this rank's member; returns once it has joined rank 0's (rank 0: once all
     * {@code size} ranks have joined).
     */
    static Membership join(String name, int rank, int size, String host, int port, String coordinator, PrintStream log) {
        System.setProperty("hazelcast.logging.type", "none"); // read by loggers made before the config is
        Config c = new Config();
        c.setClusterName(name);
        c.setProperty("hazelcast.phone.home.enabled", "false");
        c.setProperty("hazelcast.logging.type", "none");
        c.setProperty("hazelcast.shutdownhook.enabled", "false");
        c.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        c.setProperty("hazelcast.max.no.heartbeat.seconds", "5");
        c.setProperty("hazelcast.wait.seconds.before.join", "0");
        c.setProperty("hazelcast.initial.min.cluster.size", Integer.toString(rank == 0 ? size : 1)); // rank 0 waits for all
        c.setProperty("hazelcast.socket.bind.any", "false");
        c.setProperty("hazelcast.partition.count", "31");
        c.getMemberAttributeConfig().setAttribute(RANK_ATTRIBUTE, Integer.toString(rank));
        c.getMemberAttributeConfig().setAttribute(PID_ATTRIBUTE, Long.toString(ProcessHandle.current().pid()));
        c.getMemberAttributeConfig().setAttribute(HOST_ATTRIBUTE, RankEnvironment.hostName());
        NetworkConfig n = c.getNetworkConfig();
        n.setPort(port).setPortAutoIncrement(false);
        n.getInterfaces().setEnabled(true).addInterface(host);
        n.setPublicAddress(host + ":" + port);
        JoinConfig j = n.getJoin();
        j.getMulticastConfig().setEnabled(false);
        j.getAutoDetectionConfig().setEnabled(false);
        j.getTcpIpConfig().setEnabled(true).addMember(coordinator).setRequiredMember(rank == 0 ? null : coordinator);
        c.addRingBufferConfig(new RingbufferConfig("legate.*").setCapacity(100_000).setBackupCount(0).setAsyncBackupCount(0));
        return new Membership(Hazelcast.newHazelcastInstance(c), rank, size, log);
    }

    /** The member, for the session's shared structures (ringbuffers, topics, maps). */
    HazelcastInstance hazelcast() {
        return hz;
    }

    int rank() {
        return rank;
    }

    int size() {
        return size;
    }

    /** From now on, a rank whose member leaves is lost. */
    void watchForLostRanks() {
        hz.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent e) {
            }

            @Override
            public void memberRemoved(MembershipEvent e) {
                String r = e.getMember().getAttribute(RANK_ATTRIBUTE);
                if (r != null) {
                    lost.add(Integer.parseInt(r));
                }
            }
        });
    }

    LostRanks lost() {
        return lost;
    }

    /** Every live rank, rank order. */
    List<RankMember> members() {
        List<RankMember> m = new ArrayList<>();
        for (Member x : hz.getCluster().getMembers()) {
            m.add(new RankMember(Integer.parseInt(x.getAttribute(RANK_ATTRIBUTE)), x.getAttribute(HOST_ATTRIBUTE),
                    Long.parseLong(x.getAttribute(PID_ATTRIBUTE))));
        }
        m.sort(Comparator.comparingInt(RankMember::rank));
        return m;
    }

    /** Leaves the cluster. */
    @Override
    public void close() {
        try {
            hz.shutdown();
        } catch (RuntimeException e) {
            log.println("legate: rank " + rank + ": leaving the cluster failed: " + e);
        }
    }
}
