package legate.magics.builtin;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import legate.magics.Args;
import legate.magics.Evaluation;
import legate.magics.Magic;
import legate.magics.MagicContext;
import legate.magics.MagicException;

/** {@code %timeit} and {@code %%timeit}: IPython's timing, with a JIT warm-up first. */
public final class TimeitMagic implements Magic {
    private static final String TIMEIT = Timeit.class.getName();

    @Override
    public String name() {
        return "timeit";
    }

    @Override
    public Set<Form> forms() {
        return Set.of(Form.LINE, Form.CELL);
    }

    @Override
    public String help() {
        return "Time Java code over many loops: mean ± std. dev. per loop";
    }

    @Override
    public String usage() {
        return "%timeit [-n N] [-r R] [-q] STATEMENT_OR_EXPRESSION\n%%timeit [-n N] [-r R] [-q] [SETUP]\nCELL BODY\n\n"
                + "  -n N  loops per run (default: as many as make a run last about 0.2 s)\n"
                + "  -r R  runs (default 7); the figure is the mean and standard deviation over the runs\n"
                + "  -q    print nothing; the result (a Timeit.Result) is the cell's value\n"
                + "The code runs first until the JIT has had 0.1 s with it, so compiled code is what is timed.";
    }

    @Override
    public Evaluation run(MagicContext context, Invocation invocation) throws MagicException {
        List<String> words = Args.split(invocation.args());
        int number = 0;
        int repeat = 7;
        boolean quiet = false;
        int i = 0;
        for (; i < words.size() && words.get(i).startsWith("-"); i++) {
            switch (words.get(i)) {
                case "-n" -> number = positive(words, ++i, "-n");
                case "-r" -> repeat = positive(words, ++i, "-r");
                case "-q" -> quiet = true;
                default -> throw new MagicException("%timeit: unknown option " + words.get(i) + "\n" + usage());
            }
        }
        String rest = invocation.args().strip();
        for (int k = 0; k < i; k++) { // what follows the options, as typed
            rest = rest.substring(rest.indexOf(words.get(k)) + words.get(k).length()).strip();
        }
        String body;
        if (invocation.form() == Form.CELL) {
            if (!rest.isEmpty()) {
                Evaluation setup = context.java().evaluate(rest);
                if (setup.failed()) {
                    return setup;
                }
            }
            body = invocation.body();
        } else {
            body = rest;
        }
        if (body.isBlank()) {
            throw new MagicException("%timeit needs code to time, e.g. %timeit Math.sqrt(2.0)");
        }
        String code = body.strip();
        String loop = TIMEIT + ".measure(() -> { %s }, " + number + ", " + repeat + ")";
        List<String> attempts = new ArrayList<>();
        if (!code.contains(";")) { // an expression: its value goes somewhere, so the JIT cannot drop it
            attempts.add(String.format(loop, TIMEIT + ".consume(" + code + ");"));
        }
        attempts.add(String.format(loop, code + (code.endsWith(";") || code.endsWith("}") ? "" : ";")));
        Evaluation first = null;
        Evaluation e = null;
        for (String attempt : attempts) {
            e = context.java().evaluate(attempt);
            if (!e.failed()) {
                break;
            }
            first = first == null ? e : first;
        }
        if (e.failed()) {
            return attempts.size() > 1 ? e : first; // the error of the code as written (the statement form)
        }
        if (!(e.value() instanceof Timeit.Result result)) {
            throw new MagicException("%timeit: the timing did not produce a result");
        }
        if (!quiet) {
            context.print(result + "\n");
            return null;
        }
        return e;
    }

    private static int positive(List<String> words, int i, String option) throws MagicException {
        if (i >= words.size()) {
            throw new MagicException("%timeit: " + option + " needs a number");
        }
        try {
            int v = Integer.parseInt(words.get(i));
            if (v >= 1) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new MagicException("%timeit: " + option + " expects a whole number >= 1, got " + words.get(i));
    }
}
