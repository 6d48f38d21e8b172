package legate.kernel;

import legate.kernel.display.DisplaySink;
import legate.kernel.jshell.Stdio;
import legate.kernel.protocol.CellIO;

/** Display calls go to the running (or last) cell, after the text it printed before them. */
final class CurrentCellDisplay implements DisplaySink {
    private final Stdio stdio;

    CurrentCellDisplay(Stdio stdio) {
        this.stdio = stdio;
    }

    private CellIO cell() {
        CellIO io = stdio.target();
        if (io == null) {
            throw new IllegalStateException("display works only inside a kernel cell");
        }
        stdio.flush();
        return io;
    }

    @Override
    public void display(Object value, String displayId, boolean update) {
        cell().display(value, displayId, update);
    }

    @Override
    public void clearOutput(boolean wait) {
        cell().clearOutput(wait);
    }
}
