package legate.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import legate.runtime.backend.BackendProvider;
import legate.runtime.backend.Backends;
import legate.runtime.backend.ProcessorKind;
import org.junit.jupiter.api.Test;

class CudaBackendProviderTest {
    @Test
    void serviceLoaderFindsTheCudaProviderForGpus() {
        List<BackendProvider> gpu = Backends.providers().stream().filter(p -> p.kind() == ProcessorKind.GPU).toList();
        // (in a reactor build the runtime's test providers can be on this class path too: they come after this module's own)
        assertEquals("cuda", gpu.get(0).name());
        assertEquals(CudaBackendProvider.class, gpu.get(0).getClass());
    }

    @Test
    void aSurveyReadsAsAUserWantsIt() {
        CudaSurvey two = new CudaSurvey(List.of(new CudaSurvey.Device(0, "NVIDIA H200", 9, 0, 150_118_268_928L),
                new CudaSurvey.Device(1, "NVIDIA A100-SXM4-80GB", 8, 0, 85_899_345_920L)), 13000, null);
        assertEquals("2 GPUs (0: NVIDIA H200, compute 9.0, 139.8 GiB; 1: NVIDIA A100-SXM4-80GB, compute 8.0, 80.0 GiB; driver CUDA 13.0)",
                two.describe());
        assertEquals("CUDA 12.6", new CudaSurvey(List.of(), 12060, "x").driver());
        assertEquals("the NVIDIA driver finds no GPU", CudaSurvey.none("the NVIDIA driver finds no GPU").describe());
    }

    @Test
    void aRankAskingForMoreGpusThanTheMachineHasIsRefusedWithWhatItHas() {
        CudaSurvey one = new CudaSurvey(List.of(new CudaSurvey.Device(0, "NVIDIA H200", 9, 0, 150_118_268_928L)), 13000, null);
        assertEquals("each rank asks for 2 GPUs, and this machine has 1: 1 GPU (0: NVIDIA H200, compute 9.0, 139.8 GiB; driver CUDA 13.0)",
                CudaBackendProvider.tooFew(2, one));
    }

    @Test
    void legateGpuSimulateGivesSimulatedGpusOfThatMemoryAndABadValueIsNamed() {
        CudaBackendProvider sim = new CudaBackendProvider(java.util.Map.of("LEGATE_GPU_SIMULATE", "64"));
        assertEquals(legate.runtime.backend.Probe.ok(), sim.probe());
        legate.runtime.backend.Backend b = sim.open(new legate.runtime.backend.BackendConfig(1, 2, 1, 32L << 20, 0, 64));
        // local rank 1 with --gpus 2: GPUs 2 and 3
        assertEquals("2 GPUs (2: simulated GPU, 64 MiB; 3: simulated GPU, 64 MiB; --fbmem 32 MB each)", b.describe());
        assertEquals(2, ((GpuBackend) b).devices().size());
        b.close();
        legate.runtime.backend.Backend one = sim.open(new legate.runtime.backend.BackendConfig(1, 1, 3, 32L << 20, 0, 64));
        assertEquals("1 GPU (3: simulated GPU, 64 MiB; --fbmem 32 MB)", one.describe());
        one.close();
        assertEquals("LEGATE_GPU_SIMULATE: expected the simulated GPU's memory in MiB (a positive number), got \"lots\"",
                new CudaBackendProvider(java.util.Map.of("LEGATE_GPU_SIMULATE", "lots")).probe().reason());
    }

    @Test
    void legateGpuGenerateTurnsGeneratedKernelsOnAndABadValueIsNamed() {
        java.util.function.Function<String, Object> open = v -> {
            java.util.Map<String, String> env = new java.util.HashMap<>(java.util.Map.of("LEGATE_GPU_SIMULATE", "64"));
            if (v != null) {
                env.put(GpuBackend.GENERATE, v);
            }
            try {
                GpuBackend b = (GpuBackend) new CudaBackendProvider(env).open(new legate.runtime.backend.BackendConfig(1, 1, 0, 32L << 20, 0, 64));
                legate.runtime.task.ArrayRuntime rt = new legate.runtime.task.ArrayRuntime(b, Long.MAX_VALUE / 4, Long.MAX_VALUE);
                legate.runtime.task.ArrayRuntime.useOnThisThread(rt);
                try {
                    legate.numpy.np.arange(0.0, 100.0, 1.0).mul(2.0).add(1.0).toDoubleArray();
                } finally {
                    legate.runtime.task.ArrayRuntime.useOnThisThread(null);
                }
                return b.generatedLaunches();
            } catch (legate.runtime.backend.BackendUnavailableException e) {
                return e.getMessage();
            }
        };
        assertEquals(0L, open.apply(null));
        assertEquals(0L, open.apply("0"));
        org.junit.jupiter.api.Assertions.assertTrue((Long) open.apply("1") > 0);
        assertEquals("cuda: LEGATE_GPU_GENERATE=yes: expected 1 (kernels generated for each element-wise program) or 0 (the interpreting kernel)",
                open.apply("yes"));
    }
}
