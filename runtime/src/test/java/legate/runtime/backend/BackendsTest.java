package legate.runtime.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import legate.runtime.backend.cpu.CpuBackend;
import legate.runtime.backend.cpu.CpuBackendProvider;
import org.junit.jupiter.api.Test;

class BackendsTest {
    private static final BackendConfig CONFIG = BackendConfig.cpus(1, BackendConfig.DEFAULT_PARALLEL_THRESHOLD);

    @Test
    void serviceLoaderFindsTheCpuBackendAndTheTestOnlyProviders() {
        List<String> names = Backends.providers().stream().map(BackendProvider::name).toList();
        // the main class path registers cpu; the test class path adds its two (ServiceLoader reads every registration)
        assertTrue(names.containsAll(List.of("cpu", "test-no-driver", "test-gpu")), names.toString());
        try (Backend cpu = Backends.open(ProcessorKind.CPU, CONFIG)) {
            assertInstanceOf(CpuBackend.class, cpu);
            assertEquals("1 CPU thread", cpu.describe());
        }
    }

    @Test
    void theFirstProviderWhoseProbePassesIsOpenedAndAFailedProbeIsSkipped() {
        // ServiceLoader order: the failing one is registered first; the lookup passes it over
        try (Backend gpu = Backends.open(ProcessorKind.GPU, CONFIG)) {
            assertEquals(ProcessorKind.CPU, gpu.kind()); // WorkingGpu hands out a CPU backend: it was the one opened
        }
    }

    @Test
    void whenNoProviderCanRunTheErrorGivesEachProbesReason() {
        List<BackendProvider> onlyFailing = List.of(new CpuBackendProvider(), new TestOnlyProviders.NoDriverGpu());
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
                () -> Backends.open(ProcessorKind.GPU, CONFIG, onlyFailing));
        assertEquals("no backend for GPUs can run here: test-no-driver: " + TestOnlyProviders.NoDriverGpu.REASON, e.getMessage());
    }

    @Test
    void whenNoProviderOfTheKindIsInstalledTheErrorSaysSo() {
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
                () -> Backends.open(ProcessorKind.GPU, CONFIG, List.of(new CpuBackendProvider())));
        assertEquals("no backend for GPUs is installed (none of cpu computes on GPUs)", e.getMessage());
    }
}
