package legate.numpy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import legate.runtime.task.ArrayRuntime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Found by trying what NumPy users write (session 39), arrays with an axis of length 0 among them:
 * each expected text is NumPy 1.24's repr of the same program, never a Java exception.
 */
class NumPyParityTest {
    @BeforeEach
    void twoThreads() {
        ArrayRuntime.useOnThisThread(new ArrayRuntime(2, 1L << 30, 1L << 18, 64));
    }

    @AfterEach
    void done() {
        ArrayRuntime.useOnThisThread(null);
    }

    @Test
    void maximumAndMinimumWithALongKeepTheIntegerType() {
        assertEquals("array([1, 1, 2], dtype=uint8)", np.arange(3).astype(DType.UINT8).maximum(1L).toString());
        assertEquals("array([9007199254740993,                2])", np.array(9007199254740993L, 1L).maximum(2L).toString());
        assertEquals("array([0, 1, 1], dtype=int32)", np.minimum(np.arange(3).astype(DType.INT32), 1L).toString());
        assertEquals("array([1.5, 1. ])", np.array(1.5, 0.5).maximum(1L).toString());
        assertEquals("array([1, 1])", np.maximum(np.array(1.0, 0.0).astype(DType.BOOL), 1L).toString());
        assertEquals("maximum: Python integer 300 out of bounds for uint8",
                assertThrows(ArithmeticException.class, () -> np.arange(3).astype(DType.UINT8).maximum(300L)).getMessage());
    }

    @Test
    void booleansModPowAndAbsAsNumPy() {
        NDArray b1 = np.array(0, 0, 1, 1).astype(DType.BOOL);
        NDArray b2 = np.array(0, 1, 0, 1).astype(DType.BOOL);
        assertEquals("array([0, 0, 0, 0], dtype=int8)", b1.mod(b2).toString());
        assertEquals("array([1, 0, 1, 1], dtype=int8)", b1.pow(b2).toString());
        assertEquals("array([False, False,  True,  True])", b1.abs().toString());
    }

    @Test
    void functionsOfSmallIntegersGiveNumPysFloatTypes() {
        assertEquals("array([0.   , 1.   , 1.414], dtype=float16)", np.arange(3).astype(DType.INT8).sqrt().toString());
        assertEquals("array([0.       , 1.       , 1.4142135], dtype=float32)", np.arange(3).astype(DType.INT16).sqrt().toString());
        assertEquals(DType.FLOAT32, np.arange(3).astype(DType.UINT16).sin().dtype()); // its values within an ulp of NumPy's float32 sin
        assertEquals("array([1.   , 2.719, 7.39 ], dtype=float16)", np.arange(3).astype(DType.UINT8).exp().toString());
        assertEquals("array([1., 0.], dtype=float16)", np.array(1.0, 0.0).astype(DType.BOOL).floor().toString());
        assertEquals("array([0.        , 1.        , 1.41421356])", np.arange(3).astype(DType.INT32).sqrt().toString());
        NDArray i8 = np.arange(3).astype(DType.INT8);
        assertEquals("array([0.   , 0.785, 1.107], dtype=float16)", i8.arctan2(np.ones(3).astype(DType.INT8)).toString());
        assertEquals("array([1.   , 1.414, 2.236], dtype=float16)", i8.hypot(np.ones(3).astype(DType.UINT8)).toString());
        assertEquals(DType.FLOAT32, i8.hypot(np.ones(3).astype(DType.INT16)).dtype());
    }

    @Test
    void scientificNotationAsNumPyPrintsIt() {
        assertEquals("array([-0.e+00,  1.e-10])", np.array(-0.0, 1e-10).toString());
        assertEquals("array([-0.e+00,  1.e-10], dtype=float32)", np.array(-0.0, 1e-10).astype(DType.FLOAT32).toString());
        assertEquals("array([5.e-324, 1.e+000])", np.array(Double.MIN_VALUE, 1.0).toString());
        assertEquals("array([1.e-300, 1.e+000])", np.array(1e-300, 1.0).toString());
        assertEquals("array([ 1.0e+100, -1.0e-100,  3.5e+000])", np.array(1e100, -1e-100, 3.5).toString());
        assertEquals("array([2.82879385e+17, 1.00000000e+00])", np.array(2.82879384806159e17, 1.0).toString());
    }

