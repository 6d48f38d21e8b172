package legate.runtime.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.topic.ITopic;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import legate.runtime.launch.Rendezvous;

/**
 * A rank's connection to the other ranks of its session, the one object it holds for them: its
 * {@link Membership} on Hazelcast (the control plane), and over it the user's input (an
 * {@link OrderedBroadcast}) and {@link CellInterrupts}; the {@link DataPlane} (TCP), whose
 * endpoints are exchanged here, and over it the cells ({@link CellBroadcast}), the
 * {@link OutcomeGathering} and the {@link ClusterCommunicator} of the array runtime and collectives.
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
    private final IMap<String, String> shared;

    private Cluster(Membership membership, Rendezvous session, String host, String config, PrintStream log) throws InterruptedException {
        this.membership = membership;
        int rank = membership.rank();
        int size = membership.size();
        HazelcastInstance hz = membership.hazelcast();
        ITopic<Long> interruptTopic = hz.getTopic("legate.interrupts");
        this.stdin = new OrderedBroadcast<>(hz.getRingbuffer("legate.stdin"));
        IMap<String, String> shared = hz.getMap("legate.session");
        this.shared = shared;
        if (rank == 0 && config != null) {
            shared.put("config", config); // before the endpoints: a rank that has every endpoint finds it
        }
        this.data = new DataPlane(rank, size, host, session, log);
        data.connect(exchangeEndpoints(hz.getMap("legate.endpoints"), rank, size, data.endpoint()));
        this.config = rank == 0 ? config : shared.get("config");
        this.interrupts = CellInterrupts.over(interruptTopic);
        membership.watchForLostRanks();
        membership.lost().onRankLost(data::forget);
        this.outcomes = new OutcomeGathering(data, size, membership.lost(), interrupts);
        this.cells = new CellBroadcast(data, size, membership.lost());
        this.communicator = new ClusterCommunicator(rank, size, data, membership.lost(), interrupts);
    }

    /** Every rank's data-plane endpoint, rank order, once each has put its own. */
    private static List<String> exchangeEndpoints(IMap<Integer, String> endpoints, int rank, int size, String mine)
            throws InterruptedException {
        endpoints.put(rank, mine);
        while (endpoints.size() < size) { // every rank has joined: their endpoints follow at once
            Thread.sleep(2);
        }
        List<String> all = new ArrayList<>();
        for (int r = 0; r < size; r++) {
            all.add(endpoints.get(r));
        }
        return all;
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
        Membership membership = Membership.join(session, rank, size, host, rank0, log);
        try {
            return new Cluster(membership, session, host, config, log);
        } catch (InterruptedException e) {
            membership.hazelcast().shutdown();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the ranks exchanged their data-plane addresses", e);
        } catch (RuntimeException e) {
            membership.hazelcast().shutdown();
            throw e;
        }
    }

    /** What rank 0 gave {@link #join} as the session's configuration, on every rank (null when it gave none). */
    public String config() {
        return config;
    }

    /** Says what this rank computes on ("1 GPU (0: NVIDIA H200, ...)"), for every rank's {@link #processors}. */
    public void describeProcessors(String text) {
        shared.put("processors." + membership.rank(), text);
    }

    /** What each rank said it computes on ({@link #describeProcessors}), by rank; a rank that has not said yet is missing. */
    public java.util.Map<Integer, String> processors() {
        java.util.Map<Integer, String> out = new java.util.TreeMap<>();
        for (int r = 0; r < membership.size(); r++) {
            String p = shared.get("processors." + r);
            if (p != null) {
                out.put(r, p);
            }
        }
        return out;
    }

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

    @Override
    public void close() {
        outcomes.close();
        data.close();
        membership.close();
    }
}
