package legate.magics.builtin;

import java.util.Set;
import legate.magics.Evaluation;
import legate.magics.Magic;
import legate.magics.MagicContext;
import legate.magics.MagicException;
import legate.magics.ProcessTimes;

/** {@code %time CODE} and {@code %%time}: run once and report CPU and wall time, as IPython does. */
public final class TimeMagic implements Magic {
    @Override
    public String name() {
        return "time";
    }

    @Override
    public Set<Form> forms() {
        return Set.of(Form.LINE, Form.CELL);
    }

    @Override
    public String help() {
        return "Time one run of Java code: CPU (user, sys) and wall time";
    }

    @Override
    public String usage() {
        return "%time STATEMENT_OR_EXPRESSION\n%%time\nCELL BODY\n\nTimes the run, not JShell's compilation of the code (shown as Compiler time\n"
                + "when over 0.1 s). The value of the code, if any, is the cell's result.";
    }

    @Override
    public Evaluation run(MagicContext context, Invocation invocation) throws MagicException {
        String code = invocation.form() == Form.LINE ? invocation.args() : invocation.body();
        if (code.isBlank()) {
            throw new MagicException("%time needs code to time, e.g. %time Thread.sleep(100)");
        }
        int line = invocation.form() == Form.LINE ? invocation.line() : invocation.line() + 1;
        long wall0 = System.nanoTime();
        Evaluation e = context.java().evaluate("\n".repeat(line - 1) + code);
        long all = System.nanoTime() - wall0;
        ProcessTimes run = e.executionTime();
        long compile = all - run.wallNanos();
        context.print("CPU times: user " + Durations.format(run.userNanos() / 1e9) + ", sys " + Durations.format(run.systemNanos() / 1e9)
                + ", total " + Durations.format(run.totalNanos() / 1e9) + "\nWall time: " + Durations.format(run.wallNanos() / 1e9) + "\n"
                + (compile > 100_000_000L ? "Compiler time: " + Durations.format(compile / 1e9) + "\n" : ""));
        return e;
    }
}
