package legate.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveUseTest {
    private static String mapsWith(Path file) throws java.io.IOException {
        file = Files.exists(file) ? file.toRealPath() : file; // as the kernel's maps name it
        return "7f0000000000-7f0000001000 r--p 00000000 08:01 1234  /usr/lib/jvm/java-17/lib/server/libjvm.so\n"
                + "800000000-800400000 rw-p 00001000 08:01 5678  " + file + "\n";
    }

    @Test
    void nothingIsSaidWhenTheArchiveIsMappedOrNoneIsNamed(@TempDir Path tmp) throws Exception {
        Path jsa = Files.writeString(tmp.resolve("legate-kernel.jsa"), "x");
        Path aot = Files.writeString(tmp.resolve("legate-kernel.aot"), "x");
        assertEquals(Optional.empty(), ArchiveUse.unused(List.of("-Xmx1g", "-XX:SharedArchiveFile=" + jsa), mapsWith(jsa), List.of()));
        assertEquals(Optional.empty(), ArchiveUse.unused(List.of("-XX:AOTCache=" + aot, "-Xlog:aot=off"), mapsWith(aot), List.of()));
        assertEquals(Optional.empty(), ArchiveUse.unused(List.of("-Xmx1g"), mapsWith(tmp.resolve("other")), List.of()));
        // named through a link: the maps name the file itself
        Path link = Files.createSymbolicLink(tmp.resolve("link.jsa"), jsa);
        assertEquals(Optional.empty(), ArchiveUse.unused(List.of("-XX:SharedArchiveFile=" + link), mapsWith(jsa), List.of()));
    }

    @Test
    void anArchiveTheJvmRefusedIsSaidWithTheCommandThatMakesAFittingOne(@TempDir Path tmp) throws Exception {
        Path jsa = Files.writeString(tmp.resolve("legate-kernel.jsa"), "x");
        String said = ArchiveUse.unused(List.of("-XX:SharedArchiveFile=" + jsa), mapsWith(tmp.resolve("other.jsa")),
                List.of("--name", "My kernel", "--cpus", "2", "--launcher-extra=it's")).orElseThrow();
        assertEquals("legate kernel: this kernel starts without its class-data archive " + jsa + ": it was made for other jars or "
                + "another java (the distribution was rebuilt or moved, or the JDK updated, since the install); kernels start about "
                + "twice as slowly until it is installed again: legate-jupyter --force --name 'My kernel' --cpus 2 "
                + "'--launcher-extra=it'\\''s'", said);
        // a kernel installed (again) with --force: the command gives it once
        String missing = ArchiveUse.unused(List.of("-XX:AOTCache=" + tmp.resolve("gone.aot")), mapsWith(jsa), List.of("--force", "--name", "k"))
                .orElseThrow();
        assertTrue(missing.contains("gone.aot: it is missing; ") && missing.endsWith(": legate-jupyter --force --name k"), missing);
    }
}
