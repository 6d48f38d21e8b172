package legate.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import legate.runtime.config.ConfigException;
import legate.runtime.config.KernelSpecs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelSetupTest {
    @TempDir
    Path tmp;
    final PrintStream log = new PrintStream(new ByteArrayOutputStream());

    Path spec(Path dataDir, String dir, int cpus) throws Exception {
        Path file = dataDir.resolve("kernels").resolve(dir).resolve("kernel.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\"argv\": [], \"metadata\": {\"legate\": {\"core\": {\"cpus\": " + cpus + "}}}}");
        return file;
    }

    @Test
    void readsTheKernelspecNamedByTheProperty() throws Exception {
        Path file = spec(tmp, "a", 3);
        KernelSetup s = KernelSetup.resolve(List.of("-f", "c.json"), Map.of("__LEGATE_JUPYTER_KERNEL_SPEC__", "A"), file.toString(), log);
        assertEquals("A", s.name());
        assertEquals(3, s.config().core().cpus());
        assertEquals(4000, s.config().memory().sysmem());
        assertEquals(Path.of("c.json"), s.connectionFile());
    }

    @Test
    void findsTheKernelspecByNameWhereJupyterLooks() throws Exception {
        spec(tmp.resolve("data"), "mykernel", 7);
        KernelSetup s = KernelSetup.resolve(List.of("-f", "c.json"),
                Map.of("__LEGATE_JUPYTER_KERNEL_SPEC__", "MyKernel", "JUPYTER_DATA_DIR", tmp.resolve("data").toString()), null, log);
        assertEquals(7, s.config().core().cpus());
        spec(tmp.resolve("path"), "other", 9);
        KernelSetup viaPath = KernelSetup.resolve(List.of("-f", "c.json"),
                Map.of("__LEGATE_JUPYTER_KERNEL_SPEC__", "other", "JUPYTER_PATH", tmp.resolve("path").toString(),
                        "JUPYTER_DATA_DIR", tmp.resolve("empty").toString()), null, log);
        assertEquals(9, viaPath.config().core().cpus());
    }

    @Test
    void withoutAKernelspecTheCommandLineAndEnvironmentDecide() throws Exception {
        KernelSetup s = KernelSetup.resolve(List.of("--cpus", "2", "-f", "c.json"), Map.of("LEGATE_SYSMEM", "10"), null, log);
        assertEquals("legate", s.name());
        assertEquals(2, s.config().core().cpus());
        assertEquals(10, s.config().memory().sysmem());
        ConfigException e = assertThrows(ConfigException.class,
                () -> KernelSetup.resolve(List.of("--cpus", "zero", "-f", "c.json"), Map.of(), null, log));
        assertEquals("--cpus: expected a whole number >= 1, got \"zero\"", e.getMessage());
        assertEquals("unknown argument --bogus",
                assertThrows(ConfigException.class, () -> KernelSetup.resolve(List.of("--bogus"), Map.of(), null, log)).getMessage());
    }

    @Test
    void metadataThatBreaksAnOptionsRuleStopsTheKernelNamingKeyValueAndFile() throws Exception {
        Path file = spec(tmp, "bad", -3);
        ConfigException e = assertThrows(ConfigException.class,
                () -> KernelSetup.resolve(List.of("-f", "c.json"), Map.of(KernelSpecs.SPEC_ENV, "bad"), file.toString(), log));
        assertEquals("metadata.legate.core.cpus in " + file + ": expected a whole number >= 1, got -3", e.getMessage());
    }

    @Test
    void aKernelJsonWithoutTheBlockRunsWithTheDefaultsAndSaysSo() throws Exception {
        Path file = tmp.resolve("kernel.json");
        Files.writeString(file, "{\"argv\": []}");
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        KernelSetup s = KernelSetup.resolve(List.of("-f", "c.json"), Map.of("LEGATE_CPUS", "3"), file.toString(), new PrintStream(said, true));
        assertEquals(3, s.config().core().cpus());
        assertEquals("legate kernel: " + file + " has no metadata.legate block: using the defaults and LEGATE_* variables\n",
                said.toString());
    }

    @Test
    void findsTheKernelspecUnderXdgDataHomeAsJupyterDoes() throws Exception {
        spec(tmp.resolve("xdg/jupyter"), "xk", 5);
        KernelSetup s = KernelSetup.resolve(List.of("-f", "c.json"),
                Map.of(KernelSpecs.SPEC_ENV, "xk", "XDG_DATA_HOME", tmp.resolve("xdg").toString(), "HOME", tmp.resolve("home").toString()),
                null, log);
        assertEquals(5, s.config().core().cpus());
    }

    @Test
    void theInstallersConstantsNameTheKernelsClasses() {
        assertEquals(Main.class.getName(), KernelSpecs.MAIN_CLASS);
        assertEquals(CdsTraining.class.getName(), KernelSpecs.TRAINING_CLASS);
    }
}
