package legate.magics.builtin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;
import legate.magics.Args;
import legate.magics.Evaluation;
import legate.magics.Magic;
import legate.magics.MagicContext;
import legate.magics.MagicException;

/** {@code %%writefile [-a] FILE}: write (or append) the cell's body to a file, on rank 0. */
public final class WriteFileMagic implements Magic {
    @Override
    public String name() {
        return "writefile";
    }

    @Override
    public Set<Form> forms() {
        return Set.of(Form.CELL);
    }

    @Override
    public String help() {
        return "Write the cell to a file (-a: append)";
    }

    @Override
    public String usage() {
        return "%%writefile [-a] FILE\nCONTENT";
    }

    @Override
    public Scope scope() {
        return Scope.RANK_ZERO;
    }

    @Override
    public Evaluation run(MagicContext context, Invocation invocation) throws MagicException {
        List<String> words = Args.split(invocation.args());
        boolean append = !words.isEmpty() && (words.get(0).equals("-a") || words.get(0).equals("--append"));
        List<String> rest = append ? words.subList(1, words.size()) : words;
        if (rest.size() != 1) {
            throw new MagicException("%%writefile expects one file name, got " + (rest.isEmpty() ? "none" : rest) + "\n" + usage());
        }
        Path file = context.workingDirectory().resolve(rest.get(0));
        boolean existed = Files.exists(file);
        String text = invocation.body().endsWith("\n") ? invocation.body() : invocation.body() + "\n";
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            if (append) {
                Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } else {
                Files.writeString(file, text, StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new MagicException("%%writefile: cannot write " + file + ": " + e.getMessage());
        }
        context.print((append ? "Appending to " : existed ? "Overwriting " : "Writing ") + rest.get(0) + "\n");
        return null;
    }
}
