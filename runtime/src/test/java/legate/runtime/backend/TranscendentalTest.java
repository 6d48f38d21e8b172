package legate.runtime.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Transcendental's exp, log and tanh against StrictMath's (fdlibm, itself within an ulp of the exact value); cos2pi against 50 digits. */
class TranscendentalTest {
    /** How many ulps apart two doubles of one sign are. */
    static long ulps(double a, double b) {
        return Math.abs(Double.doubleToLongBits(a) - Double.doubleToLongBits(b));
    }

    @Test
    void expIsWithinAnUlpOfStrictMathEverywhere() {
        SplittableRandom random = new SplittableRandom(1);
        long off = 0;
        int n = 2_000_000;
        for (int i = 0; i < n; i++) {
            double x = switch (i % 4) {
                case 0 -> i % 8 == 0 ? random.nextDouble(-746, -700) : random.nextDouble(-700, 710); // the whole range, subnormal results too
                case 1 -> random.nextDouble(-1, 1);
                case 2 -> random.nextDouble(-1e-6, 1e-6);
                default -> (i / 4 - n / 8) * (Math.log(2) / 128); // the table's own points
            };
            double want = StrictMath.exp(x);
            double got = Transcendental.exp(x);
            long u = ulps(want, got);
            assertTrue(u <= 1, () -> "exp(" + x + "): " + got + ", StrictMath " + want);
            off += u;
        }
        assertTrue(off < n / 5, off + " of " + n + " differ by an ulp"); // fdlibm's exp is off by one in about 1 of 10
        assertEquals(1.0, Transcendental.exp(0.0));
        assertEquals(1.0, Transcendental.exp(-0.0));
        assertEquals(Math.E, Transcendental.exp(1.0));
        assertEquals(Double.POSITIVE_INFINITY, Transcendental.exp(1000));
        assertEquals(0.0, Transcendental.exp(-1000));
        assertEquals(Double.POSITIVE_INFINITY, Transcendental.exp(Double.POSITIVE_INFINITY));
        assertEquals(0.0, Transcendental.exp(Double.NEGATIVE_INFINITY));
        assertTrue(Double.isNaN(Transcendental.exp(Double.NaN)));
        assertEquals(StrictMath.exp(709.782712893384), Transcendental.exp(709.782712893384)); // the largest finite result
        assertEquals(Double.POSITIVE_INFINITY, Transcendental.exp(709.79));
        assertEquals(Double.POSITIVE_INFINITY, Transcendental.exp(709.8));
        assertEquals(Double.MIN_VALUE, Transcendental.exp(-745.1)); // the smallest subnormal
        assertEquals(0.0, Transcendental.exp(-745.2));
        for (double x = -745.13; x < -700; x += 0.0137) { // subnormal results, rounded once
            assertTrue(ulps(StrictMath.exp(x), Transcendental.exp(x)) <= 1, "exp(" + x + ")");
        }
        for (double x = 700; x < 709.78; x += 0.00137) {
            assertTrue(ulps(StrictMath.exp(x), Transcendental.exp(x)) <= 1, "exp(" + x + ")");
        }
    }

