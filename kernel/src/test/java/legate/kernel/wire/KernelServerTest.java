package legate.kernel.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.PrintStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KernelServerTest {
    private static final PrintStream NO_LOG = new PrintStream(OutputStream.nullOutputStream());

    /** {@code n} ports free now (bound, their numbers kept, let go). */
    private static List<Integer> freePorts(int n) throws IOException {
        List<Integer> ports = new ArrayList<>();
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                held.add(s);
                ports.add(s.getLocalPort());
            }
        } finally {
            for (ServerSocket s : held) {
                s.close();
            }
        }
        return ports;
    }

    @Test
    void aTakenPortIsNamedAndThePortsBoundBeforeItAreLetGo() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<Integer> p = freePorts(4);
            // shell, control, stdin, iopub bind before hb, which another process holds
            ConnectionInfo info = new ConnectionInfo("tcp", "127.0.0.1", p.get(0), p.get(1), p.get(2), p.get(3), taken.getLocalPort(), "k",
                    "hmac-sha256");
            KernelServer.CannotListen e = assertThrows(KernelServer.CannotListen.class, () -> new KernelServer(info, Session.create(), NO_LOG));
            assertEquals("cannot listen on tcp://127.0.0.1:" + taken.getLocalPort() + ", the hb_port of the connection file: the address is"
                    + " already in use (another process holds the port)", e.getMessage());
            for (int port : p) { // the four bound before the failure are free again
                try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                    assertEquals(port, again.getLocalPort());
                }
            }
        }
    }
}
