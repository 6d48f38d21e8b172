package legate.magics;

import java.util.Set;

/**
 * A magic: {@code %name args} on a line of a cell, or {@code %%name args} as the first line of a
 * cell with the rest of the cell as its body. Found with {@link java.util.ServiceLoader}, or
 * loaded with {@code %load_ext CLASS}.
 */
public interface Magic {
    /** Where a magic may appear. */
    enum Form {
        LINE("%"), CELL("%%");

        private final String prefix;

        Form(String prefix) {
            this.prefix = prefix;
        }

        public String prefix() {
            return prefix;
        }
    }

    /** Which ranks run it: every rank (it changes the program's state) or rank 0 (it talks to the user or the machine). */
    enum Scope {
        EVERY_RANK, RANK_ZERO
    }

    /** What one use of a magic was given: its form, the text after its name, and (cell magics) the body. */
    record Invocation(Form form, String args, String body, int line) {
    }

    /** The name, without {@code %}. */
    String name();

    Set<Form> forms();

    /** One line saying what it does. */
    String help();

    /** How to call it, with its options; shown by {@code %name?}. */
    String usage();

    default Scope scope() {
        return Scope.EVERY_RANK;
    }

    /**
     * Runs the magic.
     *
     * @return an evaluation that is the magic's result (shown when it ends the cell), or null
     * @throws MagicException for a mistake in how the magic was called (a {@code UsageError})
     */
    Evaluation run(MagicContext context, Invocation invocation) throws MagicException;
}
