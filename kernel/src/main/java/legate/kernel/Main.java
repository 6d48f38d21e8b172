package legate.kernel;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import legate.kernel.display.Display;
import legate.kernel.display.Renderers;
import legate.kernel.jshell.CompilerWarmUp;
import legate.kernel.jshell.JShellInterpreter;
import legate.kernel.jshell.MagicInterpreter;
import legate.kernel.jshell.Stdio;
import legate.kernel.protocol.Interpreter;
import legate.kernel.protocol.KernelCore;
import legate.kernel.replication.ReplicatedInterpreter;
import legate.kernel.replication.WorkerRank;
import legate.kernel.wire.ConnectionInfo;
import legate.kernel.wire.KernelServer;
import legate.kernel.wire.Session;
import legate.magics.MagicRegistry;
import legate.magics.RankInfo;
import legate.runtime.cluster.Cluster;
import legate.runtime.cluster.Ranks;
import legate.runtime.config.ConfigException;
import legate.runtime.config.KernelSpecs;
import legate.runtime.config.LegateConfig;
import legate.runtime.launch.LocalLauncher;
import legate.runtime.launch.ParentWatch;
import legate.runtime.launch.RankEnvironment;
import legate.runtime.launch.Rendezvous;
import legate.runtime.task.ArrayRuntime;

/** The kernel process: {@code legate.kernel.Main -f CONNECTION_FILE}. */
public final class Main {
    private Main() {
    }

    static final String CLUSTER_ENV = "LEGATE_CLUSTER";
    static final String COORDINATOR_ENV = "LEGATE_COORDINATOR";
    static final String RENDEZVOUS_ENV = "LEGATE_RENDEZVOUS";

