package legate.kernel;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import legate.kernel.display.MimeBundle;
import legate.kernel.protocol.CellIO;
import legate.kernel.protocol.ExecuteOutcome;
import legate.kernel.protocol.ForwardingInterpreter;
import legate.kernel.protocol.Interpreter;
import legate.runtime.profile.Progress;
import legate.runtime.task.ArrayRuntime;

/**
 * A kernel installed with {@code legate-jupyter --show-progress} (Legate's option): a cell that
 * runs longer than {@link #AFTER_MS} shows a line under it that updates twice a second with the
 * array operations done, the time spent and the operation running now; when the cell ends, the
 * line is finalised with the totals (and says whether the cell was interrupted or failed). Quick
 * cells show nothing. The line is a display with an id ({@code display_data}, then {@code
 * update_display_data}), so JupyterLab, the Notebook and nbconvert keep one line per cell.
 *
 * <p>Rank 0 counts its own operations ({@link Progress}): every rank runs the same ones.
 */
final class CellProgress extends ForwardingInterpreter {
    /** kernel.json's {@code env} sets it ({@code legate-jupyter --show-progress}). */
    static final String ENV = "LEGATE_SHOW_PROGRESS";
    /** A cell shows its progress once it has run this long. */
    static final long AFTER_MS = 1000;
    /** How often the line is updated. */
    static final long EVERY_MS = 500;

    private final Runnable flushOutput;
    private final ScheduledExecutorService ticker;
    private final long afterMs;
    private final long everyMs;
    private boolean counting;

    CellProgress(Interpreter inner, Runnable flushOutput, long afterMs, long everyMs) {
        super(inner);
        this.flushOutput = flushOutput;
        this.afterMs = afterMs;
        this.everyMs = everyMs;
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
            Thread th = new Thread(r, "cell-progress");
            th.setDaemon(true);
            return th;
        });
        t.setRemoveOnCancelPolicy(true);
        this.ticker = t;
    }

    /** The interpreter, showing long cells' progress when {@code env} asks for it. */
    static Interpreter wrapIfAsked(Interpreter inner, Map<String, String> env, Runnable flushOutput) {
        String v = env.get(ENV);
        boolean on = v != null && !v.isBlank() && !v.equals("0") && !v.equalsIgnoreCase("false") && !v.equalsIgnoreCase("off");
        return on ? new CellProgress(inner, flushOutput, AFTER_MS, EVERY_MS) : inner;
    }

    @Override
    public ExecuteOutcome execute(String code, CellIO io) {
        if (!io.publishes()) {
            return inner.execute(code, io);
        }
        if (!counting) { // rank 0's runtime is installed before the first cell
            Progress.count(ArrayRuntime.current(), true);
            counting = true;
        }
        Line line = new Line(io);
        ScheduledFuture<?> ticks = ticker.scheduleAtFixedRate(line::tick, afterMs, everyMs, TimeUnit.MILLISECONDS);
        ExecuteOutcome outcome = null;
        try {
            outcome = inner.execute(code, io);
            return outcome;
        } finally {
            ticks.cancel(false);
            line.finish(outcome);
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        super.close();
    }

    /** One cell's progress line. */
    private final class Line {
        private final CellIO io;
        private final long startNanos = System.nanoTime();
        private final long firstOp = Progress.operations();
        private final String id = "legate-progress-" + UUID.randomUUID();
        private boolean shown;
        private boolean done;

        Line(CellIO io) {
            this.io = io;
        }

        synchronized void tick() {
            if (done) {
                return;
            }
            try {
                if (!shown) {
                    flushOutput.run(); // what the cell printed so far comes before the line
                }
                String now = Progress.current();
                io.display(bundle(text("running", now), true), id, shown);
                shown = true;
            } catch (RuntimeException e) {
                done = true; // the frontend is gone or the cell's output closed: the cell goes on without a line
            }
        }

        synchronized void finish(ExecuteOutcome outcome) {
            if (done) {
                return;
            }
            done = true;
            if (!shown) {
                return;
            }
            String how = outcome == null ? "failed" // the interpreter itself threw
                    : outcome instanceof ExecuteOutcome.Failure f ? (f.ename().equals("Interrupted") ? "interrupted" : "failed (" + f.ename() + ")")
                    : "done";
            try {
                io.display(bundle(text(how, ""), false), id, true);
            } catch (RuntimeException ignored) {
                // nothing to finalise on
            }
        }

        private String text(String state, String now) {
            long ops = Progress.operations() - firstOp;
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            String s = String.format(Locale.ROOT, "legate: %s, %,d array operation%s in %.1f s", state, ops, ops == 1 ? "" : "s", seconds);
            return now.isEmpty() ? s : s + "; now: " + now;
        }

        private MimeBundle bundle(String plain, boolean running) {
            String html = "<div style=\"font-family:monospace;font-size:12px;color:#555\">"
                    + (running ? "<progress style=\"height:8px;width:80px;vertical-align:middle;margin-right:6px\"></progress>" : "")
                    + escape(plain) + "</div>";
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("text/plain", plain);
            data.put("text/html", html);
            return new MimeBundle(data, Map.of());
        }
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
