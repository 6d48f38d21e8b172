package legate.kernel.replication;

import java.io.InterruptedIOException;
import java.io.PrintStream;
import legate.kernel.protocol.ExecuteOutcome;
import legate.kernel.protocol.ExecuteOutcome.Failure;
import legate.kernel.protocol.Interpreter;
import legate.kernel.protocol.SilentCellIO;
import legate.runtime.cluster.CellOutcome;
import legate.runtime.cluster.CellRequest;
import legate.runtime.cluster.Cluster;

/**
 * A rank above 0: runs every cell rank 0 sends, in order, through the same magics, its Java as
 * rank 0's JShell compiled it ({@link legate.kernel.jshell.FollowingCells} reading the
 * {@link ClusterFeed}), and reports how each ended. Its output goes nowhere (only rank 0's
 * reaches the notebook); the lines it reads are those rank 0 read.
 */
public final class WorkerRank {
    private final Interpreter interpreter;
    private final Cluster cluster;
    private final ClusterFeed feed;
    private final PrintStream log;
    private volatile long current = -1;
    private volatile long interruptedUpTo = -1;
    /** Held while a cell begins or ends here, and while an interrupt is applied to the cell it names. */
    private final Object cellChange = new Object();
    /** Set once rank 0 has sent the session's last cell. */
    private volatile boolean ending;

    /** @param feed what {@code interpreter}'s Java cells follow */
    public WorkerRank(Interpreter interpreter, Cluster cluster, ClusterFeed feed, PrintStream log) {
        this.interpreter = interpreter;
        this.cluster = cluster;
        this.feed = feed;
        this.log = log;
    }

    /** Serves cells until rank 0 says the session is over. */
    public void run() throws InterruptedException {
        cluster.interrupts().onInterrupt(cell -> {
            synchronized (cellChange) { // the cell it names cannot end, nor the next begin, in between
                interruptedUpTo = Math.max(interruptedUpTo, cell);
                if (cell == current) {
                    interpreter.interrupt();
                }
            }
        });
        cluster.onRankLost(rank -> {
            if (rank == 0 && !ending) { // once the session is over, rank 0 leaves without waiting for this rank
                // the session is over: a normal exit, which Open MPI's recovery mode needs to end the
                // job when rank 0 was killed (a failing status from a remote host leaves mpirun waiting)
                log.println("legate: rank " + cluster.rank() + ": rank 0 is gone; exiting");
                Runtime.getRuntime().halt(0);
            }
        });
        while (true) {
            CellRequest cell = cluster.cells().next();
            if (cell.shutdown()) {
                ending = true;
                return;
            }
            cluster.communicator().beginCell(cell.seq());
            feed.cell(cell.seq());
            synchronized (cellChange) {
                interpreter.clearInterrupt();
                current = cell.seq();
                if (interruptedUpTo >= cell.seq()) { // the interrupt arrived before the cell did
                    interpreter.interrupt();
                }
            }
            ExecuteOutcome outcome;
            try {
                outcome = interpreter.execute(cell.code(), new Silent(cell));
            } catch (RuntimeException | Error e) {
                outcome = new Failure("InternalError", "rank " + cluster.rank() + " failed: " + e, java.util.List.of(e.toString()));
            }
            synchronized (cellChange) {
                current = -1;
            }
            cluster.outcomes().report(outcome instanceof Failure f
                    ? new CellOutcome(cell.seq(), cluster.rank(), false, f.ename(), f.evalue(), f.traceback())
                    : CellOutcome.ok(cell.seq(), cluster.rank()));
        }
    }

    /** Where a worker's cell output goes: nowhere; its input: what rank 0 read. */
    private final class Silent extends SilentCellIO {
        Silent(CellRequest cell) {
            super(cell.executionCount());
        }

        @Override
        public String readLine(String prompt, boolean password) throws InterruptedIOException {
            try {
                return cluster.stdin().next();
            } catch (InterruptedException e) {
                throw new InterruptedIOException("input was interrupted");
            }
        }
    }
}
