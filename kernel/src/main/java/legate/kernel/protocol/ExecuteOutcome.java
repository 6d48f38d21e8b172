package legate.kernel.protocol;

import java.util.List;
import legate.kernel.display.MimeBundle;

/** How a cell ended. */
public sealed interface ExecuteOutcome {

    /** Ran to the end; {@code value} is the last expression's (null when the cell has none). */
    record Success(Value value, List<Page> pages) implements ExecuteOutcome {
        public Success {
            pages = List.copyOf(pages);
        }

        public static Success of(Value value) {
            return new Success(value, List.of());
        }
    }

    /** A value a cell produced: the object itself and its text as JShell prints it. */
    record Value(Object object, String plainText) {
    }

    /** Failed: {@code ename} is what the user sees as the error's name (the exception class). */
    record Failure(String ename, String evalue, List<String> traceback) implements ExecuteOutcome {
        public Failure {
            traceback = List.copyOf(traceback);
        }
    }

    /** Text for the pager ({@code NAME?}): sent as a {@code page} payload of the reply. */
    record Page(MimeBundle data) {
    }
}
