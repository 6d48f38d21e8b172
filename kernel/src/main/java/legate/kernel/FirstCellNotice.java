package legate.kernel;

import legate.kernel.protocol.CellIO;
import legate.kernel.protocol.ExecuteOutcome;
import legate.kernel.protocol.ForwardingInterpreter;
import legate.kernel.protocol.Interpreter;

/**
 * Puts a notice on the standard error of the first cell whose output is shown, then runs cells
 * as {@code inner} does: how the kernel says, where its user looks, what the log alone would
 * hide (as "--gpus 1, but no GPU can be used here").
 */
final class FirstCellNotice extends ForwardingInterpreter {
    private final String notice;
    private boolean said;

    FirstCellNotice(Interpreter inner, String notice) {
        super(inner);
        this.notice = notice;
    }

    @Override
    public ExecuteOutcome execute(String code, CellIO io) {
        if (!said && io.publishes()) {
            said = true;
            io.stream("stderr", notice + "\n");
        }
        return inner.execute(code, io);
    }
}
