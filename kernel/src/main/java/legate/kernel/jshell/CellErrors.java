package legate.kernel.jshell;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.UnresolvedReferenceException;
import jdk.jshell.spi.ExecutionControl;
import legate.kernel.protocol.ExecuteOutcome.Failure;

/** The errors a cell can end with, worded for the person who wrote the cell. */
public final class CellErrors {
    static final String COMPILATION_ERROR = "CompilationError";
    static final String INTERRUPTED = "Interrupted";
    /**
     * The error of a rank that stopped a cell because it failed on another rank (that rank's
     * error is the cell's): rank 0, before a snippet, and a rank on which rank 0's failure did not
     * happen.
     */
    public static final String FAILED_ELSEWHERE = "FailedOnAnotherRank";

    private CellErrors() {
    }

    /** A cell stopped by an interrupt, before or while it ran. */
    public static Failure interrupted() {
        return new Failure(INTERRUPTED, "the cell was interrupted", List.of(INTERRUPTED + ": the cell was interrupted"));
    }

    /**
     * A snippet javac rejected: each error with its cell line (or {@code file}'s, when the code was
     * read from one), the source line and a caret.
     */
    static Failure compilation(JShell jshell, Snippet snippet, CellSource.Piece piece, String cell, String file) {
        List<Diag> errors = jshell.diagnostics(snippet).filter(Diag::isError).toList();
        if (errors.isEmpty()) {
            String what = "the snippet was rejected: " + piece.source().strip();
            return new Failure(COMPILATION_ERROR, what, List.of(COMPILATION_ERROR + ": " + what));
        }
        List<String> tb = new ArrayList<>();
        String evalue = messageLines(errors.get(0)).get(0);
        tb.add(COMPILATION_ERROR + ": " + evalue);
        for (Diag d : errors) {
            int pos = clamp(piece.start() + (int) d.getPosition(), cell);
            int start = clamp(piece.start() + (int) Math.max(0, d.getStartPosition()), cell);
            int end = clamp(piece.start() + (int) Math.max(d.getStartPosition(), d.getEndPosition()), cell);
            if (d.getStartPosition() < 0) {
                start = pos;
                end = pos;
            }
            int lineStart = pos == 0 ? 0 : cell.lastIndexOf('\n', pos - 1) + 1;
            int lineEnd = cell.indexOf('\n', lineStart);
            if (lineEnd < 0) {
                lineEnd = cell.length();
            }
            List<String> msg = messageLines(d);
            tb.add((file == null ? "" : file + ", ") + "line " + CellSource.lineOf(cell, lineStart) + ": " + msg.get(0));
            tb.addAll(msg.subList(1, msg.size()));
            tb.add(cell.substring(lineStart, lineEnd));
            tb.add(caret(Math.max(start, lineStart) - lineStart, Math.min(Math.max(end, start + 1), lineEnd + 1) - lineStart));
        }
        String hint = hint(cell);
        if (hint != null) {
            tb.add(hint);
        }
        return new Failure(COMPILATION_ERROR, evalue, tb);
    }

    /** A slash and a letter (or !, ?, -), as jshell's commands start: not a comment, whose second character is / or *. */
    private static final Pattern JSHELL_COMMAND = Pattern.compile("\\s*/[a-z!?-].*", Pattern.DOTALL);
    private static final Pattern EXIT = Pattern.compile("\\s*(exit|quit)(\\(\\))?;?\\s*");
    static final String TO_END = "to end the session: Ctrl-D in jupyter console, Kernel > Shut Down in a notebook";

    /** What a jshell or Python habit meant, for the cells that fail to compile because of one. */
    static String hint(String cell) {
        if (EXIT.matcher(cell).matches()) {
            return "(Java has no " + cell.strip() + "; " + TO_END + ")";
        }
        if (JSHELL_COMMAND.matcher(cell).matches()) {
            String command = cell.strip().split("\\s", 2)[0];
            return "(" + command + " is a command of the jshell tool: cells here are Java and magics, which %lsmagic lists"
                    + (command.equals("/exit") ? "; " + TO_END : "") + ")";
        }
        return null;
    }

    /** javac's message without the lines that only name JShell's hidden wrapper class. */
    private static List<String> messageLines(Diag d) {
        List<String> lines = d.getMessage(Locale.ROOT).lines()
                .filter(l -> !l.strip().matches("location: class\\s*"))
                .collect(Collectors.toCollection(ArrayList::new));
        if (lines.isEmpty()) {
            lines.add("error");
        }
        return lines;
    }

    private static String caret(int from, int to) {
        int width = Math.max(1, to - from);
        return " ".repeat(Math.max(0, from)) + (width == 1 ? "^" : "^" + "-".repeat(width - 2) + "^");
    }

    private static int clamp(int offset, String cell) {
        return Math.max(0, Math.min(offset, cell.length()));
    }

