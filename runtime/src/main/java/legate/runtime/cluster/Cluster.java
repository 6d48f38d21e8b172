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
import com.hazelcast.map.IMap;
import com.hazelcast.ringbuffer.Ringbuffer;
import com.hazelcast.topic.ITopic;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntConsumer;
import java.util.function.LongConsumer;
import legate.runtime.comm.RankCommunicator;

/**
 * The control plane of a session's ranks on Hazelcast (embedded members, one cluster name per
 * session, TCP-IP join to rank 0, multicast and auto-detection off, phone-home off). Rank 0
 * sends cells in order (a Ringbuffer); interrupts go out on a topic; stdin lines through a
 * Ringbuffer. Outcomes, collectives and bulk data use the {@link DataPlane} (JeroMQ), whose
 * endpoints are exchanged here. A rank that stops answering is
 * noticed within about 5 s (heartbeats every second).
 */
public final class Cluster implements AutoCloseable {
    static final String RANK_ATTRIBUTE = "legate.rank";
    static final String PID_ATTRIBUTE = "legate.pid";
    static final String HOST_ATTRIBUTE = "legate.host";

    private final HazelcastInstance hz;
    private final int rank;
    private final int size;
    private final PrintStream log;
    private final Ringbuffer<CellRequest> cells;
    private final ITopic<Long> interrupts;
    private final Ringbuffer<String> stdin;
    private final DataPlane data;
    private final RankCommunicator communicator = new ClusterCommunicator(this);
    private final Set<Integer> lost = ConcurrentHashMap.newKeySet();
    private final List<IntConsumer> lostListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private long nextCellToRead;
    private volatile long currentCell = -1;
    private volatile long interruptedUpTo = -1;
    private long nextInputToRead;
    private long collectiveSeq;
    private static final int COLLECTIVE_BITS = 24;

    private Cluster(HazelcastInstance hz, int rank, int size, String host, PrintStream log) throws InterruptedException {
        this.hz = hz;
        this.rank = rank;
        this.size = size;
        this.log = log;
        this.cells = hz.getRingbuffer("legate.cells");
        this.interrupts = hz.getTopic("legate.interrupts");
        this.stdin = hz.getRingbuffer("legate.stdin");
        this.data = new DataPlane(rank, size, host, log);
        IMap<Integer, String> endpoints = hz.getMap("legate.endpoints");
        endpoints.put(rank, data.endpoint());
        while (endpoints.size() < size) { // every rank has joined: their endpoints follow at once
            Thread.sleep(2);
        }
        List<String> all = new ArrayList<>();
        for (int r = 0; r < size; r++) {
            all.add(endpoints.get(r));
        }
        data.connect(all);
        interrupts.addMessageListener(m -> interruptedUpTo = Math.max(interruptedUpTo, m.getMessageObject()));
        hz.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent e) {
            }

