package legate.kernel.jshell;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Completeness;
import legate.kernel.display.MimeBundle;
import legate.kernel.protocol.CellIO;
import legate.kernel.protocol.ExecuteOutcome;
import legate.kernel.protocol.ExecuteOutcome.Failure;
import legate.kernel.protocol.ExecuteOutcome.Success;
import legate.kernel.protocol.ExecuteOutcome.Value;

/**
 * Runs cells on the session: a cell is split into snippets that run in order, and the last
 * expression's value is the cell's result. Errors name the cell and line the user wrote.
 */
final class CellEvaluator {
    private static final Pattern PAGER = Pattern.compile("\\s*([A-Za-z_$][\\w$]*(?:\\s*\\.\\s*[A-Za-z_$][\\w$]*)*)\\s*(?:\\(\\s*\\))?\\s*\\?{1,2}\\s*");

    private final JShellSession session;
    private final Stdio stdio;
    private final CodeAssistance assistance;
    /** Snippet id to where it came from: "cell [N]" (or the file it was read from) and its first line there. */
    private final Map<String, Origin> origins = new ConcurrentHashMap<>();

    private record Origin(String cell, int firstLine) {
    }

    CellEvaluator(JShellSession session, Stdio stdio, CodeAssistance assistance) {
        this.session = session;
        this.stdio = stdio;
        this.assistance = assistance;
    }

    ExecuteOutcome execute(String code, CellIO io) {
        session.cellStarts();
        try {
            session.lockWhenReady();
            try {
                if (session.interrupted()) {
                    return CellErrors.interrupted();
                }
                stdio.attach(io);
                Matcher pager = PAGER.matcher(code);
                if (pager.matches()) {
                    return page(pager.group(1).replaceAll("\\s+", ""), io);
                }
                return run(code, io);
            } finally {
                stdio.flush();
                session.unlock();
            }
        } finally {
            session.cellEnded();
        }
    }

    private ExecuteOutcome run(String code, CellIO io) {
        JShell jshell = session.jshell();
        String file = io.source();
        String cellName = file != null ? file : "cell [" + io.executionCount() + "]";
        List<CellSource.Piece> pieces = CellSource.split(session.analysis(), code);
        Value last = null;
        for (int i = 0; i < pieces.size(); i++) {
            if (session.interrupted()) {
                return CellErrors.interrupted();
            }
            CellSource.Piece piece = pieces.get(i);
            CellExecutionControl.evalStarted = legate.runtime.profile.Profiler.on ? System.nanoTime() : 0;
            legate.runtime.profile.Progress.phase("compiling the cell"); // for a long cell's progress line
            // a piece ending with ';' shows no value: its variables' value texts are not made
            session.control().valuesUnused(endsWithSemicolon(piece.source()));
            List<SnippetEvent> events;
            try {
                events = jshell.eval(piece.source());
            } finally {
                legate.runtime.profile.Progress.phase("");
                session.control().valuesUnused(false);
            }
            last = null;
            for (SnippetEvent event : events) {
                if (event.causeSnippet() != null) {
                    warnIfInvalidated(event); // a dependent snippet this one updated
                    continue;
                }
                Snippet snippet = event.snippet();
                origins.put(snippet.id(), new Origin(cellName, piece.line()));
                if (session.mirror().active()) { // for the other ranks' errors
                    session.mirror().send(origin(snippet, cellName, piece.line()));
                }
                if (session.interrupted()) {
                    return CellErrors.interrupted();
                }
                if (event.status() == Snippet.Status.REJECTED) {
                    return CellErrors.compilation(jshell, snippet, piece, code, file);
                }
                if (event.exception() != null) {
                    return CellErrors.exception(jshell, event.exception(), this::locate);
                }
                warnIfUnresolved(jshell, event);
                if (isValue(snippet) && event.value() != null && !endsWithSemicolon(piece.source())) {
                    last = new Value(session.control().lastResult(), event.value());
                }
                if (snippet.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND) {
                    // the notebook never shows $N names; every live one slows each later eval
                    jshell.drop(snippet);
                }
            }
        }
        return Success.of(last);
    }

    /** Where {@code snippet} came from, and which of its lines each line of its wrapper class holds (none when JShell cannot say). */
    private ControlOp.Origin origin(Snippet snippet, String cellName, int firstLine) {
        String wrapper = null;
        int[] lines = new int[0];
        try {
            SourceCodeAnalysis.SnippetWrapper w = session.analysis().wrapper(snippet);
            wrapper = w.fullClassName();
            lines = wrapperLines(w.source(), w.wrapped(), w::sourceToWrappedPosition);
        } catch (RuntimeException e) {
            // frames of this snippet on other ranks keep their wrapper's name and line
        }
        return new ControlOp.Origin(snippet.id(), cellName, firstLine, wrapper, lines);
    }

