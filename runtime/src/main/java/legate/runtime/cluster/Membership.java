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
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import legate.runtime.launch.RankEnvironment;
import legate.runtime.launch.Rendezvous;

/**
 * This rank as an embedded Hazelcast member of its session: one cluster name per session, TCP-IP
 * join to rank 0 (the first free of the session's ports), multicast and auto-detection off,
 * phone-home off; the cluster name is derived from the session key. Each member carries its rank,
 * host and pid; a member that stops answering is noticed within about 5 s (heartbeats every
 * second) and becomes a lost rank.
 */
final class Membership implements AutoCloseable {
    private static final String RANK_ATTRIBUTE = "legate.rank";
    private static final String PID_ATTRIBUTE = "legate.pid";
    private static final String HOST_ATTRIBUTE = "legate.host";
    /** What a rank says of itself when it joins, beside its rank, pid and host: it arrives with the membership. */
    static final String ENDPOINT_ATTRIBUTE = "legate.endpoint";
    static final String CONFIG_ATTRIBUTE = "legate.config";

    /**
     * How far apart the ranks of one silent host are noticed: their last heartbeats (one a second)
     * and the detector's checks (one a second) each differ by up to a second.
     */
    static final Duration LOSS_SPREAD = Duration.ofMillis(2500);

    private final HazelcastInstance hz;
    private final int rank;
    private final int size;
    private final PrintStream log;
    private final LostRanks lost = new LostRanks();
    private final long deadline;
    private volatile List<RankMember> joined = List.of();

