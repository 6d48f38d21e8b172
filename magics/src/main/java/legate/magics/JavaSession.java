package legate.magics;

import java.util.List;

/** The Java (JShell) session of this rank, as magics may use it. */
public interface JavaSession {
    /** Runs Java code as a cell would; output streams to the cell while it runs. */
    Evaluation evaluate(String code);

    /** As {@link #evaluate(String)}, for code read from {@code file}: its errors name the file's lines ("run.jsh, line 4"). */
    default Evaluation evaluate(String code, String file) {
        return evaluate(code);
    }

    /** Whether {@code code} is complete Java (so a following {@code %line} is a magic, not part of it). */
    boolean isComplete(String code);

    /** The variables defined so far, with their declared types. */
    List<Variable> variables();

    record Variable(String name, String type) {
    }

    /** The classpath cells compile and run against, in order. */
    List<String> classpath();

    /** Adds a jar or folder to the classpath of later cells. */
    void addToClasspath(String path);

    /** A class from the session's classpath (including what {@link #addToClasspath} added). */
    Class<?> loadClass(String name) throws ClassNotFoundException;

    /** True once the cell has been interrupted; long-running magics check it. */
    boolean interrupted();
}
