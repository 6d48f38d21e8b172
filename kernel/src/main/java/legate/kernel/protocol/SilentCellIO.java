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

    /**
     * Shows nothing, but turns the value into text as rank 0 does: an array's text may need
     * every rank (a split array gathers its elements), so every rank must ask for it.
     */
    @Override
    public void display(Object value, String displayId, boolean update) {
        KernelCore.plainText(value);
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
