package legate.kernel.wire;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;

/** Makes the kernel's messages: fresh msg_id, the kernel's session, protocol 5.3, a UTC date. */
public final class Session {
    public static final String PROTOCOL_VERSION = "5.3";
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private final String id;
    private final String username;

    public Session(String id, String username) {
        this.id = id;
        this.username = username;
    }

    public static Session create() {
        return new Session(UUID.randomUUID().toString(), "kernel");
    }

    public String id() {
        return id;
    }

    /** A reply to {@code parent}, routed back with its identities. */
    public Message reply(Message parent, String type, ObjectNode content) {
        return make(parent.identities(), parent, type, content);
    }

    /** An IOPub message about {@code parent} (null when it has none), topic {@code kernel.<session>.<type>}. */
    public Message publication(Message parent, String type, ObjectNode content) {
        byte[] topic = ("kernel." + id + "." + type).getBytes(StandardCharsets.UTF_8);
        return make(List.of(topic), parent, type, content);
    }

    private Message make(List<byte[]> identities, Message parent, String type, ObjectNode content) {
        ObjectNode h = Json.object();
        h.put("msg_id", UUID.randomUUID().toString());
        h.put("session", id);
        h.put("username", username);
        h.put("date", formatDate(Instant.now()));
        h.put("msg_type", type);
        h.put("version", PROTOCOL_VERSION);
        return new Message(identities, h, Message.bytes(h), parent == null ? null : parent.headerBytes(),
                Json.object(), content, List.of());
    }

    public static String formatDate(Instant t) {
        return DATE.format(t);
    }
}
