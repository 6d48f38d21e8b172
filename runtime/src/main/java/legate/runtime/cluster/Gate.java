package legate.runtime.cluster;

import java.io.PrintStream;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import legate.runtime.launch.Rendezvous;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

/**
 * A rank's ZAP handler (ZeroMQ's authentication protocol, RFC 27): asked about every peer that
 * connects to the data plane's inbox, it lets in a peer whose PLAIN user name is another rank of
 * the session and whose password is that rank's {@link Rendezvous#dataPlaneProof} to this one;
 * any other is refused, and said once per address on the log.
 */
final class Gate implements AutoCloseable {
    static final String DOMAIN = "legate";
    private static final String ENDPOINT = "inproc://zeromq.zap.01";

    private final ZMQ.Socket socket;
    private final Thread thread;
    private final int rank;
    private final int size;
    private final Rendezvous session;
    private final PrintStream log;
    private final Set<String> refusedFrom = ConcurrentHashMap.newKeySet();
    private volatile boolean closing;

    Gate(ZMQ.Context context, int rank, int size, Rendezvous session, PrintStream log) {
        this.rank = rank;
        this.size = size;
        this.session = session;
        this.log = log;
        socket = context.socket(SocketType.REP);
        socket.setLinger(0);
        socket.setReceiveTimeOut(200);
        socket.bind(ENDPOINT);
        thread = new Thread(this::serve, "data-plane-gate-" + rank);
        thread.setDaemon(true);
        thread.start();
    }

    /** Whether a peer with these credentials is a rank of this session. */
    boolean admits(String mechanism, String user, String password) {
        if (!mechanism.equals("PLAIN")) {
            return false;
        }
        int from;
        try {
            from = Integer.parseInt(user);
        } catch (NumberFormatException e) {
            return false;
        }
        return from >= 0 && from < size && from != rank
                && java.security.MessageDigest.isEqual(session.dataPlaneProof(from, rank).getBytes(), password.getBytes());
    }

    private void serve() {
        try {
            while (!closing) {
                String version = socket.recvStr();
                if (version == null) {
                    continue; // the receive timed out: look at closing again
                }
                String[] f = new String[7];
                for (int i = 0; i < f.length && socket.hasReceiveMore(); i++) {
                    f[i] = socket.recvStr();
                }
                while (socket.hasReceiveMore()) {
                    socket.recv(); // metadata of mechanisms other than PLAIN: not ours
                }
                String requestId = f[0] == null ? "" : f[0];
                String address = f[2] == null ? "?" : f[2];
                String mechanism = f[4] == null ? "" : f[4];
                boolean ok = "1.0".equals(version) && DOMAIN.equals(f[1])
                        && admits(mechanism, f[5] == null ? "" : f[5], f[6] == null ? "" : f[6]);
                if (!ok && refusedFrom.add(address)) {
                    log.println("legate: rank " + rank + ": refused a data-plane connection from " + address
                            + " (it did not prove this session's key)");
                }
                socket.sendMore("1.0");
                socket.sendMore(requestId);
                socket.sendMore(ok ? "200" : "400");
                socket.sendMore(ok ? "OK" : "not a rank of this session");
                socket.sendMore(ok ? f[5] : "");
                socket.send("");
            }
        } catch (ZMQException e) {
            // the context is closing
        } finally {
            socket.close();
        }
    }

    @Override
    public void close() {
        closing = true;
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
