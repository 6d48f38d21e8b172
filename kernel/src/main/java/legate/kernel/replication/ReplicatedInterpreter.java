package legate.kernel.replication;

import java.io.InterruptedIOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import legate.kernel.jshell.CellErrors;
import legate.kernel.jshell.ExecutionMirror;
import legate.kernel.protocol.CellIO;
import legate.kernel.protocol.ExecuteOutcome;
import legate.kernel.protocol.ExecuteOutcome.Failure;
import legate.kernel.protocol.ExecuteOutcome.Success;
import legate.kernel.protocol.ForwardingCellIO;
import legate.kernel.protocol.ForwardingInterpreter;
import legate.kernel.protocol.Interpreter;
import legate.runtime.cluster.CellOutcome;
import legate.runtime.cluster.CellRequest;
import legate.runtime.cluster.Cluster;
import legate.runtime.cluster.OrderedBroadcast;
import legate.runtime.cluster.OutcomeGathering.Watch;
import legate.runtime.cluster.RankLostException;

/**
 * Rank 0 of a control-replicated session: every cell goes to every rank (in order), runs here
 * too, and is answered once every rank has finished it. Only rank 0 compiles: what its JShell's
 * control loads and runs goes to the other ranks through {@link #mirror()}. An error on any rank
 * is the cell's error, naming the rank; a lost rank ends the session (the kernel must be
 * restarted).
 */
public final class ReplicatedInterpreter extends ForwardingInterpreter {
    private final Interpreter local;
    private final CompletableFuture<Cluster> cluster;
    private final PrintStream log;
    private long seq;
    private volatile long running = -1;
    private static final String INTERRUPTED = "Interrupted";
    private volatile String lostMessage;
    /** How long rank 0, ending, waits for every rank to say it has taken the last cell ({@link Cluster#end}). */
    static final java.time.Duration LEAVING_WAIT = java.time.Duration.ofSeconds(2);
    private final ClusterMirror mirror = new ClusterMirror();

    public ReplicatedInterpreter(Interpreter local, CompletableFuture<Cluster> cluster, PrintStream log) {
        super(local);
        this.local = local;
        this.cluster = cluster;
        this.log = log;
        // a cell waiting for a lost rank (an exchange of array rows, a collective) would wait forever:
        // stop it, and the gather below reports the lost rank
        cluster.thenAccept(c -> c.onRankLost(rank -> {
            if (running >= 0) {
                local.interrupt();
            }
        }));
    }

    /** Where rank 0's JShell sends what its control does (see {@link legate.kernel.jshell.JShellInterpreter#replicateTo}). */
    public ExecutionMirror mirror() {
        return mirror;
    }

    private Cluster cluster() throws ExecutionException, InterruptedException {
        return cluster.get();
    }

