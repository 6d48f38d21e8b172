package legate.runtime.backend;

import legate.runtime.backend.cpu.CpuBackend;

/** Providers registered only on the test class path (META-INF/services under src/test/resources). */
final class TestOnlyProviders {
    private TestOnlyProviders() {
    }

    /** A GPU provider that always works: a CPU backend under another name, so the lookup can be seen choosing it. */
    public static final class WorkingGpu implements BackendProvider {
        @Override
        public String name() {
            return "test-gpu";
        }

        @Override
        public ProcessorKind kind() {
            return ProcessorKind.GPU;
        }

        @Override
        public Probe probe() {
            return Probe.ok();
        }

        @Override
        public Backend open(BackendConfig config) {
            return new CpuBackend(config);
        }
    }

    /** A GPU provider whose probe fails, as the CUDA backend's does on a machine without a driver. */
    public static final class NoDriverGpu implements BackendProvider {
        static final String REASON = "libcuda.so.1: cannot open shared object file (no NVIDIA driver on this machine)";

        @Override
        public String name() {
            return "test-no-driver";
        }

        @Override
        public ProcessorKind kind() {
            return ProcessorKind.GPU;
        }

        @Override
        public Probe probe() {
            return Probe.unusable(REASON);
        }

        @Override
        public Backend open(BackendConfig config) {
            throw new AssertionError("a provider whose probe failed must not be opened");
        }
    }
}
