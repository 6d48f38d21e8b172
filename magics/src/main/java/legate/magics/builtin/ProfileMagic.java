package legate.magics.builtin;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import legate.magics.Evaluation;
import legate.magics.Magic;
import legate.magics.MagicContext;
import legate.magics.MagicException;
import legate.runtime.profile.Profiling;

/**
 * {@code %%profile}: runs the cell with Legate's profiler on, on every rank, and shows the
 * timeline inline (a self-contained {@code text/html}: every rank's operations, CPU threads, data
 * plane, cells and GC; zoom, pan, hover; a table per operation), after a one-line summary. The
 * cell's value, if any, is still its result; an error in it still stops the profiler first.
 */
public final class ProfileMagic implements Magic {
    @Override
    public String name() {
        return "profile";
    }

    @Override
    public Set<Form> forms() {
        return Set.of(Form.CELL);
    }

    @Override
    public String help() {
        return "Run the cell with Legate's profiler and show its timeline (every rank and processor)";
    }

    @Override
    public String usage() {
        return "%%profile\nCELL BODY\n\nRuns the cell on every rank with the profiler on and shows a timeline: a lane per rank and\n"
                + "processor (operations, cells, CPU threads, data plane, GC), wheel to zoom, drag to pan, hover for\n"
                + "an operation's shape, rows and time; then a table per operation (count, total, mean, share).\n"
                + "The driver's --profile writes the same page for a whole script (legate_prof/index.html).";
    }

    @Override
    public Evaluation run(MagicContext context, Invocation invocation) throws MagicException {
        String body = invocation.body();
        if (body.isBlank()) {
            throw new MagicException("%%profile needs a cell body to profile, e.g.\n%%profile\nnp.ones(1000).sum()");
        }
        Evaluation started = context.java().evaluate("legate.runtime.profile.Profiling.begin();");
        if (started.failed()) {
            throw new MagicException("%%profile: the profiler did not start on every rank");
        }
        String id = "legate-profile-" + UUID.randomUUID().toString().substring(0, 8);
        Evaluation e = context.java().evaluate("\n".repeat(invocation.line()) + body);
        Evaluation stopped = context.java().evaluate("legate.runtime.profile.Profiling.finishInline(\"" + id + "\");");
        String[] shown = Profiling.lastInline();
        if (context.rank() != 0) {
            return e; // every rank runs the cell and the profiler; rank 0 gathers and shows
        }
        if (stopped.failed() || shown == null) {
            context.printError("%%profile: the ranks' timelines could not be gathered\n");
            return e;
        }
        Map<String, Object> bundle = new LinkedHashMap<>();
        bundle.put("text/plain", "Profile: " + shown[0]);
        bundle.put("text/html", shown[1]);
        context.display(bundle);
        return e;
    }
}
