package legate.gpu;

import legate.runtime.backend.Backend;
import legate.runtime.backend.BackendConfig;
import legate.runtime.backend.BackendProvider;
import legate.runtime.backend.BackendUnavailableException;
import legate.runtime.backend.Probe;
import legate.runtime.backend.ProcessorKind;

/**
 * The CUDA backend's provider, found by ServiceLoader when a rank asks for {@code --gpus}. Its
 * probe asks the driver ({@link CudaProbe}). The backend's GPU kernels are not written yet, so
 * even where GPUs are found the probe says it cannot compute, naming them: a rank asked for GPUs
 * then fails every array operation with that reason instead of computing on CPUs unasked.
 */
public final class CudaBackendProvider implements BackendProvider {
    @Override
    public String name() {
        return "cuda";
    }

    @Override
    public ProcessorKind kind() {
        return ProcessorKind.GPU;
    }

    @Override
    public Probe probe() {
        CudaSurvey s = CudaProbe.survey();
        if (s.problem() != null) {
            return Probe.unusable(s.problem());
        }
        return Probe.unusable("found " + s.describe() + ", but this version's CUDA backend has no GPU kernels yet, so it cannot compute");
    }

    @Override
    public Backend open(BackendConfig config) {
        throw new BackendUnavailableException("cuda: " + probe().reason());
    }
}
