package legate.kernel.protocol;

import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One end of a Jupyter comm (the channel widgets are built on). Messages carry JSON-able data:
 * maps, lists, strings, numbers, booleans.
 */
public final class Comm {
    private final String id;
    private final String targetName;
    private final Comms owner;
    private final Map<String, Object> openData;
    private volatile Consumer<Map<String, Object>> onMessage = data -> { };
    private volatile Consumer<Map<String, Object>> onClose = data -> { };
    private volatile boolean closed;

    Comm(String id, String targetName, Comms owner, Map<String, Object> openData) {
        this.id = id;
        this.targetName = targetName;
        this.owner = owner;
        this.openData = Map.copyOf(openData);
    }

    public String id() {
        return id;
    }

    public String targetName() {
        return targetName;
    }

    /** The data the comm was opened with. */
    public Map<String, Object> openData() {
        return openData;
    }

    public boolean isClosed() {
        return closed;
    }

    public void send(Map<String, ?> data) {
        if (closed) {
            throw new IllegalStateException("comm " + id + " (" + targetName + ") is closed");
        }
        owner.publish("comm_msg", this, data);
    }

    public void close() {
        close(Map.of());
    }

    public void close(Map<String, ?> data) {
        if (!closed) {
            closed = true;
            owner.closed(this, data, true);
        }
    }

    /** Called with the {@code data} of each message the frontend sends on this comm. */
    public void onMessage(Consumer<Map<String, Object>> handler) {
        onMessage = Objects.requireNonNull(handler);
    }

    public void onClose(Consumer<Map<String, Object>> handler) {
        onClose = Objects.requireNonNull(handler);
    }

    void received(Map<String, Object> data) {
        onMessage.accept(data);
    }

    void closedByFrontend(Map<String, Object> data) {
        closed = true;
        onClose.accept(data);
    }
}
