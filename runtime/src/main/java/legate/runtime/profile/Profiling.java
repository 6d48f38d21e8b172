package legate.runtime.profile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import legate.runtime.task.ArrayRuntime;

/**
 * What the {@code legate} driver's {@code --profile}, {@code --dataflow} and {@code --event}, and
 * the kernel's {@code %%profile}, run on every rank (as replicated cells, so every rank starts and
 * stops at the same point): {@link #begin}, then {@link #finish} or {@link #finishInline}.
 */
public final class Profiling {
    /** The folder {@code --profile} writes to, as Legate's. */
    public static final String DEFAULT_FOLDER = "legate_prof";
    public static final String DATAFLOW = "dataflow_legate";
    public static final String EVENTS = "event_graph_legate";

    private Profiling() {
    }

    public static void begin() {
        Profiler.start(ArrayRuntime.current());
    }

    /**
     * Stops, gathers every rank's record to rank 0, and there writes what was asked for: the
     * timeline page {@code folder/index.html} (null: none), the dataflow and event graphs as DOT
     * and PDF in the working folder. Returns the lines to show (rank 0), or an empty list.
     */
    public static List<String> finish(String folder, boolean dataflow, boolean events) throws InterruptedException, IOException {
        Profile p = Profiler.stop();
        List<String> lines = new ArrayList<>();
        if (p == null) {
            return lines;
        }
        if (folder != null) {
            Path dir = Path.of(folder);
            Files.createDirectories(dir);
            Path page = dir.resolve("index.html");
            Files.writeString(page, ProfilePage.page(p, "Legate profile: " + ProfilePage.summary(p)));
            lines.add("--profile: " + ProfilePage.summary(p) + "; the timeline is " + page.toAbsolutePath());
        }
        Path here = Path.of("").toAbsolutePath();
        if (dataflow) {
            lines.add(Graphs.render(Graphs.dataflow(p), here, DATAFLOW, "--dataflow"));
        }
        if (events) {
            lines.add(Graphs.render(Graphs.events(p), here, EVENTS, "--event"));
        }
        return lines;
    }

    /** This session's cell pages: cell number and summary, for the folder's index. */
    private static final java.util.Map<Integer, String> CELLS = new java.util.TreeMap<>();

    /**
     * For a kernel that profiles every cell: stops and gathers; on rank 0, when the cell ran array
     * operations, writes {@code folder/cell-N.html} and the folder's {@code index.html} listing
     * this session's cell pages.
     */
    public static void finishCell(String folder, int cell) throws InterruptedException, IOException {
        Profile p = Profiler.stop();
        if (p == null || p.operationCount() == 0) {
            return;
        }
        Path dir = Path.of(folder);
        Files.createDirectories(dir);
        String summary = ProfilePage.summary(p);
        Files.writeString(dir.resolve("cell-" + cell + ".html"), ProfilePage.page(p, "Legate profile of cell [" + cell + "]: " + summary));
        synchronized (CELLS) {
            CELLS.put(cell, summary);
            StringBuilder b = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Legate profiles</title>"
                    + "</head>\n<body style=\"font-family:sans-serif;margin:16px\">\n<h1 style=\"font-size:18px\">Legate profiles of this "
                    + "session's cells</h1>\n<ul>\n");
            CELLS.forEach((n, s) -> b.append("<li><a href=\"cell-").append(n).append(".html\">cell [").append(n).append("]</a>: ")
                    .append(ProfilePage.esc(s)).append("</li>\n"));
            Files.writeString(dir.resolve("index.html"), b.append("</ul>\n</body></html>\n").toString());
        }
    }

    /**
     * Stops and gathers, for {@code %%profile}: on rank 0 the timeline as an HTML fragment whose
     * elements are named after {@code id}, after a one-line summary; null on the other ranks.
     */
    public static String[] finishInline(String id) throws InterruptedException {
        Profile p = Profiler.stop();
        String[] shown = p == null ? null : new String[] {ProfilePage.summary(p), ProfilePage.fragment(p, id)};
        lastInline = shown;
        return shown;
    }

    private static volatile String[] lastInline;

    /** What {@link #finishInline} last gave on this rank (for {@code %%profile}, on rank 0), once: it is cleared. */
    public static String[] lastInline() {
        String[] s = lastInline;
        lastInline = null;
        return s;
    }
}