    private Membership(HazelcastInstance hz, int rank, int size, long deadline, PrintStream log) {
        this.hz = hz;
        this.deadline = deadline;
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
     * How long the ranks have to meet: then the ranks missing are named, and every rank gives up.
     * The other ranks try in steps of {@link #JOIN_TRY} until then, so a rank 0 still starting on two
     * busy cores (the CI's suite: once more than 10 s) is met by a later try.
     */
    static final Duration JOIN_TIMEOUT = Duration.ofSeconds(30);

    /**
     * How long one try of a rank but 0 waits for an answer from what listens in rank 0's range: a
     * program that accepts and never answers holds a try this long, then the range is looked at
     * again (rank 0 may have started listening on a later port meanwhile). On loopback a rank joins
     * a running rank 0 in well under a second.
     */
    static final Duration JOIN_TRY = Duration.ofSeconds(5);

    /**
     * Starts this rank's member; returns once it has joined rank 0's (rank 0: once all
     * {@code size} ranks have joined).
     *
     * @param session   the session: its cluster name, and rank 0's ports
     * @param host      the address this member listens on
     * @param rank0     the address rank 0 listens on
     * @param said      what this rank tells the others as it joins (name to value; see {@link #saidByEveryRank})
     * @throws IllegalStateException the ranks did not meet within {@link #JOIN_TIMEOUT}; the message says who and where
     */
    static Membership join(Rendezvous session, int rank, int size, String host, String rank0, java.util.Map<String, String> said,
            PrintStream log) {
        long deadline = System.nanoTime() + JOIN_TIMEOUT.toNanos();
        System.setProperty("hazelcast.logging.type", "none"); // read by loggers made before the config is
        String where = rank0 + ":" + session.port() + "-" + (session.port() + Rendezvous.PORTS - 1);
        return rank == 0 ? startRank0(session, size, host, said, where, deadline, log)
                : joinRank0(session, rank, size, host, rank0, said, where, deadline, log);
    }

    /**
     * Rank 0: listens on the first free port of the session's range (another program, or a rank 0
     * of an earlier session still leaving, may hold the first), named as its only TCP member so that
     * it never tries to join what listens on the others; returns once every rank has joined.
     */
    private static Membership startRank0(Rendezvous session, int size, String host, java.util.Map<String, String> said, String where,
            long deadline, PrintStream log) {
        List<String> taken = new ArrayList<>();
        for (int p = session.port(); p < session.port() + Rendezvous.PORTS; p++) {
            if (!free(host, p)) {
                taken.add(Integer.toString(p));
                continue;
            }
            HazelcastInstance hz;
            try {
                hz = Hazelcast.newHazelcastInstance(config(session, 0, host, said, p, List.of(host + ":" + p), JOIN_TIMEOUT.toSeconds() - 10));
            } catch (RuntimeException e) {
                if (!free(host, p)) { // taken between the look and Hazelcast's bind: the next one
                    taken.add(Integer.toString(p));
                    continue;
                }
                throw new IllegalStateException("rank 0 on host " + RankEnvironment.hostName() + " (" + host + ") could not start listening at "
                        + host + ":" + p + " (Hazelcast: " + e.getMessage() + ")", e);
            }
            Membership m = new Membership(hz, 0, size, deadline, log);
            try {
                m.awaitEveryRank(host + ":" + p);
            } catch (RuntimeException e) {
                hz.getLifecycleService().terminate();
                throw e;
            }
            return m;
        }
        throw new IllegalStateException("rank 0 on host " + RankEnvironment.hostName() + " (" + host + ") could not start listening at "
                + where + ": no port of the session's range was free (" + String.join(", ", taken) + "); end what holds them, or start "
                + "the session again (a new session takes other ports)");
    }

    /**
     * Whether nothing listens on {@code host:port} (this process could bind it).
     *
     * @throws IllegalStateException the address cannot be bound for another reason than a port in use (not an address of this
     *                               machine, say): the message says which and why
     */
    private static boolean free(String host, int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true); // as Hazelcast binds: a port whose last connection is in TIME_WAIT is free
            s.bind(new InetSocketAddress(InetAddress.getByName(host), port), 1);
            return true;
        } catch (java.net.BindException e) {
            if (String.valueOf(e.getMessage()).contains("in use")) {
                return false;
            }
            throw new IllegalStateException("rank 0 on host " + RankEnvironment.hostName() + " cannot listen at " + host + ":" + port + ": "
                    + e.getMessage() + " (is " + host + " an address of this machine?)", e);
        } catch (IOException e) {
            throw new IllegalStateException("rank 0 on host " + RankEnvironment.hostName() + " cannot listen at " + host + ":" + port + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * A rank but 0: joins rank 0 where something listens in the session's range. What listens may
     * not be rank 0 (another program; rank 0 not started yet, then listening on a later port; a
     * join given up on two busy cores): until the deadline, a try that did not meet rank 0 is ended
     * and the range looked at again.
     */
    private static Membership joinRank0(Rendezvous session, int rank, int size, String host, String rank0, java.util.Map<String, String> said,
            String where, long deadline, PrintStream log) {
        String met = "no member of this session answered there";
        while (true) {
            // each address Hazelcast tries in vain costs a second: only those where something listens
            List<String> members = listening(rank, host, rank0, session.port(), where, deadline).stream().map(p -> rank0 + ":" + p).toList();
            long left = TimeUnit.NANOSECONDS.toSeconds(deadline - System.nanoTime());
            int port;
            try {
                port = Ports.free(host, session);
            } catch (IOException e) {
                throw new IllegalStateException("no free port on " + host + ": " + e.getMessage(), e);
            }
            HazelcastInstance hz = null;
            try {
                hz = Hazelcast.newHazelcastInstance(config(session, rank, host, said, port, members, Math.max(1, Math.min(left - 2,
                        JOIN_TRY.toSeconds()))));
            } catch (RuntimeException e) {
                met = "what listens there is not a member of this session (another session's, or another program; Hazelcast: "
                        + e.getMessage() + ")";
            }
            if (hz != null) {
                Membership m = new Membership(hz, rank, size, deadline, log);
                boolean joined;
                try {
                    joined = m.rank0Joined(Math.min(deadline, System.nanoTime() + TimeUnit.SECONDS.toNanos(2)));
                } catch (RuntimeException e) { // interrupted: this try's member must not outlive it
                    hz.getLifecycleService().terminate();
                    throw e;
                }
                if (joined) {
                    return m;
                }
                hz.getLifecycleService().terminate();
                met = "no member of this session answered there";
            }
            if (System.nanoTime() > deadline) {
                throw cannotJoin(rank, host, where, met);
            }
            pause(200);
        }
    }

    /** The configuration of this rank's member: listening on {@code host:port}, joining through {@code members}. */
    private static Config config(Rendezvous session, int rank, String host, java.util.Map<String, String> said, int port, List<String> members,
            long joinSeconds) {
        Config c = new Config();
        c.setClusterName(session.clusterName()); // a member of another session has another name and is refused
        c.setProperty("hazelcast.phone.home.enabled", "false");
        c.setProperty("hazelcast.logging.type", "none");
        c.setProperty("hazelcast.shutdownhook.enabled", "false");
        c.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        c.setProperty("hazelcast.max.no.heartbeat.seconds", "5");
        c.setProperty("hazelcast.wait.seconds.before.join", "0");
        c.setProperty("hazelcast.max.join.seconds", Long.toString(joinSeconds));
        c.setProperty("hazelcast.socket.bind.any", "false");
        c.setProperty("hazelcast.partition.count", "31");
        c.getMemberAttributeConfig().setAttribute(RANK_ATTRIBUTE, Integer.toString(rank));
        c.getMemberAttributeConfig().setAttribute(PID_ATTRIBUTE, Long.toString(ProcessHandle.current().pid()));
        c.getMemberAttributeConfig().setAttribute(HOST_ATTRIBUTE, RankEnvironment.hostName());
        said.forEach(c.getMemberAttributeConfig()::setAttribute);
        NetworkConfig n = c.getNetworkConfig();
        n.setPort(port).setPortAutoIncrement(false);
        n.getInterfaces().setEnabled(true).addInterface(host);
        JoinConfig j = n.getJoin();
        j.getMulticastConfig().setEnabled(false);
        j.getAutoDetectionConfig().setEnabled(false);
        var tcp = j.getTcpIpConfig().setEnabled(true).setConnectionTimeoutSeconds(5);
        members.forEach(tcp::addMember);
        c.addRingBufferConfig(new RingbufferConfig("legate.*").setCapacity(100_000).setBackupCount(0).setAsyncBackupCount(0));
        return c;
    }

    /**
     * The ports of rank 0's range where something listens, once something does (rank 0 may start
     * after this rank); a port of another program is told apart later, by the cluster name.
     *
     * @throws IllegalStateException nothing listens there before the deadline: says what the last try met
     */
    private static List<Integer> listening(int rank, String host, String rank0, int first, String where, long deadline) {
        String last = "nothing listened";
        while (true) {
            List<Integer> open = new ArrayList<>();
            for (int p = first; p < first + Rendezvous.PORTS; p++) {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(rank0, p), 2000);
                    open.add(p);
                } catch (ConnectException e) {
                    last = "connection refused"; // nothing on this port: the next one, at once
                } catch (IOException e) {
                    last = e.getMessage() == null ? e.toString() : e.getMessage(); // unreachable: no use trying the rest now
                    break;
                }
            }
            if (!open.isEmpty()) {
                return open;
            }
            if (System.nanoTime() > deadline) {
                throw cannotJoin(rank, host, where, last);
            }
            pause(100);
        }
    }

    /** A rank's error when it did not meet rank 0 in time: who, where, what it met, what to look at. */
    private static IllegalStateException cannotJoin(int rank, String host, String where, String met) {
        return new IllegalStateException("rank " + rank + " on host " + RankEnvironment.hostName() + " (" + host
                + ") could not join rank 0 at " + where + " within " + JOIN_TIMEOUT.toSeconds() + " s: " + met
                + " (is rank 0 running, is the address reachable from here, does a firewall block the ports?)");
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the ranks met", e);
        }
    }

    /** Whether rank 0 is a member of this rank's cluster by {@code until} (System.nanoTime). */
    private boolean rank0Joined(long until) {
        while (true) {
            if (members().stream().anyMatch(r -> r.rank() == 0)) {
                return true;
            }
            if (System.nanoTime() > until) {
                return false;
            }
            pause(20);
        }
    }

    /** Rank 0: until all ranks are members. */
    private void awaitEveryRank(String at) {
        while (true) {
            // distinct ranks: a rank's member from an earlier try of its own may linger until its heartbeats stop
            List<Integer> present = members().stream().map(RankMember::rank).distinct().toList();
            if (present.size() >= size) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(missing(present) + " did not join rank 0 on host " + RankEnvironment.hostName()
                        + " at " + at + " within " + JOIN_TIMEOUT.toSeconds() + " s (each rank that could not says why on its "
                        + "standard error)");
            }
            pause(20);
        }
    }

