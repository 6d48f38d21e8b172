package legate.kernel.wire;

import java.util.List;

/** The shell requests that have arrived but not been handled yet. */
public interface PendingRequests {
    /** Takes every request already received; called on the shell thread only. */
    List<Message> drain();
}
