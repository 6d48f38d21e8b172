package legate.kernel.jshell;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.MethodSnippet;
import jdk.jshell.Snippet;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Suggestion;
import legate.kernel.protocol.Interpreter.Completion;
import legate.kernel.protocol.Interpreter.IsComplete;

/**
 * What the frontend asks about code it has not run: completion, documentation (inspection and
 * the {@code NAME?} pager) and whether it is complete. Answers come from JShell's source
 * analysis of the session, so names declared by earlier cells count.
 */
final class CodeAssistance {
    /**
     * How long is_complete waits for JShell (still starting, or busy) before it answers from the
     * brackets alone: jupyter console stops asking a kernel that takes over a second, for the
     * rest of its session.
     */
    static final long IS_COMPLETE_WAIT_MILLIS = 300;

    private static final Pattern JAVADOC_INLINE = Pattern.compile("\\{@(?:code|link|linkplain|literal|value)\\s+([^}]*)}");

    private final JShellSession session;

    CodeAssistance(JShellSession session) {
        this.session = session;
    }

    Completion complete(String code, int cursor) {
        session.lockWhenReady();
        try {
            SourceCodeAnalysis analysis = session.analysis();
            String prefix = code.substring(0, cursor);
            List<CellSource.Piece> pieces = CellSource.split(analysis, prefix);
            int start = pieces.isEmpty() ? cursor : pieces.get(pieces.size() - 1).start();
            String current = prefix.substring(start);
            List<CellSource.Piece> earlier = pieces.isEmpty() ? List.of() : pieces.subList(0, pieces.size() - 1);

            int[] anchor = new int[1];
            List<Suggestion> suggestions = analysis.completionSuggestions(current, current.length(), anchor);
            int replaceFrom = start + anchor[0];
            if (suggestions.isEmpty() && !earlier.isEmpty()) {
                // the name before the dot may be declared earlier in this cell, not yet run:
                // complete inside a block that declares it (statements and classes only)
                StringBuilder block = new StringBuilder("{ ");
                for (CellSource.Piece p : earlier) {
                    Snippet.Kind kind = kindOf(analysis, p.source());
                    if (kind == Snippet.Kind.VAR || kind == Snippet.Kind.TYPE_DECL || kind == Snippet.Kind.STATEMENT) {
                        block.append(p.source().strip()).append(' ');
                    }
                }
                int offset = block.length();
                block.append(current);
                int[] blockAnchor = new int[1];
                suggestions = analysis.completionSuggestions(block.toString(), block.length(), blockAnchor);
                replaceFrom = start + Math.max(0, blockAnchor[0] - offset);
            }
            Set<String> matches = new LinkedHashSet<>();
            suggestions.stream().filter(Suggestion::matchesType).forEach(s -> matches.add(s.continuation()));
            suggestions.forEach(s -> matches.add(s.continuation()));
            String word = identifierBefore(prefix);
            if (!word.isEmpty() && !prefix.substring(0, prefix.length() - word.length()).endsWith(".")) {
                for (String name : declaredNames(analysis, earlier)) {
                    if (name.startsWith(word)) {
                        matches.add(name);
                        replaceFrom = cursor - word.length();
                    }
                }
            }
            return new Completion(new ArrayList<>(matches), replaceFrom, cursor, List.of());
        } catch (IllegalStateException closed) {
            return new Completion(List.of(), cursor, cursor, List.of());
        } finally {
            session.unlock();
        }
    }

    private static Snippet.Kind kindOf(SourceCodeAnalysis analysis, String source) {
        List<Snippet> s = analysis.sourceToSnippets(source);
        return s.isEmpty() ? Snippet.Kind.ERRONEOUS : s.get(0).kind();
    }

    /** Names that pieces declare: variables, classes, and methods with their parenthesis. */
    private static List<String> declaredNames(SourceCodeAnalysis analysis, List<CellSource.Piece> pieces) {
        List<String> names = new ArrayList<>();
        for (CellSource.Piece p : pieces) {
            for (Snippet s : analysis.sourceToSnippets(p.source())) {
                if (s instanceof DeclarationSnippet d) {
                    names.add(s instanceof MethodSnippet ? d.name() + "(" : d.name());
                }
            }
        }
        return names;
    }

    private static String identifierBefore(String text) {
        int i = text.length();
        while (i > 0 && Character.isJavaIdentifierPart(text.charAt(i - 1))) {
            i--;
        }
        return text.substring(i);
    }

