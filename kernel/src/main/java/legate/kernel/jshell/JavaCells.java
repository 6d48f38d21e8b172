package legate.kernel.jshell;

import java.util.List;
import legate.kernel.protocol.CellIO;
import legate.kernel.protocol.ExecuteOutcome;
import legate.kernel.protocol.Interpreter;
import legate.magics.ProcessTimes;

/**
 * Java cells as the magics and a rank's session use them: {@link JShellInterpreter} on rank 0
 * (and on a rank alone), which compiles; {@link FollowingCells} on the other ranks, which run
 * what rank 0 compiled.
 */
public interface JavaCells extends Interpreter {
    /** A cell run through {@link #execute}, with the time its snippets spent running (not compiling). */
    record Timed(ExecuteOutcome outcome, ProcessTimes executionTime) {
    }

    Timed executeTimed(String code, CellIO io);

    /**
     * Like {@link #execute}, on this rank alone even in a replicated cell: for what a magic that
     * runs on rank 0 only evaluates.
     */
    Timed executeHere(String code, CellIO io);

    /** The variables declared so far (JShell's {@code $N} temporaries are dropped), with their types. */
    List<String[]> variables();

    /** The classpath cells compile and run against. */
    List<String> classpath();

    /** Adds a jar or folder for later cells to compile and run against. */
    void addToClasspath(String path);

    /** A class as cells see it, including jars added to the classpath (looked up on every rank in a replicated cell). */
    Class<?> loadClass(String name) throws ClassNotFoundException;

    /** Like {@link #loadClass}, on this rank alone: for a magic that runs on rank 0 only. */
    Class<?> loadClassHere(String name) throws ClassNotFoundException;

    /**
     * Whether {@code code} is complete Java, for splitting a cell that is about to run into Java and
     * magics: decided by javac's parser, waiting for JShell to start if it has not yet (unlike
     * {@link #isComplete}, which answers a frontend at once, from the brackets when JShell is busy).
     */
    default IsComplete isCompleteToRun(String code) {
        return isComplete(code);
    }

    /** Whether the user's session is busy, or was lately: warm-ups wait meanwhile. */
    boolean userBusy();
}
