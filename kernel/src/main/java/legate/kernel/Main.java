package legate.kernel;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import legate.kernel.display.Renderers;
import legate.kernel.jshell.CompilerWarmUp;
import legate.kernel.jshell.Stdio;
import legate.kernel.protocol.Interpreter;
import legate.kernel.protocol.KernelCore;
import legate.kernel.wire.ConnectionInfo;
import legate.kernel.wire.KernelServer;
import legate.kernel.wire.Session;
import legate.runtime.cluster.Cluster;
import legate.runtime.config.ConfigException;
import legate.runtime.config.KernelSpecs;
import legate.runtime.launch.ParentWatch;
import legate.runtime.launch.RankEnvironment;

/** The kernel process: {@code legate.kernel.Main -f CONNECTION_FILE}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        RankEnvironment where = RankEnvironment.from(System.getenv());
        // a rank above 0 joins rank 0 while it reads its configuration: the join is what rank 0's first cell waits for
        CompletableFuture<Cluster> joining = where.rank() > 0 && !Boolean.getBoolean(KernelSpecs.NO_REPLICATE_PROPERTY)
                ? RankSession.joinInBackground(where, System.err) : null;
        KernelSetup setup;
        try {
            setup = KernelSetup.resolve(List.of(args), System.getenv(), System.getProperty(KernelSpecs.SPEC_PROPERTY), System.err);
        } catch (ConfigException e) {
            System.err.println("legate kernel: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (where.rank() > 0) {
            int warmUp = CompilerWarmUp.configuredCount(System.getenv(), System.err);
            System.exit(RankSession.followOnOwnStreams(setup, where, warmUp, joining));
        }
        if (setup.connectionFile() == null) {
            System.err.println("usage: java -cp LIB/* legate.kernel.Main [RESOURCE OPTIONS] -f CONNECTION_FILE");
            System.err.println("error: no connection file given (Jupyter passes it as -f {connection_file})");
            RankSession.endLaunchedRanks(setup, where, "no connection file given", System.err);
            System.exit(2);
        }
        ConnectionInfo info;
        try {
            info = ConnectionInfo.read(setup.connectionFile());
        } catch (IOException e) {
            System.err.println("legate kernel: " + e.getMessage());
            RankSession.endLaunchedRanks(setup, where, e.getMessage(), System.err);
            System.exit(2);
            return;
        }
        PrintStream err = System.err; // before the capture of the streams: a failure after it must still reach the log
        int status;
        try {
            status = serve(info, setup, where);
        } catch (RuntimeException | Error e) {
            err.println("legate kernel: cannot go on: " + e);
            e.printStackTrace(err);
            status = 1;
        }
        System.exit(status);
    }

    /** Rank 0: serves Jupyter; with several ranks, starts them and replicates every cell. */
    private static int serve(ConnectionInfo info, KernelSetup setup, RankEnvironment where) {
        // the connection file's ports first, before any other rank starts: every port a rank takes
        // in the meantime could be one of them (the frontend chose them free, then let them go)
        Session session = Session.create();
        KernelServer server;
        try {
            server = new KernelServer(info, session, System.err);
        } catch (KernelServer.CannotListen e) {
            System.err.println("legate kernel: " + e.getMessage());
            RankSession.endLaunchedRanks(setup, where, e.getMessage(), System.err);
            return 1;
        }
        Stdio stdio = Stdio.install();
        PrintStream log = stdio.log();
        RankSession rank = new RankSession(setup, where, CompilerWarmUp.configuredCount(System.getenv(), log), stdio);
        // the other ranks read the kernelspec, as this rank does; their start is what the first cell waits for longest
        rank.meetRanks(Main.class.getName(), List.of());
        ArchiveUse.check(setup.config().argv(), log); // once the ranks are on their way
        ParentWatch.startForJupyter(System.getenv(), log); // a killed frontend takes its kernel along
        if (!where.launcher().equals("none")) {
            ParentWatch.start(log, "rank 0"); // and a killed launcher, its ranks
        }
        CountDownLatch shutdown = new CountDownLatch(1);
        Interpreter interpreter = CellProgress.wrapIfAsked(CellProfiling.wrapIfAsked(rank.lead(Main.class.getName(), List.of()),
                System.getenv()), System.getenv(), stdio::flush);
        Renderers renderers = Renderers.discover(Main.class.getClassLoader());
        KernelCore core = new KernelCore(session, interpreter, server, server, server, renderers, shutdown::countDown, log);
        rank.interruptOnSigint(core::interruptCell);
        server.start(core);
        core.announceStarting();
        try {
            shutdown.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        rank.close();
        server.close();
        stdio.close();
        return 0;
    }
}