    /** The ranks of this session not among {@code present}, as a message names them: "rank 2", "ranks 1, 3". */
    private String missing(java.util.Collection<Integer> present) {
        List<String> missing = new ArrayList<>();
        for (int r = 0; r < size; r++) {
            if (!present.contains(r)) {
                missing.add(Integer.toString(r));
            }
        }
        return (missing.size() == 1 ? "rank " : "ranks ") + String.join(", ", missing);
    }

    /**
     * What every rank said as it joined under {@code name}, rank order (null where a rank said
     * nothing under it), once every rank is a member: no partitioned structure is touched, so no
     * rank waits for Hazelcast to spread its partitions over the members that just joined (which
     * took up to 10 s on two cores).
     *
     * @throws IllegalStateException not every rank was a member by the join's deadline; says which are missing
     */
    List<String> saidByEveryRank(String name) {
        while (true) {
            java.util.Map<Integer, String> said = new java.util.TreeMap<>();
            for (Member x : hz.getCluster().getMembers()) {
                said.put(Integer.parseInt(x.getAttribute(RANK_ATTRIBUTE)), x.getAttribute(name));
            }
            if (said.size() >= size) {
                return new ArrayList<>(said.values());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("rank " + rank + " on host " + RankEnvironment.hostName() + " met rank 0, but "
                        + missing(said.keySet()) + " did not join within " + JOIN_TIMEOUT.toSeconds() + " s (each rank that could not says why on its standard error)");
            }
            pause(2);
        }
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
        joined = members();
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

    /** Every rank as it joined, rank order (lost ranks included). */
    List<RankMember> everyRank() {
        return joined;
    }

    /** Every rank's host, rank order, as they joined (lost ranks included). */
    List<String> hosts() {
        return joined.stream().map(RankMember::host).toList();
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

    /** Leaves the cluster at once: what this member holds is not handed to the others (see {@link Cluster#end}). */
    void terminate() {
        try {
            hz.getLifecycleService().terminate();
        } catch (RuntimeException e) {
            log.println("legate: rank " + rank + ": leaving the cluster failed: " + e);
        }
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
