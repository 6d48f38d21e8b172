package legate.kernel.protocol;

import java.util.List;
import java.util.Map;

/**
 * The language behind the protocol. Positions are UTF-16 indexes into {@code code}; the
 * protocol layer converts Jupyter's code-point cursors. Calls come one at a time except
 * {@link #interrupt()}, which may arrive from another thread while a cell runs.
 */
public interface Interpreter extends AutoCloseable {

    ExecuteOutcome execute(String code, CellIO io);

    /** Evaluates {@code user_expressions} after a cell: name to outcome. */
    Map<String, ExecuteOutcome> evaluateExpressions(Map<String, String> expressions, CellIO io);

    Completion complete(String code, int cursor);

    /** Documentation for the name at {@code cursor}; null when there is none. */
    String inspect(String code, int cursor);

    IsComplete isComplete(String code);

    /**
     * Stops the cell being executed: the flag holds until {@link #clearInterrupt()}, so it also
     * stops the rest of the cell and a cell still waiting to start.
     */
    void interrupt();

    /** Forgets an interrupt; called before each cell, so an interrupt never reaches a later cell. */
    void clearInterrupt();

    String languageVersion();

    String banner();

    @Override
    void close();

    record Completion(List<String> matches, int cursorStart, int cursorEnd, List<CompletionType> types) {
        public Completion {
            matches = List.copyOf(matches);
            types = List.copyOf(types);
        }
    }

    /** The {@code _jupyter_types_experimental} entry of a match. */
    record CompletionType(String text, int start, int end, String type, String signature) {
    }

    record IsComplete(String status, String indent) {
        public static final IsComplete COMPLETE = new IsComplete("complete", null);
        public static final IsComplete INVALID = new IsComplete("invalid", null);
        public static final IsComplete UNKNOWN = new IsComplete("unknown", null);

        public static IsComplete incomplete(String indent) {
            return new IsComplete("incomplete", indent);
        }
    }
}
