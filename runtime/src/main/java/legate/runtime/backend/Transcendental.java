package legate.runtime.backend;

/**
 * {@code exp}, {@code log} and {@code tanh} (and the normal distribution's {@code cos(2 pi u)}) in plain Java arithmetic: the same bits on every CPU and JIT (Java
 * never fuses a multiply and an add, and {@code + - * /} are IEEE operations everywhere), as
 * {@link StrictMath}'s, and faster: about 3 against 6-8 ns for exp, 6 against 11 for log (fdlibm's
 * exp has a division, its log is a native call on JDK 17). Both reduce the argument with a table of 128 entries and finish with a
 * short polynomial; the result is within an ulp of the exact value (the tests hold them to
 * StrictMath's within one ulp, on millions of arguments). Every argument is theirs, subnormals
 * and results near overflow and underflow included: nothing calls a library, so the GPU kernels
 * (gpu/src/main/cuda/lg_math.h, the same steps in C with these tables, compiled without fused
 * multiply-adds) give the same bits.
 *
 * <p>The tables hold {@code 2^(j/128)} and {@code ln(j/128)} each as the sum of two doubles,
 * computed to 60 digits (Python's {@code decimal}) when this file was written; the tests check
 * them against StrictMath, and the gpu module's tests check lg_math.h's copy against them.
 */
public final class Transcendental {
    private Transcendental() {
    }

    /** 1.5 * 2^52: adding it and taking it away rounds a double below 2^51 to an integer (ties to even). */
    private static final double SHIFT = 0x1.8p52;
    /** 128 / ln 2. */
    private static final double INV_LN2_128 = 0x1.71547652b82fep+7;
    /** ln 2 / 128 as HI + LO; HI has 32 significant bits, so k * HI is exact for |k| < 2^21. */
    private static final double LN2_128_HI = 0x1.62e42ff000000p-8;
    private static final double LN2_128_LO = -0x1.718432a1b0e26p-42;
    /** ln 2 as HI + LO; HI is a multiple of 2^-42, as {@link #LOG_C_HI}'s entries: their sums are exact. */
    private static final double LN2_HI = 0x1.62e42fefa3800p-1;
    private static final double LN2_LO = 0x1.ef35793c76730p-45;
    /** The square root of 2 as a double's mantissa bits: a mantissa above it is halved (the exponent goes up one). */
    private static final long SQRT2_MANTISSA = 0x6a09e667f3bcdL;
    /** 128 / j for j = 90 .. 181 (the centres j / 128 of {@link #LOG_C_HI}). */
    private static final double[] LOG_INV_C = new double[92];

    static {
        for (int j = 90; j <= 181; j++) {
            LOG_INV_C[j - 90] = 128.0 / j;
        }
    }

    /**
     * e^x, within an ulp: {@code 2^(k/128) * e^r} with {@code k = round(x * 128 / ln 2)}, {@code |r| <= ln 2 / 256}.
     * Past |x| = 700 the power of two is applied in two steps, each exact but the last, which
     * rounds once into the subnormals below or overflows above.
     */
    public static double exp(double x) {
        if (!(Math.abs(x) < 700)) {
            if (x != x) {
                return x;
            } else if (x >= 710) { // e^709.79 is the largest double
                return Double.POSITIVE_INFINITY;
            } else if (x <= -746) { // e^-745.14 is half the smallest subnormal
                return 0.0;
            }
        }
        double kd = (x * INV_LN2_128 + SHIFT) - SHIFT;
        long k = (long) kd;
        double r = (x - kd * LN2_128_HI) - kd * LN2_128_LO; // the first difference is exact
        double p = expPoly(r);
        int j = (int) (k & 127);
        double t = EXP_HI[j];
        double y = t + (EXP_LO[j] + t * p);
        long e = k >> 7;
        if (e > 1000) { // up to 2^1024: 2^(e-1) then 2, which overflows or not
            return y * pow2(e - 1) * 2.0;
        } else if (e < -1000) { // down to 2^-1077: 2^(e+64), exact, then 2^-64, rounding once into the subnormals
            return y * pow2(e + 64) * 0x1p-64;
        }
        return y * pow2(e); // 2^(k div 128), a normal number
    }

