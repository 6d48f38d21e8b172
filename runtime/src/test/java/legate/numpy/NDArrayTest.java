package legate.numpy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import legate.runtime.backend.Expression;
import legate.runtime.task.ArrayRuntime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One rank: values, views, types and the errors CONTRACT.md promises, with their messages. */
class NDArrayTest {
    @BeforeEach
    void oneRank() {
        ArrayRuntime.useOnThisThread(new ArrayRuntime(2, 1L << 30, 1L << 18, 64));
    }

    @AfterEach
    void done() {
        ArrayRuntime.useOnThisThread(null);
    }

    static <T extends Throwable> String message(Class<T> type, org.junit.jupiter.api.function.Executable e) {
        return assertThrows(type, e).getMessage();
    }

    @Test
    void creation() {
        assertArrayEquals(new double[] {0, 0, 0}, np.zeros(3).toDoubleArray());
        assertArrayEquals(new double[] {2.5, 2.5}, np.full(2.5, 2).toDoubleArray());
        assertArrayEquals(new double[] {0, 1, 2, 3}, np.arange(4).toDoubleArray());
        assertEquals(DType.INT64, np.arange(4).dtype());
        assertArrayEquals(new double[] {1, 1.5, 2, 2.5}, np.arange(1.0, 3.0, 0.5).toDoubleArray());
        assertArrayEquals(new double[] {0, 0.25, 0.5, 0.75, 1}, np.linspace(0, 1, 5).toDoubleArray());
        assertArrayEquals(new double[] {1, 0, 0, 1}, np.eye(2).toDoubleArray());
        assertArrayEquals(new double[] {1, 2, 3, 4}, np.array(new double[][] {{1, 2}, {3, 4}}).toDoubleArray());
        assertArrayEquals(new int[] {2, 3}, np.zerosLike(np.ones(2, 3)).shape());
        assertEquals(0, np.zeros().ndim());
    }

    @Test
    void viewsAliasAndSetEvaluatesTheRightSideFirst() {
        NDArray x = np.arange(0.0, 10.0, 1.0);
        NDArray v = x.get("2:5");
        v.set(":", -1.0);
        assertArrayEquals(new double[] {0, 1, -1, -1, -1, 5, 6, 7, 8, 9}, x.toDoubleArray());
        x.get("::-1").set("0", 100.0); // the last element, through a reversed view
        assertEquals(100, x.item(9));
        NDArray y = np.arange(0.0, 5.0, 1.0);
        y.set("1:", y.get(":-1"));
        assertArrayEquals(new double[] {0, 0, 1, 2, 3}, y.toDoubleArray());
        NDArray z = np.arange(0.0, 10.0, 1.0);
        z.set("0:3", z.get("5:8")); // the same array, apart: no copy needed, same result
        z.set("::2", z.get("1::2")); // interleaved: read first
        assertArrayEquals(new double[] {6, 6, 3, 3, 5, 5, 7, 7, 9, 9}, z.toDoubleArray()); // as NumPy gives
        NDArray m = np.zeros(3, 3);
        m.set("1, :", np.array(1, 2, 3).astype(DType.FLOAT64)); // broadcast a row
        m.set(":, 0", 7.0);
        assertArrayEquals(new double[] {7, 0, 0, 7, 2, 3, 7, 0, 0}, m.toDoubleArray());
    }

