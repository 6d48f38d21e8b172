package legate.kernel.protocol;

import java.util.Map;

/** An interpreter that hands every call to {@code inner}: a layer overrides only what it changes. */
public abstract class ForwardingInterpreter implements Interpreter {
    protected final Interpreter inner;

    protected ForwardingInterpreter(Interpreter inner) {
        this.inner = inner;
    }

    @Override
    public ExecuteOutcome execute(String code, CellIO io) {
        return inner.execute(code, io);
    }

    @Override
    public Map<String, ExecuteOutcome> evaluateExpressions(Map<String, String> expressions, CellIO io) {
        return inner.evaluateExpressions(expressions, io);
    }

    @Override
    public Completion complete(String code, int cursor) {
        return inner.complete(code, cursor);
    }

    @Override
    public String inspect(String code, int cursor) {
        return inner.inspect(code, cursor);
    }

    @Override
    public IsComplete isComplete(String code) {
        return inner.isComplete(code);
    }

    @Override
    public void interrupt() {
        inner.interrupt();
    }

    @Override
    public void clearInterrupt() {
        inner.clearInterrupt();
    }

    @Override
    public String languageVersion() {
        return inner.languageVersion();
    }

    @Override
    public String banner() {
        return inner.banner();
    }

    @Override
    public void close() {
        inner.close();
    }
}