    /** e^r - 1 for |r| <= ln 2 / 256, by its Taylor series to r^5 (the next term is below 2^-60). */
    private static double expPoly(double r) {
        return r + r * r * (0.5 + r * (0x1.5555555555555p-3 + r * (0x1.5555555555555p-5 + r * 0x1.1111111111111p-7)));
    }

    /** 2^e, for -1022 <= e <= 1023 (a normal number). */
    private static double pow2(long e) {
        return Double.longBitsToDouble((e + 1023) << 52);
    }

    /**
     * e^y - 1 for 0 <= y < 2 (what {@link #tanh} needs), accurate relative to the result: {@code
     * 2^(k/128) (1 + p) - 1} as {@code (2^(k div 128) T_hi - 1)}, exact, plus the small terms.
     */
    private static double expm1Below2(double y) {
        double kd = (y * INV_LN2_128 + SHIFT) - SHIFT;
        long k = (long) kd;
        double r = (y - kd * LN2_128_HI) - kd * LN2_128_LO;
        double p = expPoly(r);
        if (k == 0) {
            return p;
        }
        int j = (int) (k & 127);
        double scale = pow2(k >> 7); // 1, 2 or 4
        double th = EXP_HI[j];
        double tl = EXP_LO[j];
        return (scale * th - 1) + scale * (tl + (th * p + tl * p)); // the first difference is exact
    }

    /**
     * tanh x, within 2 ulps: {@code 1 - 2 / (e^(2|x|) + 1)} from |x| = 1 on, {@code t / (t + 2)} with
     * {@code t = e^(2|x|) - 1} below it (no cancellation), its Taylor series below 1/16, x itself
     * below 2^-28, and ±1 from 22 on.
     */
    public static double tanh(double x) {
        double a = Math.abs(x);
        double t;
        if (a >= 1) {
            if (!(a < 22)) { // and NaN
                return x != x ? x : Math.copySign(1.0, x);
            }
            t = 1 - 2 / (exp(2 * a) + 1);
        } else if (a >= 0x1p-4) {
            double e = expm1Below2(2 * a);
            t = e / (e + 2);
        } else if (a >= 0x1p-28) { // its Taylor series to a^15: the next term is below 2^-60 relative
            double a2 = a * a;
            t = a + a * a2 * (-0x1.5555555555555p-2 + a2 * (0x1.1111111111111p-3 + a2 * (-0x1.ba1ba1ba1ba1cp-5
                    + a2 * (0x1.664f4882c10fap-6 + a2 * (-0x1.226e355e6c23dp-7 + a2 * (0x1.d6d3d0e157de0p-9 + a2 * -0x1.7da36452b75e3p-10))))));
        } else {
            return x; // tanh x = x - x^3/3 + ...: x to the last bit (and -0 stays -0)
        }
        return Math.copySign(t, x);
    }

    /** pi / 2 as HI + LO; HI as HH + HL, each of 26 significant bits or fewer (Veltkamp's split). */
    private static final double PIO2_HI = 0x1.921fb54442d18p+0;
    private static final double PIO2_LO = 0x1.1a62633145c07p-54;
    private static final double PIO2_HH = 0x1.921fb58000000p+0;
    private static final double PIO2_HL = -0x1.dde9740000000p-27;
    /** -(pi / 2)^2 / 2, cos's first coefficient, as HI + LO; HI as HH + HL. */
    private static final double C2_HI = -0x1.3bd3cc9be45dep+0;
    private static final double C2_LO = -0x1.692b71366cc04p-54;
    private static final double C2_HH = -0x1.3bd3cc8000000p+0;
    private static final double C2_HL = -0x1.be45de0000000p-28;
    /** 2^27 + 1: Veltkamp's split of a double into two halves whose products are exact. */
    private static final double SPLIT = 0x1.0000002p27;

