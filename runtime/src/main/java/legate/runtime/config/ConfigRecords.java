package legate.runtime.config;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import legate.runtime.config.LegateConfig.CoreConfig;
import legate.runtime.config.LegateConfig.MemoryConfig;
import legate.runtime.config.LegateConfig.MultiNodeConfig;
import legate.runtime.config.LegateOption.Group;

/**
 * Between values per option and the typed {@link LegateConfig}: a record component is the option
 * of its group whose metadata key it spells in camelCase ({@code ranks_per_node} is
 * {@code ranksPerNode}), so a new option is a table row and a component, nothing else.
 * The pairing is made once, when the class loads (it runs at every kernel's start: plain loops).
 */
final class ConfigRecords {
    /** One block of the configuration: the record of a group, how to get it from a config, and its components' options in order. */
    private record Section(Group group, Class<? extends Record> type, Function<LegateConfig, Record> of, RecordComponent[] components,
                           LegateOption[] options, Constructor<? extends Record> constructor) {
    }

    private static final Map<Group, Section> SECTIONS = new HashMap<>();

    static {
        add(Group.CORES, CoreConfig.class, LegateConfig::core);
        add(Group.MEMORY, MemoryConfig.class, LegateConfig::memory);
        add(Group.MULTI_NODE, MultiNodeConfig.class, LegateConfig::multiNode);
        checkEveryRowHasAComponent(); // a mismatch fails when the class loads, not on the first kernel.json
    }

    private ConfigRecords() {
    }

    private static void add(Group group, Class<? extends Record> type, Function<LegateConfig, Record> of) {
        RecordComponent[] rc = type.getRecordComponents();
        LegateOption[] options = new LegateOption[rc.length];
        Class<?>[] types = new Class<?>[rc.length];
        for (int i = 0; i < rc.length; i++) {
            options[i] = option(group, rc[i].getName());
            if (options[i] == null) {
                throw new IllegalStateException(type.getSimpleName() + "." + rc[i].getName() + " has no row in LegateOptions.ALL");
            }
            types[i] = rc[i].getType();
        }
        try {
            SECTIONS.put(group, new Section(group, type, of, rc, options, type.getDeclaredConstructor(types)));
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(type.getSimpleName() + " has no canonical constructor", e);
        }
    }

    /** The configuration holding {@code values} (one for every option of {@link LegateOptions#ALL}). */
    static LegateConfig build(List<String> argv, Map<LegateOption, Object> values) {
        return new LegateConfig(argv, (CoreConfig) record(Group.CORES, values), (MemoryConfig) record(Group.MEMORY, values),
                (MultiNodeConfig) record(Group.MULTI_NODE, values));
    }

    /** The value {@code config} has for option {@code o}: an Integer, Boolean, String or List of String. */
    static Object value(LegateConfig config, LegateOption o) {
        Section s = section(o.group());
        for (int i = 0; i < s.options().length; i++) {
            if (s.options()[i] == o) {
                try {
                    return s.components()[i].getAccessor().invoke(s.of().apply(config));
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("cannot read " + o.name() + " from " + config, e);
                }
            }
        }
        throw new IllegalStateException(o.name() + " has no component in the record of " + o.group());
    }

    private static Record record(Group group, Map<LegateOption, Object> values) {
        Section s = section(group);
        Object[] args = new Object[s.options().length];
        for (int i = 0; i < args.length; i++) {
            args[i] = values.get(s.options()[i]);
        }
        try {
            return s.constructor().newInstance(args);
        } catch (ReflectiveOperationException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot make " + s.type().getSimpleName() + " of " + Arrays.toString(args), e);
        }
    }

    private static Section section(Group group) {
        Section s = SECTIONS.get(group);
        if (s == null) {
            throw new IllegalStateException(group + " has no record in LegateConfig");
        }
        return s;
    }

    private static LegateOption option(Group group, String component) {
        for (LegateOption o : LegateOptions.ALL) {
            if (o.group() == group && o.metadataKey() != null && componentName(o).equals(component)) {
                return o;
            }
        }
        return null;
    }

    private static void checkEveryRowHasAComponent() {
        for (LegateOption o : LegateOptions.ALL) {
            if (o.metadataKey() == null) {
                continue;
            }
            Section s = SECTIONS.get(o.group());
            if (s == null || !Arrays.asList(s.options()).contains(o)) {
                throw new IllegalStateException(o.name() + " has no component " + componentName(o) + " in the record of " + o.group());
            }
        }
    }

    /** {@code eager_alloc} is {@code eagerAlloc}. */
    private static String componentName(LegateOption o) {
        StringBuilder b = new StringBuilder();
        boolean up = false;
        for (char ch : o.metadataKey().toCharArray()) {
            if (ch == '_') {
                up = true;
            } else {
                b.append(up ? Character.toUpperCase(ch) : ch);
                up = false;
            }
        }
        return b.toString();
    }
}
