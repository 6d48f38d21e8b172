package legate.runtime.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.topic.ITopic;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * A rank's connection to the other ranks of its session, the one object it holds for them: its
 * {@link Membership} on Hazelcast (the control plane), and over it the cells and the user's input
 * ({@link OrderedBroadcast}s) and {@link CellInterrupts}; the {@link DataPlane} (JeroMQ), whose
 * endpoints are exchanged here, and over it the {@link OutcomeGathering} and the
 * {@link ClusterCommunicator} of the array runtime and collectives.
 */
public final class Cluster implements AutoCloseable {
    private final Membership membership;
    private final OrderedBroadcast<CellRequest> cells;
    private final OrderedBroadcast<String> stdin;
    private final DataPlane data;
    private final CellInterrupts interrupts;
    private final OutcomeGathering outcomes;
    private final ClusterCommunicator communicator;

    private Cluster(Membership membership, String host, PrintStream log) throws InterruptedException {
        this.membership = membership;
        int rank = membership.rank();
        int size = membership.size();
        HazelcastInstance hz = membership.hazelcast();
        this.cells = new OrderedBroadcast<>(hz.getRingbuffer("legate.cells"));
        ITopic<Long> interruptTopic = hz.getTopic("legate.interrupts");
        this.stdin = new OrderedBroadcast<>(hz.getRingbuffer("legate.stdin"));
        this.data = new DataPlane(rank, size, host, log);
        data.connect(exchangeEndpoints(hz.getMap("legate.endpoints"), rank, size, data.endpoint()));
        this.interrupts = CellInterrupts.over(interruptTopic);
        membership.watchForLostRanks();
        this.outcomes = new OutcomeGathering(data, size, membership.lost(), interrupts);
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
     * Starts this rank's member and waits until all {@code size} ranks have joined.
     *
     * @param host        the address this member listens on (127.0.0.1 when all ranks are local)
     * @param coordinator rank 0's {@code host:port}: the address every member joins
     */
    public static Cluster join(String name, int rank, int size, String host, int port, String coordinator, PrintStream log) {
        Membership membership = Membership.join(name, rank, size, host, port, coordinator, log);
        try {
            return new Cluster(membership, host, log);
        } catch (InterruptedException e) {
            membership.hazelcast().shutdown();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the ranks exchanged their data-plane addresses", e);
        }
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

    /** Tells {@code listener} of every rank lost (its JVM died or stopped answering), those lost already at once. */
    public void onRankLost(IntConsumer listener) {
        membership.lost().onRankLost(listener);
    }

    /** Rank 0's cells, to every rank in order. */
    public OrderedBroadcast<CellRequest> cells() {
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
