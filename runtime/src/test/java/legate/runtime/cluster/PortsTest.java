package legate.runtime.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Closeable;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import legate.runtime.launch.Rendezvous;
import org.junit.jupiter.api.Test;

/** Listening ports kept out of rank 0's range, where a joining rank looks for rank 0. */
class PortsTest {
    /** A socket the fake system bound on {@code port}; whether it was closed, and when (how many binds had happened). */
    private static final class Bound implements Closeable {
        final int port;
        int closedAfterBinds = -1;
        private final List<Bound> all;

        Bound(int port, List<Bound> all) {
            this.port = port;
            this.all = all;
        }

        @Override
        public void close() {
            closedAfterBinds = all.size();
        }
    }

    /** Binds on the ports of {@code ports} in turn; every socket made goes into {@code made}. */
    private static Ports.Binder<Bound> system(List<Bound> made, Integer... ports) {
        Iterator<Integer> next = List.of(ports).iterator();
        return () -> {
            if (!next.hasNext()) {
                throw new IOException("no port left");
            }
            Bound b = new Bound(next.next(), made);
            made.add(b);
            return b;
        };
    }

    @Test
    void portsInsideTheRangeAreHeldUntilOneOutsideIsBoundThenClosed() throws IOException {
        List<Bound> made = new ArrayList<>();
        Bound b = Ports.outside(system(made, 40003, 40015, 40016), s -> s.port, 40000, 16);
        assertSame(made.get(2), b);
        assertEquals(-1, b.closedAfterBinds, "the one returned is open");
        // each inside the range was still held when the next was bound (else the system could give it again)
        assertEquals(3, made.get(0).closedAfterBinds);
        assertEquals(3, made.get(1).closedAfterBinds);
    }

    @Test
    void aPortBelowTheRangeIsTakenAtOnce() throws IOException {
        List<Bound> made = new ArrayList<>();
        assertEquals(39999, Ports.outside(system(made, 39999), s -> s.port, 40000, 16).port);
        assertEquals(1, made.size());
    }

    @Test
    void aBindThatFailsClosesWhatWasHeldAndSaysWhy() {
        List<Bound> made = new ArrayList<>();
        IOException e = assertThrows(IOException.class, () -> Ports.outside(system(made, 40001, 40002), s -> s.port, 40000, 16));
        assertEquals("no port left", e.getMessage());
        assertTrue(made.stream().allMatch(b -> b.closedAfterBinds == 2));
    }

    @Test
    void aSystemThatKeepsGivingPortsInsideIsGivenUpOnWithTheRange() {
        List<Bound> made = new ArrayList<>();
        Integer[] inside = new Integer[100];
        java.util.Arrays.fill(inside, 40005);
        IOException e = assertThrows(IOException.class, () -> Ports.outside(system(made, inside), s -> s.port, 40000, 16));
        assertTrue(e.getMessage().contains("inside rank 0's range 40000-40015"), e.getMessage());
        assertTrue(made.size() < 100 && made.stream().allMatch(b -> b.closedAfterBinds >= 0), "bounded, every one closed");
    }

    @Test
    void aRealListenerIsOutsideTheSessionsRangeAndOpen() throws IOException {
        // a range starting at a port the system just gave: the next ones it gives are often near it
        for (int i = 0; i < 50; i++) {
            int first;
            try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                first = s.getLocalPort();
            }
            Rendezvous session = Rendezvous.create("127.0.0.1").onPort(first);
            try (ServerSocket s = Ports.listen("127.0.0.1", 4, session)) {
                assertFalse(s.getLocalPort() >= first && s.getLocalPort() < first + Rendezvous.PORTS, "" + s.getLocalPort());
                assertTrue(s.isBound() && !s.isClosed());
            }
        }
    }
}
