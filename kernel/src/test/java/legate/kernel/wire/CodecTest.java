package legate.kernel.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CodecTest {
    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void signsLikePythonsHmac() {
        // hmac.new(b"secret", '{"a":1}{}{}{"b":"é"}'.encode(), hashlib.sha256).hexdigest()
        assertEquals("e02a5e08161cd1edd3915b1f9784e9007f40352b828ff62dc2465dbbb55bf3f6",
                new Signer("secret").sign(b("{\"a\":1}"), b("{}"), b("{}"), b("{\"b\":\"é\"}")));
        assertEquals("", new Signer("").sign(b("{}")));
    }

    private static List<byte[]> request(Signer signer, String header, String parent, String content) {
        List<byte[]> f = new ArrayList<>();
        f.add(b("client-identity"));
        f.add(Codec.DELIMITER);
        f.add(b(signer.sign(b(header), b(parent), b("{}"), b(content))));
        f.add(b(header));
        f.add(b(parent));
        f.add(b("{}"));
        f.add(b(content));
        return f;
    }

    @Test
    void decodesAndReplyEchoesTheParentHeaderBytesVerbatim() throws Exception {
        Signer signer = new Signer("k");
        Codec codec = new Codec(signer);
        String header = "{\"msg_id\": \"m1\",  \"msg_type\": \"kernel_info_request\", \"session\": \"s\", \"x\": 1.50}";
        Message m = codec.decode(request(signer, header, "{}", "{}"));
        assertEquals("kernel_info_request", m.type());
        assertArrayEquals(b("client-identity"), m.identities().get(0));

        Message reply = new Session("kernel-session", "kernel").reply(m, "kernel_info_reply", Json.object().put("status", "ok"));
        List<byte[]> frames = codec.encode(reply);
        assertArrayEquals(b("client-identity"), frames.get(0));
        assertArrayEquals(Codec.DELIMITER, frames.get(1));
        assertArrayEquals(b(header), frames.get(4)); // exact bytes, spacing and 1.50 kept
        assertEquals(signer.sign(frames.get(3), frames.get(4), frames.get(5), frames.get(6)), new String(frames.get(2), StandardCharsets.US_ASCII));
        Message back = codec.decode(frames);
        assertEquals("kernel_info_reply", back.type());
        assertEquals("5.3", back.header().get("version").asText());
        assertEquals("kernel-session", back.header().get("session").asText());
    }

    @Test
    void everyMessageGetsAFreshIdAndAMicrosecondUtcDate() {
        Session s = Session.create();
        Message a = s.publication(null, "status", Json.object());
        Message b = s.publication(null, "status", Json.object());
        assertFalse(a.id().equals(b.id()));
        assertTrue(a.header().get("date").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z"));
        assertEquals("2026-11-21T13:20:41.123456Z", Session.formatDate(Instant.parse("2026-11-21T13:20:41.123456789Z")));
        assertArrayEquals(b("{}"), a.parentHeaderBytes());
    }

    @Test
    void rejectsABadSignature() {
        Codec codec = new Codec(new Signer("right"));
        List<byte[]> frames = request(new Signer("wrong"), "{\"msg_id\":\"1\",\"msg_type\":\"x\"}", "{}", "{}");
        MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> codec.decode(frames));
        assertEquals("bad signature", e.getMessage());
    }

    @Test
    void rejectsMalformedFramesAndJson() {
        Signer signer = new Signer("k");
        Codec codec = new Codec(signer);
        assertThrows(MalformedMessageException.class, () -> codec.decode(List.of(b("no delimiter"))));
        assertThrows(MalformedMessageException.class, () -> codec.decode(List.of(Codec.DELIMITER, b(""), b("{}"))));
        MalformedMessageException json = assertThrows(MalformedMessageException.class,
                () -> codec.decode(request(signer, "{not json", "{}", "{}")));
        assertTrue(json.getMessage().startsWith("header is not valid JSON"), json.getMessage());
        assertThrows(MalformedMessageException.class, () -> codec.decode(request(signer, "[1]", "{}", "{}")));
        assertThrows(MalformedMessageException.class, () -> codec.decode(request(signer, "{\"msg_id\":\"1\"}", "{}", "{}")));
    }
}
