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
        watch(parent.get(), log, what);
    }

    /**
     * For a kernel: ends this JVM when the Jupyter process that launched it is gone, as
     * ipykernel does. Jupyter names it in {@code JPY_PARENT_PID}; a kernel started without it
     * (by hand, or as an independent kernel) is left alone.
     */
    public static void startForJupyter(java.util.Map<String, String> env, PrintStream log) {
        String pid = env.get("JPY_PARENT_PID");
        if (pid == null || pid.isBlank()) {
            return;
        }
        try {
            ProcessHandle.of(Long.parseLong(pid.strip())).ifPresentOrElse(p -> watch(p, log, "the kernel"), () -> {
                log.println("legate kernel: the Jupyter process " + pid + " that launched it is already gone; exiting");
                Runtime.getRuntime().halt(3);
            });
        } catch (NumberFormatException e) {
            log.println("legate kernel: JPY_PARENT_PID is not a process id (" + pid + "); not watching it");
        }
    }

    private static void watch(ProcessHandle p, PrintStream log, String what) {
        // a dead parent can linger as a zombie that still looks alive; its children are reparented at once
        boolean directParent = ProcessHandle.current().parent().map(x -> x.pid() == p.pid()).orElse(false);
        Thread t = new Thread(() -> {
            while (true) {
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
                boolean reparented = directParent
                        && ProcessHandle.current().parent().map(x -> x.pid() != p.pid()).orElse(true);
                if (!p.isAlive() || reparented) {
                    log.println("legate: " + what + ": the process that started it (pid " + p.pid() + ") is gone; exiting");
                    Runtime.getRuntime().halt(3);
                }
            }
        }, "parent-watch");
        t.setDaemon(true);
        t.start();
    }
}
