package legate.kernel.protocol;

import java.io.InterruptedIOException;

/** A cell's frontend that passes everything to another; subclasses change what they need. */
public class ForwardingCellIO implements CellIO {
    protected final CellIO io;

    public ForwardingCellIO(CellIO io) {
        this.io = io;
    }

    @Override
    public void stream(String name, String text) {
        io.stream(name, text);
    }

    @Override
    public void display(Object value, String displayId, boolean update) {
        io.display(value, displayId, update);
    }

    @Override
    public void clearOutput(boolean wait) {
        io.clearOutput(wait);
    }

    @Override
    public String readLine(String prompt, boolean password) throws InterruptedIOException {
        return io.readLine(prompt, password);
    }

    @Override
    public int executionCount() {
        return io.executionCount();
    }

    @Override
    public boolean publishes() {
        return io.publishes();
    }

    @Override
    public String source() {
        return io.source();
    }
}
