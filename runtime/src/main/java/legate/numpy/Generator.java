package legate.numpy;

import legate.runtime.store.Buffer;
import legate.runtime.store.Store;
import legate.runtime.task.ArrayRuntime;

/**
 * Random numbers from a counter-based generator (Philox4x32-10): element i of a draw is a
 * function of the seed, the draw's number and i alone, so the same seed gives the same arrays
 * on any number of ranks and threads, each rank computing only the elements it holds.
 */
public final class Generator {
    private static final int M0 = 0xD2511F53;
    private static final int M1 = 0xCD9E8D57;
    private static final int W0 = 0x9E3779B9;
    private static final int W1 = 0xBB67AE85;

    private final ArrayRuntime rt;
    private final long seed;
    private long draw;

    Generator(ArrayRuntime rt, long seed) {
        this.rt = rt;
        this.seed = seed;
    }

    /** Uniform doubles in [0, 1). */
    public NDArray rand(int... shape) {
        return fill("rand", DType.FLOAT64, shape, (w, out, i) -> out.setDouble(i, unit(w[0], w[1])));
    }

    /** Standard normal doubles (Box-Muller on two uniforms of the element's own counter). */
    public NDArray randn(int... shape) {
        return fill("randn", DType.FLOAT64, shape, (w, out, i) -> {
            double u1 = 1.0 - unit(w[0], w[1]); // (0, 1]: log is finite
            double u2 = unit(w[2], w[3]);
            out.setDouble(i, Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2));
        });
    }

    /** Uniform integers in [low, high), as int64. */
    public NDArray integers(long low, long high, int... shape) {
        if (high <= low) {
            throw new IllegalArgumentException("integers: low >= high (low " + low + ", high " + high + ")");
        }
        long range = high - low;
        return fill("integers", DType.INT64, shape, (w, out, i) -> {
            long bits = ((long) w[0] << 32) | (w[1] & 0xFFFFFFFFL);
            out.setLong(i, low + multiplyHighUnsigned(bits, range)); // floor(bits * range / 2^64): Lemire's mapping
        });
    }

    /** The high 64 bits of the unsigned 128-bit product. */
    private static long multiplyHighUnsigned(long x, long y) {
        long high = Math.multiplyHigh(x, y);
        return high + ((x >> 63) & y) + ((y >> 63) & x);
    }

    private interface Element {
        void set(int[] words, Buffer out, int i);
    }

    private NDArray fill(String op, DType type, int[] shape, Element element) {
        long stream = draw++;
        Store s = rt.newStore(type, shape, op);
        long first = (long) s.ownLo() * s.rowLength();
        Buffer out = s.local();
        int k0 = (int) seed;
        int k1 = (int) (seed >>> 32);
        int c2 = (int) stream;
        int c3 = (int) (stream >>> 32);
        long per = Math.max(1, s.rowLength());
        rt.parallelRows(0, out.length() == 0 ? 0 : (int) ((out.length() + per - 1) / per), per, (r0, r1) -> {
            int[] w = new int[4];
            int end = (int) Math.min(out.length(), r1 * per);
            for (int i = (int) (r0 * per); i < end; i++) {
                long counter = first + i;
                philox((int) counter, (int) (counter >>> 32), c2, c3, k0, k1, w);
                element.set(w, out, i);
            }
        });
        return new NDArray(rt, legate.runtime.store.View.of(s));
    }

    /** 53 random bits as a double in [0, 1). */
    private static double unit(int hi, int lo) {
        long bits = (((long) hi << 32) | (lo & 0xFFFFFFFFL)) >>> 11;
        return bits * 0x1.0p-53;
    }

    /** Philox4x32 with 10 rounds: counter (c0..c3) and key (k0, k1) to four random words. */
    static void philox(int c0, int c1, int c2, int c3, int k0, int k1, int[] out) {
        for (int round = 0; round < 10; round++) {
            long p0 = (M0 & 0xFFFFFFFFL) * (c0 & 0xFFFFFFFFL);
            long p1 = (M1 & 0xFFFFFFFFL) * (c2 & 0xFFFFFFFFL);
            int hi0 = (int) (p0 >>> 32);
            int lo0 = (int) p0;
            int hi1 = (int) (p1 >>> 32);
            int lo1 = (int) p1;
            int n0 = hi1 ^ c1 ^ k0;
            int n1 = lo1;
            int n2 = hi0 ^ c3 ^ k1;
            int n3 = lo0;
            c0 = n0;
            c1 = n1;
            c2 = n2;
            c3 = n3;
            k0 += W0;
            k1 += W1;
        }
        out[0] = c0;
        out[1] = c1;
        out[2] = c2;
        out[3] = c3;
    }
}
