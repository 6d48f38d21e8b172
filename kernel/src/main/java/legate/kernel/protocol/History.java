package legate.kernel.protocol;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The cells of this session, numbered by execution count, with their text/plain results.
 * Answers history_request the way IPython does: tail, range and glob search.
 */
public final class History {
    /** One executed cell; {@code output} is its result's text/plain, or null. */
    public record Entry(int session, int line, String input, String output) {
    }

    private final int session;
    private final List<Entry> entries = new ArrayList<>();

    public History(int session) {
        this.session = session;
    }

    public synchronized void add(int line, String input, String output) {
        entries.add(new Entry(session, line, input, output));
    }

    /** The last {@code n} cells, oldest first. */
    public synchronized List<Entry> tail(int n) {
        int from = Math.max(0, entries.size() - Math.max(n, 0));
        return List.copyOf(entries.subList(from, entries.size()));
    }

    /**
     * Lines {@code start <= line < stop} of a session: 0 (or this session's number) is this one,
     * a negative number counts back from it; {@code stop <= 0} means to the end. Only this
     * session's cells are kept, so other sessions have none.
     */
    public synchronized List<Entry> range(int sessionNumber, int start, int stop) {
        int wanted = sessionNumber <= 0 ? session + sessionNumber : sessionNumber;
        if (wanted != session) {
            return List.of();
        }
        return entries.stream().filter(e -> e.line() >= start && (stop <= 0 || e.line() < stop)).toList();
    }

    /**
     * Cells whose whole input matches a glob ({@code *}, {@code ?}, {@code [...]}), oldest first;
     * at most the last {@code n} when {@code n > 0}; with {@code unique}, each input once (its latest).
     */
    public synchronized List<Entry> search(String glob, int n, boolean unique) {
        Pattern p = globToRegex(glob);
        Deque<Entry> found = new ArrayDeque<>();
        Set<String> seen = new HashSet<>();
        for (int i = entries.size() - 1; i >= 0 && (n <= 0 || found.size() < n); i--) {
            Entry e = entries.get(i);
            if (p.matcher(e.input()).matches() && (!unique || seen.add(e.input()))) {
                found.addFirst(e);
            }
        }
        return List.copyOf(found);
    }

    static Pattern globToRegex(String glob) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> re.append("[\\s\\S]*");
                case '?' -> re.append("[\\s\\S]");
                case '[' -> {
                    int close = glob.indexOf(']', i + 2);
                    if (close < 0) {
                        re.append("\\[");
                    } else {
                        String set = glob.substring(i + 1, close);
                        if (set.startsWith("^")) {
                            set = "\\" + set;
                        }
                        re.append('[').append(set.replace("\\", "\\\\").replace("[", "\\[")).append(']');
                        i = close;
                    }
                }
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString());
    }
}
