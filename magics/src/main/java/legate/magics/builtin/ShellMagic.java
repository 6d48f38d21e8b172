package legate.magics.builtin;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import legate.magics.Evaluation;
import legate.magics.Magic;
import legate.magics.MagicContext;
import legate.magics.MagicException;

/** {@code %%bash} and {@code %%sh}: run the cell with a shell on rank 0; output streams as it comes. */
public class ShellMagic implements Magic {
    private final String shell;

    /** For ServiceLoader: {@code %%bash}. */
    public ShellMagic() {
        this("bash");
    }

    ShellMagic(String shell) {
        this.shell = shell;
    }

    /** {@code %%sh}, as its own service. */
    public static final class Sh extends ShellMagic {
        public Sh() {
            super("sh");
        }
    }

    @Override
    public String name() {
        return shell;
    }

    @Override
    public Set<Form> forms() {
        return Set.of(Form.CELL);
    }

    @Override
    public String help() {
        return "Run the cell with " + shell + " (on rank 0); a non-zero exit status is an error";
    }

    @Override
    public String usage() {
        return "%%" + shell + "\nCOMMANDS\n\nRuns in the kernel's working folder with the environment %env shows.";
    }

    @Override
    public Scope scope() {
        return Scope.RANK_ZERO;
    }

    @Override
    public Evaluation run(MagicContext context, Invocation invocation) throws MagicException {
        ProcessBuilder pb = new ProcessBuilder(List.of(shell, "-c", invocation.body()))
                .directory(context.workingDirectory().toFile());
        pb.environment().clear();
        pb.environment().putAll(context.environment());
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new MagicException("%%" + shell + ": cannot start " + shell + ": " + e.getMessage());
        }
        try {
            p.getOutputStream().close(); // the command reads no input
        } catch (IOException ignored) {
            // it has already exited
        }
        Thread out = pump(p.getInputStream(), context::print, "stdout");
        Thread err = pump(p.getErrorStream(), context::printError, "stderr");
        try {
            while (p.isAlive()) {
                if (context.java().interrupted()) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                    throw new MagicException("Interrupted", "the cell was interrupted");
                }
                p.waitFor(50, java.util.concurrent.TimeUnit.MILLISECONDS);
            }
            out.join();
            err.join();
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new MagicException("Interrupted", "the cell was interrupted");
        }
        if (p.exitValue() != 0) {
            throw new MagicException("CalledProcessError", shell + " exited with status " + p.exitValue());
        }
        return null;
    }

    /** Copies a stream to the cell as it arrives, in whole UTF-8 characters. */
    private static Thread pump(InputStream in, Consumer<String> sink, String name) {
        Thread t = new Thread(() -> {
            CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder();
            byte[] buf = new byte[8192];
            java.nio.ByteBuffer pending = java.nio.ByteBuffer.allocate(16384);
            java.nio.CharBuffer chars = java.nio.CharBuffer.allocate(16384);
            try (in) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    pending.put(buf, 0, n).flip();
                    utf8.decode(pending, chars, false);
                    pending.compact();
                    sink.accept(chars.flip().toString());
                    chars.clear();
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "shell-" + name);
        t.setDaemon(true);
        t.start();
        return t;
    }
}
