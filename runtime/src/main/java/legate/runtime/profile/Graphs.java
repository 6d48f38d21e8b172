package legate.runtime.profile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Legate's {@code --dataflow} and {@code --event} graphs of a profile, in Graphviz's DOT, and
 * rendered to PDF by Graphviz's {@code dot}.
 *
 * <ul>
 *   <li>The dataflow graph: the operations of the program (rank 0's, which every rank runs alike)
 *   as boxes, the stores as ellipses, an edge from each store an operation reads to it and from
 *   it to each store it writes.
 *   <li>The event graph: every rank's operations in the order they ran (a cluster per rank, an
 *   edge from each to the next), and an edge for the blocks one rank's operation sent to
 *   another's (bytes and blocks), so exchanges and collectives show where ranks wait for each
 *   other.
 * </ul>
 */
public final class Graphs {
    /** Operations drawn at most per graph (Graphviz lays out a few thousand nodes in seconds). */
    static final int MAX_OPS = 2000;

    private Graphs() {
    }

    public static String dataflow(Profile p) {
        Profile.Rank r = p.ranks().get(0);
        StringBuilder b = new StringBuilder("digraph dataflow {\n  rankdir=TB;\n  node [fontname=\"Helvetica\", fontsize=10];\n");
        Set<Long> stores = new LinkedHashSet<>();
        List<Profile.Op> ops = r.ops().size() > MAX_OPS ? r.ops().subList(0, MAX_OPS) : r.ops();
        for (Profile.Op o : ops) {
            stores.addAll(o.reads());
            stores.addAll(o.writes());
        }
        for (long s : stores) {
            b.append("  s").append(s).append(" [shape=ellipse, label=\"store ").append(s).append("\"];\n");
        }
        for (Profile.Op o : ops) {
            b.append("  op").append(o.id()).append(" [shape=box, style=filled, fillcolor=\"#dbe7f3\", label=\"").append(label(o)).append("\"];\n");
        }
        for (Profile.Op o : ops) {
            for (long s : o.reads()) {
                b.append("  s").append(s).append(" -> op").append(o.id()).append(";\n");
            }
            for (long s : o.writes()) {
                b.append("  op").append(o.id()).append(" -> s").append(s).append(";\n");
            }
        }
        if (r.ops().size() > MAX_OPS) {
            b.append("  more [shape=plaintext, label=\"... and ").append(r.ops().size() - MAX_OPS).append(" more operations\"];\n");
        }
        return b.append("}\n").toString();
    }

    public static String events(Profile p) {
        StringBuilder b = new StringBuilder("digraph events {\n  rankdir=TB;\n  node [fontname=\"Helvetica\", fontsize=10, shape=box];\n");
        int perRank = Math.max(1, MAX_OPS / Math.max(1, p.ranks().size()));
        for (Profile.Rank r : p.ranks()) {
            int n = Math.min(perRank, r.ops().size());
            b.append("  subgraph cluster_rank").append(r.rank()).append(" {\n    label=\"rank ").append(r.rank()).append("\";\n");
            b.append("    r").append(r.rank()).append("_start [shape=circle, label=\"start\"];\n");
            for (int i = 0; i < n; i++) {
                b.append("    ").append(node(r.rank(), i)).append(" [label=\"").append(label(r.ops().get(i))).append("\"];\n");
            }
            String prev = "r" + r.rank() + "_start";
            for (int i = 0; i < n; i++) {
                b.append("    ").append(prev).append(" -> ").append(node(r.rank(), i)).append(";\n");
                prev = node(r.rank(), i);
            }
            b.append("  }\n");
        }
        // blocks: a send on rank p with tag t to q meets the receive on q with tag t from p
        Map<String, Profile.Comm> receives = new LinkedHashMap<>();
        for (Profile.Rank r : p.ranks()) {
            for (Profile.Comm c : r.comms()) {
                if (!c.send()) {
                    receives.put(c.peer() + ">" + r.rank() + "#" + c.tag(), c);
                }
            }
        }
        Map<String, long[]> edges = new LinkedHashMap<>(); // "from -> to" : {blocks, bytes}
        for (Profile.Rank r : p.ranks()) {
            for (Profile.Comm c : r.comms()) {
                if (!c.send()) {
                    continue;
                }
                Profile.Comm rc = receives.get(r.rank() + ">" + c.peer() + "#" + c.tag());
                int toOp = rc == null ? -1 : rc.op();
                String from = c.op() < 0 ? "r" + r.rank() + "_start" : c.op() < perRank ? node(r.rank(), c.op()) : null;
                String to = toOp < 0 ? "r" + c.peer() + "_start" : toOp < perRank ? node(c.peer(), toOp) : null;
                if (from == null || to == null) {
                    continue;
                }
                long[] e = edges.computeIfAbsent(from + " -> " + to, k -> new long[2]);
                e[0]++;
                e[1] += c.bytes();
            }
        }
        for (Map.Entry<String, long[]> e : edges.entrySet()) {
            long[] v = e.getValue();
            b.append("  ").append(e.getKey()).append(" [color=\"#e15759\", style=dashed, label=\"").append(v[1]).append(" B")
                    .append(v[0] > 1 ? " in " + v[0] + " blocks" : "").append("\"];\n");
        }
        return b.append("}\n").toString();
    }

    private static String node(int rank, int op) {
        return "r" + rank + "_op" + op;
    }

    private static String label(Profile.Op o) {
        return (o.id() + ": " + o.name() + "\\n" + o.shape()).replace("\"", "'");
    }

    /**
     * Writes {@code dot} to {@code name}.dot in {@code dir} and renders it to {@code name}.pdf
     * with Graphviz; returns a line for the user: where the PDF is, or why there is none.
     */
    public static String render(String dot, Path dir, String name, String option) throws IOException {
        Files.createDirectories(dir);
        Path source = dir.resolve(name + ".dot");
        Path pdf = dir.resolve(name + ".pdf");
        Files.writeString(source, dot);
        List<String> cmd = new ArrayList<>(List.of("dot", "-Tpdf", source.toString(), "-o", pdf.toString()));
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            return option + ": Graphviz's dot is not installed (Debian: apt-get install graphviz), so there is no " + pdf.getFileName()
                    + "; the graph is in " + source;
        }
        try {
            boolean done = p.waitFor(120, TimeUnit.SECONDS);
            String out = new String(p.getInputStream().readAllBytes()).strip();
            if (!done) {
                p.destroyForcibly();
                return option + ": dot took more than 120 s on " + source + "; stopped it";
            }
            if (p.exitValue() != 0) {
                return option + ": dot failed on " + source + " (exit " + p.exitValue() + "): " + out;
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            return option + ": interrupted while dot rendered " + source;
        }
        return option + ": wrote " + pdf;
    }
}
