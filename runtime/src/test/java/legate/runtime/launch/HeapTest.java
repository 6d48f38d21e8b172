package legate.runtime.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import legate.runtime.config.LegateConfig;
import legate.runtime.config.LegateOptions;
import org.junit.jupiter.api.Test;

class HeapTest {
    static LegateConfig sysmem(String mb) throws Exception {
        return LegateOptions.parse(Map.of("--sysmem", List.of(mb)), Map.of(), List.of());
    }

    @Test
    void theHeapHoldsTheArraysAndTheYoungGenerationIsCapped() throws Exception {
        assertEquals(List.of("-Xmx3024m", "-XX:MaxNewSize=128m"), Heap.jvmOptions(sysmem("2000"), List.of(), "never"));
        assertEquals(List.of("-Xmx1524m", "-XX:MaxNewSize=128m"), Heap.jvmOptions(sysmem("500"), List.of("-Xmx9g", "-XX:+UseG1GC"), ""));
    }

    @Test
    void aYoungGenerationSizedOnTheCommandLineIsLeftAsGiven() throws Exception {
        for (String own : List.of("-Xmn64m", "-XX:MaxNewSize=1g", "-XX:NewSize=256m")) {
            assertEquals(List.of("-Xmx3024m"), Heap.jvmOptions(sysmem("2000"), List.of("-Xss4m", own), "always"), own);
        }
    }

    @Test
    void hugePagesAreAskedForWhereTheMachineGivesThemOnRequest(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        assertEquals(List.of("-Xmx3024m", "-XX:MaxNewSize=128m", "-XX:+UseTransparentHugePages"),
                Heap.jvmOptions(sysmem("2000"), List.of(), "madvise"));
        assertEquals(List.of("-Xmx3024m", "-XX:MaxNewSize=128m"), Heap.jvmOptions(sysmem("2000"), List.of("-XX:-UseTransparentHugePages"), "madvise"),
                "the command line's own choice stays");
        java.nio.file.Path mode = dir.resolve("enabled");
        java.nio.file.Files.writeString(mode, "always [madvise] never\n");
        assertEquals("madvise", Heap.hugePagesMode(mode));
        java.nio.file.Files.writeString(mode, "always madvise [never]\n");
        assertEquals("never", Heap.hugePagesMode(mode));
        assertEquals("", Heap.hugePagesMode(dir.resolve("missing")));
    }

    @Test
    void aJvmIsStartedAgainWhenItsHeapDoesNotFitTheArrays() throws Exception {
        LegateConfig config = sysmem("2000"); // 3024 MB wanted
        assertTrue(Heap.needsRestart(config, 1000L << 20));
        assertFalse(Heap.needsRestart(config, 3024L << 20));
        assertFalse(Heap.needsRestart(config, 6000L << 20));
        assertTrue(Heap.needsRestart(config, 6100L << 20));
    }
}