    /** Documentation for the name at {@code cursor}; null when there is none. */
    String inspect(String code, int cursor) {
        session.lockWhenReady();
        try {
            int end = cursor;
            while (end < code.length() && Character.isJavaIdentifierPart(code.charAt(end))) {
                end++; // a cursor inside a name inspects the whole name
            }
            String prefix = code.substring(0, end);
            List<CellSource.Piece> pieces = CellSource.split(session.analysis(), prefix);
            String current = pieces.isEmpty() ? prefix : prefix.substring(pieces.get(pieces.size() - 1).start());
            return documentation(current);
        } catch (IllegalStateException closed) {
            return null;
        } finally {
            session.unlock();
        }
    }

    /** The signatures and Javadoc of what {@code code} ends with; null when there are none. The caller holds the lock. */
    String documentation(String code) {
        SourceCodeAnalysis analysis = session.analysis();
        int cursor = code.length();
        List<SourceCodeAnalysis.Documentation> docs = analysis.documentation(code, cursor, true);
        if (docs.isEmpty() && cursor > 0 && Character.isJavaIdentifierPart(code.charAt(cursor - 1))) {
            // JShell documents a method only when its call is opened: try "name("
            docs = analysis.documentation(code + "(", cursor + 1, true);
        }
        if (docs.isEmpty()) {
            return null;
        }
        StringBuilder text = new StringBuilder();
        for (SourceCodeAnalysis.Documentation d : docs) {
            if (text.length() > 0) {
                text.append("\n\n");
            }
            text.append(d.signature());
            if (d.javadoc() != null && !d.javadoc().isBlank()) {
                text.append("\n\n").append(JAVADOC_INLINE.matcher(d.javadoc().strip()).replaceAll("$1"));
            }
        }
        return text.toString();
    }

    /**
     * Whether {@code code} is a whole cell, by JShell's analysis; from the brackets alone when
     * JShell is not free within {@link #IS_COMPLETE_WAIT_MILLIS}.
     */
    IsComplete isComplete(String code) {
        if (!session.lockWithin(IS_COMPLETE_WAIT_MILLIS)) {
            return fromBrackets(code);
        }
        try {
            return analyze(session.analysis(), code);
        } catch (IllegalStateException closed) {
            return IsComplete.UNKNOWN;
        } finally {
            session.unlock();
        }
    }

    /** As {@link #isComplete}, by javac's parser always: waits for JShell to start (a cell about to run is split by it). */
    IsComplete isCompleteWaiting(String code) {
        session.lockWhenReady();
        try {
            return analyze(session.analysis(), code);
        } catch (IllegalStateException closed) {
            return IsComplete.UNKNOWN;
        } finally {
            session.unlock();
        }
    }

    /** Whether {@code code} is a whole cell, by {@code analysis} (javac's parser): statement by statement. */
    static IsComplete analyze(SourceCodeAnalysis analysis, String code) {
        String rest = code;
        while (!rest.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
            switch (info.completeness()) {
                case COMPLETE, COMPLETE_WITH_SEMI -> {
                    if (info.remaining().length() >= rest.length()) {
                        return IsComplete.COMPLETE;
                    }
                    rest = info.remaining();
                }
                case EMPTY -> {
                    return IsComplete.COMPLETE;
                }
                case DEFINITELY_INCOMPLETE, CONSIDERED_INCOMPLETE -> {
                    return IsComplete.incomplete(indentAfter(code));
                }
                default -> {
                    return IsComplete.INVALID;
                }
            }
        }
        return IsComplete.COMPLETE;
    }

    /** Without a compiler: an open bracket, comment or text block continues; a stray closing one is invalid; else unknown. */
    static IsComplete fromBrackets(String code) {
        CellSource.Openings o = CellSource.openings(code);
        return o.unclosed() || o.depth() > 0 ? IsComplete.incomplete(indentAfter(code))
                : o.depth() < 0 ? IsComplete.INVALID : IsComplete.UNKNOWN;
    }

    /** The last line's indentation, one level deeper after an opening brace or parenthesis. */
    private static String indentAfter(String code) {
        String last = code.substring(code.lastIndexOf('\n', Math.max(0, code.length() - 1)) + 1);
        if (last.isBlank() && code.endsWith("\n")) {
            String body = code.substring(0, code.length() - 1);
            last = body.substring(body.lastIndexOf('\n') + 1);
        }
        String indent = last.substring(0, last.length() - last.stripLeading().length());
        String t = last.strip();
        return t.endsWith("{") || t.endsWith("(") ? indent + "    " : indent;
    }
}
