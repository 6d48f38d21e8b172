package legate.magics.builtin;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import legate.magics.Evaluation;
import legate.magics.Magic;
import legate.magics.MagicContext;
import legate.magics.MagicException;

/** {@code %env}: show or set environment variables for the commands magics run. */
public final class EnvMagic implements Magic {
    private static final Pattern SET = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)\\s*(?:=|\\s)\\s*(.*)");

    @Override
    public String name() {
        return "env";
    }

    @Override
    public Set<Form> forms() {
        return Set.of(Form.LINE);
    }

    @Override
    public String help() {
        return "Show or set environment variables (for %%bash, %%sh and other commands magics start)";
    }

    @Override
    public String usage() {
        return "%env              show every variable\n%env NAME         show one\n%env NAME=VALUE   set one (also: %env NAME VALUE)\n\n"
                + "A running JVM cannot change its own environment: System.getenv() in cells does not see what %env sets.";
    }

    @Override
    public Evaluation run(MagicContext context, Invocation invocation) throws MagicException {
        String a = invocation.args().strip();
        Map<String, String> env = context.environment();
        if (a.isEmpty()) {
            StringBuilder b = new StringBuilder();
            new TreeMap<>(env).forEach((k, v) -> b.append(k).append('=').append(v).append('\n'));
            context.print(b.toString());
            return null;
        }
        Matcher m = SET.matcher(a);
        if (m.matches() && (a.contains("=") || !m.group(2).isEmpty())) {
            env.put(m.group(1), m.group(2));
            context.print("env: " + m.group(1) + "=" + m.group(2) + "\n");
            return null;
        }
        if (!a.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new MagicException("%env: expected NAME, NAME=VALUE or nothing, got: " + a);
        }
        String v = env.get(a);
        if (v == null) {
            throw new MagicException("Environment does not have key: " + a);
        }
        context.print(v + "\n");
        return null;
    }
}