    /**
     * cos(2 pi u) for u in [0, 1), within an ulp (the normal distribution's Box-Muller angle):
     * {@code 4u = q + r} exactly, q the nearest whole quarter turn and |r| <= 1/2, then the sine or
     * cosine of {@code r pi / 2} by its Taylor series (to r^19 and r^18: the next terms are below
     * 2^-60 of the result), signed by the quadrant. No argument reduction by a rounded pi: more
     * accurate than {@code cos(2 * Math.PI * u)}, whose rounded argument is far from the angle's
     * zero near u = 1/4 and 3/4.
     */
    public static double cos2pi(double u) {
        double t = 4 * u; // exact
        int q = (int) (t + 0.5);
        double r = t - q; // exact
        double r2 = r * r;
        double rh = upper(r); // r = rh + rl, halves whose products are exact
        double rl = r - rh;
        if ((q & 1) == 0) { // cos(r pi / 2), negated in the second half turn
            // 1 + C2 r^2 + ...: C2 r^2 (up to -0.31) as p + e exactly, from r^2 = r2 + r2e and C2 = C2_HI + C2_LO (Dekker's
            // products), and 1 + p's rounding error carried into the small terms: within half an ulp and a little
            double r2e = ((rh * rh - r2) + 2 * rh * rl) + rl * rl;
            double ah = upper(r2);
            double p = r2 * C2_HI;
            double e = productError(ah, r2 - ah, p, C2_HH, C2_HL);
            double w = 1 + p;
            double tail = ((1 - w) + p) + (e + (C2_HI * r2e + C2_LO * r2) + r2 * r2 * (0x1.03c1f081b5ac4p-2 + r2 * (-0x1.55d3c7e3cbffap-6
                    + r2 * (0x1.e1f506891babbp-11 + r2 * (-0x1.a6d1f2a204a8cp-16 + r2 * (0x1.f9d38a3763cc3p-22 + r2 * (-0x1.b6e24f44b128fp-28
                    + r2 * (0x1.20c62c2f2d7f5p-34 + r2 * -0x1.2a0c591af8314p-41))))))));
            double c = w + tail;
            return (q & 2) == 0 ? c : -c;
        }
        // r * PIO2_HI as p + e exactly (Dekker's product: p alone, a binade above the result, would cost up to an ulp)
        double p = r * PIO2_HI;
        double e = productError(rh, rl, p, PIO2_HH, PIO2_HL);
        double s = p + (e + r * PIO2_LO + r * r2 * (-0x1.4abbce625be53p-1 + r2 * (0x1.466bc6775aae2p-4 + r2 * (-0x1.32d2cce62bd86p-8
                + r2 * (0x1.50783487ee782p-13 + r2 * (-0x1.e3074fde8871fp-19 + r2 * (0x1.e8f434d018d63p-25 + r2 * (-0x1.6fadb9f155744p-31
                + r2 * (0x1.aaec32af93359p-38 + r2 * -0x1.8a404211f9547p-45)))))))));
        return (q & 2) == 0 ? -s : s; // cos(pi/2 + x) = -sin x; cos(3 pi / 2 + x) = sin x
    }

    /** The upper half of x's significand (Veltkamp's split): x - upper(x) is exact, and products of halves are. */
    private static double upper(double x) {
        double h = x * SPLIT;
        return h - (h - x);
    }

    /** (ah + al)(hh + hl) - p, exactly, for p that product rounded (Dekker's product, from the factors' halves). */
    private static double productError(double ah, double al, double p, double hh, double hl) {
        return ((ah * hh - p) + ah * hl + al * hh) + al * hl;
    }

