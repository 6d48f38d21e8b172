package legate.kernel.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One Jupyter message. The parent header travels as the exact bytes it arrived with, so a
 * reply echoes it verbatim; a received header keeps its bytes for the same reason.
 */
public final class Message {
    static final byte[] EMPTY_OBJECT = "{}".getBytes(StandardCharsets.UTF_8);

    private final List<byte[]> identities;
    private final ObjectNode header;
    private final byte[] headerBytes;
    private final byte[] parentHeaderBytes;
    private final ObjectNode metadata;
    private final ObjectNode content;
    private final List<byte[]> buffers;

    Message(List<byte[]> identities, ObjectNode header, byte[] headerBytes, byte[] parentHeaderBytes,
            ObjectNode metadata, ObjectNode content, List<byte[]> buffers) {
        this.identities = List.copyOf(identities);
        this.header = header;
        this.headerBytes = headerBytes;
        this.parentHeaderBytes = parentHeaderBytes == null ? EMPTY_OBJECT : parentHeaderBytes;
        this.metadata = metadata;
        this.content = content;
        this.buffers = List.copyOf(buffers);
    }

    public List<byte[]> identities() {
        return identities;
    }

    public ObjectNode header() {
        return header;
    }

    public String type() {
        return header.path("msg_type").asText();
    }

    public String id() {
        return header.path("msg_id").asText();
    }

    public ObjectNode metadata() {
        return metadata;
    }

    public ObjectNode content() {
        return content;
    }

    public List<byte[]> buffers() {
        return buffers;
    }

    /** The header as bytes: those received, or those this message will be sent with. */
    public byte[] headerBytes() {
        return headerBytes;
    }

    public byte[] parentHeaderBytes() {
        return parentHeaderBytes;
    }

    public JsonNode parentHeader() {
        try {
            return Json.MAPPER.readTree(parentHeaderBytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] bytes(JsonNode node) {
        try {
            return Json.MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not serialisable as JSON: " + node, e);
        }
    }

    @Override
    public String toString() {
        return type() + " " + content;
    }
}