    @Test
    void logIsWithinAnUlpOfStrictMathEverywhere() {
        SplittableRandom random = new SplittableRandom(2);
        long off = 0;
        int n = 2_000_000;
        for (int i = 0; i < n; i++) {
            double x = switch (i % 4) {
                case 0 -> Double.longBitsToDouble(random.nextLong(0x0010000000000000L, 0x7ff0000000000000L)); // any normal
                case 1 -> random.nextDouble(0.5, 2);
                case 2 -> 1 + random.nextDouble(-1e-3, 1e-3); // near 1: the result is small
                default -> i % 8 == 3 ? Double.longBitsToDouble(random.nextLong(1, 0x0010000000000000L)) : random.nextDouble(0, 1e-300); // subnormals
            };
            double want = StrictMath.log(x);
            double got = Transcendental.log(x);
            long u = ulps(want, got);
            assertTrue(u <= 1, () -> "log(" + x + "): " + got + ", StrictMath " + want);
            off += u;
        }
        assertTrue(off < n / 20, off + " of " + n + " differ by an ulp");
        assertEquals(0.0, Transcendental.log(1.0));
        assertEquals(Math.log(2), Transcendental.log(2.0));
        assertEquals(1.0, Transcendental.log(Math.E));
        assertEquals(Double.NEGATIVE_INFINITY, Transcendental.log(0.0));
        assertEquals(Double.NEGATIVE_INFINITY, Transcendental.log(-0.0));
        assertTrue(Double.isNaN(Transcendental.log(-1.0)));
        assertTrue(Double.isNaN(Transcendental.log(Double.NaN)));
        assertEquals(Double.POSITIVE_INFINITY, Transcendental.log(Double.POSITIVE_INFINITY));
        assertEquals(StrictMath.log(Double.MIN_VALUE), Transcendental.log(Double.MIN_VALUE));
        for (int k = -1074; k <= 1023; k++) { // powers of two: k ln 2, rounded once
            assertTrue(ulps(StrictMath.log(Math.scalb(1.0, k)), Transcendental.log(Math.scalb(1.0, k))) <= 1, "2^" + k);
        }
    }

