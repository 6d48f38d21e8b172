package legate.runtime.cluster;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import legate.runtime.launch.Rendezvous;

/**
 * Point-to-point byte blocks between ranks over plain TCP: one connection for each ordered pair of
 * ranks. A sender writes a block (tag, length, bytes) straight onto its connection to the peer,
 * under that connection's lock; the peer's reader thread for that connection files it by sender
 * and tag. Blocks between two ranks arrive in the order they were sent. Endpoints are exchanged
 * through the control plane.
 *
 * <p>Only the session's ranks get in: a connection starts with a mutual challenge-response
 * ({@link Handshake}) in which each side proves the session key without revealing it; a peer that
 * fails it is refused before a block of it is read, and said once per address on the log. The
 * blocks themselves are not encrypted: see docs/ranks.md for what that means.
 *
 * <p>A send never waits for the peer to take a block: every reader drains its connection at once
 * into unbounded queues, so a write blocks only while the peer's JVM is gone or stalled, and a
 * peer the session has lost is {@link #forget forgotten}, which ends such a write.
 */
public final class DataPlane implements AutoCloseable {
    // The kernel's socket buffers are left to its autotuning: set explicitly (4 MiB, as under
    // ZeroMQ), the bandwidth fell to 0.3-0.5 of a plain socket's (bench/RanksBench.java).
    /** Blocks up to this size go in one write with their header. */
    private static final int SMALL = 64 << 10;
    /** The largest block a peer may announce: an array partition's, with room. */
    private static final int MAX_BLOCK = Integer.MAX_VALUE - 64;
    /** How long a peer has to connect and prove itself. */
    static final int HANDSHAKE_MILLIS = 10_000;

    private final int rank;
    private final int size;
    private final ServerSocket inbox;
    private final String endpoint;
    private final Peer[] peers;
    private final Map<Long, BlockingQueue<byte[]>> queues = new ConcurrentHashMap<>();
    private final Set<Socket> accepted = ConcurrentHashMap.newKeySet();
    private final Set<String> refusedFrom = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private final PrintStream log;
    private final Rendezvous session;
    private volatile boolean closing;