    /**
     * ln x, within an ulp: {@code x = 2^e * m} with m in [sqrt(2)/2, sqrt(2)), {@code c = j / 128}
     * the table's centre nearest m, {@code ln x = e ln 2 + ln c + ln(1 + (m - c) / c)}. Within 1/32
     * of 1, where those terms would cancel, the series of {@code ln(1 + f)} alone, {@code f = x - 1}.
     */
    public static double log(double x) {
        long bits = Double.doubleToRawLongBits(x);
        int scale = 0;
        if (bits < 0x0010000000000000L || bits >= 0x7ff0000000000000L) { // negatives, zeros, subnormals, infinity, NaN
            if (x != x || x == Double.POSITIVE_INFINITY) {
                return x;
            } else if (x == 0) {
                return Double.NEGATIVE_INFINITY;
            } else if (x < 0) {
                return Double.NaN;
            }
            bits = Double.doubleToRawLongBits(x * 0x1p54); // a subnormal made normal, exactly
            scale = -54;
        }
        double f = x - 1; // exact near 1
        if (Math.abs(f) < 0x1p-5) { // to f^13: the next term is below 2^-68 relative to the result
            return f + f * f * (-0.5 + f * (0x1.5555555555555p-2 + f * (-0.25 + f * (0x1.999999999999ap-3 + f * (-0x1.5555555555555p-3
                    + f * (0x1.2492492492492p-3 + f * (-0.125 + f * (0x1.c71c71c71c71cp-4 + f * (-0x1.999999999999ap-4
                    + f * (0x1.745d1745d1746p-4 + f * (-0x1.5555555555555p-4 + f * 0x1.3b13b13b13b14p-4)))))))))));
        }
        int e = (int) (bits >>> 52) - 1023 + scale;
        long mantissa = bits & 0x000fffffffffffffL;
        long exponent = 0x3ff0000000000000L;
        if (mantissa > SQRT2_MANTISSA) {
            exponent = 0x3fe0000000000000L; // m / 2
            e++;
        }
        double m = Double.longBitsToDouble(mantissa | exponent);
        int j = (int) (m * 128 + 0.5); // 90 .. 181
        double d = m - j * 0x1p-7; // exact: m and j/128 differ by at most 1/256
        double r = d * LOG_INV_C[j - 90]; // |r| < 0.0056
        // ln(1 + r) by its Taylor series to r^8 (the next term is below 2^-62 relative to any result here)
        double p = r + r * r * (-0.5 + r * (0x1.5555555555555p-2 + r * (-0.25 + r * (0x1.999999999999ap-3 + r * (-0x1.5555555555555p-3
                + r * (0x1.2492492492492p-3 + r * -0.125))))));
        double hi = e * LN2_HI + LOG_C_HI[j - 90]; // exact: multiples of 2^-42 below 2^11
        double lo = e * LN2_LO + LOG_C_LO[j - 90];
        return hi + (lo + p);
    }

