package legate.kernel.wire;

/** The protocol layer as the socket layer sees it. */
public interface RequestHandler {
    /** Handles one request; called on the thread that owns {@code channel}'s socket. */
    void handle(Channel channel, Message request);
}