    public static void main(String[] args) {
        KernelSetup setup;
        try {
            setup = KernelSetup.resolve(List.of(args), System.getenv(), System.getProperty(KernelSpecs.SPEC_PROPERTY), System.err);
        } catch (ConfigException e) {
            System.err.println("legate kernel: " + e.getMessage());
            System.exit(2);
            return;
        }
        RankEnvironment where = RankEnvironment.from(System.getenv());
        if (where.rank() > 0) {
            System.exit(runWorker(setup, where, CompilerWarmUp.configuredCount(System.getenv(), System.err)));
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

    /** Rank 0: serves Jupyter; with several ranks, starts them and replicates every cell. */
    static int run(ConnectionInfo info, KernelSetup setup) {
        Stdio stdio = Stdio.install();
        PrintStream log = stdio.log();
        installArrays(setup.config(), log);
        ParentWatch.startForJupyter(System.getenv(), log); // a killed frontend takes its kernel along
        RankEnvironment where = RankEnvironment.from(System.getenv());
        if (!where.launcher().equals("none")) {
            ParentWatch.start(log, "rank 0"); // and a killed launcher, its ranks
        }
        Session session = Session.create();
        CountDownLatch shutdown = new CountDownLatch(1);
        KernelServer server = new KernelServer(info, session, log);
        LocalLauncher launcher = new LocalLauncher();
        // the other ranks read the kernelspec, as this rank does
        int warmUp = CompilerWarmUp.configuredCount(System.getenv(), log);
        CompletableFuture<Cluster> cluster = connectRanks(setup, where, launcher, List.of(), warmUp, log);
        JShellInterpreter jshell = new JShellInterpreter(stdio);
        warmUpOnceStarted(jshell, cluster, warmUp);
        MagicInterpreter magic = new MagicInterpreter(jshell,
                MagicRegistry.discover(Main.class.getClassLoader()), setup.name(), setup.config(), stdio,
                cluster == null ? null : () -> rankInfo(cluster));
        Interpreter interpreter = cluster == null ? magic
                : new ReplicatedInterpreter(magic, cluster, log);
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
        launcher.stop(2000);
        server.close();
        stdio.close();
        return 0;
    }

    /**
     * This rank's array runtime ({@code --cpus} threads, {@code --sysmem} MB), made before any
     * cell runs: its threads must not belong to a cell.
     */
    static void installArrays(LegateConfig config, PrintStream log) {
        ArrayRuntime arrays;
        try {
            arrays = ArrayRuntime.create(config.core().cpus(), config.memory().sysmem(), System.getenv());
        } catch (IllegalArgumentException e) {
            log.println("legate: " + e.getMessage() + "; using the defaults");
            arrays = ArrayRuntime.create(config.core().cpus(), config.memory().sysmem(), Map.of());
        }
        ArrayRuntime.install(arrays);
    }

    /** Warms the compiler up when idle, once every rank has started (before that, the starting ranks need the cores more). */
    static void warmUpOnceStarted(JShellInterpreter jshell, CompletableFuture<Cluster> cluster, int snippets) {
        if (cluster == null) {
            jshell.warmUpWhenIdle(snippets);
        } else {
            cluster.whenComplete((c, e) -> jshell.warmUpWhenIdle(snippets));
        }
    }

    /**
     * Rank 0's side of the ranks, in the background: none with one rank (or
     * {@code --no-replicate}); with launcher {@code none}, starts ranks 1..R-1 here; with an
     * external launcher, tells the ranks it started where rank 0 listens (a {@link Rendezvous}).
     *
     * @param warmUp the compiler warm-up that ranks started here get (see {@link CompilerWarmUp})
     * @return the cluster of all ranks, or null when this rank runs alone
     */
    static CompletableFuture<Cluster> connectRanks(KernelSetup setup, RankEnvironment where, LocalLauncher launcher,
                                                   List<String> options, int warmUp, PrintStream log) {
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
                    return joinLaunched(setup, where, multi.nodes() == 1, log);
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
        return startRanks(launcher, configured, options, warmUp, log);
    }

    /** Rank 0 under an external launcher: writes the rendezvous, waits for every rank, removes it. */
    private static Cluster joinLaunched(KernelSetup setup, RankEnvironment where, boolean allLocal, PrintStream log) throws IOException {
        Map<String, String> env = System.getenv();
        Path file = rendezvousFile(setup, env);
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
    static Path rendezvousFile(KernelSetup setup, Map<String, String> env) throws IOException {
        String given = env.get(RENDEZVOUS_ENV);
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

    /**
     * Starts ranks 1..R-1 on this machine and joins them, in the background.
     *
     * @param options resource options for the other ranks, when they cannot read them from a kernelspec
     */
    static CompletableFuture<Cluster> startRanks(LocalLauncher launcher, int ranks, List<String> options, int warmUp, PrintStream log) {
        return inBackground(() -> {
            try {
                Rendezvous r = Rendezvous.create("127.0.0.1:" + Cluster.freePort(), "");
                int port = Integer.parseInt(r.coordinator().substring(r.coordinator().lastIndexOf(':') + 1));
                launcher.start(ranks, Main.class.getName(), options, Map.of(CLUSTER_ENV, r.clusterName(), COORDINATOR_ENV, r.coordinator(),
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

    static List<RankInfo> rankInfo(CompletableFuture<Cluster> cluster) {
        if (!cluster.isDone() || cluster.isCompletedExceptionally()) {
            return List.of(RankInfo.self(0));
        }
        return cluster.join().members().stream().map(m -> new RankInfo(m.rank(), m.host(), m.pid())).toList();
    }

    /** A rank above 0: joins rank 0's cluster and runs every cell it sends until the session ends. */
    static int runWorker(KernelSetup setup, RankEnvironment where, int warmUp) {
        Stdio stdio = Stdio.install();
        PrintStream log = stdio.log();
        installArrays(setup.config(), log);
        ParentWatch.start(log, "rank " + where.rank());
        if (setup.config().multiNode().notControlReplicable()) {
            log.println("legate: rank " + where.rank() + ": --no-replicate runs every cell on rank 0 only; this rank has nothing to do");
            return 0;
        }
        String name = System.getenv(CLUSTER_ENV);
        String coordinator = System.getenv(COORDINATOR_ENV);
        if (!where.launcher().equals("none")) { // started by a launcher: rank 0 writes where it listens
            try {
                Rendezvous r = Rendezvous.await(rendezvousFile(setup, System.getenv()), RankEnvironment.job(System.getenv()),
                        ProcessHandle.current().info().startInstant().orElse(java.time.Instant.now()), java.time.Duration.ofSeconds(120));
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
        MagicInterpreter magic = new MagicInterpreter(jshell,
                MagicRegistry.discover(Main.class.getClassLoader()), setup.name(), setup.config(), stdio, () -> rankInfo(ready));
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
            stdio.close();
        }
        return 0;
    }
}