    private static final double[] EXP_HI = {
        0x1.0000000000000p+0, 0x1.0163da9fb3335p+0, 0x1.02c9a3e778061p+0, 0x1.04315e86e7f85p+0,
        0x1.059b0d3158574p+0, 0x1.0706b29ddf6dep+0, 0x1.0874518759bc8p+0, 0x1.09e3ecac6f383p+0,
        0x1.0b5586cf9890fp+0, 0x1.0cc922b7247f7p+0, 0x1.0e3ec32d3d1a2p+0, 0x1.0fb66affed31bp+0,
        0x1.11301d0125b51p+0, 0x1.12abdc06c31ccp+0, 0x1.1429aaea92de0p+0, 0x1.15a98c8a58e51p+0,
        0x1.172b83c7d517bp+0, 0x1.18af9388c8deap+0, 0x1.1a35beb6fcb75p+0, 0x1.1bbe084045cd4p+0,
        0x1.1d4873168b9aap+0, 0x1.1ed5022fcd91dp+0, 0x1.2063b88628cd6p+0, 0x1.21f49917ddc96p+0,
        0x1.2387a6e756238p+0, 0x1.251ce4fb2a63fp+0, 0x1.26b4565e27cddp+0, 0x1.284dfe1f56381p+0,
        0x1.29e9df51fdee1p+0, 0x1.2b87fd0dad990p+0, 0x1.2d285a6e4030bp+0, 0x1.2ecafa93e2f56p+0,
        0x1.306fe0a31b715p+0, 0x1.32170fc4cd831p+0, 0x1.33c08b26416ffp+0, 0x1.356c55f929ff1p+0,
        0x1.371a7373aa9cbp+0, 0x1.38cae6d05d866p+0, 0x1.3a7db34e59ff7p+0, 0x1.3c32dc313a8e5p+0,
        0x1.3dea64c123422p+0, 0x1.3fa4504ac801cp+0, 0x1.4160a21f72e2ap+0, 0x1.431f5d950a897p+0,
        0x1.44e086061892dp+0, 0x1.46a41ed1d0057p+0, 0x1.486a2b5c13cd0p+0, 0x1.4a32af0d7d3dep+0,
        0x1.4bfdad5362a27p+0, 0x1.4dcb299fddd0dp+0, 0x1.4f9b2769d2ca7p+0, 0x1.516daa2cf6642p+0,
        0x1.5342b569d4f82p+0, 0x1.551a4ca5d920fp+0, 0x1.56f4736b527dap+0, 0x1.58d12d497c7fdp+0,
        0x1.5ab07dd485429p+0, 0x1.5c9268a5946b7p+0, 0x1.5e76f15ad2148p+0, 0x1.605e1b976dc09p+0,
        0x1.6247eb03a5585p+0, 0x1.6434634ccc320p+0, 0x1.6623882552225p+0, 0x1.68155d44ca973p+0,
        0x1.6a09e667f3bcdp+0, 0x1.6c012750bdabfp+0, 0x1.6dfb23c651a2fp+0, 0x1.6ff7df9519484p+0,
        0x1.71f75e8ec5f74p+0, 0x1.73f9a48a58174p+0, 0x1.75feb564267c9p+0, 0x1.780694fde5d3fp+0,
        0x1.7a11473eb0187p+0, 0x1.7c1ed0130c132p+0, 0x1.7e2f336cf4e62p+0, 0x1.80427543e1a12p+0,
        0x1.82589994cce13p+0, 0x1.8471a4623c7adp+0, 0x1.868d99b4492edp+0, 0x1.88ac7d98a6699p+0,
        0x1.8ace5422aa0dbp+0, 0x1.8cf3216b5448cp+0, 0x1.8f1ae99157736p+0, 0x1.9145b0b91ffc6p+0,
        0x1.93737b0cdc5e5p+0, 0x1.95a44cbc8520fp+0, 0x1.97d829fde4e50p+0, 0x1.9a0f170ca07bap+0,
        0x1.9c49182a3f090p+0, 0x1.9e86319e32323p+0, 0x1.a0c667b5de565p+0, 0x1.a309bec4a2d33p+0,
        0x1.a5503b23e255dp+0, 0x1.a799e1330b358p+0, 0x1.a9e6b5579fdbfp+0, 0x1.ac36bbfd3f37ap+0,
        0x1.ae89f995ad3adp+0, 0x1.b0e07298db666p+0, 0x1.b33a2b84f15fbp+0, 0x1.b59728de5593ap+0,
        0x1.b7f76f2fb5e47p+0, 0x1.ba5b030a1064ap+0, 0x1.bcc1e904bc1d2p+0, 0x1.bf2c25bd71e09p+0,
        0x1.c199bdd85529cp+0, 0x1.c40ab5fffd07ap+0, 0x1.c67f12e57d14bp+0, 0x1.c8f6d9406e7b5p+0,
        0x1.cb720dcef9069p+0, 0x1.cdf0b555dc3fap+0, 0x1.d072d4a07897cp+0, 0x1.d2f87080d89f2p+0,
        0x1.d5818dcfba487p+0, 0x1.d80e316c98398p+0, 0x1.da9e603db3285p+0, 0x1.dd321f301b460p+0,
        0x1.dfc97337b9b5fp+0, 0x1.e264614f5a129p+0, 0x1.e502ee78b3ff6p+0, 0x1.e7a51fbc74c83p+0,
        0x1.ea4afa2a490dap+0, 0x1.ecf482d8e67f1p+0, 0x1.efa1bee615a27p+0, 0x1.f252b376bba97p+0,
        0x1.f50765b6e4540p+0, 0x1.f7bfdad9cbe14p+0, 0x1.fa7c1819e90d8p+0, 0x1.fd3c22b8f71f1p+0,
    };

