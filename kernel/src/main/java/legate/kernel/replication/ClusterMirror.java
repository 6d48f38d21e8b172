package legate.kernel.replication;

import java.util.List;
import legate.kernel.jshell.ControlOp;
import legate.kernel.jshell.ExecutionMirror;
import legate.kernel.protocol.ExecuteOutcome;
import legate.runtime.cluster.Cluster;
import legate.runtime.cluster.RankLostException;

/**
 * Rank 0's {@link ExecutionMirror} over the data plane: between {@link #openCell} and
 * {@link #closeCell}, each Java evaluation's control operations go to every other rank in order
 * (no waiting), and before a snippet runs here, the code sent earlier in the cell must have run
 * everywhere ({@link legate.runtime.cluster.OutcomeGathering#awaitSteps}).
 */
final class ClusterMirror implements ExecutionMirror {
    private volatile Cluster cluster;
    private volatile long cell = -1;
    private volatile boolean segment;
    private volatile boolean stopped;
    /** The runs of code sent in this cell, each acknowledged by every rank. */
    private int executions;
    /** What failed elsewhere in this cell, once known: the cell stops. */
    private String failed;

    /** A replicated cell starts (its request already sent to the ranks). */
    void openCell(Cluster cluster, long cell) {
        this.cluster = cluster;
        this.executions = 0;
        this.failed = null;
        this.stopped = false;
        this.segment = false;
        this.cell = cell;
    }

    /** The cell ended here: the other ranks are told nothing more will come. */
    void closeCell() {
        long c = cell;
        cell = -1;
        segment = false;
        if (c >= 0) {
            cluster.outcomes().sendControl(c, ControlOpCodec.encode(new ControlOp.Over()));
        }
    }

    /** The cell was interrupted here: a wait for the other ranks ends. */
    void stop() {
        stopped = true;
    }

    @Override
    public boolean active() {
        return segment;
    }

    @Override
    public void begin(String kind) {
        if (cell >= 0) {
            segment = true;
            send(new ControlOp.Begin(kind));
        }
    }

    @Override
    public void send(ControlOp op) {
        if (!segment) {
            return;
        }
        if (op instanceof ControlOp.Execute) {
            executions++;
        }
        cluster.outcomes().sendControl(cell, ControlOpCodec.encode(op));
    }

    @Override
    public String othersFailed() {
        if (failed != null) {
            return failed;
        }
        if (executions == 0) {
            return null;
        }
        try {
            List<String> errors = cluster.outcomes().awaitSteps(cell, executions, () -> stopped);
            if (!errors.isEmpty()) {
                failed = "the cell failed on " + String.join("; on ", errors);
            }
        } catch (RankLostException e) {
            failed = "the cell cannot go on: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failed = "interrupted while waiting for the other ranks";
        }
        return failed;
    }

    @Override
    public void end(ExecuteOutcome mine, boolean ranHere) {
        if (!segment) {
            return;
        }
        send(ControlOp.End.of(mine, ranHere));
        segment = false;
    }
}
