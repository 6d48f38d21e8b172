package legate.gpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** GpuBackend.coalesce: neighbouring axes every operand steps through as one become one axis; each element keeps its operands' elements. */
class CoalesceTest {
    /** Coalesces and checks the result against the expectation and, element by element, against the original addressing. */
    private static void check(long[] dims, long[][] strides, boolean keepLast, long[] expectDims, long[][] expectStrides) {
        check(dims, strides, false, keepLast, expectDims, expectStrides);
    }

    private static void check(long[] dims, long[][] strides, boolean keepFirst, boolean keepLast, long[] expectDims, long[][] expectStrides) {
        long[] d = dims.clone();
        long[][] s = Arrays.stream(strides).map(long[]::clone).toArray(long[][]::new);
        int m = GpuBackend.coalesce(d, s, keepFirst, keepLast);
        assertArrayEquals(expectDims, Arrays.copyOf(d, m), "dims of " + Arrays.toString(dims));
        for (int j = 0; j < strides.length; j++) {
            assertArrayEquals(expectStrides[j], Arrays.copyOf(s[j], m), "operand " + j + "'s strides");
        }
        long n = Arrays.stream(dims).reduce(1, (a, b) -> a * b);
        for (long i = 0; i < n; i++) { // element i's address under both shapes
            for (int j = 0; j < strides.length; j++) {
                assertEquals(address(i, dims, strides[j], dims.length), address(i, d, s[j], m), "element " + i + " of operand " + j);
            }
        }
    }

    private static long address(long i, long[] dims, long[] strides, int nd) {
        long at = 0;
        for (int k = nd - 1; k >= 0; k--) {
            at += strides[k] * (i % dims[k]);
            i /= dims[k];
        }
        return at;
    }

    @Test
    void contiguousAxesBecomeOne() {
        check(new long[] {3, 4, 5}, new long[][] {{20, 5, 1}, {0, 0, 0}}, false, new long[] {60}, new long[][] {{1}, {0}});
        // a broadcast row (stride 0 along the first axis) keeps that axis apart
        check(new long[] {3, 4, 5}, new long[][] {{20, 5, 1}, {0, 5, 1}}, false, new long[] {3, 20}, new long[][] {{20, 1}, {0, 1}});
    }

    @Test
    void slicesTransposesAndReversalsKeepTheirAxes() {
        check(new long[] {6, 8}, new long[][] {{10, 1}, {8, 1}}, false, new long[] {6, 8}, new long[][] {{10, 1}, {8, 1}}); // u[1:-1, 1:-1]
        check(new long[] {4, 5}, new long[][] {{1, 4}, {5, 1}}, false, new long[] {4, 5}, new long[][] {{1, 4}, {5, 1}}); // a transpose
        check(new long[] {4, 5}, new long[][] {{-5, -1}, {5, 1}}, false, new long[] {20}, new long[][] {{-1}, {1}}); // reversed along both
    }

    @Test
    void axesOfLengthOneGo() {
        check(new long[] {1, 7, 1, 3}, new long[][] {{99, 3, 77, 1}}, false, new long[] {21}, new long[][] {{1}});
        check(new long[] {5, 1}, new long[][] {{4, 9}}, false, new long[] {5}, new long[][] {{4}});
        check(new long[] {1}, new long[][] {{3}}, false, new long[] {1}, new long[][] {{3}});
        check(new long[0], new long[][] {{}}, false, new long[0], new long[][] {{}});
    }

    @Test
    void aRolledLastAxisStaysApart() {
        check(new long[] {3, 4, 5}, new long[][] {{20, 5, 1}}, true, new long[] {12, 5}, new long[][] {{5, 1}});
    }

    @Test
    void aReductionsRowsKeepTheirFirstAxis() {
        // rows mode: axis 0 (the rows) apart, the axes of a row merged; a first axis of length 1 stays too
        check(new long[] {5, 3, 4}, new long[][] {{12, 4, 1}}, true, false, new long[] {5, 12}, new long[][] {{12, 1}});
        check(new long[] {1, 3, 4}, new long[][] {{12, 4, 1}}, true, false, new long[] {1, 12}, new long[][] {{12, 1}});
        check(new long[] {5, 3, 4}, new long[][] {{12, 4, 1}}, false, false, new long[] {60}, new long[][] {{1}});
    }

    @Test
    void eightAxesOfAContiguousArrayFitTheDescriptor() {
        long[] dims = {2, 2, 2, 2, 2, 2, 2, 3};
        long[] st = new long[8];
        long[] t = new long[8];
        for (int k = 7, stride = 1; k >= 0; k--) {
            st[k] = stride;
            stride *= (int) dims[k];
        }
        for (int k = 0; k < 8; k++) { // the two first axes swapped: a transpose that leaves the rest contiguous
            t[k] = st[k];
        }
        t[0] = st[1];
        t[1] = st[0];
        check(dims, new long[][] {st, t}, false, new long[] {2, 2, 96}, new long[][] {{192, 96, 1}, {96, 192, 1}});
    }
}
