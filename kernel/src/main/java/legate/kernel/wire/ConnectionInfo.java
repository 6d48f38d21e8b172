package legate.kernel.wire;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** A Jupyter connection file: where to bind the five sockets and how to sign messages. */
public record ConnectionInfo(String transport, String ip, int shellPort, int iopubPort, int stdinPort,
                             int controlPort, int hbPort, String key, String signatureScheme) {

    public static ConnectionInfo read(Path file) throws IOException {
        JsonNode n;
        try {
            n = Json.MAPPER.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new IOException("connection file not found: " + file, e);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            var at = e.getLocation();
            throw new IOException("connection file " + file + " is not valid JSON: " + e.getOriginalMessage()
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"), e);
        }
        if (n == null || !n.isObject()) {
            throw new IOException("connection file " + file + " does not hold a JSON object");
        }
        String scheme = text(n, "signature_scheme", "hmac-sha256");
        String key = text(n, "key", "");
        if (!key.isEmpty() && !scheme.equals("hmac-sha256")) {
            throw new IOException("connection file " + file + ": signature_scheme '" + scheme
                    + "' is not supported; expected 'hmac-sha256'");
        }
        return new ConnectionInfo(text(n, "transport", "tcp"), text(n, "ip", "127.0.0.1"),
                port(n, "shell_port", file), port(n, "iopub_port", file), port(n, "stdin_port", file),
                port(n, "control_port", file), port(n, "hb_port", file), key, scheme);
    }

    /** The ZeroMQ endpoint for one of this file's ports, e.g. {@code tcp://127.0.0.1:5555}. */
    public String endpoint(int port) {
        return transport.equals("ipc") ? "ipc://" + ip + "-" + port : transport + "://" + ip + ":" + port;
    }

    private static String text(JsonNode n, String field, String otherwise) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? otherwise : v.asText();
    }

    private static int port(JsonNode n, String field, Path file) throws IOException {
        JsonNode v = n.get(field);
        if (v == null || !v.canConvertToInt() || v.asInt() < 0 || v.asInt() > 65535) {
            throw new IOException("connection file " + file + ": '" + field + "' must be a port number, got " + v);
        }
        return v.asInt();
    }
}
