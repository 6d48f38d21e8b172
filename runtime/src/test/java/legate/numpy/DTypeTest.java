package legate.numpy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import legate.runtime.store.Buffer;
import org.junit.jupiter.api.Test;

/**
 * The fourteen dtypes: NumPy's promotion table, integer wrap-around, uint64 read as unsigned,
 * float16 rounding, complex arithmetic, printing, and the same results on 1, 2 and 3 ranks.
 */
class DTypeTest {
    /** np.promote_types(row, column) for NumPy's names in DType's order, printed by NumPy 1.24. */
    private static final String NUMPY_PROMOTION = """
            float64:float64,float64,float64,float64,float64,float64,float64,float64,float64,float64,float64,float64,complex128,complex128
            float32:float64,float32,float64,float64,float32,float32,float32,float32,float64,float64,float32,float32,complex64,complex128
            int64:float64,float64,int64,int64,int64,float64,int64,int64,float64,int64,int64,int64,complex128,complex128
            int32:float64,float64,int64,int32,int32,float64,int32,int32,float64,int64,int32,int32,complex128,complex128
            bool:float64,float32,int64,int32,bool,float16,int16,int8,uint64,uint32,uint16,uint8,complex64,complex128
            float16:float64,float32,float64,float64,float16,float16,float32,float16,float64,float64,float32,float16,complex64,complex128
            int16:float64,float32,int64,int32,int16,float32,int16,int16,float64,int64,int32,int16,complex64,complex128
            int8:float64,float32,int64,int32,int8,float16,int16,int8,float64,int64,int32,int16,complex64,complex128
            uint64:float64,float64,float64,float64,uint64,float64,float64,float64,uint64,uint64,uint64,uint64,complex128,complex128
            uint32:float64,float64,int64,int64,uint32,float64,int64,int64,uint64,uint32,uint32,uint32,complex128,complex128
            uint16:float64,float32,int64,int32,uint16,float32,int32,int32,uint64,uint32,uint16,uint16,complex64,complex128
            uint8:float64,float32,int64,int32,uint8,float16,int16,int16,uint64,uint32,uint16,uint8,complex64,complex128
            complex64:complex128,complex64,complex128,complex128,complex64,complex64,complex64,complex64,complex128,complex128,complex64,complex64,complex64,complex128
            complex128:complex128,complex128,complex128,complex128,complex128,complex128,complex128,complex128,complex128,complex128,complex128,complex128,complex128,complex128
            """;

    @Test
    void promotionIsNumPys() {
        DType[] all = DType.values();
        String[] rows = NUMPY_PROMOTION.strip().split("\n");
        assertEquals(all.length, rows.length);
        for (int i = 0; i < all.length; i++) {
            String[] parts = rows[i].split(":");
            assertEquals(parts[0], all[i].toString());
            String[] want = parts[1].split(",");
            for (int j = 0; j < all.length; j++) {
                assertEquals(want[j], DType.promote(all[i], all[j]).toString(), all[i] + " with " + all[j]);
                // and the arrays themselves: a sum's dtype
                assertEquals(want[j], np.zeros(all[i], 2).add(np.zeros(all[j], 2)).dtype().toString(), all[i] + " + " + all[j]);
            }
        }
    }

    @Test
    void everyHalfRoundTripsAndRoundsToEven() {
        for (int h = 0; h < 0x10000; h++) {
            double d = Buffer.halfToDouble((short) h);
            if (Double.isNaN(d)) {
                assertTrue(Double.isNaN(Buffer.halfToDouble(Buffer.doubleToHalf(d))));
                continue;
            }
            assertEquals((short) h, Buffer.doubleToHalf(d), "half bits " + Integer.toHexString(h));
            int next = h + 1;
            if ((h & 0x7fff) < 0x7bff) { // halfway to the next finite half of the same sign: the even one
                double mid = (d + Buffer.halfToDouble((short) next)) / 2;
                short even = (h & 1) == 0 ? (short) h : (short) next;
                assertEquals(even, Buffer.doubleToHalf(mid), "halfway above " + Integer.toHexString(h));
            }
        }
        assertEquals(0x7c00, Buffer.doubleToHalf(65520.0) & 0xffff, "halfway past the largest half is infinity");
        assertEquals(0x7bff, Buffer.doubleToHalf(65519.99) & 0xffff);
        assertEquals(0x0001, Buffer.doubleToHalf(0x1p-24 * 0.50000001) & 0xffff, "the smallest subnormal");
        assertEquals(0x0000, Buffer.doubleToHalf(0x1p-24 * 0.5) & 0xffff, "a tie to the even zero");
    }

