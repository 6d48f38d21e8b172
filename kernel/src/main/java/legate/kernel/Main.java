package legate.kernel;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import legate.kernel.display.Display;
import legate.kernel.display.Renderers;
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
import legate.runtime.config.LegateConfig;
import legate.runtime.launch.LocalLauncher;
import legate.runtime.launch.ParentWatch;
import legate.runtime.launch.RankEnvironment;

/** The kernel process: {@code legate.kernel.Main -f CONNECTION_FILE}. */
public final class Main {
    private Main() {
    }

    static final String CLUSTER_ENV = "LEGATE_CLUSTER";
    static final String COORDINATOR_ENV = "LEGATE_COORDINATOR";

    public static void main(String[] args) {
        KernelSetup setup;
        try {
            setup = KernelSetup.resolve(List.of(args), System.getenv(), System.getProperty(KernelSetup.SPEC_PROPERTY), System.err);
        } catch (ConfigException e) {
            System.err.println("legate kernel: " + e.getMessage());
            System.exit(2);
            return;
        }
        RankEnvironment where = RankEnvironment.from(System.getenv());
        if (where.rank() > 0) {
            System.exit(runWorker(setup, where));
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
        ParentWatch.startForJupyter(System.getenv(), log); // a killed frontend takes its kernel along
        Session session = Session.create();
        CountDownLatch shutdown = new CountDownLatch(1);
        KernelServer server = new KernelServer(info, session, log);
        LegateConfig.MultiNodeConfig multi = setup.config().multiNode();
        int ranks = multi.nodes() * multi.ranksPerNode();
        LocalLauncher launcher = new LocalLauncher();
        boolean replicate = ranks > 1 && !multi.notControlReplicable();
        CompletableFuture<Cluster> cluster = replicate && multi.launcher().equals("none")
                ? startRanks(launcher, ranks, List.of(), log) : null; // they read the kernelspec, as this rank does
        if (replicate && cluster == null) {
            log.println("legate kernel: launcher " + multi.launcher() + " is not supported yet: running as one rank");
        }
        MagicInterpreter magic = new MagicInterpreter(new JShellInterpreter(stdio),
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
     * Starts ranks 1..R-1 on this machine and joins them, in the background.
     *
     * @param options resource options for the other ranks, when they cannot read them from a kernelspec
     */
    static CompletableFuture<Cluster> startRanks(LocalLauncher launcher, int ranks, List<String> options, PrintStream log) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                String name = "legate-" + UUID.randomUUID();
                int port = Cluster.freePort();
                String coordinator = "127.0.0.1:" + port;
                launcher.start(ranks, Main.class.getName(), options, Map.of(CLUSTER_ENV, name, COORDINATOR_ENV, coordinator));
                Cluster c = Cluster.join(name, 0, ranks, "127.0.0.1", port, coordinator, log);
                Ranks.install(0, ranks, c);
                return c;
            } catch (IOException | RuntimeException e) {
                log.println("legate kernel: the ranks could not start: " + e);
                throw new CompletionException(e);
            }
        }, runnable -> {
            Thread t = new Thread(runnable, "ranks-start");
            t.setDaemon(true);
            t.start();
        });
    }

    static List<RankInfo> rankInfo(CompletableFuture<Cluster> cluster) {
        if (!cluster.isDone() || cluster.isCompletedExceptionally()) {
            return List.of(RankInfo.self(0));
        }
        return cluster.join().members().stream().map(m -> new RankInfo(m.rank(), m.host(), m.pid())).toList();
    }

    /** A rank above 0: joins rank 0's cluster and runs every cell it sends until the session ends. */
    static int runWorker(KernelSetup setup, RankEnvironment where) {
        Stdio stdio = Stdio.install();
        PrintStream log = stdio.log();
        ParentWatch.start(log, "rank " + where.rank());
        String name = System.getenv(CLUSTER_ENV);
        String coordinator = System.getenv(COORDINATOR_ENV);
        if (name == null || coordinator == null) {
            log.println("legate: rank " + where.rank() + ": started without " + CLUSTER_ENV + " and " + COORDINATOR_ENV);
            return 2;
        }
        CompletableFuture<Cluster> ready = new CompletableFuture<>();
        // JShell starts while this rank joins: both take seconds
        MagicInterpreter magic = new MagicInterpreter(new JShellInterpreter(stdio),
                MagicRegistry.discover(Main.class.getClassLoader()), setup.name(), setup.config(), stdio, () -> rankInfo(ready));
        Cluster cluster;
        try {
            cluster = Cluster.join(name, where.rank(), where.size(), "127.0.0.1", Cluster.freePort(), coordinator, log);
        } catch (IOException | RuntimeException e) {
            log.println("legate: rank " + where.rank() + " could not join rank 0: " + e);
            return 3;
        }
        ready.complete(cluster);
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
