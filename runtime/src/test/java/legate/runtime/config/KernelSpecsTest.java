package legate.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelSpecsTest {
    @TempDir
    Path tmp;

    Path kernelJson(Path jupyterDir, String name, String text) throws Exception {
        Path file = jupyterDir.resolve("kernels").resolve(name).resolve("kernel.json");
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }

    @Test
    void findsTheFirstKernelspecOfThatNameAlongTheSearchPath() throws Exception {
        Path second = kernelJson(tmp.resolve("b"), "k", "{}");
        assertEquals(Optional.of(second), KernelSpecs.find("K", List.of(tmp.resolve("a"), tmp.resolve("b"))));
        Path first = kernelJson(tmp.resolve("a"), "k", "{}");
        assertEquals(Optional.of(first), KernelSpecs.find("k", List.of(tmp.resolve("a"), tmp.resolve("b"))));
        assertEquals(Optional.empty(), KernelSpecs.find("other", List.of(tmp.resolve("a"))));
    }

    @Test
    void readsTheMetadataAndNamesTheFileInItsErrors() throws Exception {
        Path file = kernelJson(tmp, "k", "{\"metadata\": {\"legate\": {\"core\": {\"cpus\": 3}}}}");
        List<String> notes = new ArrayList<>();
        assertEquals(3, KernelSpecs.read(file, notes::add).orElseThrow().core().cpus());
        assertEquals(1, notes.size());
        Files.writeString(file, "{\"metadata\": {\"legate\": {\"core\": {\"cpus\": -3}}}}");
        assertEquals("metadata.legate.core.cpus in " + file + ": expected a whole number >= 1, got -3",
                assertThrows(ConfigException.class, () -> KernelSpecs.read(file, notes::add)).getMessage());
    }

    @Test
    void aKernelJsonWithoutTheBlockHasNoConfiguration() throws Exception {
        assertEquals(Optional.empty(), KernelSpecs.read(kernelJson(tmp, "a", "{\"argv\": []}"), n -> { }));
        assertEquals(Optional.empty(), KernelSpecs.read(kernelJson(tmp, "b", "{\"metadata\": {\"other\": 1}}"), n -> { }));
    }

    @Test
    void anUnreadableKernelJsonIsAnErrorNamingIt() throws Exception {
        Path file = kernelJson(tmp, "k", "{\"metadata\": ");
        String message = assertThrows(ConfigException.class, () -> KernelSpecs.read(file, n -> { })).getMessage();
        assertTrue(message.startsWith("cannot read " + file + ": "), message);
        assertTrue(!message.contains("\n"), message);
    }
}