    @Test
    void integersWrapAndUnsigned64IsUnsigned() {
        for (long[] r : LocalRanks.run(2, 1, 16, rank -> {
            NDArray i8 = np.array(-128, 127, 5).astype(DType.INT8);
            NDArray u8 = np.array(0, 255, 7).astype("uint8");
            NDArray u64 = np.array(-1L, Long.MIN_VALUE, 5).astype(DType.UINT64); // 2^64-1, 2^63, 5
            long[] out = new long[24];
            System.arraycopy(i8.add(1L).toLongArray(), 0, out, 0, 3); // -127, -128, 6
            System.arraycopy(u8.sub(1L).toLongArray(), 0, out, 3, 3); // 255, 254, 6
            System.arraycopy(u64.add(1L).toLongArray(), 0, out, 6, 3); // 0, 2^63+1, 6
            System.arraycopy(u64.gt(np.array(5L).astype(DType.UINT64)).astype(DType.INT64).toLongArray(), 0, out, 9, 3); // 1, 1, 0
            System.arraycopy(u64.mod(np.array(10L, 10L, 10L).astype(DType.UINT64)).toLongArray(), 0, out, 12, 3);
            System.arraycopy(u64.maximum(np.array(7L, 7L, 7L).astype(DType.UINT64)).toLongArray(), 0, out, 15, 3);
            System.arraycopy(np.sort(u64).toLongArray(), 0, out, 18, 3); // 5, 2^63, 2^64-1
            System.arraycopy(i8.mul(i8).toLongArray(), 0, out, 21, 3); // (-128)^2 = 16384 wraps to 0; 127^2 = 16129 -> 1; 25
            assertEquals(DType.UINT64, u8.sum(0).dtype());
            assertEquals(DType.INT64, i8.sum(0).dtype());
            assertEquals(DType.UINT64, np.cumsum(u8).dtype());
            return out;
        })) {
            assertArrayEquals(new long[] {-127, -128, 6, 255, 254, 6, 0, Long.MIN_VALUE + 1, 6, 1, 1, 0,
                Long.remainderUnsigned(-1L, 10), Long.remainderUnsigned(Long.MIN_VALUE, 10), 5, -1L, Long.MIN_VALUE, 7,
                5, Long.MIN_VALUE, -1L, 0, 1, 25}, r);
        }
        ArithmeticException e = assertThrows(ArithmeticException.class, () -> np.zeros(DType.UINT8, 3).add(300L));
        assertEquals("add: Python integer 300 out of bounds for uint8", e.getMessage());
        assertThrows(ArithmeticException.class, () -> np.zeros(DType.UINT64, 3).sub(-1L));
        assertEquals(DType.INT8, np.zeros(DType.INT8, 3).add(100L).dtype(), "a long takes the array's type, as a Python int");
        assertEquals(DType.FLOAT64, np.zeros(DType.INT8, 3).add(1.5).dtype());
        assertEquals(DType.FLOAT16, np.zeros(DType.FLOAT16, 3).add(1.5).dtype());
    }

    @Test
    void uint64BeyondTwoToThe63ConvertsToFloatsByItsValueThroughAnyView() {
        // NumPy: np.array([2**64-1, 5, 2**63, 7], np.uint64).reshape(2, 2).T.astype(np.float64) is [[1.8446744073709552e19, 9.223372036854776e18], [5, 7]]
        for (double[] r : LocalRanks.run(2, 1, 2, rank -> {
            NDArray u = np.array(-1L, 5L, Long.MIN_VALUE, 7L).astype(DType.UINT64).reshape(2, 2);
            NDArray f = np.zeros(2, 2);
            f.set(":, :", u.T()); // an assignment through a transposed view
            return np.concatenate(u.astype(DType.FLOAT64).ravel(), u.T().astype(DType.FLOAT64).ravel(), u.T().astype(DType.FLOAT32).astype(DType.FLOAT64)
                    .ravel(), u.T().astype(DType.FLOAT16).astype(DType.FLOAT64).ravel(), f.ravel()).toDoubleArray();
        })) {
            double top = 0x1p64;
            double half = 0x1p63;
            double inf = Double.POSITIVE_INFINITY;
            assertArrayEquals(new double[] {top, 5, half, 7, top, half, 5, 7, top, half, 5, 7, inf, inf, 5, 7, top, half, 5, 7}, r);
        }
    }

