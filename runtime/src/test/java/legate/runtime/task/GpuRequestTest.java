package legate.runtime.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import legate.runtime.backend.BackendProvider;
import legate.runtime.backend.BackendUnavailableException;
import legate.runtime.backend.Backends;
import legate.runtime.backend.ProcessorKind;
import legate.runtime.config.LegateConfig;
import legate.runtime.types.ElementType;
import org.junit.jupiter.api.Test;

/** {@code --gpus} asked where no GPU backend can run: a runtime that refuses every array, with the reason; never the CPUs. */
class GpuRequestTest {
    private static LegateConfig withGpus(int gpus) {
        LegateConfig d = LegateConfig.defaults();
        LegateConfig.CoreConfig c = d.core();
        return new LegateConfig(d.argv(), new LegateConfig.CoreConfig(1, gpus, c.omps(), c.ompthreads(), c.utility()), d.memory(),
                d.multiNode());
    }

    private static List<BackendProvider> only(String name) {
        return Backends.providers().stream().filter(p -> p.name().equals(name) || p.kind() == ProcessorKind.CPU).toList();
    }

    @Test
    void withoutAUsableGpuEveryArrayFailsWithTheReason() {
        ArrayRuntime rt = ArrayRuntime.create(withGpus(2), 0, Map.of(), only("test-no-driver"));
        String why = "--gpus 2: no backend for GPUs can run here: test-no-driver: "
                + "libcuda.so.1: cannot open shared object file (no NVIDIA driver on this machine)";
        assertEquals(Optional.of(why), rt.unavailable());
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
                () -> rt.newStore(ElementType.FLOAT64, new int[] {4}, "a"));
        assertEquals(why + "; legate.numpy cannot compute without them: install the kernel again with --gpus 0 "
                + "(legate-jupyter --gpus 0 ...) to compute on CPUs", e.getMessage());
        assertTrue(rt.backend().describe().startsWith("nothing: --gpus 2: "), rt.backend().describe());
    }

    @Test
    void withNoGpuBackendInstalledItSaysSo() {
        ArrayRuntime rt = ArrayRuntime.create(withGpus(1), 0, Map.of(), only("none of them"));
        assertEquals(Optional.of("--gpus 1: no backend for GPUs is installed (none of cpu computes on GPUs)"), rt.unavailable());
    }

    @Test
    void aUsableGpuBackendIsOpenedAndNoGpusIsTheCpus() {
        ArrayRuntime gpu = ArrayRuntime.create(withGpus(1), 0, Map.of(), only("test-gpu"));
        assertEquals(Optional.empty(), gpu.unavailable());
        gpu.newStore(ElementType.FLOAT64, new int[] {4}, "a");
        ArrayRuntime cpu = ArrayRuntime.create(withGpus(0), 0, Map.of(), List.of());
        assertEquals(Optional.empty(), cpu.unavailable());
        assertEquals(ProcessorKind.CPU, cpu.backend().kind());
    }
}
