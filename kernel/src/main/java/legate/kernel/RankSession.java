package legate.kernel;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import legate.kernel.cell.MagicInterpreter;
import legate.kernel.display.Display;
import legate.kernel.jshell.CompilerWarmUp;
import legate.kernel.jshell.JShellInterpreter;
import legate.kernel.jshell.Stdio;
import legate.kernel.protocol.Interpreter;
import legate.kernel.replication.ReplicatedInterpreter;
import legate.kernel.replication.WorkerRank;
import legate.magics.MagicRegistry;
import legate.magics.RankInfo;
import legate.runtime.cluster.Cluster;
import legate.runtime.cluster.Ranks;
import legate.runtime.config.LegateConfig;
import legate.runtime.launch.LocalLauncher;
import legate.runtime.launch.ParentWatch;
import legate.runtime.launch.RankEnvironment;
import legate.runtime.launch.Rendezvous;
import legate.runtime.task.ArrayRuntime;

/**
 * One rank of a session, assembled in one place for the kernel and the {@code legate} driver:
 * its array runtime, JShell under the magics, display, interrupts, the connection to the other
 * ranks and the compiler warm-up. Rank 0 {@linkplain #lead leads}: its frontend (Jupyter, a
 * script, a prompt) sends cells through the stack it returns, which replicates them to every
 * rank. The other ranks {@linkplain #follow follow}: they run what rank 0 sends.
 */
final class RankSession implements AutoCloseable {
    /** Where ranks started by a launcher meet rank 0: a file (else one beside the connection file). */
    static final String RENDEZVOUS_ENV = "LEGATE_RENDEZVOUS";
    /** For ranks started on this machine: the cluster to join and where rank 0 listens. */
    private static final String CLUSTER_ENV = "LEGATE_CLUSTER";
    private static final String COORDINATOR_ENV = "LEGATE_COORDINATOR";

    private final KernelSetup setup;
    private final RankEnvironment where;
    private final int warmUp;
    private final Stdio stdio;
    private final PrintStream log;
    private final LocalLauncher launcher = new LocalLauncher();
    private Interpreter cells;

    /**
     * Installs this rank's array runtime at once: its threads must not belong to a cell.
     *
     * @param warmUp the compiler warm-up's snippets on this rank and on ranks it starts (see {@link CompilerWarmUp})
     * @param stdio the process's captured streams; the caller closes them after this session
     */
    RankSession(KernelSetup setup, RankEnvironment where, int warmUp, Stdio stdio) {
        this.setup = setup;
        this.where = where;
        this.warmUp = warmUp;
        this.stdio = stdio;
        this.log = stdio.log();
        installArrays(setup.config());
    }

    /** This rank's array runtime: {@code --cpus} threads, {@code --sysmem} MB. */
    private void installArrays(LegateConfig config) {
        ArrayRuntime arrays;
        try {
            arrays = ArrayRuntime.create(config.core().cpus(), config.memory().sysmem(), System.getenv());
        } catch (IllegalArgumentException e) {
            log.println("legate: " + e.getMessage() + "; using the defaults");
            arrays = ArrayRuntime.create(config.core().cpus(), config.memory().sysmem(), Map.of());
        }
        ArrayRuntime.install(arrays);
    }

    /**
     * Rank 0: connects the other ranks and starts JShell, both in the background (each takes
     * seconds), and returns at once the stack cells go through: JShell, magics, and replication
     * to every rank when there are others. Display calls from cells go to the running cell.
     *
     * @param rankMain the main class of ranks started on this machine
     * @param rankOptions resource options for ranks started here, when they cannot read them from a kernelspec
     */
    Interpreter lead(String rankMain, List<String> rankOptions) {
        CompletableFuture<Cluster> cluster = connectRanks(rankMain, rankOptions);
        JShellInterpreter jshell = new JShellInterpreter(stdio);
        if (cluster == null) {
            jshell.warmUpWhenIdle(warmUp);
        } else { // once every rank has started: before that, the starting ranks need the cores more
            cluster.whenComplete((c, e) -> jshell.warmUpWhenIdle(warmUp));
        }
        MagicInterpreter magic = withMagics(jshell, cluster == null ? null : () -> rankInfo(cluster));
        cells = cluster == null ? magic : new ReplicatedInterpreter(magic, cluster, log);
        Display.install(new CurrentCellDisplay(stdio));
        return cells;
    }