    @Test
    void integersIntoFloat32RoundOnceThroughAViewThatCrossesTheRanksParts() {
        // NumPy: np.float32(2**60 + 2**36 + 1) is 2^60 + 2^37, rounded once; through float64 it would be 2^60 (a tie, to even)
        long v = (1L << 60) + (1L << 36) + 1;
        for (double[] r : LocalRanks.run(2, 1, 2, rank -> {
            NDArray f = np.zeros(DType.FLOAT32, 630);
            f.reshape(21, 30).T().set(np.full(0.0, 30, 21).astype(DType.INT64).add(v)); // rows crossing the ranks' parts: each rank its own elements
            return f.astype(DType.FLOAT64).toDoubleArray();
        })) {
            for (double x : r) {
                assertEquals(0x1p60 + 0x1p37, x);
            }
        }
    }

    @Test
    void uint64IntoFloat32RoundsOnceThroughEveryPath() {
        // NumPy 1.24: np.array([2**63+2**39+1, 2**62+2**38+1, 2**64-1, 2**53+1], np.uint64).astype(np.float32) is
        // [2^63+2^40, 2^62+2^39, 2^64, 2^53]; through float64 the first two are ties, to even: 2^63 and 2^62
        long a = Long.MIN_VALUE + (1L << 39) + 1;
        long b = (1L << 62) + (1L << 38) + 1;
        for (double[] r : LocalRanks.run(2, 1, 2, rank -> {
            NDArray u = np.array(a, b, -1L, (1L << 53) + 1).astype(DType.UINT64).reshape(2, 2);
            NDArray t = np.zeros(DType.FLOAT32, 2, 2);
            t.set(":, :", u.T()); // an assignment through a transposed view
            NDArray f = np.zeros(DType.FLOAT32, 630);
            f.reshape(21, 30).T().set(np.full(0.0, 30, 21).astype(DType.INT64).add(a).astype(DType.UINT64)); // rows crossing the ranks' parts
            return np.concatenate(u.astype(DType.FLOAT32).ravel(), u.T().astype(DType.FLOAT32).ravel(), t.ravel(), f)
                    .astype(DType.FLOAT64).toDoubleArray();
        })) {
            double x = 0x1p63 + 0x1p40;
            double y = 0x1p62 + 0x1p39;
            assertArrayEquals(new double[] {x, y, 0x1p64, 0x1p53, x, 0x1p64, y, 0x1p53, x, 0x1p64, y, 0x1p53}, java.util.Arrays.copyOf(r, 12));
            assertEquals(12 + 630, r.length);
            for (int i = 12; i < r.length; i++) {
                assertEquals(x, r[i], "element " + (i - 12) + " assigned through the crossing view");
            }
        }
        assertEquals(0x1p63 + 0x1p40, Buffer.unsignedToFloat(a));
        assertEquals(0x1p64, Buffer.unsignedToFloat(-1L));
        assertEquals(0x1p62 + 0x1p39, Buffer.unsignedToFloat(b));
    }

    @Test
    void uint64ExponentsFromTwoToThe63AreNotNegative() {
        // NumPy 1.24: np.array([3, 2, 1, 0], np.uint64) ** np.array([2**63+1, 2**63, 2**64-1, 2**63], np.uint64) is [3, 0, 1, 0]
        NDArray r = np.array(3L, 2L, 1L, 0L).astype(DType.UINT64).pow(np.array(Long.MIN_VALUE + 1, Long.MIN_VALUE, -1L, Long.MIN_VALUE).astype(DType.UINT64));
        assertEquals("array([3, 0, 1, 0], dtype=uint64)", r.toString());
        assertThrows(IllegalArgumentException.class, () -> np.array(3L).pow(np.array(-1L)), "a signed negative exponent is still NumPy's error");
    }

