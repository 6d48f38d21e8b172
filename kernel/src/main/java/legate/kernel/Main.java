package legate.kernel;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import legate.kernel.display.Display;
import legate.kernel.display.Renderers;
import legate.kernel.jshell.JShellInterpreter;
import legate.kernel.jshell.MagicInterpreter;
import legate.kernel.jshell.Stdio;
import legate.kernel.protocol.KernelCore;
import legate.kernel.wire.ConnectionInfo;
import legate.kernel.wire.KernelServer;
import legate.kernel.wire.Session;
import legate.magics.MagicRegistry;
import legate.runtime.config.ConfigException;

/** The kernel process: {@code legate.kernel.Main -f CONNECTION_FILE}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        KernelSetup setup;
        try {
            setup = KernelSetup.resolve(List.of(args), System.getenv(), System.getProperty(KernelSetup.SPEC_PROPERTY), System.err);
        } catch (ConfigException e) {
            System.err.println("legate kernel: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (setup.connectionFile() == null) {
            System.err.println("usage: java -cp LIB/* legate.kernel.Main [RESOURCE OPTIONS] -f CONNECTION_FILE");
            System.err.println("error: no connection file given (Jupyter passes it as -f {connection_file})");
            System.exit(2);
        }
        ConnectionInfo info;
        try {
            info = ConnectionInfo.read(setup.connectionFile());
        } catch (IOException e) {
            System.err.println("legate kernel: " + e.getMessage());
            System.exit(2);
            return;
        }
        System.exit(run(info, setup));
    }

    /** Serves one kernel session until a shutdown_request; returns the exit status. */
    static int run(ConnectionInfo info, KernelSetup setup) {
        Stdio stdio = Stdio.install();
        PrintStream log = stdio.log();
        Session session = Session.create();
        CountDownLatch shutdown = new CountDownLatch(1);
        KernelServer server = new KernelServer(info, session, log);
        MagicInterpreter interpreter = new MagicInterpreter(new JShellInterpreter(stdio),
                MagicRegistry.discover(Main.class.getClassLoader()), setup.name(), setup.config(), stdio);
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
