package legate.gpu;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.CUresult;
import jcuda.driver.JCudaDriver;

/**
 * Asks the NVIDIA driver what it has, once per JVM ({@link #survey()}). JCuda's driver library
 * needs the driver's {@code libcuda.so.1}; where that is missing, the first touch of
 * {@code JCudaDriver} throws {@link UnsatisfiedLinkError} and every later one
 * {@link NoClassDefFoundError}, so the first answer is kept.
 */
public final class CudaProbe {
    private static CudaSurvey survey;

    private CudaProbe() {
    }

    /** The driver's answer, asked the first time only. */
    public static synchronized CudaSurvey survey() {
        if (survey == null) {
            survey = ask();
        }
        return survey;
    }

    private static CudaSurvey ask() {
        try {
            return askDriver();
        } catch (UnsatisfiedLinkError e) {
            String m = String.valueOf(e.getMessage());
            if (m.contains("libcuda.so")) {
                return CudaSurvey.none("no NVIDIA driver on this machine (libcuda.so.1 cannot be loaded: "
                        + "libcuda.so.1: cannot open shared object file)");
            }
            return CudaSurvey.none("JCuda's driver library (libJCudaDriver) cannot be loaded: " + firstLine(m));
        } catch (NoClassDefFoundError e) {
            return CudaSurvey.none("JCuda is not on the class path (" + e.getMessage() + "): the gpu module is incomplete");
        }
    }

    private static CudaSurvey askDriver() {
        JCudaDriver.setExceptionsEnabled(false);
        int r = JCudaDriver.cuInit(0);
        int[] version = new int[1];
        JCudaDriver.cuDriverGetVersion(version);
        if (r != CUresult.CUDA_SUCCESS) {
            return new CudaSurvey(List.of(), version[0], r == CUresult.CUDA_ERROR_NO_DEVICE
                    ? "the NVIDIA driver finds no GPU (cuInit: CUDA_ERROR_NO_DEVICE)"
                    : "the NVIDIA driver cannot start (cuInit: " + CUresult.stringFor(r) + ")");
        }
        int[] count = new int[1];
        r = JCudaDriver.cuDeviceGetCount(count);
        if (r != CUresult.CUDA_SUCCESS || count[0] == 0) {
            return new CudaSurvey(List.of(), version[0], "the NVIDIA driver finds no GPU (cuDeviceGetCount: "
                    + (r != CUresult.CUDA_SUCCESS ? CUresult.stringFor(r) : "0 devices") + ")");
        }
        List<CudaSurvey.Device> devices = new ArrayList<>();
        for (int i = 0; i < count[0]; i++) {
            CUdevice d = new CUdevice();
            r = JCudaDriver.cuDeviceGet(d, i);
            if (r != CUresult.CUDA_SUCCESS) {
                return new CudaSurvey(List.of(), version[0], "device " + i + " cannot be opened (cuDeviceGet: " + CUresult.stringFor(r) + ")");
            }
            byte[] name = new byte[256];
            JCudaDriver.cuDeviceGetName(name, name.length, d);
            int[] major = new int[1];
            int[] minor = new int[1];
            JCudaDriver.cuDeviceGetAttribute(major, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, d);
            JCudaDriver.cuDeviceGetAttribute(minor, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, d);
            long[] bytes = new long[1];
            JCudaDriver.cuDeviceTotalMem(bytes, d);
            devices.add(new CudaSurvey.Device(i, cString(name), major[0], minor[0], bytes[0]));
        }
        return new CudaSurvey(devices, version[0], null);
    }

    private static String cString(byte[] b) {
        int n = 0;
        while (n < b.length && b[n] != 0) {
            n++;
        }
        return new String(b, 0, n, StandardCharsets.UTF_8);
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** Prints the survey: {@code java -cp 'lib/*' legate.gpu.CudaProbe} (the GPU check script runs it). */
    public static void main(String[] args) {
        CudaSurvey s = survey();
        System.out.println(s.problem() == null ? "found " + s.describe() : "no GPU: " + s.problem());
        System.exit(s.problem() == null ? 0 : 1);
    }
}