    @Test
    void float16RoundsEveryOperationAndPrintsItsShortestDigits() {
        double[] r = DistributedTest.same(() -> {
            NDArray h = np.array(0.1, 0.2, 0.3, 65504, 1e-7, -2.5).astype(DType.FLOAT16);
            return np.concatenate(h, h.add(h), h.mul(h), np.cumsum(h), h.sqrt()).astype(DType.FLOAT64);
        });
        double[] h = {0.1, 0.2, 0.3, 65504, 1e-7, -2.5};
        for (int i = 0; i < 6; i++) {
            double x = half(h[i]);
            assertEquals(x, r[i]);
            assertEquals(half(x + x), r[6 + i]);
            assertEquals(half(x * x), r[12 + i]);
            assertEquals(half(Math.sqrt(x)), r[24 + i], Double.isNaN(Math.sqrt(x)) ? 0 : 0);
        }
        double acc = 0;
        for (int i = 0; i < 6; i++) {
            acc = half(acc + half(h[i]));
            assertEquals(acc, r[18 + i], "cumsum in halves");
        }
        // NumPy 1.24's repr of the same arrays
        NDArray x = np.array(h).astype(DType.FLOAT16);
        assertEquals("array([ 1.00e-01,  2.00e-01,  3.00e-01,  6.55e+04,  1.19e-07, -2.50e+00],\n      dtype=float16)", x.toString());
        assertEquals("array([1.e-07, 3.e-07], dtype=float16)", np.array(1e-7, 3e-7).astype(DType.FLOAT16).toString());
        assertEquals("array([0.2998, 0.5996, 0.9004], dtype=float16)", np.array(0.1, 0.2, 0.3).astype(DType.FLOAT16).mul(3.0).toString());
        assertEquals("array([  200,   400, -5536], dtype=int16)", np.array(1, 2, 300).astype(DType.INT16).mul(200L).toString());
        assertEquals("array([18446744073709551615,  9223372036854775808,                    5],\n      dtype=uint64)",
                np.array(-1L, Long.MIN_VALUE, 5L).astype(DType.UINT64).toString());
        assertEquals("array([0.1, 0.3], dtype=float32)", np.array(0.1, 0.3).astype(DType.FLOAT32).toString());
        assertEquals("array([-127, -128], dtype=int8)", np.array(-128, 127).astype(DType.INT8).add(1L).toString());
    }

    @Test
    void everyTypeGivesTheSameBitsOnAnyNumberOfRanks() {
        long sum = 0;
        for (int i = 0; i < 100; i++) {
            sum += i % 13;
        }
        for (DType t : DType.values()) {
            if (t.isComplex()) {
                continue; // complexArithmeticIsNumPysOnAnyNumberOfRanks
            }
            double[] r = DistributedTest.same(() -> {
                NDArray x = np.arange(0, 100, 1).mod(13L).astype(t);
                return np.concatenate(x.mul(x).add(x).astype(DType.FLOAT64), np.sort(x).astype(DType.FLOAT64),
                        x.sum(0).astype(DType.FLOAT64).reshape(1), np.cumsum(x).astype(DType.FLOAT64));
            });
            double want = t == DType.BOOL ? 92 : sum; // bool: the count of non-zero values
            assertEquals(want, r[200], t.toString());
            assertEquals(want, r[300], t + ": the running sum's last");
            assertEquals(t == DType.BOOL ? 1 : 12, r[199], t + ": the sorted last");
        }
    }

