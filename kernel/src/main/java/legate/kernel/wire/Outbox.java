package legate.kernel.wire;

/** Where the protocol layer sends messages: replies on SHELL/CONTROL, publications on IOPUB. */
public interface Outbox {
    void send(Channel channel, Message message);
}