    @Test
    void deferredExpressionsReadTheirOperandsAsTheyWereWhenMade() {
        NDArray a = np.arange(0.0, 5.0, 1.0);
        NDArray t = a.add(1.0).mul(a); // deferred: nothing computed yet
        NDArray u = t.sub(1.0);
        a.set(100.0);
        a.get("1:3").set(-1.0);
        assertArrayEquals(new double[] {0, 2, 6, 12, 20}, t.toDoubleArray());
        assertArrayEquals(new double[] {-1, 1, 5, 11, 19}, u.toDoubleArray());
        assertArrayEquals(new double[] {100, -1, -1, 100, 100}, a.toDoubleArray());
        NDArray x = np.arange(0.0, 6.0, 1.0);
        x.set("1:", x.get(":-1").mul(10.0)); // the right side reads x before the write
        assertArrayEquals(new double[] {0, 0, 10, 20, 30, 40}, x.toDoubleArray());
        NDArray m = np.ones(3, 3);
        NDArray row = m.get("0").add(1.0);
        m.set("0", row.mul(row)); // a deferred value used twice, written back into its own source
        assertArrayEquals(new double[] {4, 4, 4, 1, 1, 1, 1, 1, 1}, m.toDoubleArray());
        NDArray w = np.where(np.arange(0.0, 4.0, 1.0).gt(1.5), np.ones(4), np.zeros(4).sub(1.0));
        assertArrayEquals(new double[] {-1, -1, 1, 1}, w.toDoubleArray());
        NDArray f32 = np.ones(3).astype(DType.FLOAT32).div(3.0).mul(3.0);
        assertEquals(DType.FLOAT32, f32.dtype());
        assertEquals((float) ((float) (1f / 3.0) * 3.0), f32.item(0), 0); // rounded to float32 at every step
    }

    @Test
    void aCostlyDeferredOperandTakenTwiceIsComputedOnceAndReadFromItsStore() {
        NDArray a = np.arange(0.0, 5.0, 1.0);
        NDArray e = a.exp(); // deferred, an exp a element: costly to compute again
        NDArray p = e.add(1.0); // the first expression to take it embeds it
        assertNotNull(e.deferred());
        NDArray q = e.mul(2.0); // the second: e is computed now, q reads its store
        assertNull(e.deferred());
        assertEquals(Expression.Kind.LEAF, q.deferred().a().kind());
        Expression r = p.deferred().resolved(); // p still holds e's expression: computed, it reads e's store instead
        assertEquals(Expression.Kind.LEAF, r.a().kind());
        assertSame(e.view().store(), r.a().view().store());
        a.set(100.0); // the operands' old values stay what p and q read
        double[] want = new double[5];
        for (int i = 0; i < 5; i++) {
            want[i] = legate.runtime.backend.Transcendental.exp(i) + 1.0;
        }
        assertArrayEquals(want, p.toDoubleArray(), 0);
        NDArray p2 = e.add(1.0).sub(0.0); // read from e's store: the same bits
        assertArrayEquals(want, p2.toDoubleArray(), 0);

        NDArray b = np.arange(0.0, 3.0, 1.0);
        NDArray f = b.log1p();
        NDArray s = f.add(1.0);
        NDArray t = f.mul(2.0); // f computed: t reads its store as it is now
        f.set("0", 50.0); // written since: s computes f's expression again, from b as it was
        assertEquals(Expression.Kind.UNARY, s.deferred().resolved().a().kind());
        assertArrayEquals(new double[] {1.0, StrictMath.log1p(1) + 1.0, StrictMath.log1p(2) + 1.0}, s.toDoubleArray(), 0);
        assertArrayEquals(new double[] {0.0, 2 * StrictMath.log1p(1), 2 * StrictMath.log1p(2)}, t.toDoubleArray(), 0);

        NDArray c = np.arange(0.0, 3.0, 1.0);
        NDArray cheap = c.add(1.0); // an add: computed again rather than stored
        NDArray u = cheap.mul(2.0);
        NDArray v = cheap.mul(3.0);
        assertNotNull(cheap.deferred());
        assertArrayEquals(new double[] {2, 4, 6}, u.toDoubleArray(), 0);
        assertArrayEquals(new double[] {3, 6, 9}, v.toDoubleArray(), 0);
    }

