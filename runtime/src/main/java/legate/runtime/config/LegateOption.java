package legate.runtime.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One option, as legate.core names it: its group, default, the environment variable that
 * overrides the default, what values it takes, and its key in kernel.json's
 * {@code metadata.legate} (null for an option that is not recorded there).
 */
public record LegateOption(String name, Group group, Kind kind, String metavar, String defaultValue, String env,
                           int min, int max, List<String> choices, String help, String metadataKey) {

    /** An option that kernel.json does not record (the installer's own options). */
    public LegateOption(String name, Group group, Kind kind, String metavar, String defaultValue, String env, int min, int max,
                        List<String> choices, String help) {
        this(name, group, kind, metavar, defaultValue, env, min, max, choices, help, null);
    }

    /** Options are told apart by name (written out: the generated method bootstraps method handles, ~25 ms at a kernel's start). */
    @Override
    public boolean equals(Object o) {
        return o instanceof LegateOption other && name.equals(other.name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    /** The option groups, in the order help lists them; a resource group is a block of {@code metadata.legate}. */
    public enum Group {
        KERNEL("Kernel configuration", null),
        MULTI_NODE("Multi-node configuration", "multi_node"),
        CORES("Core allocation", "core"),
        MEMORY("Memory allocation", "memory"),
        INFO("Informational", null);

        private final String title;
        private final String metadataKey;

        Group(String title, String metadataKey) {
            this.title = title;
            this.metadataKey = metadataKey;
        }

        public String title() {
            return title;
        }

        /** The block of {@code metadata.legate} that holds this group's options, or null. */
        public String metadataKey() {
            return metadataKey;
        }
    }

    /** What an option takes. */
    public enum Kind {
        /** A whole number in [min, max]. */
        NUMBER,
        /** No value: present or not. */
        FLAG,
        /** One of {@code choices}. */
        CHOICE,
        /** A string; may be given several times. */
        REPEATED
    }

    static LegateOption number(String name, Group group, String metavar, int defaultValue, String env, int min, int max, String help,
                               String metadataKey) {
        return new LegateOption(name, group, Kind.NUMBER, metavar, Integer.toString(defaultValue), env, min, max, List.of(), help,
                metadataKey);
    }

    /** The value this option has when nobody gives one: an Integer, Boolean, String or List of String by kind. */
    Object defaultTyped() {
        return switch (kind) {
            case NUMBER -> Integer.parseInt(defaultValue);
            case FLAG -> Boolean.parseBoolean(defaultValue);
            case CHOICE -> defaultValue;
            case REPEATED -> List.of();
        };
    }

    /** The path of this option in kernel.json, e.g. {@code metadata.legate.core.cpus}. */
    public String metadataPath() {
        return "metadata.legate." + group.metadataKey() + "." + metadataKey;
    }

    /** What this option accepts, as error messages say it. */
    String expected() {
        return switch (kind) {
            case NUMBER -> "a whole number" + (max == Integer.MAX_VALUE ? " >= " + min : " from " + min + " to " + max);
            case FLAG -> "true or false";
            case CHOICE -> "one of " + String.join(", ", choices);
            case REPEATED -> "a list of strings";
        };
    }

    /**
     * A value given as text (command line, {@code LEGATE_*} variable), checked; {@code source}
     * names where it came from. A flag's text is ignored: given means on.
     */
    Object fromText(String text, String source) throws ConfigException {
        return switch (kind) {
            case NUMBER -> {
                String t = text.strip();
                long v;
                try {
                    v = Long.parseLong(t);
                } catch (NumberFormatException e) {
                    throw mismatch(source, "\"" + text + "\"");
                }
                yield inRange(v, t, source);
            }
            case FLAG -> Boolean.TRUE;
            case CHOICE -> {
                if (!choices.contains(text)) {
                    throw mismatch(source, "\"" + text + "\"");
                }
                yield text;
            }
            case REPEATED -> List.of(text);
        };
    }

    /** A value read from JSON (kernel.json's metadata), checked by the same rules as {@link #fromText}. */
    Object fromJson(JsonNode value, String source) throws ConfigException {
        switch (kind) {
            case NUMBER:
                if (value.isIntegralNumber() && value.canConvertToLong()) {
                    return inRange(value.longValue(), value.toString(), source);
                }
                break;
            case FLAG:
                if (value.isBoolean()) {
                    return value.booleanValue();
                }
                break;
            case CHOICE:
                if (value.isTextual()) {
                    return fromText(value.textValue(), source);
                }
                break;
            default:
                List<String> strings = strings(value);
                if (strings != null) {
                    return strings;
                }
        }
        throw mismatch(source, value.toString());
    }

    /** The strings of a JSON array of strings, or null when it is something else. */
    static List<String> strings(JsonNode value) {
        if (!value.isArray()) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (JsonNode e : value) {
            if (!e.isTextual()) {
                return null;
            }
            out.add(e.textValue());
        }
        return List.copyOf(out);
    }

    private int inRange(long v, String shown, String source) throws ConfigException {
        if (v < min || v > max) {
            throw mismatch(source, shown);
        }
        return (int) v;
    }

    private ConfigException mismatch(String source, String shown) {
        return new ConfigException(source + ": expected " + expected() + ", got " + shown);
    }
}