    /**
     * Pairs (wrapper line from 0, snippet line from 1): for each line of {@code wrapped} that holds
     * text of {@code source}, the line of the first such text. JShell moves parts of a snippet
     * apart (a variable's declaration and its initializer), so every position is looked up.
     */
    static int[] wrapperLines(String source, String wrapped, java.util.function.IntUnaryOperator sourceToWrapped) {
        Map<Integer, Integer> table = new java.util.TreeMap<>();
        int line = 1;
        int[] lineStarts = wrapped.lines().mapToInt(String::length).toArray();
        int[] starts = new int[lineStarts.length + 1];
        for (int i = 0, at = 0; i < lineStarts.length; i++) {
            starts[i] = at;
            at = wrapped.indexOf('\n', at) + 1;
            if (at == 0) {
                at = wrapped.length() + 1;
            }
        }
        starts[lineStarts.length] = Integer.MAX_VALUE;
        for (int p = 0; p < source.length(); p++) {
            char c = source.charAt(p);
            if (!Character.isWhitespace(c)) {
                int wp = sourceToWrapped.applyAsInt(p);
                if (wp >= 0) {
                    int idx = java.util.Arrays.binarySearch(starts, 0, lineStarts.length, wp);
                    table.putIfAbsent(idx >= 0 ? idx : -idx - 2, line);
                }
            }
            if (c == '\n' && !table.isEmpty()) { // lines count from the first with code, as JShell's do
                line++;
            }
        }
        int[] out = new int[table.size() * 2];
        int i = 0;
        for (Map.Entry<Integer, Integer> e : table.entrySet()) {
            out[i++] = e.getKey();
            out[i++] = e.getValue();
        }
        return out;
    }

    /**
     * As in IPython, a trailing semicolon keeps an expression's value from being shown:
     * {@code System.out.printf("%d%n", n);} shows what it prints, not the PrintStream it returns.
     */
    private static boolean endsWithSemicolon(String source) {
        String s = source.stripTrailing();
        return s.endsWith(";");
    }

    /** Expressions have a value to show; declarations and statements do not. */
    private static boolean isValue(Snippet s) {
        return s.kind() == Snippet.Kind.EXPRESSION
                || s.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND;
    }

    /** As jshell says: a method that uses what is not declared yet is created but not callable. */
    private static void warnIfUnresolved(JShell jshell, SnippetEvent event) {
        if (event.status() == Snippet.Status.RECOVERABLE_DEFINED
                || event.status() == Snippet.Status.RECOVERABLE_NOT_DEFINED) {
            if (event.snippet() instanceof DeclarationSnippet d) {
                List<String> missing = jshell.unresolvedDependencies(d).toList();
                if (!missing.isEmpty()) {
                    System.err.println("note: " + d.name() + " cannot be used until " + String.join(", ", missing)
                            + (missing.size() > 1 ? " are" : " is") + " declared");
                }
            }
        }
    }

    /** As jshell says: a new snippet (an import, a redeclaration) can break an earlier declaration. */
    private static void warnIfInvalidated(SnippetEvent event) {
        if (event.snippet() instanceof DeclarationSnippet d && event.previousStatus().isActive()
                && !event.status().isDefined() && event.status() != Snippet.Status.OVERWRITTEN) {
            System.err.println("note: " + d.kind().toString().toLowerCase(Locale.ROOT).replace("type_decl", "type")
                    + " " + d.name() + " can no longer be used: this cell changed what it depends on");
        }
    }

    private String locate(String snippetId, int line) {
        Origin o = origins.get(snippetId);
        return o == null ? "snippet " + snippetId + ", line " + line : o.cell() + ", line " + (o.firstLine() + line - 1);
    }

    /** {@code NAME?}: the name's documentation for the pager. */
    private ExecuteOutcome page(String name, CellIO io) {
        String doc = assistance.documentation(name);
        if (doc == null) {
            io.stream("stdout", "Object `" + name + "` not found.\n");
            return Success.of(null);
        }
        return new Success(null, List.of(new ExecuteOutcome.Page(MimeBundle.of("text/plain", doc, doc))));
    }

    /** Each expression evaluated so that it leaves no trace in the session: name to outcome. */
    Map<String, ExecuteOutcome> evaluateExpressions(Map<String, String> expressions) {
        Map<String, ExecuteOutcome> out = new LinkedHashMap<>();
        session.lockWhenReady();
        try {
            for (Map.Entry<String, String> e : expressions.entrySet()) {
                out.put(e.getKey(), evaluateQuietly(e.getValue()));
            }
        } finally {
            session.unlock();
        }
        return out;
    }

    /** One expression whose snippet is dropped afterwards, so it leaves no trace in the session. */
    private ExecuteOutcome evaluateQuietly(String expression) {
        JShell jshell = session.jshell();
        for (SnippetEvent event : jshell.eval(expression)) {
            if (event.causeSnippet() != null) {
                continue;
            }
            try {
                if (event.status() == Snippet.Status.REJECTED) {
                    return CellErrors.compilation(jshell, event.snippet(),
                            new CellSource.Piece(expression, 0, 1, Completeness.COMPLETE), expression, null);
                }
                if (event.exception() != null) {
                    return CellErrors.exception(jshell, event.exception(), this::locate);
                }
                return Success.of(new Value(session.control().lastResult(), event.value() == null ? "" : event.value()));
            } finally {
                if (event.status() != Snippet.Status.REJECTED) {
                    jshell.drop(event.snippet());
                }
            }
        }
        return new Failure(CellErrors.COMPILATION_ERROR, "not an expression: " + expression,
                List.of(CellErrors.COMPILATION_ERROR + ": not an expression: " + expression));
    }

    /** Whether {@code name} is a class name (anything else is not looked up). */
    static boolean isClassName(String name) {
        return name.matches("[\\p{L}_$][\\p{L}\\p{N}_$]*(\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)*");
    }

    /** A class as cells see it, including jars added to the classpath: the outcome of {@code Class.forName(name)}, as a cell's. */
    ExecuteOutcome loadClass(String name) {
        return evaluateExpressions(Map.of("c", "Class.forName(\"" + name + "\")")).get("c");
    }
}
