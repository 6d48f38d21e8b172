package legate.kernel;

import java.util.ArrayList;
import java.util.List;
import legate.kernel.protocol.KernelCore;
import legate.runtime.config.LegateOption;
import legate.runtime.config.LegateOptions;

/**
 * The {@code legate} driver's command line for people: {@code --help} (the options grouped as
 * Legate's driver groups them, with defaults and environment variables), {@code --version}, and
 * "did you mean" for an option it does not know.
 */
final class DriverHelp {
    private static final int WIDTH = 100;
    /** The driver's own options, beside the resource options. */
    private static final List<String> OWN = List.of("-h", "--help", "--version", "--profile", "--profile-name", "--dataflow", "--event", "--show-progress");

    private DriverHelp() {
    }

    static String usage() {
        return "usage: legate [-h] [--version] [RESOURCE OPTIONS] [--profile] [--dataflow] [--event] [--show-progress] [SCRIPT.jsh [ARGS...]]";
    }

    /** The whole help text, ending with a newline. */
    static String full() {
        StringBuilder b = new StringBuilder(usage()).append("\n\n");
        b.append(wrap("Run a JShell script (its arguments in String[] args) on Legate's Java runtime, on every rank "
                + "(control replication); with no script, an interactive prompt on rank 0. Ranks, CPUs, GPUs and memory come from "
                + "the options below, from LEGATE_* environment variables, or from the defaults.")).append("\n\n");
        b.append("positional arguments:\n");
        b.append(String.format("  %-31s  %s%n", "SCRIPT.jsh", "the script to run (none: read snippets from standard input)"));
        b.append(String.format("  %-31s  %s%n", "ARGS", "the script's arguments, in String[] args"));
        b.append("\noptions:\n");
        b.append(String.format("  %-31s  %s%n", "-h, --help", "show this help and exit"));
        b.append(String.format("  %-31s  %s%n", "--version", "show the version and exit"));
        LegateOption.Group group = null;
        for (LegateOption o : LegateOptions.ALL) {
            if (o.group() != group) {
                group = o.group();
                b.append('\n').append(group.title()).append(":\n");
            }
            String flag = o.name() + (o.metavar() == null ? "" : " " + o.metavar());
            String help = o.help() + " (default: " + o.defaultValue() + (o.env() == null ? "" : ", or $" + o.env()) + ")";
            b.append(String.format("  %-31s  %s%n", flag, help));
        }
        b.append("\nprofiling and debugging:\n");
        b.append(String.format("  %-31s  %s%n", "--profile", "write a timeline of the run (every rank and processor) to legate_prof/index.html"));
        b.append(String.format("  %-31s  %s%n", "--profile-name NAME", "the folder --profile writes to (default: legate_prof)"));
        b.append(String.format("  %-31s  %s%n", "--dataflow", "write the operations and the stores they use as dataflow_legate.pdf (Graphviz)"));
        b.append(String.format("  %-31s  %s%n", "--event", "write every rank's operations and the blocks between them as event_graph_legate.pdf"));
        b.append(String.format("  %-31s  %s%n", "--show-progress", "print a line to stderr as each array operation starts (rank 0's)"));
        b.append("\nA kernel for Jupyter with these options: legate-jupyter --help.\n");
        return b.toString();
    }

    static String version() {
        return "legate " + KernelCore.IMPLEMENTATION_VERSION + " (Legate's Java runtime and legate.numpy; Java " + Runtime.version() + ")";
    }

    /** Whether the options before the script ask for help. */
    static boolean asksForHelp(List<String> options) {
        return options.contains("-h") || options.contains("--help");
    }

    /**
     * The options closest to {@code unknown} (its name, before any {@code =}): those it starts, or
     * that start it, or within a few edits of it; empty when none is close.
     */
    static List<String> suggestions(String unknown) {
        int eq = unknown.indexOf('=');
        String name = eq > 0 ? unknown.substring(0, eq) : unknown;
        List<String> known = new ArrayList<>(OWN);
        for (LegateOption o : LegateOptions.ALL) {
            known.add(o.name());
        }
        int limit = name.length() / 3; // a third of the name may be wrong, no more
        int best = Integer.MAX_VALUE;
        List<String> closest = new ArrayList<>();
        for (String k : known) {
            int d = k.length() > 2 && name.length() > 3 && (k.startsWith(name) || name.startsWith(k)) ? 1 : distance(name, k);
            if (d > limit) {
                continue;
            }
            if (d < best) {
                best = d;
                closest.clear();
            }
            if (d == best) {
                closest.add(k);
            }
        }
        return closest.size() > 3 ? List.of() : closest;
    }

    /** The edit distance: insertions, deletions and substitutions of single characters. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int change = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + change);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /** The error line for an option the driver does not know. */
    static String unknown(String option) {
        List<String> s = suggestions(option);
        return "unknown option " + option + (s.isEmpty() ? "" : " (did you mean " + String.join(" or ", s) + "?)") + "; legate --help lists the options";
    }

    private static String wrap(String text) {
        StringBuilder b = new StringBuilder();
        int col = 0;
        for (String w : text.split(" ")) {
            if (col > 0 && col + 1 + w.length() > WIDTH) {
                b.append('\n');
                col = 0;
            } else if (col > 0) {
                b.append(' ');
                col++;
            }
            b.append(w);
            col += w.length();
        }
        return b.toString();
    }
}
