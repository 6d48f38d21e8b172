package legate.runtime.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The machine configuration a kernel runs with: one model shared by the installer, the kernel
 * and {@code %legate_info}. Defaults are legate.core's.
 */
public record LegateConfig(List<String> argv, CoreConfig core, MemoryConfig memory, MultiNodeConfig multiNode) {

    public LegateConfig {
        argv = List.copyOf(argv);
    }

    public static LegateConfig defaults() {
        return new LegateConfig(List.of(), CoreConfig.defaults(), MemoryConfig.defaults(), MultiNodeConfig.defaults());
    }

    /** The {@code metadata.legate} block of kernel.json, with the key names legate.core uses. */
    public Map<String, Object> toMetadata() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("argv", argv);
        m.put("core", core.toMetadata());
        m.put("memory", memory.toMetadata());
        m.put("multi_node", multiNode.toMetadata());
        return m;
    }

    public record CoreConfig(int cpus, int gpus, int omps, int ompthreads, int utility) {
        public static CoreConfig defaults() {
            return new CoreConfig(4, 0, 0, 4, 2);
        }

        Map<String, Object> toMetadata() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("cpus", cpus);
            m.put("gpus", gpus);
            m.put("omps", omps);
            m.put("ompthreads", ompthreads);
            m.put("utility", utility);
            return m;
        }
    }

    public record MemoryConfig(int sysmem, int numamem, int fbmem, int zcmem, int regmem, int eagerAlloc) {
        public static MemoryConfig defaults() {
            return new MemoryConfig(4000, 0, 4000, 32, 0, 50);
        }

        Map<String, Object> toMetadata() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("sysmem", sysmem);
            m.put("numamem", numamem);
            m.put("fbmem", fbmem);
            m.put("zcmem", zcmem);
            m.put("regmem", regmem);
            m.put("eager_alloc", eagerAlloc);
            return m;
        }
    }

    public record MultiNodeConfig(int nodes, int ranksPerNode, boolean notControlReplicable, String launcher,
                                  List<String> launcherExtra) {
        public MultiNodeConfig {
            launcherExtra = List.copyOf(launcherExtra);
        }

        public static MultiNodeConfig defaults() {
            return new MultiNodeConfig(1, 1, false, "none", List.of());
        }

        Map<String, Object> toMetadata() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("nodes", nodes);
            m.put("ranks_per_node", ranksPerNode);
            m.put("not_control_replicable", notControlReplicable);
            m.put("launcher", launcher);
            m.put("launcher_extra", launcherExtra);
            return m;
        }
    }
}
