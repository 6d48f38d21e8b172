package legate.magics;

/** The outcome of Java code a magic ran through {@link JavaSession#evaluate}; the kernel knows what it holds. */
public interface Evaluation {
    boolean failed();

    /** The value the code ended with (its last expression), or null. */
    Object value();

    /** The time the code spent running, without compiling it. */
    ProcessTimes executionTime();
}
