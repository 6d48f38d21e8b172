package legate.runtime.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntConsumer;
import legate.runtime.launch.Rendezvous;

/**
 * A rank's connection to the other ranks of its session, the one object it holds for them: its
 * {@link Membership} on Hazelcast (the control plane), and over it the user's input (an
 * {@link OrderedBroadcast}) and {@link CellInterrupts}; the {@link DataPlane} (TCP), whose
 * endpoints (and rank 0's configuration) travel as member attributes, and over it the cells
 * ({@link CellBroadcast}), the {@link OutcomeGathering} and the {@link ClusterCommunicator} of the
 * array runtime and collectives.
 */
public final class Cluster implements AutoCloseable {
    private final Membership membership;
    private final CellBroadcast cells;
    private final OrderedBroadcast<String> stdin;
    private final DataPlane data;
    private final CellInterrupts interrupts;
    private final OutcomeGathering outcomes;
    private final ClusterCommunicator communicator;
    private final String config;
    /** What other ranks said they compute on, as {@link #processors} learnt it. */
    private final Map<Integer, String> processors = new ConcurrentHashMap<>();

    private Cluster(Membership membership, DataPlane data) {
        this.membership = membership;
        int size = membership.size();
        HazelcastInstance hz = membership.hazelcast();
        this.stdin = new OrderedBroadcast<>(hz.getRingbuffer("legate.stdin"));
        this.data = data;
        // the endpoints and rank 0's configuration came with the membership: no partitioned map on the way
        data.connect(membership.saidByEveryRank(Membership.ENDPOINT_ATTRIBUTE));
        this.config = membership.saidByEveryRank(Membership.CONFIG_ATTRIBUTE).get(0);
        this.interrupts = CellInterrupts.over(hz.getTopic("legate.interrupts"));
        membership.watchForLostRanks();
        membership.lost().onRankLost(data::forget);
        this.outcomes = new OutcomeGathering(data, size, membership.lost(), interrupts);
        this.cells = new CellBroadcast(data, size, membership.lost());
        this.communicator = new ClusterCommunicator(membership.rank(), size, data, membership.lost(), interrupts);
    }

    /** A free TCP port on the loopback interface, for a member to listen on. */
    public static int freePort() throws IOException {
        return freePort("127.0.0.1");
    }

    /** A free TCP port on the interface of {@code host}, for a member to listen on. */
    public static int freePort(String host) throws IOException {
        return Membership.freePort(host);
    }

    /**
     * Starts this rank's member and waits until all {@code size} ranks have joined (at most
     * {@code Membership.JOIN_TIMEOUT}).
     *
     * @param session the session: the cluster name and data-plane credentials, rank 0's ports
     * @param host    the address this rank listens on (127.0.0.1 when all ranks are local)
     * @param rank0   the address rank 0 listens on
     * @param config  on rank 0, what every rank should run with (see {@link #config()}); else ignored
     * @throws IllegalStateException the ranks did not meet; the message names who and where
     */
    public static Cluster join(Rendezvous session, int rank, int size, String host, String rank0, String config, PrintStream log) {
        DataPlane data = new DataPlane(rank, size, host, session, log); // listening before the others learn where
        java.util.Map<String, String> said = new java.util.HashMap<>();
        said.put(Membership.ENDPOINT_ATTRIBUTE, data.endpoint());
        if (rank == 0 && config != null) {
            said.put(Membership.CONFIG_ATTRIBUTE, config);
        }
        Membership membership;
        try {
            membership = Membership.join(session, rank, size, host, rank0, said, log);
        } catch (RuntimeException e) {
            data.close();
            throw e;
        }
        try {
            return new Cluster(membership, data);
        } catch (RuntimeException e) {
            data.close();
            membership.hazelcast().shutdown();
            throw e;
        }
    }