            @Override
            public void memberRemoved(MembershipEvent e) {
                String r = e.getMember().getAttribute(RANK_ATTRIBUTE);
                if (r != null) {
                    int lostRank = Integer.parseInt(r);
                    lost.add(lostRank);
                    lostListeners.forEach(l -> l.accept(lostRank));
                }
            }
        });
    }

    /** A free TCP port on the loopback interface, for a member to listen on. */
    public static int freePort() throws IOException {
        return freePort("127.0.0.1");
    }

    /** A free TCP port on the interface of {@code host}, for a member to listen on. */
    public static int freePort(String host) throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName(host))) {
            return s.getLocalPort();
        }
    }

    /**
     * Starts this rank's member and waits until all {@code size} ranks have joined.
     *
     * @param host        the address this member listens on (127.0.0.1 when all ranks are local)
     * @param coordinator rank 0's {@code host:port}: the address every member joins
     */
    public static Cluster join(String name, int rank, int size, String host, int port, String coordinator, PrintStream log) {
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
        c.getMemberAttributeConfig().setAttribute(HOST_ATTRIBUTE, legate.runtime.launch.RankEnvironment.hostName());
        NetworkConfig n = c.getNetworkConfig();
        n.setPort(port).setPortAutoIncrement(false);
        n.getInterfaces().setEnabled(true).addInterface(host);
        n.setPublicAddress(host + ":" + port);
        JoinConfig j = n.getJoin();
        j.getMulticastConfig().setEnabled(false);
        j.getAutoDetectionConfig().setEnabled(false);
        j.getTcpIpConfig().setEnabled(true).addMember(coordinator).setRequiredMember(rank == 0 ? null : coordinator);
        c.addRingBufferConfig(new RingbufferConfig("legate.*").setCapacity(100_000).setBackupCount(0).setAsyncBackupCount(0));
        HazelcastInstance hz = Hazelcast.newHazelcastInstance(c);
        try {
            return new Cluster(hz, rank, size, host, log);
        } catch (InterruptedException e) {
            hz.shutdown();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the ranks exchanged their data-plane addresses", e);
        }
    }

    public int rank() {
        return rank;
    }

    public int size() {
        return size;
    }

    /** One rank as it reported itself when it joined. */
    public record RankMember(int rank, String host, long pid) {
    }

    /** Every live rank, rank order. */
    public List<RankMember> members() {
        List<RankMember> m = new ArrayList<>();
        for (Member x : hz.getCluster().getMembers()) {
            m.add(new RankMember(Integer.parseInt(x.getAttribute(RANK_ATTRIBUTE)), x.getAttribute(HOST_ATTRIBUTE),
                    Long.parseLong(x.getAttribute(PID_ATTRIBUTE))));
        }
        m.sort((a, b) -> Integer.compare(a.rank(), b.rank()));
        return m;
    }


    public void onRankLost(IntConsumer listener) {
        lostListeners.add(listener);
        lost.forEach(listener::accept);
    }

    // ---- cells ----

    /** Rank 0: sends a cell to every rank. */
    public void publishCell(CellRequest cell) {
        cells.add(cell);
    }

    /** Ranks above 0: the next cell, in order; blocks until there is one. */
    public CellRequest nextCell() throws InterruptedException {
        return cells.readOne(nextCellToRead++);
    }

    /** Ranks above 0: how the cell ended here (over the data plane: a Hazelcast queue costs a millisecond or two). */
    public void reportOutcome(CellOutcome outcome) {
        data.send(0, outcomeTag(outcome.seq()), outcome.encode());
    }

    /** The last tag of a cell's range: collectives count up from the first. */
    private static long outcomeTag(long cellSeq) {
        return ((cellSeq + 1) << COLLECTIVE_BITS) - 1;
    }

    /** Outcomes that arrived while rank 0 still ran the cell, by rank (gather takes them). */
    private final java.util.Map<Integer, CellOutcome> arrived = new java.util.HashMap<>();

    /** Rank 0, while its own cell runs: the outcomes other ranks have already sent for cell {@code seq}. */
    public List<CellOutcome> arrivedOutcomes(long seq) {
        synchronized (arrived) {
            for (int r = 1; r < size; r++) {
                if (!arrived.containsKey(r)) {
                    byte[] b = data.queued(r, outcomeTag(seq));
                    if (b != null) {
                        arrived.put(r, CellOutcome.decode(b));
                    }
                }
            }
            return arrived.values().stream().filter(o -> o.seq() == seq).toList();
        }
    }

    /**
     * Rank 0: every other rank's outcome of cell {@code seq}, rank order. When a rank's cell has
     * failed (rank 0's: {@code mineFailed}) and others still run after {@link #STRAGGLER_MILLIS},
     * they are interrupted: a cell that failed on one rank may leave the others waiting for it
     * in an exchange forever.
     *
     * @throws RankLostException when a rank is lost before it answered
     */
    public List<CellOutcome> gather(long seq, boolean mineFailed) throws RankLostException, InterruptedException {
        List<CellOutcome> ordered = new ArrayList<>();
        long failedAt = mineFailed ? System.nanoTime() : -1;
        boolean interrupted = false;
        for (int r = 1; r < size; r++) {
            CellOutcome o;
            synchronized (arrived) {
                o = arrived.remove(r);
            }
            if (o == null || o.seq() != seq) {
                byte[] b;
                while ((b = data.receive(r, outcomeTag(seq), 200)) == null) {
                    if (lost.contains(r)) {
                        throw new RankLostException(r, "rank " + r + " stopped (its JVM died or stopped answering)");
                    }
                    if (failedAt < 0 && ordered.stream().anyMatch(x -> !x.ok())) {
                        failedAt = System.nanoTime();
                    }
                    if (!interrupted && failedAt >= 0 && System.nanoTime() - failedAt > STRAGGLER_MILLIS * 1_000_000L) {
                        broadcastInterrupt(seq);
                        interrupted = true;
                    }
                }
                o = CellOutcome.decode(b);
            }
            ordered.add(o);
        }
        return ordered;
    }

    /** How long ranks may go on with a cell that failed elsewhere before they are interrupted. */
    public static final long STRAGGLER_MILLIS = 1000;

    // ---- interrupts and input ----

    public void broadcastInterrupt(long seq) {
        interrupts.publish(seq);
    }

    public void onInterrupt(LongConsumer listener) {
        interrupts.addMessageListener(m -> listener.accept(m.getMessageObject()));
    }

    /** Rank 0: a line the user typed, for the other ranks to read too. */
    public void publishInput(String line) {
        stdin.add(line);
    }

    /** Ranks above 0: the next line rank 0 read. */
    public String nextInput() throws InterruptedException {
        return stdin.readOne(nextInputToRead++);
    }

    // ---- collectives: rank-ordered, so every rank gets the same bits ----

    /**
     * Called by every rank as it starts cell {@code cellSeq}: collectives are numbered within
     * the cell, so what an interrupted cell left half done never pairs with a later one.
     */
    public synchronized void beginCell(long cellSeq) {
        currentCell = cellSeq;
        collectiveSeq = cellSeq << COLLECTIVE_BITS;
        data.discardBelow(collectiveSeq);
    }

    /** The next tag of this cell's collective sequence, for the array runtime's exchanges. */
    public synchronized long nextTag() {
        return collectiveSeq++;
    }

    /**
     * Rank {@code from}'s block with this tag; waits for it, but not for a rank that is gone:
     * then it fails (the cell fails, and rank 0 reports the lost rank).
     */
    public byte[] receive(int from, long tag) throws InterruptedException {
        byte[] b;
        while ((b = data.receive(from, tag, 200)) == null) {
            if (interruptedUpTo >= currentCell) { // also on a thread JShell cannot stop (a value's toString)
                throw new IllegalStateException("the cell was interrupted while this rank waited for rank " + from);
            }
            if (lost.contains(from)) {
                throw new IllegalStateException("rank " + from + " stopped (its JVM died or stopped answering) while this rank "
                        + "waited for it");
            }
        }
        return b;
    }

    /** The point-to-point byte blocks between ranks, for the array runtime. */
    public DataPlane data() {
        return data;
    }

    /** The ranks as a communicator: what the array runtime and {@link legate.runtime.comm.Collectives} use. */
    public RankCommunicator communicator() {
        return communicator;
    }

    @Override
    public void close() {
        data.close();
        try {
            hz.shutdown();
        } catch (RuntimeException e) {
            log.println("legate: rank " + rank + ": leaving the cluster failed: " + e);
        }
    }
}
