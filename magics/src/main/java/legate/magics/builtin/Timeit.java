package legate.magics.builtin;

import java.util.Locale;

/**
 * What {@code %timeit} runs inside the cell's Java: the timed code is compiled once, as a lambda,
 * and looped here, so JShell's compilation is never timed. Public for the code %timeit generates.
 */
public final class Timeit {
    private static final double TARGET_SECONDS = 0.2;
    /** Keeps results alive so the JIT cannot drop the code that computes them. */
    private static volatile Object sink;

    private Timeit() {
    }

    /** One measurement: {@code repeat} runs of {@code number} loops each, in seconds per loop. */
    public record Result(double mean, double stdev, double best, int number, int repeat) {
        @Override
        public String toString() {
            return Durations.format(mean) + " ± " + Durations.format(stdev) + " per loop (mean ± std. dev. of " + repeat
                    + " run" + (repeat == 1 ? "" : "s") + ", " + String.format(Locale.ROOT, "%,d", number) + " loop"
                    + (number == 1 ? "" : "s") + " each)";
        }
    }

    /** Gives an expression's value somewhere to go. */
    public static void consume(Object value) {
        sink = value;
    }

    /**
     * Times {@code body}: first a warm-up (so the JIT has compiled it), then, with {@code number}
     * 0, as many loops per run as make a run last about 0.2 s (1, 2, 5, 10, 20, ...).
     */
    public static Result measure(Runnable body, int number, int repeat) {
        warmUp(body);
        int n = number > 0 ? number : calibrate(body);
        double[] perLoop = new double[repeat];
        for (int r = 0; r < repeat; r++) {
            perLoop[r] = loop(body, n) / 1e9 / n;
        }
        double mean = 0;
        for (double t : perLoop) {
            mean += t;
        }
        mean /= repeat;
        double var = 0;
        double best = Double.MAX_VALUE;
        for (double t : perLoop) {
            var += (t - mean) * (t - mean);
            best = Math.min(best, t);
        }
        return new Result(mean, Math.sqrt(var / repeat), best, n, repeat);
    }

    private static void warmUp(Runnable body) {
        long end = System.nanoTime() + 100_000_000L;
        int runs = 0;
        while (runs < 10_000 && (runs < 1 || System.nanoTime() < end)) {
            body.run();
            runs++;
        }
    }

    private static int calibrate(Runnable body) {
        int[] steps = {1, 2, 5};
        for (long scale = 1; ; scale *= 10) {
            for (int s : steps) {
                long n = s * scale;
                if (n >= Integer.MAX_VALUE / 10 || loop(body, (int) n) / 1e9 >= TARGET_SECONDS) {
                    return (int) n;
                }
            }
        }
    }

    private static long loop(Runnable body, int n) {
        long t = System.nanoTime();
        for (int i = 0; i < n; i++) {
            body.run();
        }
        return System.nanoTime() - t;
    }
}
