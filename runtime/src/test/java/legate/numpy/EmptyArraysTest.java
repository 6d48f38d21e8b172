package legate.numpy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import legate.runtime.task.ArrayRuntime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Arrays with an axis of length 0: NumPy's results (each expected text printed by NumPy 1.24), never a Java exception. */
class EmptyArraysTest {
    @BeforeEach
    void twoThreads() {
        ArrayRuntime.useOnThisThread(new ArrayRuntime(2, 1L << 30, 1L << 18, 64));
    }

    @AfterEach
    void done() {
        ArrayRuntime.useOnThisThread(null);
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
