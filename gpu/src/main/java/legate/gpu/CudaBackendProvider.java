package legate.gpu;

import java.util.Map;
import legate.gpu.device.CudaDevice;
import legate.gpu.device.DeviceFailureException;
import legate.gpu.device.SimulatedDevice;
import legate.runtime.backend.Backend;
import legate.runtime.backend.BackendConfig;
import legate.runtime.backend.BackendProvider;
import legate.runtime.backend.BackendUnavailableException;
import legate.runtime.backend.Probe;
import legate.runtime.backend.ProcessorKind;

/**
 * The CUDA backend's provider, found by ServiceLoader when a rank asks for {@code --gpus}. Its
 * probe asks the driver ({@link CudaProbe}); a rank then opens its GPU (local rank x --gpus,
 * modulo the GPUs there are) and loads the kernels. With {@code LEGATE_GPU_SIMULATE} set to a
 * number of MiB, it opens a simulated GPU of that much memory instead ({@link SimulatedDevice}:
 * the kernels' Java twins; for testing on machines without a GPU, and slow).
 */
public final class CudaBackendProvider implements BackendProvider {
    /** The environment variable that asks for simulated GPUs: their memory in MiB. */
    public static final String SIMULATE = "LEGATE_GPU_SIMULATE";

    private final Map<String, String> env;

    public CudaBackendProvider() {
        this(System.getenv());
    }

    CudaBackendProvider(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public String name() {
        return "cuda";
    }

    @Override
    public ProcessorKind kind() {
        return ProcessorKind.GPU;
    }

    /** The simulated GPUs' memory in bytes, 0 when none are asked for. */
    long simulatedBytes() {
        String v = env.get(SIMULATE);
        if (v == null || v.isBlank()) {
            return 0;
        }
        try {
            long mib = Long.parseLong(v.strip());
            if (mib > 0) {
                return mib << 20;
            }
        } catch (NumberFormatException ignored) {
            // below
        }
        throw new IllegalArgumentException(SIMULATE + ": expected the simulated GPU's memory in MiB (a positive number), got \"" + v + "\"");
    }

    @Override
    public Probe probe() {
        long simulated;
        try {
            simulated = simulatedBytes();
        } catch (IllegalArgumentException e) {
            return Probe.unusable(e.getMessage());
        }
        if (simulated > 0) {
            return Probe.ok();
        }
        CudaSurvey s = CudaProbe.survey();
        return s.problem() != null ? Probe.unusable(s.problem()) : Probe.ok();
    }

    @Override
    public Backend open(BackendConfig config) {
        long simulated = simulatedBytes();
        if (simulated > 0) {
            return new GpuBackend(new SimulatedDevice(config.localRank() * config.gpus(), simulated), config, true);
        }
        CudaSurvey s = CudaProbe.survey();
        if (s.problem() != null) {
            throw new BackendUnavailableException("cuda: " + s.problem());
        }
        CudaSurvey.Device d = s.devices().get((config.localRank() * config.gpus()) % s.devices().size());
        try {
            return new GpuBackend(new CudaDevice(d.ordinal(), d.describe() + ", driver " + s.driver(), config.zcmemBytes(), config.fbmemBytes()),
                    config, false);
        } catch (DeviceFailureException | UnsatisfiedLinkError e) {
            throw new BackendUnavailableException("cuda: GPU " + d.describe() + " cannot be opened: " + e.getMessage());
        }
    }
}
