package legate.runtime.backend.cpu;

import legate.runtime.backend.Backend;
import legate.runtime.backend.BackendConfig;
import legate.runtime.backend.BackendProvider;
import legate.runtime.backend.ProcessorKind;
import legate.runtime.backend.Probe;

/** The CPU backend's provider: it runs everywhere. */
public final class CpuBackendProvider implements BackendProvider {
    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public ProcessorKind kind() {
        return ProcessorKind.CPU;
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
