package legate.kernel.jshell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class ExitGuardTest {
    static byte[] classFile(Class<?> c) throws IOException {
        try (InputStream in = c.getResourceAsStream(c.getSimpleName() + ".class")) {
            return in.readAllBytes();
        }
    }

    /** No constant named exit or halt: the class file is passed on as it is, not rewritten. */
    @Test
    void aClassThatCannotExitIsLeftAlone() throws IOException {
        byte[] plain = classFile(CellSource.class);
        assertSame(plain, ExitGuard.guard(plain));
    }

    @Test
    void aClassFileNewerThanAsmReadsRunsUnguarded() throws IOException {
        byte[] future = classFile(ExitGuard.class).clone(); // names exit and halt
        future[6] = 0x7f; // major version 32512
        assertSame(future, ExitGuard.guard(future));
    }

    @Test
    void theStatusComesBackFromTheMessage() {
        assertEquals(3, SystemExit.statusIn(new SystemExit("System.exit", 3).getMessage()));
        assertEquals(-1, SystemExit.statusIn(new SystemExit("Runtime.halt", -1).getMessage() + " (on rank 1)"));
        assertNull(SystemExit.statusIn("exit(3) somewhere else"));
        assertNull(SystemExit.statusIn(null));
    }
}
