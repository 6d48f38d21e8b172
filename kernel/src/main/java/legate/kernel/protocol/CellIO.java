package legate.kernel.protocol;

import java.io.InterruptedIOException;
import legate.kernel.display.DisplaySink;

/** What a running cell can reach of its frontend. */
public interface CellIO extends DisplaySink {
    /** Output on {@code stdout} or {@code stderr}. */
    void stream(String name, String text);

    /**
     * A line typed by the user (input_request).
     *
     * @throws IllegalStateException when the frontend does not accept input (allow_stdin false)
     * @throws InterruptedIOException when the cell is interrupted while waiting
     */
    String readLine(String prompt, boolean password) throws InterruptedIOException;

    /** The cell's execution count, as the frontend shows it ({@code In [N]}). */
    int executionCount();

    /** Whether this cell's output reaches the frontend ({@code silent} cells publish nothing). */
    boolean publishes();

    /**
     * The file the code comes from, as errors name it ({@code "stencil.jsh, line 4"}), or null
     * for code typed into the cell ({@code "cell [N], line 4"}).
     */
    default String source() {
        return null;
    }
}
