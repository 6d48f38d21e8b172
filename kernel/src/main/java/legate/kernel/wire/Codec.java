package legate.kernel.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Frames to messages and back, signing and verifying over the exact bytes on the wire. */
public final class Codec {
    static final byte[] DELIMITER = "<IDS|MSG>".getBytes(StandardCharsets.US_ASCII);
    private final Signer signer;

    public Codec(Signer signer) {
        this.signer = signer;
    }

    public List<byte[]> encode(Message m) {
        byte[] header = m.headerBytes();
        byte[] parent = m.parentHeaderBytes();
        byte[] metadata = Message.bytes(m.metadata());
        byte[] content = Message.bytes(m.content());
        List<byte[]> frames = new ArrayList<>(m.identities().size() + 6 + m.buffers().size());
        frames.addAll(m.identities());
        frames.add(DELIMITER);
        frames.add(signer.sign(header, parent, metadata, content).getBytes(StandardCharsets.US_ASCII));
        frames.add(header);
        frames.add(parent);
        frames.add(metadata);
        frames.add(content);
        frames.addAll(m.buffers());
        return frames;
    }

    public Message decode(List<byte[]> frames) throws MalformedMessageException {
        int delim = -1;
        for (int i = 0; i < frames.size(); i++) {
            if (Arrays.equals(frames.get(i), DELIMITER)) {
                delim = i;
                break;
            }
        }
        if (delim < 0) {
            throw new MalformedMessageException("no <IDS|MSG> delimiter among " + frames.size() + " frames");
        }
        if (frames.size() < delim + 6) {
            throw new MalformedMessageException("expected 5 frames after <IDS|MSG>, got " + (frames.size() - delim - 1));
        }
        byte[] header = frames.get(delim + 2);
        byte[] parent = frames.get(delim + 3);
        byte[] metadata = frames.get(delim + 4);
        byte[] content = frames.get(delim + 5);
        if (!signer.verify(frames.get(delim + 1), header, parent, metadata, content)) {
            throw new MalformedMessageException("bad signature");
        }
        ObjectNode h = object(header, "header");
        if (!h.path("msg_type").isTextual() || !h.path("msg_id").isTextual()) {
            throw new MalformedMessageException("header lacks msg_type or msg_id: " + h);
        }
        object(parent, "parent_header");
        return new Message(frames.subList(0, delim), h, header, parent, object(metadata, "metadata"),
                object(content, "content"), frames.subList(delim + 6, frames.size()));
    }

    private static ObjectNode object(byte[] json, String what) throws MalformedMessageException {
        JsonNode n;
        try {
            n = Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new MalformedMessageException(what + " is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new MalformedMessageException(what + " could not be read: " + e.getMessage(), e);
        }
        if (n instanceof ObjectNode o) {
            return o;
        }
        throw new MalformedMessageException(what + " is not a JSON object");
    }
}
