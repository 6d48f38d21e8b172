package legate.kernel;

import java.nio.file.Path;
import java.util.Map;
import legate.kernel.protocol.CellIO;
import legate.kernel.protocol.ExecuteOutcome;
import legate.kernel.protocol.ForwardingInterpreter;
import legate.kernel.protocol.Interpreter;
import legate.kernel.protocol.SilentCellIO;
import legate.magics.Args;

/**
 * A kernel installed with {@code legate-jupyter --profile}: every cell runs with Legate's
 * profiler, and each cell that ran array operations leaves its timeline in {@code
 * legate_prof/cell-N.html} (N its execution count) under the kernel's working folder, listed by
 * {@code legate_prof/index.html} for the session. On rank 0, around each cell, two cells of its
 * own (silent, not counted) start and stop the profiler; with several ranks they are replicated
 * like any cell, so every rank starts and stops at the same point.
 */
final class CellProfiling extends ForwardingInterpreter {
    /** kernel.json's {@code env} sets it to the folder ({@code legate-jupyter --profile}). */
    static final String ENV = "LEGATE_PROFILE";

    private final String folder;

    private CellProfiling(Interpreter inner, String folder) {
        super(inner);
        this.folder = folder;
    }

    /** The interpreter, profiling every cell when {@code env} asks for it. */
    static Interpreter wrapIfAsked(Interpreter inner, Map<String, String> env) {
        String folder = env.get(ENV);
        return folder == null || folder.isBlank() ? inner : new CellProfiling(inner, Path.of(folder).toAbsolutePath().toString());
    }

    @Override
    public ExecuteOutcome execute(String code, CellIO io) {
        int n = io.executionCount();
        inner.execute("legate.runtime.profile.Profiling.begin();", new SilentCellIO(n));
        try {
            return inner.execute(code, io);
        } finally {
            inner.execute("legate.runtime.profile.Profiling.finishCell(" + Args.javaLiteral(folder) + ", " + n
                    + ");", new SilentCellIO(n));
        }
    }
}
