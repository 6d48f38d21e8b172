package legate.runtime.backend;

import legate.runtime.backend.cpu.CpuBackend;

/** Providers registered only on the test class path (META-INF/services under src/test/resources). */
final class TestOnlyProviders {
    private TestOnlyProviders() {
    }

    /** A GPU provider with a fixed probe; when opened, a CPU backend stands in for the device. */
    abstract static class FakeGpu implements BackendProvider {
        private final String name;
        private final Probe probe;

        FakeGpu(String name, Probe probe) {
            this.name = name;
            this.probe = probe;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public ProcessorKind kind() {
            return ProcessorKind.GPU;
        }

        @Override
        public Probe probe() {
            return probe;
        }

        @Override
        public Backend open(BackendConfig config) {
            if (!probe.usable()) {
                throw new AssertionError("a provider whose probe failed must not be opened");
            }
            return new CpuBackend(config);
        }
    }

    /** A GPU provider that always works, so the lookup can be seen choosing it. */
    public static final class WorkingGpu extends FakeGpu {
        public WorkingGpu() {
            super("test-gpu", Probe.ok());
        }
    }

    /** A GPU provider whose probe fails, as the CUDA backend's does on a machine without a driver. */
    public static final class NoDriverGpu extends FakeGpu {
        static final String REASON = "libcuda.so.1: cannot open shared object file (no NVIDIA driver on this machine)";

        public NoDriverGpu() {
            super("test-no-driver", Probe.unusable(REASON));
        }
    }
}
