package legate.runtime.launch;

import java.io.PrintStream;
import java.util.Optional;

/**
 * Ends this JVM when the process that started it is gone (even killed with SIGKILL), so that no
 * rank outlives its session: checks every half second whether the parent is still alive.
 */
public final class ParentWatch {
    private ParentWatch() {
    }

    public static void start(PrintStream log, String what) {
        Optional<ProcessHandle> parent = ProcessHandle.current().parent();
        if (parent.isEmpty()) {
            return;
        }
        ProcessHandle p = parent.get();
        Thread t = new Thread(() -> {
            while (true) {
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
                Optional<ProcessHandle> now = ProcessHandle.current().parent();
                if (!p.isAlive() || now.isEmpty() || now.get().pid() != p.pid()) {
                    log.println("legate: " + what + ": the process that started it (pid " + p.pid() + ") is gone; exiting");
                    Runtime.getRuntime().halt(3);
                }
            }
        }, "parent-watch");
        t.setDaemon(true);
        t.start();
    }
}
