package legate.kernel.wire;

/** The kernel's channels. Heartbeat is not here: it never carries messages. */
public enum Channel {
    SHELL, CONTROL, IOPUB, STDIN
}
