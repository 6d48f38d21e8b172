package legate.magics.builtin;

import java.util.Set;
import java.util.stream.Collectors;
import legate.magics.Evaluation;
import legate.magics.Magic;
import legate.magics.MagicContext;

/** {@code %lsmagic}: every magic this kernel knows. */
public final class LsMagic implements Magic {
    @Override
    public String name() {
        return "lsmagic";
    }

    @Override
    public Set<Form> forms() {
        return Set.of(Form.LINE);
    }

    @Override
    public String help() {
        return "List the available magics";
    }

    @Override
    public String usage() {
        return "%lsmagic\n\nEach magic's usage: %name? (line magics) or %%name? (cell magics).";
    }

    @Override
    public Scope scope() {
        return Scope.RANK_ZERO;
    }

    @Override
    public Evaluation run(MagicContext context, Invocation invocation) {
        context.print("Available line magics:\n"
                + context.registry().names(Form.LINE).stream().map(n -> "%" + n).collect(Collectors.joining("  "))
                + "\n\nAvailable cell magics:\n"
                + context.registry().names(Form.CELL).stream().map(n -> "%%" + n).collect(Collectors.joining("  ")) + "\n");
        return null;
    }
}
