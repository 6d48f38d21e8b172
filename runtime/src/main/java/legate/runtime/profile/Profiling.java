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
