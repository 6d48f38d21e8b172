package legate.kernel.jshell;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import legate.kernel.protocol.CellIO;

/**
 * Owns {@code System.out}, {@code System.err} and {@code System.in} while the kernel runs: what
 * any thread prints reaches the frontend while the cell runs, coalesced (the first byte into an
 * empty buffer schedules a flush {@value #FLUSH_DELAY_MS} ms later), and whatever a cell reads
 * from {@code System.in} is asked of the frontend. Output goes to the current (or last) cell.
 */
public final class Stdio implements AutoCloseable {
    static final int FLUSH_DELAY_MS = 25;
    private static final int FLUSH_SIZE = 64 * 1024;
    private static volatile Stdio installed;

    private final PrintStream originalOut;
    private final PrintStream originalErr;
    private final InputStream originalIn;
    private final Buffer out = new Buffer("stdout");
    private final Buffer err = new Buffer("stderr");
    private final ScheduledThreadPoolExecutor flusher;
    private volatile CellIO target;

    private Stdio() {
        originalOut = System.out;
        originalErr = System.err;
        originalIn = System.in;
        // Started now, in this (the kernel's) thread group: were a cell's first print to start it,
        // it would join the cell's thread group, and JShell waits for that group's threads to end.
        ThreadGroup kernel = Thread.currentThread().getThreadGroup();
        flusher = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(kernel, r, "stdio-flusher");
            t.setDaemon(true);
            return t;
        });
        flusher.prestartAllCoreThreads();
    }

    /** Replaces the process's standard streams; {@link #close()} puts the old ones back. */
    public static synchronized Stdio install() {
        if (installed != null) {
            throw new IllegalStateException("standard streams are already captured");
        }
        Stdio s = new Stdio();
        System.setOut(new PrintStream(s.out, false, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(s.err, false, StandardCharsets.UTF_8));
        System.setIn(s.new CellInput());
        installed = s;
        return s;
    }

    /** The stream the kernel logs to: standard error as it was before capture. */
    public PrintStream log() {
        return originalErr;
    }

    /** Standard output as it was before capture (the terminal, for the {@code legate} driver). */
    public PrintStream stdout() {
        return originalOut;
    }

    /** Standard input as it was before capture. */
    public static InputStream originalIn() {
        Stdio s = installed;
        return s == null ? System.in : s.originalIn;
    }

    /** Output from now on goes to {@code io}'s cell. */
    public void attach(CellIO io) {
        flush();
        target = io;
    }

    public CellIO target() {
        return target;
    }

    /** Sends whatever is buffered, stdout first. */
    public void flush() {
        System.out.flush();
        System.err.flush();
        out.send();
        err.send();
    }

    /**
     * Reads a line typed in the frontend, showing {@code prompt}; statically imported into cells.
     *
     * @throws IllegalStateException outside a cell, or when the frontend does not accept input
     */
    public static String readLine(String prompt) throws InterruptedIOException {
        Stdio s = installed;
        CellIO io = s == null ? null : s.target;
        if (io == null) {
            throw new IllegalStateException("readLine() works only inside a kernel cell");
        }
        s.flush();
        return io.readLine(prompt, false);
    }

    public static String readLine() throws InterruptedIOException {
        return readLine("");
    }

    @Override
    public void close() {
        synchronized (Stdio.class) {
            flush();
            flusher.shutdownNow();
            System.setOut(originalOut);
            System.setErr(originalErr);
            System.setIn(originalIn);
            installed = null;
        }
    }

    /** Bytes of one stream waiting to be sent; only whole UTF-8 characters are sent. */
    private final class Buffer extends OutputStream {
        private final String name;
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
        private boolean scheduled;

        Buffer(String name) {
            this.name = name;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            if (len == 0) {
                return;
            }
            Buffer other = this == out ? err : out;
            other.send(); // keeps stdout and stderr in the order they were written
            boolean full;
            synchronized (this) {
                pending.write(b, off, len);
                full = pending.size() >= FLUSH_SIZE;
                if (!full && !scheduled) {
                    scheduled = true;
                    flusher.schedule(this::send, FLUSH_DELAY_MS, TimeUnit.MILLISECONDS);
                }
            }
            if (full) {
                send();
            }
        }

        @Override
        public void flush() {
            send();
        }

        void send() {
            String text;
            CellIO io;
            synchronized (this) {
                scheduled = false;
                if (pending.size() == 0) {
                    return;
                }
                byte[] bytes = pending.toByteArray();
                int whole = completeUtf8Prefix(bytes);
                text = new String(bytes, 0, whole, StandardCharsets.UTF_8);
                pending.reset();
                pending.write(bytes, whole, bytes.length - whole);
                io = target;
                if (io == null) {
                    (this == out ? originalOut : originalErr).print(text);
                    return;
                }
                // sent under the lock so that two sends of one stream cannot overtake each other
                io.stream(name, text);
            }
        }
    }

    /** The length of the longest prefix of {@code b} that ends on a character boundary. */
    static int completeUtf8Prefix(byte[] b) {
        int n = b.length;
        for (int back = 1; back <= Math.min(3, n); back++) {
            int c = b[n - back] & 0xff;
            if (c < 0x80) {
                return n; // ASCII: complete
            }
            if (c >= 0xc0) { // lead byte: is its sequence complete?
                int need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
                return back >= need ? n : n - back;
            }
        }
        return n;
    }

    /** {@code System.in} inside cells: each line is asked of the frontend (input_request). */
    private final class CellInput extends InputStream {
        private byte[] line = new byte[0];
        private int pos;

        @Override
        public synchronized int read() throws IOException {
            if (!fill()) {
                return -1;
            }
            return line[pos++] & 0xff;
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (!fill()) {
                return -1;
            }
            int n = Math.min(len, line.length - pos);
            System.arraycopy(line, pos, b, off, n);
            pos += n;
            return n;
        }

        @Override
        public synchronized int available() {
            return line.length - pos;
        }

        private boolean fill() throws IOException {
            if (pos < line.length) {
                return true;
            }
            CellIO io = target;
            if (io == null) {
                return false;
            }
            Stdio.this.flush();
            line = (io.readLine("", false) + "\n").getBytes(StandardCharsets.UTF_8);
            pos = 0;
            return true;
        }
    }
}
