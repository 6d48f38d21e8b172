package legate.gpu;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import legate.gpu.device.Device;
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
 * probe asks the driver ({@link CudaProbe}) and refuses a rank asking for more GPUs than the
 * machine has; a rank then opens its {@code --gpus N} GPUs (from local rank x N on, modulo the
 * GPUs there are, so ranks on one machine share them) and loads the kernels on each. With {@code LEGATE_GPU_SIMULATE} set to a
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
    public Probe probe(int units) {
        Probe p = probe();
        if (!p.usable() || units <= 1 || simulatedBytes() > 0) {
            return p;
        }
        CudaSurvey s = CudaProbe.survey();
        return s.devices().size() >= units ? p : Probe.unusable(tooFew(units, s));
    }

    /** The refusal of a rank that asks for more GPUs than the machine has (as Legate refuses resources it does not have). */
    static String tooFew(int units, CudaSurvey s) {
        return "each rank asks for " + units + " GPUs, and this machine has " + s.devices().size() + ": " + s.describe();
    }

    /** Whether {@link GpuBackend#GENERATE} asks for generated element-wise kernels (1; 0 or unset: the interpreting kernel). */
    boolean generate() {
        String v = env.get(GpuBackend.GENERATE);
        if (v != null && !v.isBlank() && !v.strip().equals("0") && !v.strip().equals("1")) {
            throw new BackendUnavailableException("cuda: " + GpuBackend.GENERATE + "=" + v.strip()
                    + ": expected 1 (kernels generated for each element-wise program) or 0 (the interpreting kernel)");
        }
        return v != null && v.strip().equals("1");
    }

    @Override
    public Backend open(BackendConfig config) {
        int n = Math.max(1, config.gpus());
        boolean generate = generate();
        long simulated = simulatedBytes();
        if (simulated > 0) {
            List<Device> sims = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                sims.add(n == 1 ? new SimulatedDevice(config.localRank() * n + k, simulated) : new SimulatedDevice(config.localRank() * n + k, simulated).spread());
            }
            GpuBackend b = new GpuBackend(sims, config, true);
            b.generatedKernels(generate);
            return b;
        }
        CudaSurvey s = CudaProbe.survey();
        if (s.problem() != null) {
            throw new BackendUnavailableException("cuda: " + s.problem());
        }
        if (s.devices().size() < n) {
            throw new BackendUnavailableException("cuda: " + tooFew(n, s));
        }
        List<CudaDevice> opened = new ArrayList<>();
        try {
            for (int k = 0; k < n; k++) { // local rank x --gpus, modulo the GPUs there are: ranks on one machine share them evenly
                CudaSurvey.Device d = s.devices().get((config.localRank() * n + k) % s.devices().size());
                try {
                    opened.add(new CudaDevice(d.ordinal(), d.describe() + ", driver " + s.driver(), config.zcmemBytes(), config.fbmemBytes()));
                } catch (DeviceFailureException | UnsatisfiedLinkError e) {
                    throw new BackendUnavailableException("cuda: GPU " + d.describe() + " cannot be opened: " + e.getMessage());
                }
            }
            for (CudaDevice a : opened) { // direct copies between them where the hardware allows
                for (CudaDevice b : opened) {
                    if (a != b) {
                        a.enablePeerAccess(b);
                    }
                }
            }
            GpuBackend b = new GpuBackend(opened, config, false);
            b.generatedKernels(generate);
            return b;
        } catch (RuntimeException e) {
            for (CudaDevice d : opened) {
                d.close();
            }
            throw e;
        }
    }
}