    @Test
    void complexArithmeticIsNumPysOnAnyNumberOfRanks() {
        NDArray re = np.arange(0.0, 8.0, 1.0).div(7.0).sub(0.5);
        NDArray z = np.complex(re, re.get("::-1").mul(3.0));
        NDArray w = np.complex(np.arange(0.0, 8.0, 1.0).add(1.0), np.linspace(-2.0, 3.0, 8));
        // NumPy 1.24's repr of the same computations
        assertEquals("""
                array([ 2.5        +2.5j       ,  0.66326531 +2.60204082j,
                       -0.2755102  +2.05102041j, -0.31632653 +0.84693878j,
                        0.54081633 -1.01020408j,  2.29591837 -3.52040816j,
                        4.94897959 -6.68367347j,  8.5       -10.5j       ])""", z.mul(w).toString());
        assertEquals("""
                array([-0.7       +0.1j       , -0.3700361 +0.29783394j,
                       -0.1083151 +0.19365427j, -0.01592357+0.05414013j,
                        0.00674068-0.04401269j,  0.0071618 -0.10901857j,
                        0.00094091-0.15336846j, -0.00684932-0.18493151j])""", z.div(w).toString());
        assertEquals("""
                array([0.73523426+1.02008304j, 0.62138636+0.86212752j,
                       0.48132381+0.66780111j, 0.27789243+0.38555515j,
                       0.38555515-0.27789243j, 0.66780111-0.48132381j,
                       0.86212752-0.62138636j, 1.02008304-0.73523426j])""", z.sqrt().toString());
        assertEquals("""
                array([ 2.5        +2.5j      ,  0.6632652  +2.6020408j,
                       -0.2755102  +2.0510204j, -0.31632656 +0.8469388j,
                        0.5408163  -1.0102041j,  2.2959185  -3.5204082j,
                        4.9489794  -6.6836734j,  8.5       -10.5j      ], dtype=complex64)""",
                z.astype(DType.COMPLEX64).mul(w.astype(DType.COMPLEX64)).toString());
        assertEquals("""
                array([[-0.57142857+10.28571429j, -4.16326531+12.89795918j],
                       [ 9.55102041-16.81632653j, 13.14285714-19.42857143j]])""", z.reshape(2, 4).matmul(w.reshape(4, 2)).toString());
        assertEquals("(1.5-2j)", new Complex(1.5, -2).toString());
        assertEquals("-1e-05j", new Complex(0, -1e-5).toString());
        assertEquals("(-0+1e+16j)", new Complex(-0.0, 1e16).toString());
        // a view's parts are views: writing through real() changes z
        NDArray v = z.copy();
        v.get("2:4").real().set(9.0);
        assertEquals(new Complex(9.0, z.citem(3).im()), v.citem(3));
        // partitioned (200 elements a part): the same bits on 1, 2 and 3 ranks
        DistributedTest.same(() -> {
            NDArray a = np.arange(0.0, 400.0, 1.0).reshape(20, 20).div(7.0).sub(20.0);
            NDArray c = np.complex(a, a.T().mul(0.25));
            NDArray d = c.mul(c.get("::-1")).div(c.add(new Complex(0.5, -1))).sqrt().add(c.exp().conj());
            return np.concatenate(d.real().ravel(), d.imag().ravel(), c.sum(0).real(), c.sum(1).imag(), c.matmul(c).real().ravel());
        });
        assertThrows(UnsupportedOperationException.class, () -> np.cumsum(z));
        assertEquals("np.sort: not supported for complex128 arrays yet (legate.numpy's complex arrays have " + Complexes.SUPPORTED + ")",
                assertThrows(UnsupportedOperationException.class, () -> np.sort(z)).getMessage());
    }

    @Test
    void theImaginaryPartOfARealArrayIsReadOnlyZerosAsNumPys() {
        LocalRanks.run(2, 1, 16, rank -> {
            NDArray a = np.arange(0.0, 40.0, 1.0).reshape(8, 5);
            NDArray im = a.imag();
            assertArrayEquals(new double[40], im.toDoubleArray());
            String why = "assignment destination is read-only: the imaginary part of a real float64 array, zeros; make the array complex first "
                    + "(astype(DType.COMPLEX128)) to give it one";
            assertEquals("set: " + why, assertThrows(IllegalArgumentException.class, () -> im.set(5.0)).getMessage());
            assertEquals("set: " + why, assertThrows(IllegalArgumentException.class, () -> im.get("1:3, ::2").set(a.get("1:3, ::2"))).getMessage());
            assertTrue(assertThrows(IllegalArgumentException.class, () -> im.set(im.gt(-1.0), 2.0)).getMessage().endsWith(why)); // a mask
            assertTrue(assertThrows(IllegalArgumentException.class, () -> np.put(im, np.array(3L), 1.0)).getMessage().endsWith(why));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> im.set(new NDArray[] {np.array(1L), np.array(2L)}, 4.0)).getMessage()
                    .endsWith(why)); // index arrays
            assertArrayEquals(new double[40], im.toDoubleArray(), "nothing was written");
            NDArray copy = im.copy().set("0, 0", 7.0); // copies are writable
            assertEquals(7.0, copy.item(0, 0));
            NDArray z = a.astype(DType.COMPLEX128);
            z.imag().set("2, :", 3.0); // a complex array's imaginary part is a writable view
            assertEquals(3.0, z.citem(2, 4).im());
            a.set("0, 0", -1.0);
            assertEquals(-1.0, a.item(0, 0), "the real array itself stays writable");
            return null;
        });
    }

    private static double half(double v) {
        return Buffer.halfToDouble(Buffer.doubleToHalf(v));
    }
}
