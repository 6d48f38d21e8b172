package legate.magics.builtin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import legate.magics.Args;
import legate.magics.Evaluation;
import legate.magics.Magic;
import legate.magics.MagicContext;
import legate.magics.MagicException;
import legate.runtime.cluster.Ranks;

/**
 * {@code %run FILE [ARGS...]}: runs a JShell script in this session, as the {@code legate}
 * driver runs one ({@code legate FILE ARGS...}): its arguments in {@code String[] args}, its
 * errors named by the file's lines. What it declares stays in the session afterwards. Rank 0
 * reads the file and hands its text to the other ranks, which need not see the file.
 */
public final class RunMagic implements Magic {
    @Override
    public String name() {
        return "run";
    }

    @Override
    public Set<Form> forms() {
        return Set.of(Form.LINE);
    }

    @Override
    public String help() {
        return "Run a JShell script (.jsh) in this session, with its arguments in String[] args";
    }

    @Override
    public String usage() {
        return "%run FILE [ARGS...]\n\nRuns FILE's Java (a JShell script, as `legate FILE ARGS...` runs it) in this session, on every rank:\n"
                + "ARGS (split as a shell would; quotes group) are in String[] args, errors name FILE's lines, and what\n"
                + "it declares (variables, methods, classes) stays in the session afterwards. A relative FILE is from the\n"
                + "kernel's working directory on rank 0, which hands the text to the other ranks.";
    }

    @Override
    public Evaluation run(MagicContext context, Invocation invocation) throws MagicException {
        List<String> words = Args.split(invocation.args());
        if (words.isEmpty()) {
            throw new MagicException("%run needs a file to run\n" + usage());
        }
        if (words.get(0).startsWith("-")) {
            throw new MagicException("%run takes no options (" + words.get(0) + "): the words after FILE are the script's own\n" + usage());
        }
        String file = words.get(0);
        String code = shared(context, file);
        Evaluation e = context.java().evaluate(withArgs(words.subList(1, words.size()), code), Path.of(file).getFileName().toString());
        return e.failed() ? e : null; // a script has no value, as with the driver
    }

    /**
     * The script's text, on every rank: rank 0 reads it and hands it (or why it could not) to the
     * others, so that every rank runs the same code or fails with the same message.
     */
    private static String shared(MagicContext context, String file) throws MagicException {
        byte[] sent = null;
        if (context.rank() == 0) {
            String why = null;
            String text = null;
            try {
                text = read(context.workingDirectory().resolve(file), file);
            } catch (MagicException e) {
                why = e.getMessage();
            }
            sent = ((why == null ? "+" : "-") + (why == null ? text : why)).getBytes(StandardCharsets.UTF_8);
        }
        if (Ranks.ranks() > 1) {
            try {
                sent = Ranks.broadcast(sent == null ? new byte[0] : sent, 0);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MagicException("%run: interrupted while rank 0 handed out " + file);
            }
        }
        String got = new String(sent, StandardCharsets.UTF_8);
        if (got.startsWith("-")) {
            throw new MagicException(got.substring(1));
        }
        return got.substring(1);
    }

    private static String read(Path path, String file) throws MagicException {
        String lower = file.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".py") || lower.endsWith(".ipynb")) {
            throw new MagicException("%run runs JShell scripts (Java, usually .jsh); " + file + " is "
                    + (lower.endsWith(".py") ? "Python" : "a notebook"));
        }
        if (Files.isDirectory(path)) {
            throw new MagicException("%run: " + file + " is a directory, not a script");
        }
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new MagicException("%run: no such file: " + file + (Path.of(file).isAbsolute() ? "" : " (in " + path.getParent() + ")"));
        } catch (IOException e) {
            throw new MagicException("%run: cannot read " + file + ": " + e.getMessage());
        }
    }

    /**
     * {@code code} with {@code String[] args} declared in front, on its first line, so that its
     * line numbers stay the file's: what the {@code legate} driver and {@code %run} run.
     */
    public static String withArgs(List<String> args, String code) {
        StringBuilder b = new StringBuilder("String[] args = {");
        for (int i = 0; i < args.size(); i++) {
            b.append(i > 0 ? ", " : "").append('"').append(escape(args.get(i))).append('"');
        }
        return b.append("}; ").append(code).toString();
    }

    private static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '"' -> b.append("\\\"");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
