package legate.magics.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DurationsTest {
    @Test
    void threeSignificantDigitsInTheLargestUnitBelowTheValue() {
        assertEquals("1.23 s", Durations.format(1.234));
        assertEquals("12.3 ms", Durations.format(0.01234));
        assertEquals("1 ms", Durations.format(0.001));
        assertEquals("456 µs", Durations.format(0.000456));
        assertEquals("7.82 ns", Durations.format(7.82e-9));
        assertEquals("0 ns", Durations.format(0));
        assertEquals("1min 5s", Durations.format(65));
        assertEquals("2h 0min 1s", Durations.format(7201));
    }

    @Test
    void timeitResultReadsLikeIPython() {
        assertEquals("1.23 ms ± 45.6 µs per loop (mean ± std. dev. of 7 runs, 1,000 loops each)",
                new Timeit.Result(0.00123, 0.0000456, 0.0012, 1000, 7).toString());
        assertEquals("2 s ± 0 ns per loop (mean ± std. dev. of 1 run, 1 loop each)",
                new Timeit.Result(2, 0, 2, 1, 1).toString());
    }

    @Test
    void measureRunsTheBodyAndCalibrates() throws Exception {
        int[] calls = {0};
        Timeit.Result r = Timeit.measure(() -> calls[0]++, 3, 4);
        assertEquals(3, r.number());
        assertEquals(4, r.repeat());
        assertEquals(true, calls[0] >= 12);
        Timeit.Result auto = Timeit.measure(() -> { }, 0, 1);
        assertEquals(true, auto.number() >= 1000, "an empty body needs many loops for 0.2 s: " + auto.number());
    }
}
