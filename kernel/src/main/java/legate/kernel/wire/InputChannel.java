package legate.kernel.wire;

import java.io.InterruptedIOException;

/** The stdin channel as the kernel uses it: ask the frontend for a line and wait for it. */
public interface InputChannel {
    /**
     * Sends an {@code input_request} on behalf of {@code parent} and waits for the reply.
     *
     * @throws InterruptedIOException when {@link #cancel()} is called while waiting
     */
    String readLine(Message parent, String prompt, boolean password) throws InterruptedIOException;

    /** Ends a wait in {@link #readLine} (an interrupt); does nothing when no one waits. */
    void cancel();
}