    private static final double[] EXP_LO = {
        0x0.0p+0, 0x1.b61299ab8cdb7p-54, -0x1.19083535b085dp-56, -0x1.0a31c1977c96ep-54,
        0x1.d73e2a475b465p-55, -0x1.c91dfe2b13c27p-55, 0x1.186be4bb284ffp-57, 0x1.1487818316136p-54,
        0x1.8a62e4adc610bp-54, 0x1.01edc16e24f71p-54, 0x1.03a1727c57b53p-59, -0x1.b9bedc44ebd7bp-57,
        -0x1.6c51039449b3ap-54, -0x1.1b514b36ca5c7p-58, -0x1.32fbf9af1369ep-54, 0x1.2406ab9eeab0ap-55,
        -0x1.19041b9d78a76p-55, -0x1.11023d1970f6cp-54, 0x1.e5b4c7b4968e4p-55, -0x1.95386352ef607p-54,
        0x1.e016e00a2643cp-54, -0x1.1df98027bb78cp-54, 0x1.dc775814a8495p-55, 0x1.2a97e9494a5eep-55,
        0x1.9b07eb6c70573p-54, 0x1.ac155bef4f4a4p-55, 0x1.2bd339940e9d9p-55, -0x1.a4c3a8c3f0d7ep-54,
        0x1.612e8afad1255p-55, -0x1.10adcd6381aa4p-59, 0x1.0024754db41d5p-54, 0x1.1ca0f45d52383p-56,
        0x1.6f46ad23182e4p-55, 0x1.a9ce78e18047cp-55, 0x1.32721843659a6p-54, -0x1.b5cee5c4e4628p-55,
        -0x1.63aeabf42eae2p-54, -0x1.e958d3c9904bdp-54, -0x1.5e436d661f5e3p-56, -0x1.efff8375d29c3p-54,
        0x1.ada0911f09ebcp-55, -0x1.7d023f956f9f3p-54, -0x1.ef3691c309278p-58, -0x1.1c7dde35f7999p-55,
        0x1.89b7a04ef80d0p-59, 0x1.c944bd1648a76p-54, 0x1.3c1a3b69062f0p-56, 0x1.9cb62f3d1be56p-54,
        0x1.d4397afec42e2p-56, 0x1.8ecdbbc6a7833p-54, -0x1.4b309d25957e3p-54, -0x1.f768569bd93efp-55,
        -0x1.07abe1db13cadp-55, -0x1.d689cefede59bp-55, 0x1.9bb2c011d93adp-54, 0x1.295e15b9a1de8p-55,
        0x1.6324c054647adp-54, 0x1.c4b1b816986a2p-60, 0x1.ba6f93080e65ep-54, -0x1.3e2429b56de47p-54,
        -0x1.383c17e40b497p-54, -0x1.c483c759d8933p-55, -0x1.bb60987591c34p-54, 0x1.038ae44f73e65p-57,
        -0x1.bdd3413b26456p-54, -0x1.2895667ff0b0dp-56, -0x1.bbe3a683c88abp-57, -0x1.83c0f25860ef6p-55,
        -0x1.16e4786887a99p-55, -0x1.0a8d96c65d53cp-54, -0x1.0245957316dd3p-54, 0x1.866b80a02162dp-54,
        -0x1.41577ee04992fp-55, 0x1.f124cd1164dd6p-54, 0x1.05d02ba15797ep-56, -0x1.27c86626d972bp-54,
        -0x1.d4c1dd41532d8p-54, -0x1.8d684a341cdfbp-55, -0x1.fc6f89bd4f6bap-54, 0x1.994c2f37cb53ap-54,
        0x1.6e9f156864b27p-54, -0x1.0d55e32e9e3aap-56, 0x1.5cc13a2e3976cp-55, -0x1.dd6792e582524p-54,
        -0x1.75fc781b57ebcp-57, -0x1.64b7c96a5f039p-56, -0x1.d185b7c1b85d1p-54, -0x1.173bd91cee632p-54,
        0x1.c7c46b071f2bep-56, 0x1.824ca78e64c6ep-56, -0x1.359495d1cd533p-54, 0x1.6305c7ddc36abp-54,
        -0x1.d2f6edb8d41e1p-54, 0x1.bcb7ecac563c7p-54, 0x1.0fac90ef7fd31p-54, -0x1.f9234cae76cd0p-55,
        0x1.7a1cd345dcc81p-54, -0x1.bdef54c80e425p-54, -0x1.2805e3084d708p-57, -0x1.c71dfbbba6de3p-54,
        -0x1.5584f7e54ac3bp-56, -0x1.efcd30e54292ep-54, 0x1.23dd07a2d9e84p-55, -0x1.efdca3f6b9c73p-54,
        0x1.11065895048ddp-55, 0x1.b4537e083c60ap-54, 0x1.2884dff483cadp-54, 0x1.1acbc48805c44p-56,
        0x1.503cbd1e949dbp-56, -0x1.dd83b53829d72p-55, -0x1.cbc3743797a9cp-54, -0x1.d487b719d8578p-54,
        0x1.2ed02d75b3707p-55, -0x1.11ec18beddfe8p-54, 0x1.c2300696db532p-54, 0x1.2da5778f018c3p-54,
        -0x1.1a5cd4f184b5cp-54, -0x1.7b627817a1496p-54, 0x1.39e8980a9cc8fp-55, 0x1.2d522ca0c8de2p-54,
        -0x1.e9c23179c2893p-54, -0x1.c93f3b411ad8cp-54, 0x1.dc7f486a4b6b0p-54, 0x1.3a1a5bf0d8e43p-54,
        0x1.9d3e12dd8a18bp-54, -0x1.dbb12d006350ap-54, 0x1.74853f3a5931ep-55, 0x1.2eb74966579e7p-57,
    };

