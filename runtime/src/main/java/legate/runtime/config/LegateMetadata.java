package legate.runtime.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import legate.runtime.config.LegateOption.Group;

/**
 * kernel.json's {@code metadata.legate} block, written and read key by key from the option
 * table: {@code {argv, core:{...}, memory:{...}, multi_node:{...}}}, as legate.core writes it.
 * Reading checks every value by the rules of the command line.
 */
public final class LegateMetadata {
    /** The blocks, in the order legate.core writes them. */
    private static final List<Group> BLOCKS = List.of(Group.CORES, Group.MEMORY, Group.MULTI_NODE);
    private static final String ARGV = "argv";

    private LegateMetadata() {
    }

    /** The {@code metadata.legate} block of {@code config}. */
    public static Map<String, Object> write(LegateConfig config) {
        Map<String, Object> legate = new LinkedHashMap<>();
        legate.put(ARGV, config.argv());
        for (Group block : BLOCKS) {
            Map<String, Object> keys = new LinkedHashMap<>();
            for (LegateOption o : options(block)) {
                keys.put(o.metadataKey(), ConfigRecords.value(config, o));
            }
            legate.put(block.metadataKey(), keys);
        }
        return legate;
    }

    /**
     * The configuration in a {@code metadata.legate} block. A key or block that is not there takes
     * its default ({@code missing} hears one line naming them): kernels installed before an option
     * existed keep working. A value that breaks the option's rule, or a key no option has, is an
     * error naming the key, what it expects, the value and {@code file}.
     */
    public static LegateConfig read(JsonNode legate, String file, Consumer<String> missing) throws ConfigException {
        String where = " in " + file;
        List<String> keys = new ArrayList<>(List.of(ARGV));
        BLOCKS.forEach(b -> keys.add(b.metadataKey()));
        checkObject(legate, "metadata.legate", keys, where);
        List<String> absent = new ArrayList<>();
        List<String> argv = List.of();
        JsonNode argvNode = legate.get(ARGV);
        if (argvNode != null) {
            argv = LegateOption.strings(argvNode);
            if (argv == null) {
                throw new ConfigException("metadata.legate.argv" + where + ": expected a list of strings, got " + argvNode);
            }
        }
        Map<LegateOption, Object> values = LegateOptions.defaults();
        for (Group block : BLOCKS) {
            JsonNode node = legate.get(block.metadataKey());
            if (node == null) {
                absent.add(block.metadataKey());
                continue;
            }
            checkObject(node, "metadata.legate." + block.metadataKey(), options(block).stream().map(LegateOption::metadataKey).toList(),
                    where);
            for (LegateOption o : options(block)) {
                JsonNode v = node.get(o.metadataKey());
                if (v == null) {
                    absent.add(block.metadataKey() + "." + o.metadataKey());
                } else {
                    values.put(o, o.fromJson(v, o.metadataPath() + where));
                }
            }
        }
        if (LegateOptions.needsLauncher(values)) {
            LegateOption launcher = LegateOptions.byName("--launcher").orElseThrow();
            throw new ConfigException(launcher.metadataPath() + where + ": expected mpirun, srun or jsrun to start ranks on "
                    + values.get(LegateOptions.byName("--nodes").orElseThrow()) + " nodes, got \"none\"");
        }
        if (!absent.isEmpty()) {
            missing.accept("metadata.legate" + where + " has no " + String.join(", ", absent) + ": using the defaults");
        }
        return ConfigRecords.build(argv, values);
    }

    private static List<LegateOption> options(Group block) {
        return LegateOptions.ALL.stream().filter(o -> o.group() == block).toList();
    }

    /** An object holding no key but {@code known}; a misspelt key would otherwise be silently ignored. */
    private static void checkObject(JsonNode node, String path, List<String> known, String where) throws ConfigException {
        if (!node.isObject()) {
            throw new ConfigException(path + where + ": expected an object with the keys " + String.join(", ", known) + ", got " + node);
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new ConfigException(path + "." + name + where + ": unknown key; expected one of " + String.join(", ", known));
            }
        }
    }
}