    @Test
    void anAssignedArrayMayHaveLeadingAxesOfLengthOne() {
        NDArray z = np.zeros(3, 4);
        z.set("-1", np.ones(1, 4));
        assertEquals("array([[0., 0., 0., 0.],\n       [0., 0., 0., 0.],\n       [1., 1., 1., 1.]])", z.toString());
        assertEquals("set(\"-1\"): could not broadcast input array from shape (2, 4) into shape (4,)",
                assertThrows(IllegalArgumentException.class, () -> z.set("-1", np.ones(2, 4))).getMessage());
    }

    @Test
    void aNaNBoundOfClipLimitsNothing() {
        NDArray a = np.array(-2.0, 0.5, 3.0, Double.NaN);
        assertEquals("array([-2. ,  0.5,  1. ,  nan])", a.clip(Double.NaN, 1.0).toString());
        assertEquals("array([0. , 0.5, 3. , nan])", a.clip(0.0, Double.NaN).toString());
        assertEquals("array([0. , 0.5, 1. , nan])", a.clip(0.0, 1.0).toString());
        NDArray both = a.clip(Double.NaN, Double.NaN);
        both.set("0", 7.0); // a new array, as NumPy's clip returns
        assertEquals("array([-2. ,  0.5,  3. ,  nan])", a.toString());
        assertEquals("array([0., 1., 2.])", np.arange(3).clip(Double.NaN, Double.NaN).toString());
    }

    @Test
    void linearAlgebraOfFloat32IsFloat32() {
        NDArray a = np.array(new double[][] {{4, -2, 1}, {-2, 4, -2}, {1, -2, 4}}).astype(DType.FLOAT32);
        NDArray b = np.array(11, -16, 17).astype(DType.FLOAT32);
        assertEquals("array([ 1., -2.,  3.], dtype=float32)", np.linalg.solve(a, b).toString());
        assertEquals(DType.FLOAT32, np.linalg.inv(a).dtype());
        assertEquals(DType.FLOAT32, np.linalg.cholesky(a).dtype());
        NDArray[] qr = np.linalg.qr(a);
        assertEquals(DType.FLOAT32, qr[0].dtype());
        assertEquals(DType.FLOAT32, qr[1].dtype());
        assertEquals(DType.FLOAT32, np.linalg.svd(a, false).dtype());
        assertEquals(DType.FLOAT64, np.linalg.solve(a, np.ones(3)).dtype()); // float32 with float64: float64, as NumPy
        assertEquals(DType.FLOAT64, np.linalg.inv(a.astype(DType.INT64)).dtype());
    }

    @Test
    void histogramEdgesAreOfAFloatArraysType() {
        NDArray[] h = np.histogram(np.arange(10).astype(DType.FLOAT32), 3);
        assertEquals("array([3, 3, 4])", h[0].toString());
        assertEquals("array([0., 3., 6., 9.], dtype=float32)", h[1].toString());
        assertEquals("array([0., 2., 4.], dtype=float16)", np.histogram(np.arange(10).astype(DType.FLOAT16), 2, 0, 4)[1].toString());
        assertEquals(DType.FLOAT64, np.histogram(np.arange(10).astype(DType.INT8), 3)[1].dtype());
        // items placed by the float32 edges, as NumPy places them
        h = np.histogram(np.array(0.1, 0.7).astype(DType.FLOAT32), 3);
        assertEquals("array([1, 0, 1])", h[0].toString());
        assertEquals("array([0.1, 0.3, 0.5, 0.7], dtype=float32)", h[1].toString());
    }

    @Test
    void takeAlongAnAxisNamesThatAxisWhenAnIndexIsOutOfBounds() {
        NDArray m = np.arange(12L).reshape(3, 4);
        assertEquals("take: index 4 is out of bounds for axis 1 with size 4",
                assertThrows(IndexOutOfBoundsException.class, () -> m.take(np.array(4L), 1)).getMessage());
        assertEquals("take: index -5 is out of bounds for axis 1 with size 4",
                assertThrows(IndexOutOfBoundsException.class, () -> np.take(m, np.array(-5L), -1)).getMessage());
        assertEquals("take: index 3 is out of bounds for axis 0 with size 3",
                assertThrows(IndexOutOfBoundsException.class, () -> m.take(np.array(3L), 0)).getMessage());
    }