    @Test
    void expressionsOverWindowsOfShortRowsGatherTheRowsIntoBlocks() {
        NDArray big = np.arange(0.0, 23 * 23 * 23, 1.0).reshape(23, 23, 23);
        NDArray w = big.get("1:21, 2:22, 3:23"); // 20×20×20: rows of 20, 3 apart
        NDArray v = big.get("0:20, 0:20, 0:20");
        double[] got = w.mul(2.0).add(v).sub(1.0).toDoubleArray();
        double[] set = np.zeros(23, 23, 23).set("1:21, 2:22, 3:23", w.mul(3.0).add(v)).toDoubleArray();
        int at = 0;
        for (int i = 0; i < 23; i++) {
            for (int j = 0; j < 23; j++) {
                for (int k = 0; k < 23; k++) {
                    int flat = (i * 23 + j) * 23 + k;
                    boolean inside = i >= 1 && i < 21 && j >= 2 && j < 22 && k >= 3 && k < 23;
                    double vv = ((i - 1) * 23 + (j - 2)) * 23 + (k - 3); // v's element at the window's index
                    assertEquals(inside ? 3.0 * flat + vv : 0.0, set[flat], "set " + i + "," + j + "," + k);
                    if (i < 20 && j < 20 && k < 20) {
                        double win = ((i + 1) * 23 + j + 2) * 23 + k + 3;
                        assertEquals(2 * win + flat - 1, got[at++], "get " + i + "," + j + "," + k);
                    }
                }
            }
        }
        NDArray x = np.arange(0.0, 12 * 14, 1.0).reshape(12, 14);
        NDArray odd = x.get(":, ::2"); // 12×7, every other column: rows of 7 one by one
        double[] rolled = np.roll(odd, 3, 1).add(odd.mul(0.5)).toDoubleArray();
        for (int i = 0; i < 12; i++) {
            for (int j = 0; j < 7; j++) {
                assertEquals(x.item(i * 14 + 2 * Math.floorMod(j - 3, 7)) + 0.5 * x.item(i * 14 + 2 * j), rolled[i * 7 + j], i + "," + j);
            }
        }
    }

    @Test
    void rollAlongTheLastAxisInsideExpressions() {
        int cols = 600; // rows longer than a block: each row is read in several blocks, wrapping once
        NDArray x = np.arange(0.0, 3.0 * cols, 1.0).reshape(3, cols);
        for (int shift : new int[] {1, -1, 257, -601, 0}) {
            double[] got = np.roll(x, shift, 1).add(x.mul(0.0)).toDoubleArray();
            double[] back = np.roll(x, shift, -1).toDoubleArray();
            for (int r = 0; r < 3; r++) {
                for (int c = 0; c < cols; c++) {
                    double want = r * cols + Math.floorMod(c - shift, cols);
                    assertEquals(want, got[r * cols + c], () -> "shift " + shift);
                    assertEquals(want, back[r * cols + c]);
                }
            }
        }
        // short rows, contiguous: a run covers many rows and a block starts mid-row
        for (int[] shape : new int[][] {{50, 37}, {4, 6, 5}}) {
            int n = shape[0] * shape[1] * (shape.length > 2 ? shape[2] : 1);
            int last = shape[shape.length - 1];
            NDArray y = np.arange(0.0, n, 1.0).reshape(shape);
            for (int shift : new int[] {1, -3, last + 2}) {
                double[] got = np.roll(y, shift, -1).add(y.mul(0.0)).toDoubleArray();
                for (int i = 0; i < n; i++) {
                    int rowStart = i - i % last;
                    assertEquals(rowStart + Math.floorMod(i % last - shift, last), got[i],
                            "shape " + java.util.Arrays.toString(shape) + ", shift " + shift + ", element " + i);
                }
            }
        }
        NDArray v = x.get("1:, ::2"); // a strided view, rolled
        double[] got = np.roll(v, 1, 1).toDoubleArray();
        assertEquals(v.item(0, cols / 2 - 1), got[0]);
        assertEquals(v.item(0, 0), got[1]);
    }