    private static final double[] LOG_C_HI = {
        -0x1.68ac83e9c7000p-2, -0x1.5d5bddf596000p-2, -0x1.522ae0738a000p-2, -0x1.4718dc271c000p-2,
        -0x1.3c25277333000p-2, -0x1.314f1e1d36000p-2, -0x1.269621134e000p-2, -0x1.1bf99635a7000p-2,
        -0x1.1178e8227e000p-2, -0x1.07138604d6000p-2, -0x1.f991c6cb3c000p-3, -0x1.e530effe72000p-3,
        -0x1.d1037f2656000p-3, -0x1.bd087383be000p-3, -0x1.a93ed3c8ae000p-3, -0x1.95a5adcf70000p-3,
        -0x1.823c16551a000p-3, -0x1.6f0128b756000p-3, -0x1.5bf406b544000p-3, -0x1.4913d8333c000p-3,
        -0x1.365fcb015a000p-3, -0x1.23d712a49c000p-3, -0x1.1178e8227e000p-3, -0x1.fe89139dbc000p-4,
        -0x1.da72763844000p-4, -0x1.b6ac88dad4000p-4, -0x1.9335e5d594000p-4, -0x1.700d30aeac000p-4,
        -0x1.4d3115d208000p-4, -0x1.2aa04a4470000p-4, -0x1.08598b59e4000p-4, -0x1.ccb73cddd8000p-5,
        -0x1.894aa149f8000p-5, -0x1.466aed42e0000p-5, -0x1.0415d89e78000p-5, -0x1.8492528c90000p-6,
        -0x1.0205658930000p-6, -0x1.0101575880000p-7, 0x0.0p+0, 0x1.fe02a6b100000p-8,
        0x1.fc0a8b0fc0000p-7, 0x1.7b91b07d60000p-6, 0x1.f829b0e780000p-6, 0x1.39e87b9fe8000p-5,
        0x1.77458f6330000p-5, 0x1.b42dd71198000p-5, 0x1.f0a30c0118000p-5, 0x1.16536eea38000p-4,
        0x1.341d7961bc000p-4, 0x1.51b073f060000p-4, 0x1.6f0d28ae58000p-4, 0x1.8c345d6318000p-4,
        0x1.a926d3a4ac000p-4, 0x1.c5e548f5bc000p-4, 0x1.e27076e2b0000p-4, 0x1.fec9131dc0000p-4,
        0x1.0d77e7cd08000p-3, 0x1.1b72ad52f6000p-3, 0x1.29552f8200000p-3, 0x1.371fc201e8000p-3,
        0x1.44d2b6ccb8000p-3, 0x1.526e5e3a1c000p-3, 0x1.5ff3070a7a000p-3, 0x1.6d60fe719e000p-3,
        0x1.7ab890210e000p-3, 0x1.87fa06520c000p-3, 0x1.9525a9cf46000p-3, 0x1.a23bc1fe2c000p-3,
        0x1.af3c94e80c000p-3, 0x1.bc286742d8000p-3, 0x1.c8ff7c79aa000p-3, 0x1.d5c216b4fc000p-3,
        0x1.e27076e2b0000p-3, 0x1.ef0adcbdc6000p-3, 0x1.fb9186d5e4000p-3, 0x1.0402594b4d000p-2,
        0x1.0a324e2739000p-2, 0x1.1058bf9ae5000p-2, 0x1.1675cababa000p-2, 0x1.1c898c169a000p-2,
        0x1.22941fbcf8000p-2, 0x1.2895a13de8000p-2, 0x1.2e8e2bae12000p-2, 0x1.347dd9a988000p-2,
        0x1.3a64c55694000p-2, 0x1.404308686a000p-2, 0x1.4618bc21c6000p-2, 0x1.4be5f95778000p-2,
        0x1.51aad872e0000p-2, 0x1.5767717456000p-2, 0x1.5d1bdbf581000p-2, 0x1.62c82f2b9c000p-2,
    };