    /**
     * Rank 0 that cannot run the session: meets the other ranks only to tell them so ({@code config}
     * in place of its configuration, for them to read as they join), then waits until they have
     * left, at most {@code linger} after they joined. It listens for the data plane, which their
     * join connects to, but connects to none of them. When they do not all join within the join
     * timeout, says so on {@code log}.
     */
    public static void meetOnlyToEnd(Rendezvous session, int size, String host, String config, java.time.Duration linger,
                                        PrintStream log) {
        DataPlane data = new DataPlane(0, size, host, session, log);
        Membership membership;
        try {
            membership = Membership.join(session, 0, size, host, host,
                    java.util.Map.of(Membership.ENDPOINT_ATTRIBUTE, data.endpoint(), Membership.CONFIG_ATTRIBUTE, config), log);
        } catch (RuntimeException e) {
            data.close();
            log.println("legate: " + e.getMessage());
            return;
        }
        long deadline = System.nanoTime() + linger.toNanos();
        try {
            while (membership.members().size() > 1 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            membership.close();
            data.close();
        }
    }

    /** What rank 0 gave {@link #join} as the session's configuration, on every rank (null when it gave none). */
    public String config() {
        return config;
    }

    /**
     * Says what this rank computes on ("1 GPU (0: NVIDIA H200, ...)"), for every rank's
     * {@link #processors}. Does not wait: the map is partitioned, and right after the ranks meet
     * its first operation can wait seconds for Hazelcast's partitions to settle.
     */
    public void describeProcessors(String text) {
        shared().putAsync("processors." + membership.rank(), text);
    }

    /**
     * What each other rank said it computes on ({@link #describeProcessors}), by rank; waits up to
     * {@code PROCESSORS_WAIT} in all for live ranks that have not said yet, and leaves out those that
     * still have not (a rank lost after it said is in). An answer is kept: a rank's processors do
     * not change, and right after a loss the map's reads wait while Hazelcast moves the lost
     * members' partitions (seconds, more on a loaded machine).
     */
    public Map<Integer, String> processors() {
        long deadline = System.nanoTime() + PROCESSORS_WAIT.toNanos();
        while (true) {
            List<Integer> lost = lostRanks();
            List<Integer> missing = membership.members().stream().map(RankMember::rank)
                    .filter(r -> r != membership.rank() && !lost.contains(r) && !processors.containsKey(r)).toList();
            for (int r : missing) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    String p = shared().getAsync("processors." + r).toCompletableFuture().get(left, TimeUnit.NANOSECONDS);
                    if (p != null) {
                        processors.put(r, p);
                    }
                } catch (TimeoutException | ExecutionException e) {
                    // not known yet (or the map is moving after a loss): left out, as one that has not said
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return new java.util.TreeMap<>(processors);
                }
            }
            if (missing.stream().allMatch(processors::containsKey) || System.nanoTime() > deadline) {
                return new java.util.TreeMap<>(processors);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new java.util.TreeMap<>(processors);
            }
        }
    }

    /** What the ranks describe of themselves once they run: a map, made on first use (never during the start). */
    private IMap<String, String> shared() {
        return membership.hazelcast().getMap("legate.session");
    }

    /** How long {@link #processors} waits for a rank that has not described its processors yet. */
    static final java.time.Duration PROCESSORS_WAIT = java.time.Duration.ofSeconds(10);

    /** Every rank as it joined, rank order, those lost since included. */
    public List<RankMember> everyRank() {
        return membership.everyRank();
    }

    /** The ranks lost so far, in order. */
    public List<Integer> lostRanks() {
        return membership.lost().ranks();
    }

    /** What a user reads about the ranks lost so far: grouped by host, a host all of whose ranks are lost said so. */
    public String lostSummary() {
        return membership.lost().summary(membership.hosts());
    }

    public int rank() {
        return membership.rank();
    }

    public int size() {
        return membership.size();
    }

    /** Every live rank, rank order. */
    public List<RankMember> members() {
        return membership.members();
    }

    /**
     * Like {@link #lostSummary}, once the loss has settled: the ranks of a host that stopped
     * answering are named together although they are noticed up to {@code LOSS_SPREAD} apart.
     */
    public String settledLostSummary() throws InterruptedException {
        return membership.lost().settledSummary(membership.hosts(), membership.rank(), Membership.LOSS_SPREAD);
    }

    /** Tells {@code listener} of every rank lost (its JVM died or stopped answering), those lost already at once. */
    public void onRankLost(IntConsumer listener) {
        membership.lost().onRankLost(listener);
    }

    /** Rank 0's cells, to every rank in order. */
    public CellBroadcast cells() {
        return cells;
    }

    /** How each cell ended on each rank, gathered on rank 0. */
    public OutcomeGathering outcomes() {
        return outcomes;
    }

    /** Interrupting a cell on every rank. */
    public CellInterrupts interrupts() {
        return interrupts;
    }

    /** The lines rank 0 reads from the user, for every rank to read too. */
    public OrderedBroadcast<String> stdin() {
        return stdin;
    }

    /** The point-to-point byte blocks between ranks. */
    public DataPlane data() {
        return data;
    }

    /** The ranks as a communicator: what the array runtime and {@link legate.runtime.comm.Collectives} use. */
    public ClusterCommunicator communicator() {
        return communicator;
    }

    /** The data-plane tag of a rank's word to rank 0 that it has taken the session's last cell ({@link #end}). */
    static final long LEAVING_TAG = CellBroadcast.TAG - 1;

    /**
     * Ends this rank's part once the session is over (rank 0 has sent its last cell), without
     * Hazelcast's graceful leave: that hands a member's partitions to the others, and with every
     * rank leaving at once it took rank 0 a second (a 2-rank {@code legate} run, or a kernel's
     * shutdown or restart). Nothing the members hold outlives the session, so each is terminated
     * instead. A rank above 0 first tells rank 0 it has taken the last cell; rank 0 waits for that
     * word from every live rank, at most {@code wait}, so that no rank sees it vanish before it has
     * learnt that the session is over.
     */
    public void end(java.time.Duration wait) {
        if (membership.rank() == 0) {
            awaitLeaving(wait);
        } else {
            data.send(0, LEAVING_TAG, new byte[0]);
        }
        outcomes.close();
        data.close();
        membership.terminate();
    }

    /** Rank 0: until every other rank has said it leaves, or is lost, or {@code wait} has passed. */
    private void awaitLeaving(java.time.Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        boolean interrupted = Thread.interrupted(); // an interrupt of the closing thread must not cut the wait short
        try {
            for (int r = 1; r < size(); r++) {
                while (!membership.lost().contains(r) && data.receive(r, LEAVING_TAG, 20) == null) {
                    if (System.nanoTime() > deadline) {
                        return;
                    }
                }
            }
        } catch (InterruptedException e) {
            interrupted = true; // leaving anyway
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        outcomes.close();
        data.close();
        membership.close();
    }
}
