package legate.runtime.config;

import java.util.List;

/**
 * One resource option, as legate.core names it: its group, default, the environment variable
 * that overrides the default, and what values it takes.
 */
public record LegateOption(String name, Group group, Kind kind, String metavar, String defaultValue, String env,
                           int min, int max, List<String> choices, String help) {

    /** The option groups, in the order help lists them. */
    public enum Group {
        KERNEL("Kernel configuration"),
        MULTI_NODE("Multi-node configuration"),
        CORES("Core allocation"),
        MEMORY("Memory allocation"),
        INFO("Informational");

        private final String title;

        Group(String title) {
            this.title = title;
        }

        public String title() {
            return title;
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

    static LegateOption number(String name, Group group, String metavar, int defaultValue, String env, int min, int max, String help) {
        return new LegateOption(name, group, Kind.NUMBER, metavar, Integer.toString(defaultValue), env, min, max, List.of(), help);
    }

    /** The value given in {@code text} for this option, checked; {@code source} names where it came from. */
    int parseNumber(String text, String source) throws ConfigException {
        String t = text.strip();
        long v;
        try {
            v = Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw new ConfigException(source + ": expected a whole number" + range() + ", got \"" + text + "\"");
        }
        if (v < min || v > max) {
            throw new ConfigException(source + ": expected a whole number" + range() + ", got " + t);
        }
        return (int) v;
    }

    private String range() {
        if (max == Integer.MAX_VALUE) {
            return " >= " + min;
        }
        return " from " + min + " to " + max;
    }
}