    /**
     * Binds this rank's inbox on {@code host} (an ephemeral port outside rank 0's range, which a
     * joining rank looks at), letting in the ranks of {@code session} only.
     */
    public DataPlane(int rank, int size, String host, Rendezvous session, PrintStream log) {
        this.rank = rank;
        this.size = size;
        this.log = log;
        this.session = session;
        this.peers = new Peer[size];
        try {
            inbox = Ports.listen(host, 64, session);
        } catch (IOException e) {
            throw new IllegalStateException("rank " + rank + " could not listen for the data plane on " + host + ": " + e.getMessage(), e);
        }
        endpoint = "tcp://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + inbox.getLocalPort();
        acceptor = new Thread(this::accept, "data-plane-accept-" + rank);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public String endpoint() {
        return endpoint;
    }

    /**
     * Connects to every peer's inbox and proves this rank to it; {@code endpoints} in rank order.
     *
     * @throws IllegalStateException a peer could not be reached or did not prove the session key
     */
    public void connect(List<String> endpoints) {
        for (int r = 0; r < size; r++) {
            if (r != rank) {
                peers[r] = Peer.connect(rank, r, endpoints.get(r), session);
            }
        }
    }

    /**
     * Sends {@code data} to rank {@code to}, labelled {@code tag}. A block for a peer the session
     * has lost is dropped: whoever waits for that peer hears of the loss instead.
     */
    public void send(int to, long tag, byte[] data) {
        if (to == rank) {
            queue(rank, tag).add(data);
            return;
        }
        Peer p = peers[to];
        try {
            p.send(tag, data);
        } catch (IOException e) {
            if (!closing && p.breakOff()) {
                log.println("legate: rank " + rank + ": the data plane's connection to rank " + to + " broke ("
                        + e.getMessage() + "); what this rank sends it is dropped");
            }
        }
    }

    /** The next block from rank {@code from} labelled {@code tag}; waits for it (interruptibly). */
    public byte[] receive(int from, long tag) throws InterruptedException {
        // queues stay in the map (removing an empty one races with the reader filing into it);
        // those of finished exchanges go with discardBelow
        return queue(from, tag).take();
    }

    /** Like {@link #receive}, but gives up after {@code millis}: null then. */
    public byte[] receive(int from, long tag, long millis) throws InterruptedException {
        return queue(from, tag).poll(millis, TimeUnit.MILLISECONDS);
    }

    /** The next block from rank {@code from} labelled {@code tag} if it has arrived, else null (no waiting). */
    public byte[] queued(int from, long tag) {
        return queue(from, tag).poll();
    }

    /** Drops blocks whose tag is below {@code tag} (left by an interrupted exchange). */
    public void discardBelow(long tag) {
        queues.keySet().removeIf(k -> (k & TAG_MASK) < (tag & TAG_MASK));
    }

    /** Closes the connection to a rank the session lost: a send to it that waits on a full link ends, later ones are dropped. */
    void forget(int lost) {
        Peer p = lost >= 0 && lost < size ? peers[lost] : null;
        if (p != null) {
            p.breakOff();
        }
    }

    private static final long TAG_MASK = (1L << 48) - 1;

    private static long key(int from, long tag) {
        return ((long) from << 48) | (tag & TAG_MASK);
    }

    private BlockingQueue<byte[]> queue(int from, long tag) {
        return queues.computeIfAbsent(key(from, tag), k -> new LinkedBlockingQueue<>());
    }

    private void accept() {
        while (!closing) {
            Socket s;
            try {
                s = inbox.accept();
            } catch (IOException e) {
                if (!closing) {
                    log.println("legate: rank " + rank + ": the data plane stopped accepting connections: " + e.getMessage());
                }
                return;
            }
            accepted.add(s);
            Thread reader = new Thread(() -> read(s), "data-plane-read-" + rank);
            reader.setDaemon(true);
            reader.start();
        }
    }

    /** Proves the peer on {@code s}, then files each of its blocks until it closes. */
    private void read(Socket s) {
        String address = s.getInetAddress().getHostAddress();
        int from = -1;
        try (s) {
            s.setSoTimeout(HANDSHAKE_MILLIS);
            s.setTcpNoDelay(true);
            DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream(), 1 << 16));
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(s.getOutputStream(), 256));
            try {
                from = Handshake.accept(in, out, session, rank, size);
            } catch (Handshake.Looked e) {
                return; // only looked whether the port is open
            } catch (Handshake.Refused | java.net.SocketTimeoutException e) {
                if (refusedFrom.add(address)) {
                    log.println("legate: rank " + rank + ": refused a data-plane connection from " + address
                            + " (it did not prove this session's key: " + e.getMessage() + ")");
                }
                return;
            }
            s.setSoTimeout(0);
            while (!closing) {
                long tag;
                try {
                    tag = in.readLong();
                } catch (EOFException e) {
                    return; // the peer closed its end
                }
                int length = in.readInt();
                if (length < 0 || length > MAX_BLOCK) {
                    log.println("legate: rank " + rank + ": rank " + from + " sent a block of " + length
                            + " bytes on the data plane; closed its connection");
                    return;
                }
                byte[] data = new byte[length];
                in.readFully(data);
                queue(from, tag).add(data);
            }
        } catch (SocketException | EOFException e) {
            // closed: this rank is closing, or the peer went (the control plane says whether it was lost)
        } catch (IOException e) {
            if (!closing) {
                log.println("legate: rank " + rank + ": the data plane's connection from "
                        + (from < 0 ? address : "rank " + from) + " failed: " + e.getMessage());
            }
        } finally {
            accepted.remove(s);
        }
    }

    @Override
    public void close() {
        closing = true;
        try {
            inbox.close();
        } catch (IOException e) {
            // closing anyway
        }
        for (Peer p : peers) {
            if (p != null) {
                p.close();
            }
        }
        for (Socket s : accepted) {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        try {
            acceptor.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** This rank's connection to one peer: written by whoever sends to it, under its lock. */
    private static final class Peer {
        private final Socket socket;
        private final OutputStream out;
        private final ByteBuffer header = ByteBuffer.allocate(12);
        private volatile boolean broken;

        private Peer(Socket socket) throws IOException {
            this.socket = socket;
            this.out = socket.getOutputStream();
        }

        /** Connects to rank {@code to}'s inbox at {@code endpoint} and proves rank {@code from} to it. */
        static Peer connect(int from, int to, String endpoint, Rendezvous session) {
            URI at = URI.create(endpoint);
            Socket s = new Socket();
            try {
                s.setTcpNoDelay(true);
                s.connect(new InetSocketAddress(at.getHost(), at.getPort()), HANDSHAKE_MILLIS);
                s.setSoTimeout(HANDSHAKE_MILLIS);
                DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream(), 256));
                DataOutputStream out = new DataOutputStream(new BufferedOutputStream(s.getOutputStream(), 256));
                Handshake.connect(in, out, session, from, to);
                s.setSoTimeout(0);
                return new Peer(s);
            } catch (IOException e) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // the error below says what went wrong
                }
                throw new IllegalStateException("rank " + from + " could not connect to the data plane of rank " + to
                        + " at " + at.getHost() + ":" + at.getPort() + ": " + e.getMessage()
                        + " (see docs/ranks.md, ports and firewalls)", e);
            }
        }

        synchronized void send(long tag, byte[] data) throws IOException {
            if (broken) {
                return;
            }
            if (data.length <= SMALL) {
                byte[] frame = new byte[12 + data.length];
                ByteBuffer.wrap(frame).putLong(tag).putInt(data.length).put(data);
                out.write(frame);
            } else {
                header.clear();
                header.putLong(tag).putInt(data.length);
                out.write(header.array());
                out.write(data);
            }
        }

        /** Stops sending to this peer and closes the connection; true the first time. */
        boolean breakOff() {
            boolean first = !broken;
            broken = true;
            close();
            return first;
        }

        void close() {
            try {
                socket.close(); // also ends a write waiting on a full link
            } catch (IOException e) {
                // closed anyway
            }
        }
    }
}