    @Test
    void broadcastingAgainstAnEmptyArrayGivesAnEmptyArray() {
        assertEquals("array([], shape=(0, 3), dtype=float64)", np.zeros(0, 3).add(np.ones(3)).toString());
        assertEquals("array([], shape=(0, 3), dtype=float64)", np.ones(3).add(np.zeros(0, 3)).toString());
        assertEquals("array([], shape=(0, 3), dtype=bool)", np.zeros(0, 1).gt(np.ones(3)).toString());
        assertEquals("array([], shape=(0, 3), dtype=int64)", np.zeros(DType.INT64, 0, 1).add(np.zeros(DType.INT64, 3)).toString());
        assertEquals("array([], shape=(2, 0), dtype=float64)", np.ones(2, 1).mul(np.zeros(0)).toString());
    }

    @Test
    void reductionsAlongAnAxisOfLengthZeroGiveTheIdentityOrNumPysError() {
        assertEquals("array([0., 0., 0.])", np.zeros(0, 3).sum(0).toString());
        assertEquals("array([nan, nan, nan])", np.zeros(0, 3).mean(0).toString());
        assertEquals("array([0, 0, 0])", np.zeros(DType.INT32, 0, 3).sum(0).toString());
        assertEquals("array([0, 0, 0])", np.zeros(DType.BOOL, 0, 3).sum(0).toString());
        assertEquals("array([1., 1., 1.])", np.zeros(0, 3).prod(0).toString());
        assertEquals("array([1, 1, 1], dtype=uint64)", np.zeros(DType.UINT8, 0, 3).prod(0).toString());
        assertEquals("array([nan, nan, nan])", np.zeros(0, 3).std(0).toString());
        assertEquals("array([0., 0., 0.])", np.zeros(3, 0).sum(1).toString());
        assertEquals("array([nan, nan, nan])", np.zeros(3, 0).mean(1).toString());
        assertEquals("array([1., 1., 1.])", np.zeros(3, 0).prod(1).toString());
        assertEquals("array([[0., 0., 0.],\n       [0., 0., 0.]])", np.zeros(2, 0, 3).sum(1).toString());
        assertEquals("max: zero-size array to reduction operation maximum which has no identity",
                assertThrows(IllegalArgumentException.class, () -> np.zeros(0, 3).max(0)).getMessage());
        assertEquals("min: zero-size array to reduction operation minimum which has no identity",
                assertThrows(IllegalArgumentException.class, () -> np.zeros(0, 0).min(1)).getMessage());
        assertEquals("argmax: attempt to get argmax of an empty sequence",
                assertThrows(IllegalArgumentException.class, () -> np.zeros(2, 0, 3).argmax(1)).getMessage());
        // and of a 1-D array, whole or along its axis
        assertEquals("zero-size array to reduction operation maximum which has no identity",
                assertThrows(IllegalArgumentException.class, () -> np.zeros(0).max()).getMessage());
        assertEquals("attempt to get argmin of an empty sequence",
                assertThrows(IllegalArgumentException.class, () -> np.zeros(0).argmin(0)).getMessage());
    }

    @Test
    void reductionsAlongAnotherAxisGiveAnEmptyResult() {
        assertEquals("array([], dtype=float64)", np.zeros(3, 0).sum(0).toString());
        assertEquals("array([], dtype=float64)", np.zeros(3, 0).max(0).toString());
        assertEquals("array([], dtype=float64)", np.zeros(0, 3).min(1).toString());
        assertEquals("array([], dtype=int64)", np.zeros(0, 3).argmax(1).toString());
        assertEquals("array([], shape=(0, 3), dtype=float64)", np.zeros(0, 3).cumsum(0).toString());
        assertEquals("array([], shape=(3, 0), dtype=float64)", np.zeros(3, 0).cumsum(1).toString());
    }
}