    /** SIGINT (Ctrl-C, or a signal to the process) runs {@code interrupt} instead of ending the JVM. */
    void interruptOnSigint(Runnable interrupt) {
        SignalInterrupt.install(interrupt, log);
    }

    /** Ends rank 0's side: the stack (which tells the other ranks the session is over), then the ranks started here. */
    @Override
    public void close() {
        if (cells != null) {
            cells.close();
        }
        launcher.stop(2000);
    }

    private MagicInterpreter withMagics(JShellInterpreter jshell, Supplier<List<RankInfo>> ranks) {
        return new MagicInterpreter(jshell, MagicRegistry.discover(RankSession.class.getClassLoader()), setup.name(), setup.config(),
                stdio, ranks);
    }

    /**
     * Rank 0's side of the ranks, in the background: none with one rank (or
     * {@code --no-replicate}); with launcher {@code none}, starts ranks 1..R-1 here; with an
     * external launcher, tells the ranks it started where rank 0 listens (a {@link Rendezvous}).
     *
     * @return the cluster of all ranks, or null when this rank runs alone
     */
    private CompletableFuture<Cluster> connectRanks(String rankMain, List<String> rankOptions) {
        LegateConfig.MultiNodeConfig multi = setup.config().multiNode();
        int configured = multi.nodes() * multi.ranksPerNode();
        if (multi.notControlReplicable()) {
            return null;
        }
        if (!where.launcher().equals("none")) {
            if (where.size() == 1) {
                return null;
            }
            if (where.size() != configured) {
                log.println("legate: the launcher started " + where.size() + " ranks (the configuration says " + configured + "): using "
                        + where.size());
            }
            return inBackground(() -> {
                try {
                    return joinLaunched(multi.nodes() == 1);
                } catch (IOException | RuntimeException e) {
                    log.println("legate: the ranks could not meet: " + e);
                    throw e;
                }
            });
        }
        if (configured == 1) {
            return null;
        }
        if (!multi.launcher().equals("none")) {
            log.println("legate: launcher " + multi.launcher() + " is configured, but this process was not started by it: running as one rank");
            return null;
        }
        return startRanks(configured, rankMain, rankOptions);
    }

    /** Rank 0 under an external launcher: writes the rendezvous, waits for every rank, removes it. */
    private Cluster joinLaunched(boolean allLocal) throws IOException {
        Map<String, String> env = System.getenv();
        Path file = rendezvousFile();
        String host = RankEnvironment.bindAddress(allLocal, env);
        int port = Cluster.freePort(host);
        Rendezvous r = Rendezvous.create(host + ":" + port, RankEnvironment.job(env));
        r.write(file);
        try {
            Cluster c = Cluster.join(r.clusterName(), 0, where.size(), host, port, r.coordinator(), log);
            Ranks.install(0, where.size(), c);
            return c;
        } finally {
            Files.deleteIfExists(file); // every rank has read it, or the session failed
        }
    }

    /** Where ranks started by a launcher meet: {@code LEGATE_RENDEZVOUS}, else beside the connection file. */
    private Path rendezvousFile() throws IOException {
        String given = System.getenv(RENDEZVOUS_ENV);
        if (given != null && !given.isBlank()) {
            return Path.of(given);
        }
        if (setup.connectionFile() == null) {
            throw new IOException("ranks started by a launcher need " + RENDEZVOUS_ENV + " or a connection file to meet rank 0");
        }
        return Rendezvous.besideConnectionFile(setup.connectionFile());
    }

    private interface Start {
        Cluster start() throws IOException;
    }

