package legate.magics.builtin;

import java.util.Locale;
import legate.runtime.cluster.Ranks;
import legate.runtime.comm.ReduceOp;

/**
 * What {@code %timeit} runs inside the cell's Java: the timed code is compiled once, as a lambda,
 * and looped here, so JShell's compilation is never timed. Public for the code %timeit generates.
 *
 * <p>On several ranks every rank runs the body the same number of times (it may hold a
 * collective or an array operation that exchanges rows): how many the clock allows is decided
 * from the slowest rank's times, the same on every rank.
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

    /** The timed code: a cell's statements, which may throw what they throw in a cell. */
    @FunctionalInterface
    public interface Body {
        void run() throws Exception;
    }

    /** Gives an expression's value somewhere to go. */
    public static void consume(Object value) {
        sink = value;
    }

    /**
     * Times {@code body}: first a warm-up (so the JIT has compiled it), then, with {@code number}
     * 0, as many loops per run as make a run last about 0.2 s (1, 2, 5, 10, 20, ...).
     */
    public static Result measure(Body body, int number, int repeat) throws Exception {
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

    /** Up to 10,000 runs or 0.1 s, in batches of 1, 2, 4, ... runs, as long as every rank's clock allows. */
    private static void warmUp(Body body) throws Exception {
        long end = System.nanoTime() + 100_000_000L;
        int runs = 0;
        for (int batch = 1; ; batch = Math.min(batch * 2, 10_000 - runs)) {
            for (int i = 0; i < batch; i++) {
                body.run();
            }
            runs += batch;
            if (runs >= 10_000 || !everyRank(System.nanoTime() < end)) {
                return;
            }
        }
    }

    private static int calibrate(Body body) throws Exception {
        int[] steps = {1, 2, 5};
        for (long scale = 1; ; scale *= 10) {
            for (int s : steps) {
                long n = s * scale;
                if (n >= Integer.MAX_VALUE / 10 || slowest(loop(body, (int) n)) / 1e9 >= TARGET_SECONDS) {
                    return (int) n;
                }
            }
        }
    }

    private static long loop(Body body, int n) throws Exception {
        long t = System.nanoTime();
        for (int i = 0; i < n; i++) {
            body.run();
        }
        return System.nanoTime() - t;
    }

    /** Whether {@code mine} holds on every rank (it does on one rank when it holds here). */
    private static boolean everyRank(boolean mine) throws InterruptedException {
        return Ranks.ranks() == 1 ? mine : Ranks.allreduce(mine ? 1L : 0L, ReduceOp.MIN) == 1L;
    }

    /** The largest of every rank's {@code nanos}. */
    private static long slowest(long nanos) throws InterruptedException {
        return Ranks.ranks() == 1 ? nanos : Ranks.allreduce(nanos, ReduceOp.MAX);
    }
}
