package legate.kernel.jshell;

import java.util.ArrayList;
import java.util.List;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Completeness;

/** A cell split into JShell snippets, each with where it starts in the cell. */
final class CellSource {
    /**
     * One snippet: its source from its first non-blank character (positions in it count from
     * {@code start}), and the cell line of that character, where JShell's line 1 is. Blank lines
     * in front would be dropped by JShell's line numbers in stack traces (a method declared on a
     * cell's second line threw "at line 1" of its snippet), so the source never has them.
     */
    record Piece(String source, int start, int line, Completeness completeness) {
        boolean complete() {
            return completeness.isComplete();
        }
    }

    private CellSource() {
    }

    /**
     * Splits {@code code} into snippets. An incomplete rest (a missing brace) becomes a last
     * piece of its own, so that evaluating it reports what is wrong.
     */
    static List<Piece> split(SourceCodeAnalysis analysis, String code) {
        List<Piece> pieces = new ArrayList<>();
        String rest = code;
        while (!rest.isBlank()) {
            int start = code.length() - rest.length();
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
            Completeness c = info.completeness();
            if (c == Completeness.EMPTY) {
                break;
            }
            if (!c.isComplete() || info.source() == null) {
                pieces.add(piece(rest, start, code, c));
                break;
            }
            pieces.add(piece(info.source(), start, code, c));
            if (info.remaining().length() >= rest.length()) {
                break; // no progress: never loop
            }
            rest = info.remaining();
        }
        return pieces;
    }

    /** What {@link #openings} found: brackets still open (negative: more closed than opened), or an unclosed comment or literal. */
    record Openings(int depth, boolean unclosed) {
    }

    /**
     * Brackets left open at the end of {@code code}, skipping those in comments, strings, char
     * literals and text blocks: enough to tell, without a compiler, that a cell continues.
     */
    static Openings openings(String code) {
        int depth = 0;
        int n = code.length();
        for (int i = 0; i < n; i++) {
            char c = code.charAt(i);
            if (c == '/' && i + 1 < n && code.charAt(i + 1) == '/') {
                int end = code.indexOf('\n', i);
                i = end < 0 ? n : end;
            } else if (c == '/' && i + 1 < n && code.charAt(i + 1) == '*') {
                int end = code.indexOf("*/", i + 2);
                if (end < 0) {
                    return new Openings(depth, true);
                }
                i = end + 1;
            } else if (code.startsWith("\"\"\"", i)) {
                int end = i + 3;
                while ((end = code.indexOf("\"\"\"", end)) >= 0 && code.charAt(end - 1) == '\\') {
                    end++;
                }
                if (end < 0) {
                    return new Openings(depth, true);
                }
                i = end + 2;
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < n && code.charAt(j) != c && code.charAt(j) != '\n') {
                    j += code.charAt(j) == '\\' ? 2 : 1;
                }
                i = Math.min(j, n); // an unclosed literal ends at its line, as javac reports it
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            }
        }
        return new Openings(depth, false);
    }

    /** {@code source}, found at {@code start} of {@code code}, from its first non-blank character. */
    private static Piece piece(String source, int start, String code, Completeness c) {
        int blanks = 0;
        while (blanks < source.length() && Character.isWhitespace(source.charAt(blanks))) {
            blanks++;
        }
        return new Piece(source.substring(blanks), start + blanks, firstLine(code, start), c);
    }

    private static int firstLine(String code, int start) {
        int i = start;
        while (i < code.length() && Character.isWhitespace(code.charAt(i))) {
            i++;
        }
        return lineOf(code, i);
    }

    /** The 1-based line of {@code offset} in {@code text}. */
    static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}
