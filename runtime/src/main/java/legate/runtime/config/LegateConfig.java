package legate.runtime.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
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

    /** Reads the {@code metadata.legate} block of a kernel.json; missing keys keep their defaults. */
    public static LegateConfig fromMetadata(JsonNode legate) throws ConfigException {
        if (legate == null || !legate.isObject()) {
            throw new ConfigException("kernel.json has no metadata.legate object");
        }
        CoreConfig c = CoreConfig.defaults();
        MemoryConfig m = MemoryConfig.defaults();
        MultiNodeConfig mn = MultiNodeConfig.defaults();
        JsonNode core = legate.path("core");
        JsonNode mem = legate.path("memory");
        JsonNode multi = legate.path("multi_node");
        List<String> argv = new ArrayList<>();
        legate.path("argv").forEach(a -> argv.add(a.asText()));
        List<String> extra = new ArrayList<>();
        multi.path("launcher_extra").forEach(a -> extra.add(a.asText()));
        return new LegateConfig(argv,
                new CoreConfig(core.path("cpus").asInt(c.cpus()), core.path("gpus").asInt(c.gpus()), core.path("omps").asInt(c.omps()),
                        core.path("ompthreads").asInt(c.ompthreads()), core.path("utility").asInt(c.utility())),
                new MemoryConfig(mem.path("sysmem").asInt(m.sysmem()), mem.path("numamem").asInt(m.numamem()),
                        mem.path("fbmem").asInt(m.fbmem()), mem.path("zcmem").asInt(m.zcmem()), mem.path("regmem").asInt(m.regmem()),
                        mem.path("eager_alloc").asInt(m.eagerAlloc())),
                new MultiNodeConfig(multi.path("nodes").asInt(mn.nodes()), multi.path("ranks_per_node").asInt(mn.ranksPerNode()),
                        multi.path("not_control_replicable").asBoolean(mn.notControlReplicable()),
                        multi.path("launcher").asText(mn.launcher()), extra));
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
