package legate.kernel.display;

/** Where {@link Display}'s calls go: the kernel publishes them for the running cell. */
public interface DisplaySink {
    /** Shows {@code value}; with a display id, later {@code update} calls replace it. */
    void display(Object value, String displayId, boolean update);

    void clearOutput(boolean wait);

    DisplaySink NONE = new DisplaySink() {
        @Override
        public void display(Object value, String displayId, boolean update) {
            throw new IllegalStateException("display() works only inside a kernel cell");
        }

        @Override
        public void clearOutput(boolean wait) {
            throw new IllegalStateException("clearOutput() works only inside a kernel cell");
        }
    };
}