    /**
     * A user exception (named after its class) or an unresolved reference; snippet frames are
     * named by {@code locate} (snippet id, line in snippet) as cell and line.
     */
    static Failure exception(JShell jshell, JShellException e, BiFunction<String, Integer, String> locate) {
        String ename;
        String evalue;
        if (e instanceof UnresolvedReferenceException u) {
            ename = "UnresolvedReferenceException";
            String missing = jshell.unresolvedDependencies(u.getSnippet()).collect(Collectors.joining(", "));
            evalue = describe(u.getSnippet()) + " cannot be invoked until " + missing + (missing.contains(",") ? " are" : " is")
                    + " declared";
        } else if (e instanceof EvalException ee) {
            ename = ee.getExceptionClassName().equals(SystemExit.class.getName()) ? SystemExit.ENAME : ee.getExceptionClassName();
            evalue = ee.getMessage() == null ? "" : ee.getMessage();
        } else {
            ename = e.getClass().getSimpleName();
            evalue = String.valueOf(e.getMessage());
        }
        return thrown(ename, evalue, e, locate);
    }

    /**
     * What running a snippet threw on a rank that follows rank 0 ({@link FollowingCells}, which
     * has no JShell), worded as {@link #exception} words it on rank 0; {@code rank0} is how the
     * segment failed on rank 0 (null when it did not), whose words an unresolved reference takes.
     */
    static Failure run(ExecutionControl.RunException e, BiFunction<String, Integer, String> locate, Failure rank0) {
        if (e instanceof ExecutionControl.StoppedException) {
            return interrupted();
        }
        if (e instanceof ExecutionControl.UserException u) {
            String ename = u.causeExceptionClass().equals(SystemExit.class.getName()) ? SystemExit.ENAME : u.causeExceptionClass();
            return thrown(ename, u.getMessage() == null ? "" : u.getMessage(), u, locate);
        }
        if (rank0 != null && rank0.ename().equals("UnresolvedReferenceException")) {
            return rank0; // the same bytes, the same missing declaration
        }
        String what = "a snippet cannot be invoked until what it uses is declared";
        return new Failure("UnresolvedReferenceException", what, List.of("UnresolvedReferenceException: " + what));
    }

    /** The traceback of {@code e}, thrown as {@code ename: evalue}, and of its causes. */
    private static Failure thrown(String ename, String evalue, Throwable e, BiFunction<String, Integer, String> locate) {
        List<String> tb = new ArrayList<>();
        tb.add(evalue.isEmpty() ? ename : ename + ": " + evalue);
        frames(e, locate, tb);
        Throwable cause = e.getCause();
        for (int depth = 0; cause != null && depth < 20; depth++, cause = cause.getCause()) {
            String cname = cause instanceof EvalException ce ? ce.getExceptionClassName()
                    : cause instanceof ExecutionControl.UserException cu ? cu.causeExceptionClass() : cause.getClass().getName();
            tb.add("Caused by: " + cname + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
            frames(cause, locate, tb);
        }
        return new Failure(ename, evalue, collapseRepeats(tb));
    }

    /** The most times one frame line is shown in a row; the rest are counted, as Python does for deep recursion. */
    static final int SHOWN_REPEATS = 3;

    /** Runs of one frame line (a recursion) cut to {@link #SHOWN_REPEATS} and a line that counts the rest. */
    static List<String> collapseRepeats(List<String> tb) {
        List<String> out = new ArrayList<>(Math.min(tb.size(), 64));
        for (int i = 0; i < tb.size(); ) {
            String line = tb.get(i);
            int run = 1;
            while (i + run < tb.size() && tb.get(i + run).equals(line)) {
                run++;
            }
            boolean frame = line.startsWith("    at ");
            for (int k = 0; k < (frame ? Math.min(run, SHOWN_REPEATS) : run); k++) {
                out.add(line);
            }
            if (frame && run > SHOWN_REPEATS) {
                int more = run - SHOWN_REPEATS;
                out.add("    [the line above repeated " + more + " more time" + (more == 1 ? "" : "s") + "]");
            }
            i += run;
        }
        return out;
    }

    private static void frames(Throwable t, BiFunction<String, Integer, String> locate, List<String> tb) {
        for (StackTraceElement f : t.getStackTrace()) {
            if (f.getClassName().startsWith(CellExecutionControl.class.getName())) {
                break; // below the snippet: the kernel's own frames
            }
            if (f.getClassName().equals(ExitGuard.class.getName())) {
                continue; // the cell called System.exit: its frame is the next one
            }
            String file = f.getFileName();
            if (file != null && file.startsWith("#")) {
                String cls = f.getClassName();
                String method = f.getMethodName().isEmpty() || f.getMethodName().equals("do_it$") ? "" : f.getMethodName();
                String name = cls.isEmpty() ? method : method.isEmpty() ? cls : cls + "." + method;
                String where = locate.apply(file.substring(1), f.getLineNumber());
                tb.add("    at " + (name.isEmpty() ? where : name + " (" + where + ")"));
            } else if (!f.getClassName().startsWith("jdk.internal.reflect.") && !f.getClassName().startsWith("java.lang.reflect.")) {
                tb.add("    at " + f);
            }
        }
    }

    private static String describe(Snippet s) {
        return switch (s.kind()) {
            case METHOD -> "method " + ((jdk.jshell.MethodSnippet) s).name() + "(" + ((jdk.jshell.MethodSnippet) s).parameterTypes() + ")";
            case VAR -> "variable " + ((jdk.jshell.VarSnippet) s).name();
            case TYPE_DECL -> "class " + ((jdk.jshell.TypeDeclSnippet) s).name();
            default -> s.source().strip();
        };
    }
}
