package legate.runtime.cluster;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;
import legate.runtime.launch.Rendezvous;

/**
 * Listening sockets on ports the system picks, kept out of rank 0's range. On one machine that
 * range starts at a free port of the ephemeral range, where the system also picks the ports of
 * the data planes' inboxes and of the other ranks' members: one of those inside it would be met
 * by a joining rank's look at the range (a connection that says nothing: the data plane logged it
 * as refused) and taken for rank 0.
 */
final class Ports {
    /** How many ports in the range a bind may meet before it gives up (the range has {@link Rendezvous#PORTS}). */
    private static final int TRIES = Rendezvous.PORTS + 8;

    private Ports() {
    }

    /** Binds a socket on {@code host}, on a port the system picks outside {@code session}'s range. */
    static ServerSocket listen(String host, int backlog, Rendezvous session) throws IOException {
        return outside(() -> {
            ServerSocket s = new ServerSocket();
            try {
                s.bind(new InetSocketAddress(host, 0), backlog);
            } catch (IOException e) {
                s.close();
                throw e;
            }
            return s;
        }, ServerSocket::getLocalPort, session.port(), Rendezvous.PORTS);
    }

    /** A free port on {@code host} outside {@code session}'s range, for a member to listen on. */
    static int free(String host, Rendezvous session) throws IOException {
        try (ServerSocket s = listen(host, 1, session)) {
            return s.getLocalPort();
        }
    }

    /** Something of the same kind, when a bind can fail. */
    interface Binder<S> {
        S bind() throws IOException;
    }

    /**
     * The first of {@code bind}'s sockets whose port lies outside {@code first .. first + count - 1};
     * those inside are held until then, so that the system picks another, and closed after.
     *
     * @throws IOException a bind failed, or every one of many tries fell inside (said so)
     */
    static <S extends Closeable> S outside(Binder<S> bind, ToIntFunction<S> port, int first, int count) throws IOException {
        List<S> inside = new ArrayList<>();
        try {
            for (int t = 0; t < TRIES; t++) {
                S s = bind.bind();
                int p = port.applyAsInt(s);
                if (p < first || p >= first + count) {
                    return s;
                }
                inside.add(s);
            }
            throw new IOException("the system gave " + TRIES + " ports in a row inside rank 0's range " + first + "-" + (first + count - 1));
        } finally {
            for (S s : inside) {
                try {
                    s.close();
                } catch (IOException e) {
                    // held only to keep the system off it
                }
            }
        }
    }
}
