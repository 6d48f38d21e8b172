package legate.kernel.wire;

/** The protocol layer as the socket layer sees it. */
public interface RequestHandler {
    /** Handles one request; called on the thread that owns {@code channel}'s socket. */
    void handle(Channel channel, Message request);

    /** True (once) after a request whose failure should abort the shell requests already queued. */
    boolean takeAbortQueued();

    /** Answers a queued shell request that is being aborted. */
    void abort(Message request);
}
