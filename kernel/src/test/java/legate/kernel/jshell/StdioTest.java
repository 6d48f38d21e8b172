package legate.kernel.jshell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StdioTest {
    @Test
    void sendsOnlyWholeUtf8Characters() {
        byte[] check = "a✓".getBytes(StandardCharsets.UTF_8); // 'a' + 3 bytes
        assertEquals(4, Stdio.completeUtf8Prefix(check));
        assertEquals(1, Stdio.completeUtf8Prefix(java.util.Arrays.copyOf(check, 3)));
        assertEquals(1, Stdio.completeUtf8Prefix(java.util.Arrays.copyOf(check, 2)));
        byte[] emoji = "😀".getBytes(StandardCharsets.UTF_8);
        assertEquals(0, Stdio.completeUtf8Prefix(java.util.Arrays.copyOf(emoji, 3)));
        assertEquals(4, Stdio.completeUtf8Prefix(emoji));
        assertEquals(2, Stdio.completeUtf8Prefix("é".getBytes(StandardCharsets.UTF_8)));
    }
}
