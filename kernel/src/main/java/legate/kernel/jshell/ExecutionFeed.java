package legate.kernel.jshell;

/**
 * A rank above 0's side of replication without compiling here: the {@link ControlOp}s rank 0's
 * JShell caused, in order, and this rank's answer to each {@link ControlOp.Execute}.
 */
public interface ExecutionFeed {
    /** The next operation of the running cell; waits for it. */
    ControlOp next() throws InterruptedException;

    /**
     * How the last {@link ControlOp.Execute} ended here: {@code error} null when it ran without
     * error, else its one-line description ("java.lang.IllegalStateException: only here").
     */
    void acknowledge(String error);
}
