package legate.kernel;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import legate.kernel.display.Display;
import legate.kernel.display.Renderers;
import legate.kernel.jshell.JShellInterpreter;
import legate.kernel.jshell.Stdio;
import legate.kernel.protocol.KernelCore;
import legate.kernel.wire.ConnectionInfo;
import legate.kernel.wire.KernelServer;
import legate.kernel.wire.Session;

/** The kernel process: {@code legate.kernel.Main -f CONNECTION_FILE}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        Path connectionFile = null;
        for (int i = 0; i < args.length; i++) {
            if ((args[i].equals("-f") || args[i].equals("--connection-file")) && i + 1 < args.length) {
                connectionFile = Path.of(args[++i]);
            } else if (args[i].startsWith("--connection-file=")) {
                connectionFile = Path.of(args[i].substring("--connection-file=".length()));
            }
        }
        if (connectionFile == null) {
            System.err.println("usage: java -cp LIB/* legate.kernel.Main -f CONNECTION_FILE");
            System.err.println("error: no connection file given (Jupyter passes it as -f {connection_file})");
            System.exit(2);
        }
        ConnectionInfo info;
        try {
            info = ConnectionInfo.read(connectionFile);
        } catch (IOException e) {
            System.err.println("legate kernel: " + e.getMessage());
            System.exit(2);
            return;
        }
        System.exit(run(info));
    }

    /** Serves one kernel session until a shutdown_request; returns the exit status. */
    static int run(ConnectionInfo info) {
        Stdio stdio = Stdio.install();
        PrintStream log = stdio.log();
        Session session = Session.create();
        CountDownLatch shutdown = new CountDownLatch(1);
        KernelServer server = new KernelServer(info, session, log);
        JShellInterpreter interpreter = new JShellInterpreter(stdio);
        Renderers renderers = Renderers.discover(Main.class.getClassLoader());
        KernelCore core = new KernelCore(session, interpreter, server, server, server, renderers, shutdown::countDown, log);
        Display.install(new CurrentCellDisplay(stdio));
        SignalInterrupt.install(core::interruptCell, log);
        server.start(core);
        core.announceStarting();
        try {
            shutdown.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        interpreter.close();
        server.close();
        stdio.close();
        return 0;
    }
}