    @Test
    void expressionsOverWindowsTakeTheirRowsTogetherAsPlainLoops() {
        // views whose rows are read one by one: the rows of the axis before the last go to the expression
        // together (Loops.Body.runRows), each operand at its own distance between rows, reversed or broadcast
        NDArray x = np.arange(0.0, 5 * 6 * 7 * 8, 1.0).reshape(5, 6, 7, 8);
        NDArray a = x.get("1:4, 1:6, 2:6, 1:7"); // 3x5x4x6
        NDArray b = x.get(":3, 5:0:-1, 1:5, 7:1:-1");
        NDArray c = np.arange(0.0, 6.0, 1.0);
        double[] got = a.mul(2.0).add(b).sub(c).add(np.roll(a, 2, -1)).toDoubleArray();
        int at = 0;
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 5; j++) {
                for (int k = 0; k < 4; k++) {
                    for (int l = 0; l < 6; l++) {
                        double av = ((1 + i) * 6 + 1 + j) * 56 + (2 + k) * 8 + 1 + l;
                        double bv = (i * 6 + 5 - j) * 56 + (1 + k) * 8 + 7 - l;
                        double rolled = ((1 + i) * 6 + 1 + j) * 56 + (2 + k) * 8 + 1 + Math.floorMod(l - 2, 6);
                        assertEquals(av * 2 + bv - l + rolled, got[at++], i + "," + j + "," + k + "," + l);
                    }
                }
            }
        }
        // 2-D: columns of a matrix (an LSTM's gates), and a result written into columns of another
        NDArray m = np.arange(0.0, 90.0, 1.0).reshape(9, 10);
        NDArray g = m.get(":, 3:7");
        NDArray h = m.get("::-1, 1:5");
        NDArray out = np.zeros(9, 8);
        out.set(":, 2:6", g.mul(h).add(1.0));
        double[] o = out.toDoubleArray();
        for (int i = 0; i < 9; i++) {
            for (int j = 0; j < 8; j++) {
                double want = j >= 2 && j < 6 ? (i * 10 + 3 + j - 2) * ((8 - i) * 10 + 1 + j - 2) + 1 : 0;
                assertEquals(want, o[i * 8 + j], i + "," + j);
            }
        }
    }

    @Test
    void slicingGrammar() {
        NDArray a = np.arange(24).reshape(2, 3, 4);
        assertArrayEquals(new int[] {2, 3}, a.get("..., 1").shape());
        assertArrayEquals(new int[] {3, 1, 4}, a.get("0, :, None").shape());
        assertArrayEquals(new int[] {2, 2, 2}, a.get(":, 1:, ::2").shape());
        assertArrayEquals(new double[] {23, 21}, a.get("-1, -1, ::-2").toDoubleArray());
        assertArrayEquals(new int[] {0, 3, 4}, a.get("5:").shape());
        assertEquals(24, a.get("").size());
    }

    @Test
    void badSliceTextAndIndicesAreClearErrors() {
        NDArray a = np.zeros(3, 4);
        assertEquals("get(\"1:x\"): bad index \"1:x\" at character 1: \"x\" is not an integer; expected NumPy basic indexing: "
                + "integers, start:stop:step slices, '...' and None, separated by commas", message(IllegalArgumentException.class, () -> a.get("1:x")));
        assertTrue(message(IllegalArgumentException.class, () -> a.get("::0")).contains("slice step cannot be zero"));
        assertTrue(message(IllegalArgumentException.class, () -> a.get("1,,2")).contains("an empty index between commas"));
        assertEquals("get(\"5\"): index 5 is out of bounds for axis 0 with size 3",
                message(IndexOutOfBoundsException.class, () -> a.get("5")));
        assertEquals("get(\"0, 0, 0\"): too many indices for array: array is 2-dimensional, but 3 were indexed",
                message(IndexOutOfBoundsException.class, () -> a.get("0, 0, 0")));
        assertEquals("item(3, 0): index 3 is out of bounds for axis 0 with size 3", message(IndexOutOfBoundsException.class, () -> a.item(3, 0)));
        assertTrue(message(IllegalArgumentException.class, () -> a.item()).contains("can only convert an array of size 1"));
    }

    @Test
    void matmulOverStacksOfMatricesAndNaNsAsNumPy() {
        NDArray a = np.arange(0.0, 24.0, 1.0).reshape(2, 3, 4);
        NDArray b = np.arange(0.0, 8.0, 1.0).reshape(4, 2);
        assertArrayEquals(new int[] {2, 3, 2}, a.matmul(b).shape());
        assertArrayEquals(new double[] {28, 34, 76, 98, 124, 162, 172, 226, 220, 290, 268, 354}, a.matmul(b).toDoubleArray());
        NDArray c = np.arange(0.0, 16.0, 1.0).reshape(2, 4, 2);
        assertArrayEquals(new double[] {28, 34, 76, 98, 124, 162, 604, 658, 780, 850, 956, 1042}, np.matmul(a, c).toDoubleArray());
        NDArray d = np.dot(a, c); // dot(a, c)[i,j,k,m] = sum(a[i,j,:] * c[k,:,m])
        assertArrayEquals(new int[] {2, 3, 2, 2}, d.shape());
        assertEquals(466.0, d.item(0, 2, 1, 1));
        assertArrayEquals(new double[] {28, 34, 76, 82}, np.matmul(np.arange(0.0, 4.0, 1.0), c).toDoubleArray());
        NDArray e = np.matmul(np.ones(3, 1, 2, 4), np.ones(5, 4, 3)); // the stacks broadcast
        assertArrayEquals(new int[] {3, 5, 2, 3}, e.shape());
        assertEquals(4.0, e.item(2, 4, 1, 2));
        // no zero is skipped: 0 * inf is nan, as in NumPy
        assertTrue(Double.isNaN(np.array(new double[][] {{0, 1}}).matmul(np.array(new double[][] {{Double.POSITIVE_INFINITY}, {1}})).item(0, 0)));
    }

    @Test
    void shapeMismatchNamesTheOperationAndTheShapes() {
        assertEquals("add: operands could not be broadcast together with shapes (3,) (4,)",
                message(IllegalArgumentException.class, () -> np.zeros(3).add(np.zeros(4))));
        assertEquals("set(\"0:2\"): could not broadcast input array from shape (3,) into shape (2, 4)",
                message(IllegalArgumentException.class, () -> np.zeros(3, 4).set("0:2", np.zeros(3))));
        assertEquals("matmul: shapes (2, 3) and (2, 3) not aligned: 3 (dim 1) != 2 (dim 0)",
                message(IllegalArgumentException.class, () -> np.zeros(2, 3).matmul(np.zeros(2, 3))));
        assertEquals("matmul: shapes (3, 2, 4) and (3, 5, 3) not aligned: 4 (dim 2) != 5 (dim 1)",
                message(IllegalArgumentException.class, () -> np.zeros(3, 2, 4).matmul(np.zeros(3, 5, 3))));
        assertEquals("matmul: stacks of matrices: operands could not be broadcast together with shapes (3,) (2,)",
                message(IllegalArgumentException.class, () -> np.zeros(3, 2, 4).matmul(np.zeros(2, 4, 3))));
        assertEquals("dot: shapes (2, 3, 4) and (5, 2) not aligned: 4 (dim 2) != 5 (dim 0)",
                message(IllegalArgumentException.class, () -> np.dot(np.zeros(2, 3, 4), np.zeros(5, 2))));
        assertEquals("reshape: cannot reshape array of size 6 into shape (4,)",
                message(IllegalArgumentException.class, () -> np.zeros(2, 3).reshape(4)));
        assertTrue(message(IllegalArgumentException.class, () -> np.concatenate(new NDArray[] {np.zeros(2, 3), np.zeros(2, 4)}, 0))
                .contains("along dimension 1, the array at index 0 has size 3 and the array at index 1 has size 4"));
        assertEquals("sum: axis 2 is out of bounds for array of dimension 2", message(IllegalArgumentException.class, () -> np.zeros(2, 3).sum(2)));
        assertEquals("zeros: negative dimensions are not allowed: shape [2, -1]", message(IllegalArgumentException.class, () -> np.zeros(2, -1)));
    }

    @Test
    void typesFollowNumPy() {
        NDArray i = np.arange(5);
        assertEquals(DType.INT64, i.add(1L).dtype());
        assertEquals(DType.FLOAT64, i.add(1.0).dtype());
        assertEquals(DType.FLOAT64, i.div(2L).dtype());
        assertArrayEquals(new double[] {0, 0.5, 1, 1.5, 2}, i.div(2L).toDoubleArray());
        assertEquals(DType.BOOL, i.gt(2.0).dtype());
        assertEquals(DType.FLOAT32, np.ones(2).astype(DType.FLOAT32).mul(3.0).dtype());
        assertEquals(DType.INT64, i.astype(DType.INT32).add(i).dtype());
        assertArrayEquals(new double[] {1, -2, 3}, np.array(1.7, -2.9, 3.2).astype(DType.INT64).toDoubleArray()); // truncation
        assertEquals(9007199254740993.0, np.array(9007199254740993L).add(0L).item(0), 0); // int64 kept as integers
        // casts as NumPy's: any non-zero float (NaN too) is true, and an int64 becomes a float32 in one rounding
        assertArrayEquals(new double[] {1, 1, 0, 0}, np.array(0.5, Double.NaN, 0.0, -0.0).astype(DType.BOOL).toDoubleArray());
        assertEquals(Math.pow(2, 60) + Math.pow(2, 37), np.array((1L << 60) + (1L << 36) + 1).astype(DType.FLOAT32).item(0), 0);
        assertTrue(message(IllegalArgumentException.class, () -> i.gt(1.0).sub(i.gt(2.0))).contains("boolean subtract"));
        assertTrue(message(IllegalArgumentException.class, () -> i.gt(1.0).neg()).contains("boolean negative"));
        assertTrue(message(IllegalArgumentException.class, () -> i.pow(-1L)).contains("negative integer powers"));
        assertTrue(message(IllegalArgumentException.class, () -> np.random(1).integers(5, 5, 3)).contains("low >= high"));
    }

    @Test
    void reductions() {
        NDArray x = np.array(3, -1, 4, 1, -5, 9, 2, 6).astype(DType.FLOAT64);
        assertEquals(19, x.sum());
        assertEquals(9, x.max());
        assertEquals(-5, x.min());
        assertEquals(5, x.argmax());
        assertEquals(4, x.argmin());
        assertEquals(19 / 8.0, x.mean());
        assertEquals(6480, x.prod());
        double mean = 19 / 8.0;
        double var = 0;
        for (double v : x.toDoubleArray()) {
            var += (v - mean) * (v - mean) / 8;
        }
        assertEquals(var, x.var(), 1e-12);
        assertEquals(Math.sqrt(var), x.std(), 1e-12);
        NDArray nan = np.array(1, Double.NaN, 3);
        assertTrue(Double.isNaN(nan.max()) && Double.isNaN(nan.sum()));
        assertEquals(1, nan.argmax());
        assertEquals(0, np.zeros(0).sum());
        assertTrue(message(IllegalArgumentException.class, () -> np.zeros(0).max()).contains("zero-size array"));
        assertArrayEquals(new double[] {4, 6}, np.array(new double[][] {{1, 2}, {3, 4}}).sum(0).toDoubleArray());
        assertArrayEquals(new double[] {1, 1}, np.array(new double[][] {{1, 2}, {3, 4}}).argmax(1).toDoubleArray());
        assertTrue(np.allclose(np.array(1, 2), np.array(1 + 1e-9, 2)));
        assertTrue(!np.allclose(np.array(1, 2), np.array(1.1, 2)));
        assertEquals(5, np.linalg.norm(np.array(3, 4)));
    }

    @Test
    void sumsAreTheSameForAnyThreadCount() {
        NDArray x = np.random(3).randn(300_000);
        double a = x.sum();
        ArrayRuntime.useOnThisThread(new ArrayRuntime(4, 1L << 30, 1L << 18, 64));
        double b = np.random(3).randn(300_000).sum();
        assertEquals(Double.doubleToLongBits(a), Double.doubleToLongBits(b));
    }

    @Test
    void reprLikeNumPy() {
        assertEquals("array([0., 1., 2.])", np.arange(0.0, 3.0, 1.0).toString());
        assertEquals("array([0.  , 0.25, 0.5 ])", np.array(0, 0.25, 0.5).toString());
        assertEquals("array([-1. ,  2.5])", np.array(-1, 2.5).toString());
        assertEquals("array([[0, 1],\n       [2, 3]])", np.arange(4).reshape(2, 2).toString());
        assertEquals("array([False,  True])", np.arange(2).gt(0.5).toString());
        assertEquals("array([1., 2.], dtype=float32)", np.array(1, 2).astype(DType.FLOAT32).toString());
        assertEquals("array([1.e-05, 1.e+00])", np.array(1e-5, 1).toString());
        assertEquals("array([0.33333333])", np.array(1.0 / 3).toString());
        assertEquals("array(5.)", np.array(2.0, 3.0).sum(0).toString());
        assertEquals("array(5)", np.array(2, 3).sum(0).toString()); // integers sum to int64, as in NumPy
        assertEquals("array([], dtype=float64)", np.zeros(0).toString());
        assertEquals("array([   0,    1,    2, ..., 1997, 1998, 1999])", np.arange(2000).toString());
        assertEquals("array([nan, inf])", np.array(Double.NaN, Double.POSITIVE_INFINITY).toString());
    }

    @Test
    void htmlTablesForSmallArraysOnly() {
        assertTrue(np.eye(2).toHtml().contains("<td style=\"text-align:right;font-family:monospace\">1.</td>"));
        assertEquals(null, np.zeros(30, 30).toHtml());
        assertEquals(null, np.zeros(2, 2, 2).toHtml());
    }

    @Test
    void randomIsRepeatableAndDrawsDiffer() {
        Generator g = np.random(9);
        double[] first = g.rand(5).toDoubleArray();
        double[] second = g.rand(5).toDoubleArray();
        assertArrayEquals(first, np.random(9).rand(5).toDoubleArray());
        assertTrue(first[0] != second[0]);
    }

    @Test
    void erfIsWithinAFewUlpsOfCsOnBothSidesOfEachMethod() {
        double[] x = {0.0, 0.1, 0.5, 1.0, 1.4999, 1.5, 2.0, 3.0, 4.5, 6.0, 7.0};
        double[] c = {0.0, 0.1124629160182849, 0.5204998778130465, 0.8427007929497149, 0.9660932516622953, 0.9661051464753108,
            0.9953222650189527, 0.9999779095030014, 0.9999999998033839, 1.0, 1.0}; // Python's math.erf, C's erf
        double[] got = np.array(x).erf().toDoubleArray();
        double[] neg = np.array(x).neg().erf().toDoubleArray();
        for (int i = 0; i < x.length; i++) {
            assertEquals(c[i], got[i], 4 * Math.ulp(c[i]), "erf(" + x[i] + ")");
            assertEquals(-got[i], neg[i], "erf is odd");
        }
        assertTrue(Double.isNaN(np.array(Double.NaN).erf().item(0)));
        assertEquals(DType.FLOAT64, np.arange(3).erf().dtype());
    }
}
