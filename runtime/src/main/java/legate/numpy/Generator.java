package legate.numpy;

import legate.runtime.backend.FillPattern;
import legate.runtime.backend.FillPattern.Distribution;
import legate.runtime.store.View;
import legate.runtime.task.ArrayRuntime;

/**
 * Random numbers from a counter-based generator (Philox4x32-10): element i of a draw is a
 * function of the seed, the draw's number and i alone, so the same seed gives the same arrays
 * on any number of ranks and threads, each rank computing only the elements it holds.
 */
public final class Generator {
    private final ArrayRuntime rt;
    private final long seed;
    private long draw;

    Generator(ArrayRuntime rt, long seed) {
        this.rt = rt;
        this.seed = seed;
    }

    /** Uniform doubles in [0, 1). */
    public NDArray rand(int... shape) {
        return fill("rand", DType.FLOAT64, shape, Distribution.UNIFORM, 0, 0);
    }

    /** Standard normal doubles (Box-Muller on two uniforms of the element's own counter). */
    public NDArray randn(int... shape) {
        return fill("randn", DType.FLOAT64, shape, Distribution.NORMAL, 0, 0);
    }

    /** Uniform integers in [low, high), as int64. */
    public NDArray integers(long low, long high, int... shape) {
        if (high <= low) {
            throw new IllegalArgumentException("integers: low >= high (low " + low + ", high " + high + ")");
        }
        return fill("integers", DType.INT64, shape, Distribution.INTEGERS, low, high - low);
    }

    private NDArray fill(String op, DType type, int[] shape, Distribution distribution, long low, long range) {
        FillPattern pattern = new FillPattern.Random(distribution, seed, draw++, low, range);
        return new NDArray(rt, View.of(rt.newStore(type.elementType(), shape, op, pattern)));
    }
}
