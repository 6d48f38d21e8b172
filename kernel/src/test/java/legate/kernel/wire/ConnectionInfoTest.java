package legate.kernel.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionInfoTest {
    @TempDir
    Path dir;

    @Test
    void aFileThatIsNotJsonIsNamedWithWhereItBreaks() throws IOException {
        Path f = Files.writeString(dir.resolve("kernel-1.json"), "{\n  \"shell_port\": 5,\n  bad\n}");
        IOException e = assertThrows(IOException.class, () -> ConnectionInfo.read(f));
        assertEquals("connection file " + f + " is not valid JSON: Unexpected character ('b' (code 98)): was expecting double-quote to "
                + "start field name (line 3, column 3)", e.getMessage());
    }

    @Test
    void aMissingFileAndAPortOfTheFileAreRead() throws IOException {
        IOException e = assertThrows(IOException.class, () -> ConnectionInfo.read(dir.resolve("gone.json")));
        assertEquals("connection file not found: " + dir.resolve("gone.json"), e.getMessage());
        Path f = Files.writeString(dir.resolve("k.json"), "{\"shell_port\": 5001, \"iopub_port\": 5002, \"stdin_port\": 5003, "
                + "\"control_port\": 5004, \"hb_port\": 5005, \"ip\": \"127.0.0.1\", \"key\": \"k\"}");
        ConnectionInfo info = ConnectionInfo.read(f);
        assertEquals("tcp://127.0.0.1:5004", info.endpoint(info.controlPort()));
    }
}