    @Override
    public ExecuteOutcome execute(String code, CellIO io) {
        if (lostMessage != null) {
            // the kernel stays answerable: %legate_info, which says which ranks are lost, runs on rank 0
            return code.strip().matches("%legate_info(\\s.*)?") ? local.execute(code, io) : failure("RankLost", lostMessage);
        }
        Cluster c;
        try {
            if (!cluster.isDone()) {
                legate.runtime.profile.Progress.phase("waiting for the ranks to start"); // for a long cell's progress line
            }
            c = cluster();
        } catch (ExecutionException e) {
            return failure("RuntimeStartError", "the ranks could not start: " + e.getCause().getMessage()
                    + "; restart the kernel (see the kernel's log)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failure("Interrupted", "the cell was interrupted while the ranks were starting");
        } finally {
            legate.runtime.profile.Progress.phase("");
        }
        long cell = ++seq;
        c.communicator().beginCell(cell);
        c.cells().publish(new CellRequest(cell, code, io.executionCount(), false));
        running = cell;
        mirror.openCell(c, cell);
        ExecuteOutcome mine;
        // a cell that failed on another rank may leave this one waiting for it: the watch stops it
        Watch watch = c.outcomes().watch(cell, this::stopHere);
        try {
            mine = local.execute(code, new InputSharing(io, c.stdin()));
        } finally {
            running = -1;
            watch.close();
            mirror.closeCell();
        }
        List<CellOutcome> others;
        legate.runtime.profile.Progress.phase("waiting for the other ranks to finish the cell");
        try {
            others = c.outcomes().gather(cell, mine instanceof Failure);
        } catch (RankLostException e) {
            String lost;
            try {
                lost = c.settledLostSummary();
            } catch (InterruptedException stop) {
                Thread.currentThread().interrupt();
                lost = c.lostSummary();
            }
            lostMessage = "the session lost " + lost + " (a JVM died, or its host stopped answering); "
                    + "restart the kernel to go on";
            log.println("legate kernel: " + lostMessage);
            return failure("RankLost", lostMessage);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failure("Interrupted", "interrupted while waiting for the other ranks");
        } finally {
            legate.runtime.profile.Progress.phase("");
        }
        return merge(mine, others, c.size());
    }

    /**
     * The cell's outcome from every rank's: rank 0's result when all succeeded, else the first
     * error, naming its rank. Ranks interrupted because the cell failed on another rank are not
     * listed as errors of their own.
     */
    static ExecuteOutcome merge(ExecuteOutcome mine, List<CellOutcome> others, int size) {
        boolean realError = (mine instanceof Failure f && !secondary(f.ename()))
                || others.stream().anyMatch(o -> !o.ok() && !secondary(o.ename()));
        if (realError && mine instanceof Failure f && secondary(f.ename())) {
            mine = Success.of(null);
        }
        if (!realError && mine instanceof Failure f && CellErrors.FAILED_ELSEWHERE.equals(f.ename())) {
            mine = CellErrors.interrupted(); // what stopped it elsewhere was an interrupt
        }
        if (realError) {
            others = others.stream().map(o -> !o.ok() && secondary(o.ename()) ? CellOutcome.ok(o.seq(), o.rank()) : o).toList();
        }
        Map<String, List<Integer>> errorsByKind = new LinkedHashMap<>();
        Map<String, CellOutcome> firstOfKind = new LinkedHashMap<>();
        if (mine instanceof Failure f) {
            String key = f.ename() + ": " + f.evalue();
            errorsByKind.computeIfAbsent(key, k -> new ArrayList<>()).add(0);
            firstOfKind.put(key, new CellOutcome(0, 0, false, f.ename(), f.evalue(), f.traceback()));
        }
        for (CellOutcome o : others) {
            if (!o.ok()) {
                String key = o.ename() + ": " + o.evalue();
                errorsByKind.computeIfAbsent(key, k -> new ArrayList<>()).add(o.rank());
                firstOfKind.putIfAbsent(key, o);
            }
        }
        if (errorsByKind.isEmpty()) {
            return mine;
        }
        String primaryKey = errorsByKind.keySet().iterator().next();
        CellOutcome primary = firstOfKind.get(primaryKey);
        List<Integer> primaryRanks = errorsByKind.get(primaryKey);
        boolean everywhere = errorsByKind.size() == 1 && primaryRanks.size() == size;
        String where = everywhere ? "on every rank" : primaryRanks.size() == 1 ? "on rank " + primaryRanks.get(0)
                : "on ranks " + primaryRanks.toString().replaceAll("[\\[\\]]", "");
        List<String> tb = new ArrayList<>(primary.traceback());
        if (size > 1) {
            tb.add("(" + where + " of " + size + ")");
            if (errorsByKind.size() > 1) {
                tb.add("Other errors:");
                errorsByKind.forEach((k, ranks) -> {
                    if (!k.equals(primaryKey)) {
                        tb.add("  rank" + (ranks.size() > 1 ? "s " : " ") + ranks.toString().replaceAll("[\\[\\]]", "") + ": " + k);
                    }
                });
            }
        }
        String evalue = everywhere || size == 1 ? primary.evalue() : primary.evalue() + " (" + where + ")";
        return new Failure(primary.ename(), evalue, tb);
    }

    /** A rank's error that follows from another's: interrupted by it, or stopped because the cell failed elsewhere. */
    private static boolean secondary(String ename) {
        return INTERRUPTED.equals(ename) || CellErrors.FAILED_ELSEWHERE.equals(ename);
    }

    /** Stops the cell here: the code running, and a wait for the other ranks. */
    private void stopHere() {
        mirror.stop();
        local.interrupt();
    }

    private static Failure failure(String ename, String evalue) {
        return new Failure(ename, evalue, List.of(ename + ": " + evalue));
    }

    @Override
    public void interrupt() {
        mirror.stop();
        local.interrupt();
        long cell = running >= 0 ? running : seq;
        if (cluster.isDone() && !cluster.isCompletedExceptionally()) {
            cluster.join().interrupts().publish(cell);
        }
    }

    @Override
    public void close() {
        if (cluster.isDone() && !cluster.isCompletedExceptionally()) {
            Cluster c = cluster.join();
            java.time.Duration wait = LEAVING_WAIT;
            try {
                c.cells().publish(new CellRequest(++seq, "", 0, true));
            } catch (RuntimeException e) {
                log.println("legate kernel: could not tell the ranks to stop: " + e);
                wait = java.time.Duration.ZERO; // no rank will say it took it
            }
            c.end(wait);
        }
        local.close();
    }

    /** Rank 0's frontend, which also hands each line typed to the other ranks. */
    private static final class InputSharing extends ForwardingCellIO {
        private final OrderedBroadcast<String> stdin;

        InputSharing(CellIO io, OrderedBroadcast<String> stdin) {
            super(io);
            this.stdin = stdin;
        }

        @Override
        public String readLine(String prompt, boolean password) throws InterruptedIOException {
            String line = io.readLine(prompt, password);
            stdin.publish(line);
            return line;
        }
    }
}
