package legate.runtime.config;

import static legate.runtime.config.LegateOption.Group.CORES;
import static legate.runtime.config.LegateOption.Group.MEMORY;
import static legate.runtime.config.LegateOption.Group.MULTI_NODE;
import static legate.runtime.config.LegateOption.number;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import legate.runtime.config.LegateOption.Kind;

/**
 * The resource options shared by {@code legate-jupyter}, the kernel and the {@code legate}
 * driver: legate.core's names, groups, defaults and {@code LEGATE_*} environment variables.
 */
public final class LegateOptions {
    private static final int ANY = Integer.MAX_VALUE;

    /** Every resource option, in the order help lists them; the last column is its key in kernel.json's metadata. */
    public static final List<LegateOption> ALL = List.of(
            number("--nodes", MULTI_NODE, "N", 1, "LEGATE_NODES", 1, ANY,
                    "Number of machines (nodes) to run ranks on; more than 1 needs a launcher", "nodes"),
            number("--ranks-per-node", MULTI_NODE, "N", 1, "LEGATE_RANKS_PER_NODE", 1, ANY,
                    "Number of ranks (JVMs running the same program) per node", "ranks_per_node"),
            new LegateOption("--no-replicate", MULTI_NODE, Kind.FLAG, null, "false", null, 0, 0, List.of(),
                    "Run cells on rank 0 only instead of on every rank (for debugging)", "not_control_replicable"),
            new LegateOption("--launcher", MULTI_NODE, Kind.CHOICE, "{mpirun,jsrun,srun,none}", "none", null,
                    0, 0, List.of("mpirun", "jsrun", "srun", "none"),
                    "Program that starts the ranks; none runs them all on this machine", "launcher"),
            new LegateOption("--launcher-extra", MULTI_NODE, Kind.REPEATED, "ARG", "[]", null, 0, 0, List.of(),
                    "Extra argument for the launcher (repeat for several)", "launcher_extra"),
            number("--cpus", CORES, "N", 4, "LEGATE_CPUS", 1, ANY, "CPU threads to use per rank", "cpus"),
            number("--gpus", CORES, "N", 0, "LEGATE_GPUS", 0, ANY, "GPUs to use per rank", "gpus"),
            number("--omps", CORES, "N", 0, "LEGATE_OMP_PROCS", 0, ANY, "OpenMP groups to use per rank", "omps"),
            number("--ompthreads", CORES, "N", 4, "LEGATE_OMP_THREADS", 1, ANY, "Threads per OpenMP group", "ompthreads"),
            number("--utility", CORES, "N", 2, "LEGATE_UTILITY_CORES", 1, ANY, "Utility processors per rank for runtime work", "utility"),
            number("--sysmem", MEMORY, "MB", 4000, "LEGATE_SYSMEM", 1, ANY, "DRAM for arrays per rank, in MB", "sysmem"),
            number("--numamem", MEMORY, "MB", 0, "LEGATE_NUMAMEM", 0, ANY, "DRAM per NUMA domain per rank, in MB", "numamem"),
            number("--fbmem", MEMORY, "MB", 4000, "LEGATE_FBMEM", 0, ANY, "Framebuffer memory per GPU, in MB", "fbmem"),
            number("--zcmem", MEMORY, "MB", 32, "LEGATE_ZCMEM", 0, ANY, "Zero-copy memory per rank, in MB", "zcmem"),
            number("--regmem", MEMORY, "MB", 0, "LEGATE_REGMEM", 0, ANY, "Registered (pinned) CPU memory per rank, in MB", "regmem"),
            number("--eager-alloc-percentage", MEMORY, "P", 50, "LEGATE_EAGER_ALLOC_PERCENTAGE", 0, 100,
                    "Share of memory for the eager allocation pool, in percent", "eager_alloc"));

    private static final LegateOption NODES = byName("--nodes").orElseThrow();
    private static final LegateOption LAUNCHER = byName("--launcher").orElseThrow();

    private LegateOptions() {
    }

    /**
     * Splits command-line words into resource options ({@code --cpus 2}, {@code --cpus=2},
     * {@code --no-replicate}); the words that are not resource options are left in {@code rest}.
     */
    public static Map<String, List<String>> split(List<String> args, List<String> rest) throws ConfigException {
        Map<String, List<String>> given = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            int eq = a.indexOf('=');
            String name = a.startsWith("--") && eq > 0 ? a.substring(0, eq) : a;
            Optional<LegateOption> o = byName(name);
            if (o.isEmpty()) {
                rest.add(a);
                continue;
            }
            if (o.get().kind() == Kind.FLAG) {
                given.computeIfAbsent(name, k -> new ArrayList<>()).add("true");
            } else if (eq > 0 && a.startsWith("--")) {
                given.computeIfAbsent(name, k -> new ArrayList<>()).add(a.substring(eq + 1));
            } else if (i + 1 < args.size()) {
                given.computeIfAbsent(name, k -> new ArrayList<>()).add(args.get(++i));
            } else {
                throw new ConfigException(name + ": expected a value after it");
            }
        }
        return given;
    }

    public static Optional<LegateOption> byName(String name) {
        return ALL.stream().filter(o -> o.name().equals(name)).findFirst();
    }

    /**
     * The configuration from the options given (name to the values given, in order; a flag's
     * value is ignored) over the {@code LEGATE_*} variables of {@code env} over the defaults.
     *
     * @param argv what to record as the options given, in {@code metadata.legate.argv}
     */
    public static LegateConfig parse(Map<String, List<String>> given, Map<String, String> env, List<String> argv)
            throws ConfigException {
        for (String name : given.keySet()) {
            if (byName(name).isEmpty()) {
                throw new ConfigException("unknown option " + name);
            }
        }
        Map<LegateOption, Object> values = new LinkedHashMap<>();
        for (LegateOption o : ALL) {
            values.put(o, value(o, given.getOrDefault(o.name(), List.of()), env));
        }
        if (needsLauncher(values)) {
            throw new ConfigException("--nodes " + values.get(NODES) + " needs a launcher to start ranks on other machines: "
                    + "add --launcher mpirun, srun or jsrun");
        }
        return ConfigRecords.build(argv, values);
    }

    /** Every option's default value. */
    static Map<LegateOption, Object> defaults() {
        Map<LegateOption, Object> values = new LinkedHashMap<>();
        ALL.forEach(o -> values.put(o, o.defaultTyped()));
        return values;
    }

    /** Whether these values ask for ranks on other machines with no launcher to start them. */
    static boolean needsLauncher(Map<LegateOption, Object> values) {
        return (Integer) values.get(NODES) > 1 && values.get(LAUNCHER).equals("none");
    }

    /** The value of one option: the last one given, else its {@code LEGATE_*} variable, else its default. */
    private static Object value(LegateOption o, List<String> given, Map<String, String> env) throws ConfigException {
        if (o.kind() == Kind.FLAG) {
            return !given.isEmpty();
        }
        if (o.kind() == Kind.REPEATED) {
            return List.copyOf(given);
        }
        if (!given.isEmpty()) {
            return o.fromText(given.get(given.size() - 1), o.name());
        }
        String fromEnv = o.env() == null ? null : env.get(o.env());
        if (fromEnv != null && !fromEnv.isBlank()) {
            return o.fromText(fromEnv, o.env() + " (the default of " + o.name() + ")");
        }
        return o.defaultTyped();
    }
}