    private static CompletableFuture<Cluster> inBackground(Start start) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return start.start();
            } catch (IOException e) {
                throw new CompletionException(e);
            }
        }, runnable -> {
            Thread t = new Thread(runnable, "ranks-start");
            t.setDaemon(true);
            t.start();
        });
    }

    /** Starts ranks 1..R-1 on this machine and joins them, in the background. */
    private CompletableFuture<Cluster> startRanks(int ranks, String rankMain, List<String> rankOptions) {
        return inBackground(() -> {
            try {
                Rendezvous r = Rendezvous.create("127.0.0.1:" + Cluster.freePort(), "");
                int port = Integer.parseInt(r.coordinator().substring(r.coordinator().lastIndexOf(':') + 1));
                launcher.start(ranks, rankMain, rankOptions, Map.of(CLUSTER_ENV, r.clusterName(), COORDINATOR_ENV, r.coordinator(),
                        CompilerWarmUp.ENV, Integer.toString(warmUp)));
                Cluster c = Cluster.join(r.clusterName(), 0, ranks, "127.0.0.1", port, r.coordinator(), log);
                Ranks.install(0, ranks, c);
                return c;
            } catch (IOException | RuntimeException e) {
                log.println("legate kernel: the ranks could not start: " + e);
                throw e;
            }
        });
    }

    private static List<RankInfo> rankInfo(CompletableFuture<Cluster> cluster) {
        if (!cluster.isDone() || cluster.isCompletedExceptionally()) {
            return List.of(RankInfo.self(0));
        }
        return cluster.join().members().stream().map(m -> new RankInfo(m.rank(), m.host(), m.pid())).toList();
    }

    /** A rank above 0 for the whole of its life, on streams of its own: {@link #follow()}; returns the exit status. */
    static int followOnOwnStreams(KernelSetup setup, RankEnvironment where, int warmUp) {
        Stdio stdio = Stdio.install();
        int status = new RankSession(setup, where, warmUp, stdio).follow();
        stdio.close();
        return status;
    }

    /** A rank above 0: joins rank 0's cluster and runs every cell it sends until the session ends; returns the exit status. */
    int follow() {
        ParentWatch.start(log, "rank " + where.rank());
        if (setup.config().multiNode().notControlReplicable()) {
            log.println("legate: rank " + where.rank() + ": --no-replicate runs every cell on rank 0 only; this rank has nothing to do");
            return 0;
        }
        String name = System.getenv(CLUSTER_ENV);
        String coordinator = System.getenv(COORDINATOR_ENV);
        if (!where.launcher().equals("none")) { // started by a launcher: rank 0 writes where it listens
            try {
                Rendezvous r = Rendezvous.await(rendezvousFile(), RankEnvironment.job(System.getenv()),
                        ProcessHandle.current().info().startInstant().orElse(Instant.now()), Duration.ofSeconds(120));
                name = r.clusterName();
                coordinator = r.coordinator();
            } catch (IOException e) {
                log.println("legate: rank " + where.rank() + ": " + e.getMessage());
                return 3;
            } catch (InterruptedException e) {
                return 3;
            }
        }
        if (name == null || coordinator == null) {
            log.println("legate: rank " + where.rank() + ": started without " + CLUSTER_ENV + " and " + COORDINATOR_ENV);
            return 2;
        }
        String host = coordinator.startsWith("127.") ? "127.0.0.1" : RankEnvironment.bindAddress(false, System.getenv());
        CompletableFuture<Cluster> ready = new CompletableFuture<>();
        // JShell starts while this rank joins: both take seconds
        JShellInterpreter jshell = new JShellInterpreter(stdio);
        MagicInterpreter magic = withMagics(jshell, () -> rankInfo(ready));
        Cluster cluster;
        try {
            cluster = Cluster.join(name, where.rank(), where.size(), host, Cluster.freePort(host), coordinator, log);
        } catch (IOException | RuntimeException e) {
            log.println("legate: rank " + where.rank() + " could not join rank 0: " + e);
            return 3;
        }
        ready.complete(cluster);
        jshell.warmUpWhenIdle(warmUp); // once every rank has started
        Ranks.install(where.rank(), where.size(), cluster);
        Display.install(new CurrentCellDisplay(stdio));
        try {
            new WorkerRank(magic, cluster, log).run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            magic.close();
            cluster.close();
        }
        return 0;
    }
}
