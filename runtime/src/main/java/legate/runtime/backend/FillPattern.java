package legate.runtime.backend;

/**
 * What a new store is filled with, element by global flat index {@code i}: every backend fills
 * the elements its rank holds, and the result is the same for any number of ranks.
 */
public sealed interface FillPattern {
    /** Every element {@code value}. */
    record Constant(double value) implements FillPattern {
    }

    /** {@code start + i * step}, in 64-bit integers. */
    record LongSequence(long start, long step) implements FillPattern {
    }

    /** {@code start + i * step}, and exactly {@code last} at index {@code lastIndex} (linspace's end point; -1: none). */
    record DoubleSequence(double start, double step, long lastIndex, double last) implements FillPattern {
    }

    /** Ones on the diagonal of a square matrix, zeros elsewhere. */
    record Identity() implements FillPattern {
    }

    /** {@code values[i]}: every rank holds all of them and keeps its own. */
    record Values(double[] values) implements FillPattern {
    }

    /** {@code values[i]}, as 64-bit integers. */
    record LongValues(long[] values) implements FillPattern {
    }

    /**
     * Counter-based random numbers: element i is a function of (seed, draw, i) alone, so the
     * same seed gives the same array on any number of ranks and processors.
     */
    record Random(Distribution distribution, long seed, long draw, long low, long range) implements FillPattern {
    }

    enum Distribution {
        /** Uniform doubles in [0, 1). */
        UNIFORM,
        /** Standard normal doubles. */
        NORMAL,
        /** Uniform integers in [low, low + range). */
        INTEGERS
    }
}
