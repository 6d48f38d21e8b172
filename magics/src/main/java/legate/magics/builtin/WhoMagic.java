package legate.magics.builtin;

import java.util.List;
import java.util.Set;
import legate.magics.Evaluation;
import legate.magics.JavaSession;
import legate.magics.Magic;
import legate.magics.MagicContext;

/** {@code %who}: the variables defined so far, with their types. */
public final class WhoMagic implements Magic {
    @Override
    public String name() {
        return "who";
    }

    @Override
    public Set<Form> forms() {
        return Set.of(Form.LINE);
    }

    @Override
    public String help() {
        return "List the variables defined so far, with their types";
    }

    @Override
    public String usage() {
        return "%who";
    }

    @Override
    public Scope scope() {
        return Scope.RANK_ZERO;
    }

    @Override
    public Evaluation run(MagicContext context, Invocation invocation) {
        List<JavaSession.Variable> vars = context.java().variables();
        if (vars.isEmpty()) {
            context.print("Interactive namespace is empty.\n");
            return null;
        }
        int w = Math.max("Variable".length(), vars.stream().mapToInt(v -> v.name().length()).max().orElse(0));
        StringBuilder b = new StringBuilder(String.format("%-" + w + "s   %s%n", "Variable", "Type"));
        b.append(String.format("%-" + w + "s   %s%n", "-".repeat(w), "----"));
        vars.forEach(v -> b.append(String.format("%-" + w + "s   %s%n", v.name(), v.type())));
        context.print(b.toString());
        return null;
    }
}
