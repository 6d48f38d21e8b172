package legate.magics;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a cell into Java and magics. A cell magic ({@code %%name}) must be the first line; a
 * line magic ({@code %name}) may start any line where the Java before it is complete, so a
 * continuation line starting with the {@code %} operator stays Java.
 */
public final class CellParser {
    /** A part of a cell, with the 1-based cell line it starts on. */
    public sealed interface Segment {
        int line();
    }

    public record Java(String code, int line) implements Segment {
    }

    /** A magic call; {@code help} when it was {@code %name?} (show its usage). */
    public record Call(Magic.Form form, String name, String args, String body, int line, boolean help) implements Segment {
    }

    private static final Pattern MAGIC = Pattern.compile("^[ \\t]*(%{1,2})([A-Za-z_][\\w.]*)(\\?{0,2})(?:[ \\t]+(.*?))?[ \\t]*$");
    private static final Pattern STARTS_MAGIC = Pattern.compile("(?m)^[ \\t]*%{1,2}[A-Za-z_]");

    private CellParser() {
    }

    /** Whether the cell has a line that could be a magic (cells without one skip parsing). */
    public static boolean mayHaveMagics(String cell) {
        return STARTS_MAGIC.matcher(cell).find();
    }

    public static List<Segment> parse(String cell, Predicate<String> isCompleteJava) throws MagicException {
        String[] lines = cell.split("\n", -1);
        int first = 0;
        while (first < lines.length && lines[first].isBlank()) {
            first++;
        }
        List<Segment> out = new ArrayList<>();
        if (first < lines.length) {
            Matcher m = MAGIC.matcher(lines[first]);
            if (m.matches() && m.group(1).equals("%%")) {
                String body = String.join("\n", java.util.Arrays.copyOfRange(lines, first + 1, lines.length));
                out.add(new Call(Magic.Form.CELL, m.group(2), args(m), body, first + 1, !m.group(3).isEmpty()));
                return out;
            }
        }
        StringBuilder java = new StringBuilder();
        int javaLine = 1;
        for (int i = 0; i < lines.length; i++) {
            Matcher m = MAGIC.matcher(lines[i]);
            String sofar = java.toString();
            if (m.matches() && (sofar.isBlank() || isCompleteJava.test(sofar))) {
                if (m.group(1).equals("%%")) {
                    throw new MagicException("Cell magic %%" + m.group(2) + " must be the first line of the cell");
                }
                if (!sofar.isBlank()) {
                    out.add(new Java(sofar, javaLine));
                }
                out.add(new Call(Magic.Form.LINE, m.group(2), args(m), null, i + 1, !m.group(3).isEmpty()));
                java.setLength(0);
                javaLine = i + 2;
                continue;
            }
            if (java.length() == 0 && lines[i].isBlank()) {
                javaLine = i + 2;
                continue;
            }
            if (java.length() > 0) {
                java.append('\n');
            }
            java.append(lines[i]);
        }
        if (!java.toString().isBlank()) {
            out.add(new Java(java.toString(), javaLine));
        }
        return out;
    }

    private static String args(Matcher m) {
        return m.group(4) == null ? "" : m.group(4);
    }
}
