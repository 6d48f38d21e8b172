package legate.runtime.backend.cpu;

import legate.runtime.backend.FillPattern;
import legate.runtime.backend.Transcendental;
import legate.runtime.store.Buffer;

/**
 * The CPU's fills of new stores. Element i of every pattern is a function of i alone (random
 * numbers too: Philox4x32-10, keyed by the seed, countered by the draw and i), so a rank fills
 * the elements it holds and the array is the same for any number of ranks and threads.
 */
final class Fills {
    private static final int M0 = 0xD2511F53;
    private static final int M1 = 0xCD9E8D57;
    private static final int W0 = 0x9E3779B9;
    private static final int W1 = 0xBB67AE85;

    private Fills() {
    }

    /** The body filling elements {@code from .. to} of {@code out}, whose element 0 is global element {@code first}. */
    interface Range {
        void fill(int from, int to);
    }

    static Range of(FillPattern pattern, Buffer out, long first, int rowLength) {
        if (pattern instanceof FillPattern.Constant c) {
            if (out instanceof Buffer.F64 f) {
                return (from, to) -> java.util.Arrays.fill(f.a, from, to, c.value());
            }
            return (from, to) -> {
                for (int i = from; i < to; i++) {
                    out.setDouble(i, c.value());
                }
            };
        } else if (pattern instanceof FillPattern.LongSequence s) {
            return (from, to) -> {
                for (int i = from; i < to; i++) {
                    out.setLong(i, s.start() + (first + i) * s.step());
                }
            };
        } else if (pattern instanceof FillPattern.DoubleSequence s) {
            return (from, to) -> {
                for (int i = from; i < to; i++) {
                    long g = first + i;
                    out.setDouble(i, g == s.lastIndex() ? s.last() : s.start() + g * s.step());
                }
            };
        } else if (pattern instanceof FillPattern.Identity) {
            return (from, to) -> {
                for (int i = from; i < to; i++) {
                    long g = first + i;
                    out.setDouble(i, g / rowLength == g % rowLength ? 1 : 0);
                }
            };
        } else if (pattern instanceof FillPattern.Values v) {
            return (from, to) -> {
                for (int i = from; i < to; i++) {
                    out.setDouble(i, v.values()[(int) (first + i)]);
                }
            };
        } else if (pattern instanceof FillPattern.LongValues v) {
            return (from, to) -> {
                for (int i = from; i < to; i++) {
                    out.setLong(i, v.values()[(int) (first + i)]);
                }
            };
        }
        return random((FillPattern.Random) pattern, out, first);
    }

    private static Range random(FillPattern.Random r, Buffer out, long first) {
        int k0 = (int) r.seed();
        int k1 = (int) (r.seed() >>> 32);
        int c2 = (int) r.draw();
        int c3 = (int) (r.draw() >>> 32);
        return (from, to) -> {
            int[] w = new int[4];
            for (int i = from; i < to; i++) {
                long counter = first + i;
                philox((int) counter, (int) (counter >>> 32), c2, c3, k0, k1, w);
                switch (r.distribution()) {
                    case UNIFORM -> out.setDouble(i, unit(w[0], w[1]));
                    case NORMAL -> { // Box-Muller on two uniforms of the element's own counter, in plain arithmetic (a GPU's bits too)
                        double u1 = 1.0 - unit(w[0], w[1]); // (0, 1]: log is finite
                        double u2 = unit(w[2], w[3]);
                        out.setDouble(i, Math.sqrt(-2 * Transcendental.log(u1)) * Transcendental.cos2pi(u2));
                    }
                    default -> {
                        long bits = ((long) w[0] << 32) | (w[1] & 0xFFFFFFFFL);
                        out.setLong(i, r.low() + multiplyHighUnsigned(bits, r.range())); // floor(bits * range / 2^64): Lemire's mapping
                    }
                }
            }
        };
    }

    /** The high 64 bits of the unsigned 128-bit product. */
    private static long multiplyHighUnsigned(long x, long y) {
        long high = Math.multiplyHigh(x, y);
        return high + ((x >> 63) & y) + ((y >> 63) & x);
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
