package legate.runtime.config;

import java.util.List;

/**
 * The machine configuration a kernel runs with: one model shared by the installer, the kernel
 * and {@code %legate_info}. Each record component is an option of {@link LegateOptions}, named
 * after its metadata key ({@code eager_alloc} is {@code eagerAlloc}); the table holds the defaults.
 */
public record LegateConfig(List<String> argv, CoreConfig core, MemoryConfig memory, MultiNodeConfig multiNode) {

    public LegateConfig {
        argv = List.copyOf(argv);
    }

    /** legate.core's defaults, from the option table. */
    public static LegateConfig defaults() {
        return ConfigRecords.build(List.of(), LegateOptions.defaults());
    }

    /** The options of group {@code CORES}. */
    public record CoreConfig(int cpus, int gpus, int omps, int ompthreads, int utility) {
    }

    /** The options of group {@code MEMORY}. */
    public record MemoryConfig(int sysmem, int numamem, int fbmem, int zcmem, int regmem, int eagerAlloc) {
    }

    /** The options of group {@code MULTI_NODE}. */
    public record MultiNodeConfig(int nodes, int ranksPerNode, boolean notControlReplicable, String launcher,
                                  List<String> launcherExtra) {
        public MultiNodeConfig {
            launcherExtra = List.copyOf(launcherExtra);
        }
    }
}
