package legate.runtime.config;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import legate.runtime.config.LegateConfig.CoreConfig;
import legate.runtime.config.LegateConfig.MemoryConfig;
import legate.runtime.config.LegateConfig.MultiNodeConfig;
import legate.runtime.config.LegateOption.Group;

/**
 * Between values per option and the typed {@link LegateConfig}: a record component is the option
 * of its group whose metadata key it spells in camelCase ({@code ranks_per_node} is
 * {@code ranksPerNode}), so a new option is a table row and a component, nothing else.
 */
final class ConfigRecords {
    /** One block of the configuration: the record of a group and how to get it from a config. */
    private record Section(Group group, Class<? extends Record> type, Function<LegateConfig, Record> of) {
    }

    private static final List<Section> SECTIONS = List.of(
            new Section(Group.CORES, CoreConfig.class, LegateConfig::core),
            new Section(Group.MEMORY, MemoryConfig.class, LegateConfig::memory),
            new Section(Group.MULTI_NODE, MultiNodeConfig.class, LegateConfig::multiNode));

    static {
        checkEveryRowHasAComponent(); // a mismatch fails when the class loads, not on the first kernel.json
    }

    private ConfigRecords() {
    }

    /** The configuration holding {@code values} (one for every option of {@link LegateOptions#ALL}). */
    static LegateConfig build(List<String> argv, Map<LegateOption, Object> values) {
        return new LegateConfig(argv, record(CoreConfig.class, values), record(MemoryConfig.class, values),
                record(MultiNodeConfig.class, values));
    }

    /** The value {@code config} has for option {@code o}: an Integer, Boolean, String or List of String. */
    static Object value(LegateConfig config, LegateOption o) {
        Section s = section(o.group());
        RecordComponent c = Arrays.stream(s.type().getRecordComponents()).filter(x -> x.getName().equals(componentName(o)))
                .findFirst().orElseThrow();
        try {
            return c.getAccessor().invoke(s.of().apply(config));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + o.name() + " from " + config, e);
        }
    }

    private static <R extends Record> R record(Class<R> type, Map<LegateOption, Object> values) {
        RecordComponent[] rc = type.getRecordComponents();
        Group group = SECTIONS.stream().filter(s -> s.type() == type).findFirst().orElseThrow().group();
        Object[] args = new Object[rc.length];
        for (int i = 0; i < rc.length; i++) {
            args[i] = values.get(option(group, rc[i].getName()).orElseThrow());
        }
        try {
            return type.getDeclaredConstructor(Arrays.stream(rc).map(RecordComponent::getType).toArray(Class<?>[]::new))
                    .newInstance(args);
        } catch (ReflectiveOperationException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot make " + type.getSimpleName() + " of " + Arrays.toString(args), e);
        }
    }

    private static Section section(Group group) {
        return SECTIONS.stream().filter(s -> s.group() == group).findFirst()
                .orElseThrow(() -> new IllegalStateException(group + " has no record in LegateConfig"));
    }

    private static Optional<LegateOption> option(Group group, String component) {
        return LegateOptions.ALL.stream().filter(o -> o.group() == group && componentName(o).equals(component)).findFirst();
    }

    private static void checkEveryRowHasAComponent() {
        for (Section s : SECTIONS) {
            for (RecordComponent c : s.type().getRecordComponents()) {
                if (option(s.group(), c.getName()).isEmpty()) {
                    throw new IllegalStateException(s.type().getSimpleName() + "." + c.getName() + " has no row in LegateOptions.ALL");
                }
            }
        }
        for (LegateOption o : LegateOptions.ALL) {
            if (Arrays.stream(section(o.group()).type().getRecordComponents()).noneMatch(c -> c.getName().equals(componentName(o)))) {
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
