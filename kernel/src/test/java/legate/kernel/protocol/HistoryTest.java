package legate.kernel.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryTest {
    static History sample() {
        History h = new History(3);
        h.add(1, "int a = 1;", null);
        h.add(2, "a + 1", "2");
        h.add(3, "6*7", "42");
        h.add(4, "a + 1", "2");
        return h;
    }

    static List<Integer> lines(List<History.Entry> entries) {
        return entries.stream().map(History.Entry::line).toList();
    }

    @Test
    void tailIsTheLastNOldestFirst() {
        assertEquals(List.of(3, 4), lines(sample().tail(2)));
        assertEquals(List.of(1, 2, 3, 4), lines(sample().tail(10)));
    }

    @Test
    void rangeOfThisSessionByNumberOrZero() {
        assertEquals(List.of(2, 3), lines(sample().range(3, 2, 4)));
        assertEquals(List.of(2, 3, 4), lines(sample().range(0, 2, 0)));
        assertEquals(List.of(), lines(sample().range(-1, 1, 0)));
    }

    @Test
    void searchMatchesWholeInputsWithGlobs() {
        assertEquals(List.of(3), lines(sample().search("6?7", 0, false)));
        assertEquals(List.of(2, 4), lines(sample().search("a*", 0, false)));
        assertEquals(List.of(4), lines(sample().search("a*", 1, false)));
        assertEquals(List.of(4), lines(sample().search("a + [0-9]", 0, true)));
        assertEquals(List.of(1, 4), lines(sample().search("[ia]*", 0, true)));
        assertEquals(List.of(), lines(sample().search("a", 0, false)));
    }
}
