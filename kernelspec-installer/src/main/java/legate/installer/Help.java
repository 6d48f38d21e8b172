package legate.installer;

import java.util.ArrayList;
import java.util.List;
import legate.runtime.config.LegateOption;
import legate.runtime.config.LegateOptions;

/** The usage line and the grouped {@code --help} text, made from the option tables. */
final class Help {
    private static final int WIDTH = 100;

    private Help() {
    }

    private static List<LegateOption> all() {
        List<LegateOption> all = new ArrayList<>(LegateJupyter.kernelOptions());
        all.addAll(LegateOptions.ALL);
        all.sort((a, b) -> a.group().compareTo(b.group()));
        return all;
    }

    static String usage() {
        List<String> parts = new ArrayList<>(List.of("[-h]"));
        for (LegateOption o : all()) {
            String flag = o.name().equals("--verbose") ? "-v" : o.name();
            parts.add("[" + flag + (o.metavar() == null ? "" : " " + o.metavar()) + "]");
        }
        return wrap("usage: " + LegateJupyter.COMMAND + " ", parts);
    }

    static String full() {
        StringBuilder b = new StringBuilder(usage()).append("\n\nInstall a Legate Java kernel for Jupyter.\n\n");
        b.append("options:\n  -h, --help                       show this help and exit\n");
        LegateOption.Group group = null;
        for (LegateOption o : all()) {
            if (o.group() != group) {
                group = o.group();
                b.append('\n').append(group.title()).append(":\n");
            }
            String flag = (o.name().equals("--verbose") ? "-v, " : "") + o.name() + (o.metavar() == null ? "" : " " + o.metavar());
            String help = o.help() + defaults(o);
            b.append(String.format("  %-31s  %s%n", flag, help));
        }
        return b.toString();
    }

    private static String defaults(LegateOption o) {
        String d = " (default: " + o.defaultValue() + (o.env() == null ? "" : ", or $" + o.env()) + ")";
        return o.name().equals("--verbose") ? "" : d;
    }

    private static String wrap(String head, List<String> parts) {
        StringBuilder b = new StringBuilder(head);
        int col = head.length();
        String indent = " ".repeat(head.length());
        for (String p : parts) {
            if (col + p.length() + 1 > WIDTH && col > head.length()) {
                b.append('\n').append(indent);
                col = head.length();
            } else if (col > head.length()) {
                b.append(' ');
                col++;
            }
            b.append(p);
            col += p.length();
        }
        return b.toString();
    }
}