    @Test
    void tanhIsWithinFourUlpsOfStrictMathAndOddAndBounded() {
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 2_000_000; i++) {
            double x = switch (i % 4) {
                case 0 -> random.nextDouble(-30, 30);
                case 1 -> random.nextDouble(-1.1, 1.1);
                case 2 -> random.nextDouble(-0.07, 0.07);
                default -> random.nextDouble(-1e-7, 1e-7);
            };
            double got = Transcendental.tanh(x);
            assertTrue(ulps(StrictMath.tanh(x), got) <= 4, () -> "tanh(" + x + "): " + got + ", StrictMath " + StrictMath.tanh(x));
            assertEquals(-got, Transcendental.tanh(-x));
            assertTrue(Math.abs(got) <= 1);
        }
        assertEquals(1.0, Transcendental.tanh(22));
        assertEquals(-1.0, Transcendental.tanh(Double.NEGATIVE_INFINITY));
        assertEquals(1.0, Transcendental.tanh(Double.POSITIVE_INFINITY));
        assertTrue(Double.isNaN(Transcendental.tanh(Double.NaN)));
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(Transcendental.tanh(-0.0)));
        assertEquals(Double.MIN_VALUE, Transcendental.tanh(Double.MIN_VALUE));
        assertEquals(1e-20, Transcendental.tanh(1e-20));
    }

    private static final java.math.MathContext DIGITS = new java.math.MathContext(50);
    private static final java.math.BigDecimal PI = new java.math.BigDecimal("3.14159265358979323846264338327950288419716939937510582");

    /** cos(2 pi u) to 50 digits: its Taylor series, in decimal arithmetic. */
    private static java.math.BigDecimal cos2piExact(double u) {
        java.math.BigDecimal x = PI.multiply(new java.math.BigDecimal(2 * u), DIGITS); // 2u is exact
        java.math.BigDecimal x2 = x.multiply(x, DIGITS);
        java.math.BigDecimal term = java.math.BigDecimal.ONE;
        java.math.BigDecimal sum = java.math.BigDecimal.ONE;
        for (int n = 2; n < 200; n += 2) {
            term = term.multiply(x2, DIGITS).divide(java.math.BigDecimal.valueOf((long) n * (n - 1)), DIGITS).negate();
            sum = sum.add(term, DIGITS);
            if (term.abs().compareTo(new java.math.BigDecimal("1e-45")) < 0) {
                break;
            }
        }
        return sum;
    }

    @Test
    void cos2piIsWithinAnUlpOfTheExactValue() {
        // the Box-Muller angle's uniforms are multiples of 2^-53 in [0, 1); near the zeros (u = 1/4, 3/4) the result is small
        // and still within an ulp of its own size, where cos(2 * Math.PI * u) is not
        SplittableRandom random = new SplittableRandom(5);
        List<Double> us = new java.util.ArrayList<>(List.of(0.0, 0.125, 0.25, 0.375, 0.5, 0.625, 0.75, 0.875, 1 - 0x1p-53, 0x1p-53, 1.0 / 3, 2.0 / 3));
        for (int k = 1; k <= 50; k++) {
            for (double q : new double[] {0.25, 0.5, 0.75}) {
                us.add(q + k * 0x1p-53);
                us.add(q - k * 0x1p-53);
            }
        }
        for (int i = 0; i < 4000; i++) {
            us.add((random.nextLong() >>> 11) * 0x1p-53);
        }
        double worst = 0;
        for (double u : us) {
            if (u == 0.25 || u == 0.75) {
                continue; // exactly 0 (the 50-digit pi leaves 1e-49): checked below
            }
            java.math.BigDecimal exact = cos2piExact(u);
            double got = Transcendental.cos2pi(u);
            double want = exact.doubleValue();
            double err = new java.math.BigDecimal(got).subtract(exact).abs().doubleValue() / Math.ulp(want);
            worst = Math.max(worst, err);
            assertTrue(err <= 1, () -> "cos2pi(" + u + ") = " + got + ", exactly " + exact.round(new java.math.MathContext(20)));
        }
        assertEquals(1.0, Transcendental.cos2pi(0.0));
        assertEquals(-1.0, Transcendental.cos2pi(0.5));
        assertEquals(0.0, Math.abs(Transcendental.cos2pi(0.25)));
        assertEquals(0.0, Math.abs(Transcendental.cos2pi(0.75)));
        assertTrue(worst > 0.05, "the test compares something: worst " + worst + " ulp");
    }

    @Test
    void nearlyEveryResultIsTheCorrectlyRoundedOne() throws Exception {
        int[] wrong = new int[3];
        int[] count = new int[3];
        try (var in = getClass().getResourceAsStream("/transcendental-reference.txt")) {
            for (String line : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII).split("\n")) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                String[] f = line.split(" ");
                double x = Double.parseDouble(f[1]);
                double want = Double.parseDouble(f[2]);
                int fn = java.util.List.of("exp", "log", "tanh").indexOf(f[0]);
                double got = switch (fn) {
                    case 0 -> Transcendental.exp(x);
                    case 1 -> Transcendental.log(x);
                    default -> Transcendental.tanh(x);
                };
                assertTrue(ulps(want, got) <= (fn == 2 ? 2 : 1), line + ": got " + Double.toHexString(got));
                count[fn]++;
                wrong[fn] += got == want ? 0 : 1;
            }
        }
        assertEquals(List.of(500, 500, 500), List.of(count[0], count[1], count[2]));
        assertTrue(wrong[0] <= 2 && wrong[1] <= 2 && wrong[2] <= 75, "not correctly rounded: exp " + wrong[0] + ", log " + wrong[1] + ", tanh "
                + wrong[2] + " of 500"); // tanh: 88% on 30,000 arguments (fdlibm's: 71%)
    }

    @Test
    void theTablesAreThePowersAndLogarithmsTheySayTheyAre() {
        for (int j = 0; j < 128; j++) { // exp at the table's points: 2^(j/128) within an ulp
            double x = j * (Math.log(2) / 128);
            assertTrue(ulps(StrictMath.pow(2, j / 128.0), Transcendental.exp(j * Math.log(2) / 128)) <= 1, "2^(" + j + "/128)");
            assertTrue(ulps(StrictMath.exp(x), Transcendental.exp(x)) <= 1);
        }
        for (int j = 91; j <= 181; j++) { // log at the centres j / 128
            double c = j / 128.0;
            assertTrue(ulps(StrictMath.log(c), Transcendental.log(c)) <= 1, "ln(" + j + "/128)");
        }
    }
}
