package legate.gpu;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the NVIDIA driver on this machine offers, asked once per JVM through JCuda's driver API:
 * the driver's version and each device's name, compute capability and memory, or the exact
 * reason there is none (no driver library, no device, JCuda's own library missing).
 *
 * @param devices       every device, ordinal order; empty when {@code problem} is set
 * @param driverVersion the CUDA version the driver supports (13000 is 13.0); 0 when unknown
 * @param problem       why no device can be used, in words a user can act on; null when some can
 */
public record CudaSurvey(List<Device> devices, int driverVersion, String problem) {
    /** One device as the driver describes it. */
    public record Device(int ordinal, String name, int major, int minor, long memoryBytes) {
        /** "0: NVIDIA H200, compute 9.0, 139.8 GiB". */
        public String describe() {
            return String.format(Locale.ROOT, "%d: %s, compute %d.%d, %.1f GiB", ordinal, name, major, minor, memoryBytes / 1073741824.0);
        }
    }

    public CudaSurvey {
        devices = List.copyOf(devices);
    }

    static CudaSurvey none(String problem) {
        return new CudaSurvey(List.of(), 0, problem);
    }

    /** "CUDA 13.0". */
    public String driver() {
        return "CUDA " + driverVersion / 1000 + "." + (driverVersion % 1000) / 10;
    }

    /** The devices, one line, for a user: "1 GPU (0: NVIDIA H200, compute 9.0, 139.8 GiB; driver CUDA 13.0)". */
    public String describe() {
        if (problem != null) {
            return problem;
        }
        List<String> each = new ArrayList<>();
        devices.forEach(d -> each.add(d.describe()));
        return devices.size() + (devices.size() == 1 ? " GPU (" : " GPUs (") + String.join("; ", each) + "; driver " + driver() + ")";
    }
}