    private static final double[] LOG_C_LO = {
        0x1.7af966c548a30p-44, 0x1.a0b2a08a465dcp-47, -0x1.ebe708164c759p-45, -0x1.06c18fb4c14c5p-44,
        -0x1.83b54b606bd5cp-46, 0x1.8e27ad3213cb8p-45, 0x1.1b61f10522625p-44, 0x1.1ac89575c2125p-44,
        -0x1.1ef78ce2d07f2p-44, 0x1.e76324e912b17p-44, 0x1.90d04cd7cc834p-44, 0x1.fdbdbb13f7c18p-44,
        0x1.84a7e75b6f6e4p-47, 0x1.d4bc4595412b6p-45, 0x1.8724350562169p-45, -0x1.7f22858a0ff6fp-47,
        -0x1.e0ddb9a631e83p-46, -0x1.577390d31ef0fp-44, 0x1.27023eb68981cp-46, 0x1.53e43558124c4p-44,
        0x1.fd3a0afb9691bp-44, -0x1.00d238fd3df5cp-46, -0x1.1ef78ce2d07f2p-45, -0x1.56594d82f7a82p-44,
        -0x1.a89401fa71733p-46, -0x1.b1bdff50225c7p-44, -0x1.3115c3abd47dap-45, -0x1.c1e8da99ded32p-49,
        0x1.53a2582f4e1efp-48, -0x1.7a48ba8b1cb41p-44, 0x1.7e5dd7009902cp-46, -0x1.965c36e09f5fep-44,
        -0x1.9a19a8be97661p-44, 0x1.c167375bdfd28p-45, 0x1.dddc7f461c516p-44, 0x1.aa0ba325a0c34p-45,
        -0x1.611d27c8e8417p-44, -0x1.bce251998b506p-44, 0x0.0p+0, 0x1.9e23f0dda40e4p-46,
        0x1.f1e7cf6d3a69cp-50, -0x1.3b955b602ace4p-44, 0x1.980267c7e09e4p-45, 0x1.eafd480ad9015p-44,
        -0x1.181dce586af09p-44, -0x1.c827ae5d6704cp-46, -0x1.d599e83368e91p-45, -0x1.47c5e768fa309p-46,
        0x1.1d09299837610p-44, 0x1.83f69278e686ap-44, -0x1.4b4641b664613p-44, 0x1.b20f5acb42a66p-44,
        0x1.563650bd22a9cp-44, 0x1.d0c57585fbe06p-46, -0x1.a342c2af0003cp-45, -0x1.54555d1ae6607p-44,
        0x1.cb2cd2ee2f482p-44, 0x1.e80a41811a396p-45, -0x1.5b967f4471dfcp-44, 0x1.ee8779b2d8abcp-44,
        -0x1.70cc16135783cp-46, -0x1.790ba37fc5238p-44, -0x1.8586f183bebf2p-44, -0x1.bc6e557134767p-44,
        -0x1.bdb9072534a58p-45, 0x1.22120401202fcp-44, -0x1.297137d9f158fp-44, -0x1.539cd91dc9f0bp-44,
        -0x1.a4e633fcd9066p-52, 0x1.9ac53f39d121cp-44, -0x1.7794f689f8434p-45, -0x1.1ba91bbca681bp-45,
        -0x1.a342c2af0003cp-44, -0x1.b26b79c86af24p-45, -0x1.d572aab993c87p-47, 0x1.036b89ef42d7fp-48,
        0x1.c6bee7ef4030ep-47, -0x1.4ab9d817d52cdp-44, 0x1.8380e731f55c4p-44, -0x1.81410e5c62affp-44,
        -0x1.a6976f5eb0963p-44, 0x1.a8d7ad24c13f0p-44, -0x1.67b1e99b72bd8p-45, -0x1.5594dd4c58092p-45,
        0x1.7a71cbcd735d0p-44, 0x1.f8ef43049f7d3p-44, -0x1.3d82f484c84ccp-46, -0x1.d7c92cd9ad824p-44,
        -0x1.f4bd8db0a7cc1p-44, -0x1.64ead9524d7cap-44, -0x1.8d6bdc9c7c238p-44, 0x1.e54bdbd7c8a98p-44,
    };

}
