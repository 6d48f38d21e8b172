package legate.magics;

import java.util.List;

/** Runs a cell: its Java and its magics in order, stopping at the first failure. */
public final class Pipeline {
    private Pipeline() {
    }

    /**
     * @return the evaluation of the last part (the cell's result), or null when it has none
     * @throws MagicException for an unknown magic or one used wrongly
     */
    public static Evaluation run(String cell, MagicContext context) throws MagicException {
        List<CellParser.Segment> segments = CellParser.parse(cell, context.java()::isComplete);
        Evaluation last = null;
        for (CellParser.Segment s : segments) {
            if (s instanceof CellParser.Java j) {
                // blank lines in front keep the cell's line numbers in errors
                last = context.java().evaluate("\n".repeat(j.line() - 1) + j.code());
            } else if (s instanceof CellParser.Call c) {
                Magic magic = context.registry().find(c.form(), c.name()).orElseThrow(() -> notFound(c));
                if (c.help()) {
                    context.page(c.form().prefix() + magic.name() + ": " + magic.help() + "\n\n" + magic.usage());
                    last = null;
                    continue;
                }
                if (magic.scope() == Magic.Scope.RANK_ZERO && context.rank() != 0) {
                    last = null; // it talks to the user or the machine: once, from rank 0
                    continue;
                }
                context.running(magic);
                try {
                    last = magic.run(context, new Magic.Invocation(c.form(), c.args(), c.body(), c.line()));
                } finally {
                    context.running(null);
                }
            }
            if (last != null && last.failed()) {
                return last;
            }
        }
        return last;
    }

    private static MagicException notFound(CellParser.Call c) {
        return new MagicException(c.form() == Magic.Form.LINE
                ? "Line magic function %" + c.name() + " not found."
                : "Cell magic %%" + c.name() + " not found.");
    }
}
