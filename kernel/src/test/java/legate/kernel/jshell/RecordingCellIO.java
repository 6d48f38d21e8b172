package legate.kernel.jshell;

import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import legate.kernel.protocol.CellIO;

/** A frontend that records what a cell sends it and answers input from a queue. */
final class RecordingCellIO implements CellIO {
    record Event(String kind, String name, Object value) {
    }

    final List<Event> events = new ArrayList<>();
    final Deque<String> input = new ArrayDeque<>();
    final List<String> prompts = new ArrayList<>();
    final int count;
    boolean allowStdin = true;
    /** The file the code is read from ({@link CellIO#source}); null: typed into the cell. */
    String source;

    RecordingCellIO(int count) {
        this.count = count;
    }

    @Override
    public synchronized void stream(String name, String text) {
        events.add(new Event("stream", name, text));
    }

    synchronized String text(String name) {
        StringBuilder b = new StringBuilder();
        events.stream().filter(e -> e.kind().equals("stream") && e.name().equals(name)).forEach(e -> b.append(e.value()));
        return b.toString();
    }

    @Override
    public synchronized void display(Object value, String displayId, boolean update) {
        events.add(new Event(update ? "update" : "display", displayId, value));
    }

    @Override
    public synchronized void clearOutput(boolean wait) {
        events.add(new Event("clear", null, wait));
    }

    @Override
    public synchronized String readLine(String prompt, boolean password) throws InterruptedIOException {
        if (!allowStdin) {
            throw new IllegalStateException("this frontend does not accept input (allow_stdin is false)");
        }
        prompts.add(prompt);
        return input.isEmpty() ? "" : input.removeFirst();
    }

    @Override
    public int executionCount() {
        return count;
    }

    @Override
    public boolean publishes() {
        return true;
    }

    @Override
    public String source() {
        return source;
    }
}
