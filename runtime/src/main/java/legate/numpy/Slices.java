package legate.numpy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * NumPy's basic indexing, as text: {@code "1:-1, ::2"}, {@code "0"}, {@code "..., -1"},
 * {@code ":, None"} (a new axis of size 1; {@code newaxis} too).
 */
final class Slices {
    private Slices() {
    }

    /** One item between commas. */
    sealed interface Item permits Range, Index, Ellipsis, NewAxis {
    }

    /** {@code start:stop:step}; null bounds are open. */
    record Range(Long start, Long stop, long step) implements Item {
    }

    record Index(long index) implements Item {
    }

    record Ellipsis() implements Item {
    }

    record NewAxis() implements Item {
    }

    private static final ConcurrentHashMap<String, List<Item>> CACHE = new ConcurrentHashMap<>();

    static List<Item> parse(String text, String op) {
        List<Item> cached = CACHE.get(text);
        if (cached != null) {
            return cached;
        }
        List<Item> items = parseUncached(text, op);
        if (CACHE.size() < 10_000) {
            CACHE.put(text, items);
        }
        return items;
    }

    private static List<Item> parseUncached(String text, String op) {
        if (text == null) {
            throw new IllegalArgumentException(op + ": the index text is null; expected NumPy slices such as \"1:-1, ::2\"");
        }
        List<Item> items = new ArrayList<>();
        String t = text.strip();
        if (t.isEmpty()) {
            return items; // x.get("") is the whole array, as x[()] is
        }
        int pos = 0;
        for (String part : t.split(",", -1)) {
            String p = part.strip();
            if (p.isEmpty()) {
                throw bad(text, op, pos, "an empty index between commas");
            }
            if (p.equals("...")) {
                items.add(new Ellipsis());
            } else if (p.equals("None") || p.equals("newaxis") || p.equals("np.newaxis")) {
                items.add(new NewAxis());
            } else if (p.contains(":")) {
                String[] f = p.split(":", -1);
                if (f.length > 3) {
                    throw bad(text, op, pos, "\"" + p + "\" has more than two colons");
                }
                Long start = number(f[0], text, op, pos);
                Long stop = number(f[1], text, op, pos);
                Long step = f.length == 3 ? number(f[2], text, op, pos) : null;
                if (step != null && step == 0) {
                    throw new IllegalArgumentException(op + ": slice step cannot be zero in \"" + text + "\"");
                }
                items.add(new Range(start, stop, step == null ? 1 : step));
            } else {
                Long i = number(p, text, op, pos);
                items.add(new Index(i));
            }
            pos += part.length() + 1;
        }
        int ellipses = 0;
        for (Item i : items) {
            ellipses += i instanceof Ellipsis ? 1 : 0;
        }
        if (ellipses > 1) {
            throw new IllegalArgumentException(op + ": an index can only have a single ellipsis ('...'): \"" + text + "\"");
        }
        return List.copyOf(items);
    }

    private static Long number(String s, String text, String op, int pos) {
        String n = s.strip();
        if (n.isEmpty()) {
            return null;
        }
        try {
            return Long.parseLong(n);
        } catch (NumberFormatException e) {
            throw bad(text, op, pos, "\"" + n + "\" is not an integer");
        }
    }

    private static IllegalArgumentException bad(String text, String op, int pos, String what) {
        return new IllegalArgumentException(op + ": bad index \"" + text + "\" at character " + (pos + 1) + ": " + what
                + "; expected NumPy basic indexing: integers, start:stop:step slices, '...' and None, separated by commas");
    }
}
