package legate.kernel;

import java.io.PrintStream;

/** SIGINT interrupts the running cell (as interrupt_request does) instead of ending the JVM. */
final class SignalInterrupt {
    private SignalInterrupt() {
    }

    static void install(Runnable interrupt, PrintStream log) {
        try {
            sun.misc.SignalHandler before = sun.misc.Signal.handle(new sun.misc.Signal("INT"), signal -> interrupt.run());
            if (before == sun.misc.SignalHandler.SIG_IGN) { // the JVM keeps a signal ignored at its start ignored
                log.println("legate kernel: SIGINT was ignored when this process started (nohup, or a background job of a shell "
                        + "without job control), and stays ignored: SIGINT and Ctrl-C cannot interrupt cells; Jupyter's interrupt (interrupt_request) still does");
            }
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            log.println("legate kernel: SIGINT cannot be handled here (" + e.getMessage() + "); use interrupt_request");
        }
    }
}
