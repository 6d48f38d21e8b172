package legate.kernel.jshell;

import legate.kernel.protocol.ExecuteOutcome;

/**
 * Rank 0's side of replication without compiling elsewhere: what its JShell's execution control
 * does is told to the other ranks ({@link ControlOp}s), who do the same. Only between
 * {@link #begin} and {@link #end}, which the interpreter calls around each Java evaluation of a
 * replicated cell; outside them (rank 0's own evaluations: user expressions, a magic that runs on
 * rank 0 only) nothing is sent.
 */
public interface ExecutionMirror {
    /** Nothing is replicated: one rank. */
    ExecutionMirror NONE = new ExecutionMirror() {
        @Override
        public boolean active() {
            return false;
        }

        @Override
        public void begin(String kind) {
        }

        @Override
        public void send(ControlOp op) {
        }

        @Override
        public String othersFailed() {
            return null;
        }

        @Override
        public void end(ExecuteOutcome mine, boolean ranHere) {
        }
    };

    /** Whether a replicated segment is open: what the control does now goes to every rank. */
    boolean active();

    /** A segment of a replicated cell begins (see {@link ControlOp.Begin}). */
    void begin(String kind);

    /** Sends {@code op} to every other rank. */
    void send(ControlOp op);

    /**
     * Before rank 0 runs a snippet's code: waits until every other rank has run the code sent so
     * far in this cell, so that no rank runs snippet N+1 after another failed snippet N.
     *
     * @return null when all of it ran without error; else what failed, and where ("rank 1:
     *         java.lang.IllegalStateException: ..."), and the cell must stop here
     */
    String othersFailed();

    /** The segment ended here with {@code mine}; {@code ranHere}: a failure of running code on this rank. */
    void end(ExecuteOutcome mine, boolean ranHere);
}
