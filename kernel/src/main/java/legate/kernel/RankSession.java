package legate.kernel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import legate.kernel.cell.MagicInterpreter;
import legate.kernel.display.Display;
import legate.kernel.jshell.CompilerWarmUp;
import legate.kernel.jshell.FollowingCells;
import legate.kernel.jshell.JShellInterpreter;
import legate.kernel.jshell.JavaCells;
import legate.kernel.jshell.Stdio;
import legate.kernel.protocol.Interpreter;
import legate.kernel.replication.ClusterFeed;
import legate.kernel.replication.ReplicatedInterpreter;
import legate.kernel.replication.WorkerRank;
import legate.magics.MagicRegistry;
import legate.magics.RankInfo;
import legate.numpy.WarmUp;
import legate.runtime.backend.ProcessorKind;
import legate.runtime.cluster.Cluster;
import legate.runtime.cluster.Ranks;
import legate.runtime.config.KernelSpecs;
import legate.runtime.config.LegateConfig;
import legate.runtime.config.ConfigException;
import legate.runtime.config.LegateMetadata;
import legate.runtime.launch.HostAddresses;
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
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KernelSetup setup;
    private final RankEnvironment where;
    private final int warmUp;
    private final Stdio stdio;
    private final PrintStream log;
    private final LocalLauncher launcher = new LocalLauncher();
    private Interpreter cells;
    private boolean ranksMet;
    private CompletableFuture<Cluster> cluster; // null when this rank runs alone
    private volatile boolean closed;

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
    }

    /**
     * This rank's array runtime: {@code --cpus} threads (or {@code --gpus}), {@code --sysmem} MB.
     * When its processors cannot run here, every array operation says why, and so does the
     * first cell's output, once.
     */
    private void installArrays(LegateConfig config) {
        ArrayRuntime arrays;
        int local = where.localRank(System.getenv());
        try {
            arrays = ArrayRuntime.create(config, local, System.getenv());
        } catch (IllegalArgumentException e) {
            log.println("legate: " + e.getMessage() + "; using the defaults");
            arrays = ArrayRuntime.create(config, local, Map.of());
        }
        arrays.unavailable().ifPresent(why -> log.println("legate: rank " + where.rank() + ": " + why));
        ArrayRuntime.install(arrays);
    }

    /**
     * The array runtime's hot paths compiled and the heap's young generation touched in the
     * background ({@link WarmUp}, on a runtime of its own), whenever the user's session is idle,
     * as the compiler warm-up does: on two cores, running beside a cell's javac made the first
     * cells slower than the warm-up made the first array loop faster (docs/performance.md). Only
     * on CPUs; it ends with the session.
     */
    private void warmArraysUp(JavaCells cells) {
        int rounds = warmUp > 0 && ArrayRuntime.current().backend().kind() == ProcessorKind.CPU
                ? WarmUp.configuredRounds(System.getenv(), log) : 0;
        if (rounds <= 0) {
            return;
        }
        Thread t = new Thread(Thread.currentThread().getThreadGroup(), () -> {
            try {
                WarmUp.run(rounds, cells::userBusy, () -> closed);
            } catch (RuntimeException | LinkageError e) {
                log.println("legate: the array warm-up stopped: " + e); // only speed is lost
            }
        }, "array-warm-up");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    /**
     * Rank 0: starts the other ranks (or joins those a launcher started) in the background, once;
     * {@link #lead} does it if this was not called before. Their start is what the first cell
     * waits for longest, so the kernel calls this before anything else it sets up.
     *
     * @param rankMain the main class of ranks started on this machine
     * @param rankOptions resource options for ranks started here, when they cannot read them from a kernelspec
     */
    void meetRanks(String rankMain, List<String> rankOptions) {
        if (!ranksMet) {
            ranksMet = true;
            cluster = connectRanks(rankMain, rankOptions);
        }
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
        meetRanks(rankMain, rankOptions);
        installArrays(setup.config());
        CompletableFuture<Cluster> cluster = this.cluster;
        JShellInterpreter jshell = new JShellInterpreter(stdio);
        if (cluster == null) {
            jshell.warmUpWhenIdle(warmUp);
            warmArraysUp(jshell);
        } else { // once every rank has started: before that, the starting ranks need the cores more
            cluster.whenComplete((c, e) -> {
                jshell.warmUpWhenIdle(warmUp);
                warmArraysUp(jshell);
            });
        }
        MagicInterpreter magic = withMagics(jshell, cluster == null ? null : () -> rankInfo(cluster, setup.config().core().gpus() > 0));
        if (cluster == null) {
            cells = magic;
        } else { // rank 0 alone compiles; the other ranks run what its JShell loads and invokes
            ReplicatedInterpreter replicated = new ReplicatedInterpreter(magic, cluster, log);
            jshell.replicateTo(replicated.mirror());
            cells = replicated;
        }
        var unavailable = ArrayRuntime.current().unavailable();
        if (unavailable.isPresent()) { // the kernel runs, so Jupyter does not restart it in a loop; arrays say why they fail
            cells = new FirstCellNotice(cells, "legate: " + unavailable.get() + ". Plain Java runs; every legate.numpy operation "
                    + "fails until the kernel is installed again with --gpus 0 (legate-jupyter --gpus 0 ...) or runs where a GPU can be used.");
        }
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
        closed = true;
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
     * external launcher, joins the ranks it started, which know the session from their
     * environment (a {@link Rendezvous}).
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
                    return joinLaunched(launchedSession());
                } catch (RuntimeException e) {
                    log.println("legate: the ranks could not meet: " + e.getMessage());
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

    /** The session a launcher started this rank for, from the environment its launch set ({@code legate-launch}, or the driver). */
    private Rendezvous launchedSession() {
        return launchedSession(where);
    }

    private static Rendezvous launchedSession(RankEnvironment where) {
        try {
            return Rendezvous.fromEnv(System.getenv()).orElseThrow(() -> new IllegalStateException("rank " + where.rank()
                    + " was started by " + where.launcher() + " without " + Rendezvous.KEY_ENV + " and " + Rendezvous.HOST_ENV
                    + ": start it through legate-launch (a kernelspec written before it must be installed again with legate-jupyter)"));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Why a rank above 0 could not join, and the exit status that says so. */
    static final class JoinFailure extends RuntimeException {
        final int status;

        JoinFailure(int status, String message, Throwable cause) {
            super(message, cause);
            this.status = status;
        }
    }

    /**
     * A rank above 0: joins rank 0's cluster on a thread of its own, begun before the rank reads
     * its configuration: the join is what rank 0's first cell waits for longest, and the two
     * overlap. Fails with a {@link JoinFailure}.
     */
    static CompletableFuture<Cluster> joinInBackground(RankEnvironment where, PrintStream log) {
        CompletableFuture<Cluster> joined = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                Rendezvous session;
                HostAddresses.Endpoints at;
                try {
                    session = launchedSession(where);
                    at = HostAddresses.of(session, where.rank(), System.getenv());
                } catch (IllegalStateException e) {
                    throw new JoinFailure(2, "rank " + where.rank() + " on host " + HostAddresses.hostName() + ": " + e.getMessage(), e);
                }
                try {
                    joined.complete(Cluster.join(session, where.rank(), where.size(), at.own(), at.rank0(), null, log));
                } catch (RuntimeException e) {
                    throw new JoinFailure(3, e.getMessage(), e);
                }
            } catch (RuntimeException | Error e) {
                joined.completeExceptionally(e);
            }
        }, "rank-join");
        t.setDaemon(true);
        t.start();
        return joined;
    }

    /** Rank 0 under an external launcher: listens where the session says and waits for every rank. */
    private Cluster joinLaunched(Rendezvous session) {
        String host = HostAddresses.of(session, 0, System.getenv()).own();
        Cluster c = Cluster.join(session, 0, where.size(), host, host, configJson(), log);
        Ranks.install(0, where.size(), c);
        return c;
    }

    /** How long a rank 0 that cannot serve waits for the ranks it told so to leave. */
    private static final java.time.Duration ABORT_WAIT = java.time.Duration.ofSeconds(10);
    /** What rank 0 says in place of its configuration when it cannot serve: why. */
    private static final String ABORT_KEY = "abort";

    /**
     * Rank 0, started by an external launcher, that cannot serve ({@code why}): the ranks the
     * launcher started beside it learn "rank 0 could not start (why)" as they join (rank 0 says it
     * in place of its configuration) and end at once, instead of waiting the whole join timeout for
     * a rank 0 that never listens, which keeps the launcher, and so the kernel Jupyter watches,
     * alive all that time. Returns once they left (at most {@code ABORT_WAIT} after they joined;
     * after the join timeout when some never join); does nothing for a rank 0 alone, or one whose
     * ranks it starts itself (they end with it).
     */
    static void endLaunchedRanks(KernelSetup setup, RankEnvironment where, String why, PrintStream log) {
        if (where.launcher().equals("none") || where.size() == 1 || setup.config().multiNode().notControlReplicable()
                || Boolean.getBoolean(KernelSpecs.NO_REPLICATE_PROPERTY)) {
            return;
        }
        try {
            Rendezvous session = launchedSession(where);
            String host = HostAddresses.of(session, 0, System.getenv()).own();
            String abort = JSON.writeValueAsString(Map.of(ABORT_KEY, "rank 0 could not start (" + why + ")"));
            Cluster.meetOnlyToEnd(session, where.size(), host, abort, ABORT_WAIT, log);
        } catch (IOException | RuntimeException e) {
            log.println("legate: could not tell the other ranks to end: " + e.getMessage());
        }
    }

    /** Why rank 0 ended the session before it began, when its configuration says so; else null. */
    static String abortOf(String rank0Config) {
        if (rank0Config == null) {
            return null;
        }
        try {
            JsonNode why = JSON.readTree(rank0Config).get(ABORT_KEY);
            return why == null ? null : why.asText();
        } catch (IOException e) {
            return null; // not rank 0's abort: fromRank0 says what is wrong with it
        }
    }

    /** Rank 0's configuration, for every rank to run with (a remote host may have no kernelspec to read it from). */
    private String configJson() {
        try {
            return JSON.writeValueAsString(Map.of("name", setup.name(), "legate", LegateMetadata.write(setup.config())));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the configuration for the other ranks", e);
        }
    }

    /** The configuration rank 0 sent, else this rank's own. */
    private KernelSetup fromRank0(String json) {
        if (json == null) {
            return setup;
        }
        try {
            JsonNode n = JSON.readTree(json);
            return new KernelSetup(n.path("name").asText(setup.name()), LegateMetadata.read(n.path("legate"), "rank 0's configuration",
                    note -> { }), setup.connectionFile());
        } catch (IOException | ConfigException e) {
            log.println("legate: rank " + where.rank() + ": cannot read rank 0's configuration (" + e.getMessage() + "); using its own");
            return setup;
        }
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
                Rendezvous session = Rendezvous.create("127.0.0.1").onPort(Cluster.freePort());
                Map<String, String> env = new java.util.HashMap<>(session.env());
                env.put(CompilerWarmUp.ENV, Integer.toString(warmUp));
                launcher.start(ranks, rankMain, rankOptions, env);
                Cluster c = Cluster.join(session, 0, ranks, "127.0.0.1", "127.0.0.1", configJson(), log);
                Ranks.install(0, ranks, c);
                return c;
            } catch (IOException | RuntimeException e) {
                log.println("legate kernel: the ranks could not start: " + e.getMessage());
                throw e;
            }
        });
    }

    /** The ranks for %legate_info; what each computes on only with GPUs (the only time it shows it). */
    private static List<RankInfo> rankInfo(CompletableFuture<Cluster> cluster, boolean processors) {
        if (!cluster.isDone() || cluster.isCompletedExceptionally()) {
            return List.of(RankInfo.self(0));
        }
        Cluster c = cluster.join();
        List<Integer> lost = c.lostRanks();
        java.util.Map<Integer, String> said = processors ? c.processors() : java.util.Map.of();
        return c.everyRank().stream().map(m -> new RankInfo(m.rank(), m.host(), m.pid(), lost.contains(m.rank()),
                m.rank() == 0 ? RankInfo.processorsOfThisJvm() : said.get(m.rank()))).toList();
    }

    /** A rank above 0 for the whole of its life, on streams of its own: {@link #follow}; returns the exit status. */
    static int followOnOwnStreams(KernelSetup setup, RankEnvironment where, int warmUp, CompletableFuture<Cluster> joining) {
        Stdio stdio = Stdio.install();
        int status = new RankSession(setup, where, warmUp, stdio).follow(joining);
        stdio.close();
        return status;
    }

    /**
     * A rank above 0: once {@code joining} has joined rank 0's cluster (see {@link #joinInBackground}),
     * runs every cell rank 0 sends until the session ends; returns the exit status.
     */
    int follow(CompletableFuture<Cluster> joining) {
        ParentWatch.start(log, "rank " + where.rank());
        if (setup.config().multiNode().notControlReplicable() || Boolean.getBoolean(KernelSpecs.NO_REPLICATE_PROPERTY)) {
            log.println("legate: rank " + where.rank() + ": --no-replicate runs every cell on rank 0 only; this rank has nothing to do");
            return 0;
        }
        CompletableFuture<Cluster> ready = new CompletableFuture<>();
        Cluster cluster;
        try {
            cluster = (joining != null ? joining : joinInBackground(where, log)).join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof JoinFailure f) {
                log.println("legate: " + f.getMessage());
                return f.status;
            }
            throw e;
        }
        String abort = abortOf(cluster.config());
        if (abort != null) {
            log.println("legate: rank " + where.rank() + ": " + abort + "; this rank ends too");
            cluster.close();
            return 0; // as when rank 0 is gone: Open MPI's recovery mode ends the job once every rank has
        }
        KernelSetup adopted = fromRank0(cluster.config());
        installArrays(adopted.config());
        cluster.describeProcessors(RankInfo.processorsOfThisJvm()); // for rank 0's %legate_info
        // no JShell here: rank 0 compiles, this rank runs the class bytes it loads, in the same order
        ClusterFeed feed = new ClusterFeed(cluster);
        FollowingCells java = new FollowingCells(stdio, feed, where.rank());
        MagicInterpreter magic = new MagicInterpreter(java, MagicRegistry.discover(RankSession.class.getClassLoader()), adopted.name(),
                adopted.config(), stdio, () -> rankInfo(ready, adopted.config().core().gpus() > 0));
        ready.complete(cluster);
        warmArraysUp(java);
        Ranks.install(where.rank(), where.size(), cluster);
        Display.install(new CurrentCellDisplay(stdio));
        boolean over = false;
        try {
            new WorkerRank(magic, cluster, feed, log).run();
            over = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closed = true;
            try {
                magic.close();
            } finally {
                if (over) { // rank 0 said the session is over
                    cluster.end(Duration.ZERO);
                } else {
                    cluster.close();
                }
            }
        }
        return 0;
    }
}
