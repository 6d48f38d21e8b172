package legate.magics.builtin;

import java.util.Map;
import java.util.Set;
import legate.magics.Evaluation;
import legate.magics.Magic;
import legate.magics.MagicContext;
import legate.magics.MagicException;
import legate.magics.RankInfo;
import legate.runtime.config.LegateConfig;

/** {@code %legate_info}: the configuration as Legate prints it, then what actually runs. */
public final class LegateInfoMagic implements Magic {
    @Override
    public String name() {
        return "legate_info";
    }

    @Override
    public Set<Form> forms() {
        return Set.of(Form.LINE);
    }

    @Override
    public String help() {
        return "Show the kernel's Legate configuration and what the runtime actually runs with";
    }

    @Override
    public String usage() {
        return "%legate_info";
    }

    @Override
    public Scope scope() {
        return Scope.RANK_ZERO;
    }

    @Override
    public Evaluation run(MagicContext context, Invocation invocation) throws MagicException {
        if (!invocation.args().isBlank()) {
            throw new MagicException("%legate_info takes no arguments");
        }
        context.print(configured(context.kernelName(), context.config()) + "\n" + running(context));
        context.display(Map.of("text/html", html(context)));
        return null;
    }

    /** Exactly Legate's text for the configuration. */
    static String configured(String kernel, LegateConfig c) {
        LegateConfig.CoreConfig core = c.core();
        LegateConfig.MemoryConfig mem = c.memory();
        return "Kernel '" + kernel + "' configured for " + c.multiNode().nodes() + " node(s)\n"
                + "\n"
                + "Cores:\n"
                + "  CPUs to use per rank : " + core.cpus() + "\n"
                + "  GPUs to use per rank : " + core.gpus() + "\n"
                + "  OpenMP groups to use per rank : " + core.omps() + "\n"
                + "  Threads per OpenMP group : " + core.ompthreads() + "\n"
                + "  Utility processors per rank : " + core.utility() + "\n"
                + "\n"
                + "Memory:\n"
                + "  DRAM memory per rank (in MBs) : " + mem.sysmem() + "\n"
                + "  DRAM memory per NUMA domain per rank (in MBs) : " + mem.numamem() + "\n"
                + "  Framebuffer memory per GPU (in MBs) : " + mem.fbmem() + "\n"
                + "  Zero-copy memory per rank (in MBs) : " + mem.zcmem() + "\n"
                + "  Registered CPU-side pinned memory per rank (in MBs) : " + mem.regmem() + "\n";
    }

    static String running(MagicContext context) {
        LegateConfig c = context.config();
        StringBuilder b = new StringBuilder("Running:\n");
        long lost = context.ranks().stream().filter(RankInfo::lost).count();
        b.append("  Ranks : ").append(context.ranks().size())
                .append(lost == 0 ? "" : " (" + lost + " lost: restart the kernel to go on)")
                .append(c.multiNode().notControlReplicable() && c.multiNode().nodes() * c.multiNode().ranksPerNode() > 1
                        ? " (--no-replicate: cells run on rank 0 only, as one rank)" : "").append('\n');
        for (RankInfo r : context.ranks()) {
            b.append("    rank ").append(r.rank()).append(" : host ").append(r.host()).append(", pid ").append(r.pid())
                    .append(r.lost() ? ", LOST (its JVM died, or its host stopped answering)" : "").append('\n');
        }
        b.append("  CPU threads per rank : ").append(c.core().cpus()).append(" (rank 0's machine has ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores)\n");
        var arrays = legate.runtime.task.ArrayRuntime.current();
        b.append("  GPUs : ").append(c.core().gpus() == 0 ? "none (--gpus 0)"
                : arrays.unavailable().map(why -> "none usable (" + why + ")").orElse(arrays.backend().describe())).append('\n');
        if (c.core().gpus() > 0 && context.ranks().size() > 1) { // each rank its own GPU
            for (RankInfo r : context.ranks()) {
                b.append("    rank ").append(r.rank()).append(" : ").append(r.processors() == null ? "not known yet" : r.processors()).append('\n');
            }
        }
        var memory = arrays.memory();
        b.append("  Array memory : ").append(size(memory.chargedBytes())).append(" in ").append(memory.liveStores())
                .append(" arrays, of ").append(c.memory().sysmem()).append(" MB (--sysmem) per rank\n");
        b.append("  Java : ").append(Runtime.version()).append(" (").append(System.getProperty("java.vm.name"))
                .append("), heap up to ").append(Runtime.getRuntime().maxMemory() / (1024 * 1024)).append(" MB\n");
        return b.toString();
    }

    private static String size(long bytes) {
        return bytes < (1 << 20) ? String.format(java.util.Locale.ROOT, "%.1f KB", bytes / 1024.0)
                : String.format(java.util.Locale.ROOT, "%.1f MB", bytes / 1048576.0);
    }

    private static String html(MagicContext context) {
        StringBuilder h = new StringBuilder("<div class=\"legate-info\"><p>Kernel <b>").append(escape(context.kernelName()))
                .append("</b> configured for ").append(context.config().multiNode().nodes()).append(" node(s)</p><table>");
        for (String block : (configured(context.kernelName(), context.config()) + "\n" + running(context)).split("\n\n")) {
            String[] lines = block.split("\n");
            if (lines[0].startsWith("Kernel '")) {
                continue;
            }
            h.append("<tr><th colspan=\"2\" style=\"text-align:left\">").append(escape(lines[0].replace(":", ""))).append("</th></tr>");
            for (int i = 1; i < lines.length; i++) {
                String line = lines[i].strip();
                int colon = line.indexOf(" : ");
                String key = colon < 0 ? line : line.substring(0, colon);
                String value = colon < 0 ? "" : line.substring(colon + 3);
                h.append("<tr><td style=\"text-align:left\">").append(escape(key)).append("</td><td style=\"text-align:left\">")
                        .append(escape(value)).append("</td></tr>");
            }
        }
        return h.append("</table></div>").toString();
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
