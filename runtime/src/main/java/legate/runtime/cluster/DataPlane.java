package legate.runtime.cluster;

import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import legate.runtime.launch.Rendezvous;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

/**
 * Point-to-point byte blocks between ranks over JeroMQ: each rank receives on one ROUTER socket
 * (owned by its receive thread, which files blocks by sender and tag) and sends to each peer
 * through a DEALER socket of its own, used under that socket's lock. Blocks between two ranks
 * arrive in the order they were sent. Endpoints are exchanged through the control plane.
 *
 * <p>Only the session's ranks get in: a peer connects with ZeroMQ's PLAIN mechanism, its user
 * name its rank and its password {@link Rendezvous#dataPlaneProof} for that pair of ranks (an
 * HMAC of the session key, which never travels), and this rank's ZAP handler refuses any other
 * before a byte of it is read. The blocks themselves are not encrypted (ZeroMQ's CURVE does that
 * in JeroMQ at about 25 MB/s, a hundredth of the link): see docs/ranks.md for what that means.
 */
public final class DataPlane implements AutoCloseable {
    private final int rank;
    /** Kernel socket buffers large enough for a megabyte block in flight. */
    private static final int TCP_BUFFER = 4 << 20;
    private final ZMQ.Context context = ZMQ.context(1);
    private final ZMQ.Socket inbox;
    private final String endpoint;
    private final ZMQ.Socket[] peers;
    private final Map<Long, BlockingQueue<byte[]>> queues = new ConcurrentHashMap<>();
    private final Thread receiver;
    private final PrintStream log;
    private volatile boolean closing;
    private final Rendezvous session;
    private final Gate gate;

    /** Binds this rank's inbox on {@code host} (an ephemeral port), letting in the ranks of {@code session} only. */
    public DataPlane(int rank, int size, String host, Rendezvous session, PrintStream log) {
        this.rank = rank;
        this.log = log;
        this.session = session;
        this.peers = new ZMQ.Socket[size];
        this.gate = new Gate(context, rank, size, session, log); // before the inbox: ZeroMQ asks it about every peer
        inbox = context.socket(SocketType.ROUTER);
        inbox.setPlainServer(true);
        inbox.setZAPDomain(Gate.DOMAIN);
        inbox.setRcvHWM(0);
        inbox.setReceiveBufferSize(TCP_BUFFER);
        inbox.setLinger(0);
        int port = inbox.bindToRandomPort("tcp://" + host);
        endpoint = "tcp://" + host + ":" + port;
        receiver = new Thread(this::receive, "data-plane-" + rank);
        receiver.setDaemon(true);
        receiver.start();
    }

    public String endpoint() {
        return endpoint;
    }

    /** Connects to every peer's inbox; {@code endpoints} in rank order. */
    public void connect(List<String> endpoints) {
        for (int r = 0; r < peers.length; r++) {
            if (r == rank) {
                continue;
            }
            ZMQ.Socket s = context.socket(SocketType.DEALER);
            s.setIdentity(ByteBuffer.allocate(4).putInt(rank).array());
            s.setPlainUsername(Integer.toString(rank));
            s.setPlainPassword(session.dataPlaneProof(rank, r));
            s.setSndHWM(0);
            s.setSendBufferSize(TCP_BUFFER);
            s.setLinger(1000);
            s.connect(endpoints.get(r));
            peers[r] = s;
        }
    }

    /** Sends {@code data} to rank {@code to}, labelled {@code tag}. */
    public void send(int to, long tag, byte[] data) {
        if (to == rank) {
            queue(rank, tag).add(data);
            return;
        }
        ZMQ.Socket s = peers[to];
        synchronized (s) {
            s.send(ByteBuffer.allocate(8).putLong(tag).array(), ZMQ.SNDMORE);
            s.send(data, 0);
        }
    }

    /** The next block from rank {@code from} labelled {@code tag}; waits for it (interruptibly). */
    public byte[] receive(int from, long tag) throws InterruptedException {
        // queues stay in the map (removing an empty one races with the receive thread filing into
        // it); those of finished exchanges go with discardBelow
        return queue(from, tag).take();
    }

    /** Like {@link #receive}, but gives up after {@code millis}: null then. */
    public byte[] receive(int from, long tag, long millis) throws InterruptedException {
        return queue(from, tag).poll(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** The next block from rank {@code from} labelled {@code tag} if it has arrived, else null (no waiting). */
    public byte[] queued(int from, long tag) {
        return queue(from, tag).poll();
    }

    /** Drops blocks whose tag is below {@code tag} (left by an interrupted exchange). */
    public void discardBelow(long tag) {
        queues.keySet().removeIf(k -> (k & TAG_MASK) < (tag & TAG_MASK));
    }

    private static final long TAG_MASK = (1L << 48) - 1;

    private static long key(int from, long tag) {
        return ((long) from << 48) | (tag & TAG_MASK);
    }

    private BlockingQueue<byte[]> queue(int from, long tag) {
        return queues.computeIfAbsent(key(from, tag), k -> new LinkedBlockingQueue<>());
    }

    private void receive() {
        try {
            while (!closing) {
                byte[] identity = inbox.recv(0);
                if (identity == null) {
                    continue;
                }
                byte[] tag = inbox.recv(0);
                byte[] data = inbox.recv(0);
                if (identity.length != 4 || tag == null || tag.length != 8 || data == null) {
                    log.println("legate: rank " + rank + ": dropped a malformed data-plane message");
                    continue;
                }
                queue(ByteBuffer.wrap(identity).getInt(), ByteBuffer.wrap(tag).getLong()).add(data);
            }
        } catch (ZMQException e) {
            // the context is closing
        } finally {
            inbox.close();
        }
    }

    @Override
    public void close() {
        closing = true;
        for (ZMQ.Socket s : peers) {
            if (s != null) {
                synchronized (s) {
                    s.close();
                }
            }
        }
        gate.close();
        Thread t = new Thread(context::term, "data-plane-term");
        t.setDaemon(true);
        t.start();
        try {
            t.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
