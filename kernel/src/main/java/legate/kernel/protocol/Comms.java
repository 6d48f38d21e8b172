package legate.kernel.protocol;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import legate.kernel.wire.Json;

/**
 * The kernel's comms: targets a cell registers, comms open on either side. A cell reaches the
 * kernel's registry with {@link #current()}.
 */
public final class Comms {
    /** Publishes a comm message about the request being handled. */
    interface Publisher {
        void publish(String msgType, ObjectNode content);
    }

    private static volatile Comms current;

    private final Map<String, Consumer<Comm>> targets = new ConcurrentHashMap<>();
    private final Map<String, Comm> open = new ConcurrentHashMap<>();
    private final Publisher publisher;

    Comms(Publisher publisher) {
        this.publisher = publisher;
    }

    /** The registry of the kernel this JVM runs. */
    public static Comms current() {
        Comms c = current;
        if (c == null) {
            throw new IllegalStateException("comms work only inside a kernel");
        }
        return c;
    }

    void makeCurrent() {
        current = this;
    }

    /** Accepts comms the frontend opens for {@code targetName}; {@code onOpen} gets each new comm. */
    public void registerTarget(String targetName, Consumer<Comm> onOpen) {
        targets.put(Objects.requireNonNull(targetName), Objects.requireNonNull(onOpen));
    }

    public void unregisterTarget(String targetName) {
        targets.remove(targetName);
    }

    /** Opens a comm from the kernel side to a frontend target. */
    public Comm open(String targetName, Map<String, ?> data) {
        Comm comm = new Comm(UUID.randomUUID().toString().replace("-", ""), targetName, this,
                Json.MAPPER.convertValue(data, new TypeReference<Map<String, Object>>() { }));
        open.put(comm.id(), comm);
        ObjectNode content = Json.object().put("comm_id", comm.id()).put("target_name", targetName);
        content.set("data", Json.MAPPER.valueToTree(data));
        publisher.publish("comm_open", content);
        return comm;
    }

    public Map<String, Comm> openComms() {
        return Map.copyOf(open);
    }

    void publish(String msgType, Comm comm, Map<String, ?> data) {
        ObjectNode content = Json.object().put("comm_id", comm.id());
        content.set("data", Json.MAPPER.valueToTree(data));
        publisher.publish(msgType, content);
    }

    void closed(Comm comm, Map<String, ?> data, boolean tellFrontend) {
        open.remove(comm.id());
        if (tellFrontend) {
            publish("comm_close", comm, data);
        }
    }

    /** comm_open from the frontend: an unknown target is answered with comm_close. */
    void openedByFrontend(ObjectNode content) {
        String id = content.path("comm_id").asText();
        String target = content.path("target_name").asText();
        Consumer<Comm> onOpen = targets.get(target);
        Comm comm = new Comm(id, target, this, data(content));
        if (onOpen == null) {
            publish("comm_close", comm, Map.of());
            return;
        }
        open.put(id, comm);
        onOpen.accept(comm);
    }

    void messageFromFrontend(ObjectNode content) {
        Comm comm = open.get(content.path("comm_id").asText());
        if (comm != null) {
            comm.received(data(content));
        }
    }

    void closedByFrontend(ObjectNode content) {
        Comm comm = open.remove(content.path("comm_id").asText());
        if (comm != null) {
            comm.closedByFrontend(data(content));
        }
    }

    private static Map<String, Object> data(ObjectNode content) {
        JsonNode d = content.get("data");
        if (d == null || !d.isObject()) {
            return Map.of();
        }
        return Json.MAPPER.convertValue(d, new TypeReference<Map<String, Object>>() { });
    }
}
