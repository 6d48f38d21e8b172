package legate.kernel;

import java.io.PrintStream;

/** SIGINT interrupts the running cell (as interrupt_request does) instead of ending the JVM. */
final class SignalInterrupt {
    private SignalInterrupt() {
    }

    static void install(Runnable interrupt, PrintStream log) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), signal -> interrupt.run());
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            log.println("legate kernel: SIGINT cannot be handled here (" + e.getMessage() + "); use interrupt_request");
        }
    }
}
