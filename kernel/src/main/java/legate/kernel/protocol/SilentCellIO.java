package legate.kernel.protocol;

import java.io.InterruptedIOException;

/** A frontend that shows nothing and types nothing: ranks above 0 and training runs use it. */
public class SilentCellIO implements CellIO {
    private final int executionCount;

    public SilentCellIO(int executionCount) {
        this.executionCount = executionCount;
    }

    @Override
    public void stream(String name, String text) {
    }

    @Override
    public void display(Object value, String displayId, boolean update) {
    }

    @Override
    public void clearOutput(boolean wait) {
    }

    /** An empty line; a rank above 0 overrides this with the line rank 0 read. */
    @Override
    public String readLine(String prompt, boolean password) throws InterruptedIOException {
        return "";
    }

    @Override
    public int executionCount() {
        return executionCount;
    }

    @Override
    public boolean publishes() {
        return false;
    }
}
