package legate.magics.builtin;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import legate.magics.Args;
import legate.magics.Evaluation;
import legate.magics.Magic;
import legate.magics.MagicContext;
import legate.magics.MagicException;

/** {@code %classpath}: show the classpath, or add jars, folders and globs to it. */
public final class ClasspathMagic implements Magic {
    @Override
    public String name() {
        return "classpath";
    }

    @Override
    public Set<Form> forms() {
        return Set.of(Form.LINE);
    }

    @Override
    public String help() {
        return "Show the classpath, or add jars, folders and globs (lib/*.jar) to it";
    }

    @Override
    public String usage() {
        return "%classpath                 show the classpath of cells\n"
                + "%classpath PATH...         add jars or folders; a PATH may be a glob such as lib/*.jar\n"
                + "Relative paths are resolved against the kernel's working folder.";
    }

    @Override
    public Evaluation run(MagicContext context, Invocation invocation) throws MagicException {
        List<String> words = Args.split(invocation.args());
        if (words.isEmpty()) {
            context.print(String.join("\n", context.java().classpath()) + "\n");
            return null;
        }
        List<Path> add = new ArrayList<>();
        for (String w : words) {
            for (String part : w.split(java.io.File.pathSeparator)) {
                if (!part.isEmpty()) {
                    add.addAll(expand(context.workingDirectory(), part));
                }
            }
        }
        for (Path p : add) {
            context.java().addToClasspath(p.toString());
        }
        context.print("Added to the classpath:\n" + String.join("\n", add.stream().map(Path::toString).toList()) + "\n");
        return null;
    }

    static List<Path> expand(Path base, String pattern) throws MagicException {
        if (!pattern.contains("*") && !pattern.contains("?") && !pattern.contains("[")) {
            Path p = base.resolve(pattern).normalize();
            if (!Files.exists(p)) {
                throw new MagicException("%classpath: " + p + " does not exist");
            }
            return List.of(p);
        }
        Path whole = base.resolve(pattern);
        Path root = whole.getRoot();
        Path dir = root;
        int i = 0;
        for (; i < whole.getNameCount(); i++) {
            String name = whole.getName(i).toString();
            if (name.contains("*") || name.contains("?") || name.contains("[")) {
                break;
            }
            dir = dir == null ? whole.getName(i) : dir.resolve(name);
        }
        if (dir == null || !Files.isDirectory(dir)) {
            throw new MagicException("%classpath: nothing matches " + whole.normalize() + " (" + dir + " is not a folder)");
        }
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + whole.normalize());
        List<Path> found;
        try (Stream<Path> walk = Files.walk(dir, whole.getNameCount() - i)) {
            found = walk.filter(p -> matcher.matches(p.normalize())).sorted().toList();
        } catch (IOException e) {
            throw new MagicException("%classpath: cannot list " + dir + ": " + e.getMessage());
        }
        if (found.isEmpty()) {
            throw new MagicException("%classpath: nothing matches " + whole.normalize());
        }
        return found;
    }
}
