package legate.runtime.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class DenseLoopsTest {
    /** The plain product, one term at a time in t order: what matmulRows must equal bit for bit. */
    private static void plain(double[] left, int lo, double[] right, int ro, double[] res, int k, int m, int r0, int r1) {
        for (int i = r0; i < r1; i++) {
            for (int t = 0; t < k; t++) {
                double x = left[lo + i * k + t];
                for (int j = 0; j < m; j++) {
                    res[i * m + j] += x * right[ro + t * m + j];
                }
            }
        }
    }

    /** The product by panels of {@code panelRows} of right's rows, as the CPU backend runs it. */
    private static void byPanels(double[] left, int lo, double[] right, int ro, double[] res, int k, int m, int r0, int r1, int panelRows) {
        for (int t0 = 0; t0 < k; t0 += panelRows) {
            DenseLoops.matmulRows(left, lo, k, DenseLoops.panel(right, ro, m, t0, Math.min(k, t0 + panelRows)), t0, res, m, r0, r1);
        }
    }

    @Test
    void theGroupedProductHasThePlainLoopsBitsForEveryShapeAndRowRange() {
        Random random = new Random(5);
        int[][] shapes = {{1, 1, 1}, {7, 5, 3}, {2, 4, 9}, {9, 13, 11}, {100, 100, 100}, {33, 1, 17}, {3, 6, 1}, {11, 9, 1}, {1, 13, 5}};
        for (int[] s : shapes) {
            int rows = s[0];
            int k = s[1];
            int m = s[2];
            int lo = 3;
            int ro = 5;
            double[] left = new double[lo + rows * k];
            double[] right = new double[ro + k * m];
            for (int i = 0; i < left.length; i++) {
                left[i] = random.nextGaussian() * Math.scalb(1.0, random.nextInt(40) - 20);
            }
            for (int i = 0; i < right.length; i++) {
                right[i] = random.nextGaussian() * Math.scalb(1.0, random.nextInt(40) - 20);
            }
            double[] start = new double[rows * m];
            for (int i = 0; i < start.length; i++) {
                start[i] = random.nextGaussian();
            }
            for (int r0 = 0; r0 < Math.min(rows, 5); r0++) { // first rows that put groups of four at every place
                double[] want = start.clone();
                plain(left, lo, right, ro, want, k, m, r0, rows);
                if (m == 1) {
                    double[] vector = start.clone();
                    DenseLoops.matvecRows(left, lo, right, ro, vector, k, r0, rows);
                    assertArrayEquals(want, vector, "a matrix times a vector, rows " + r0 + ".." + rows + " of " + rows + "x" + k);
                }
                double[] inPlace = start.clone();
                DenseLoops.matmulRowsInPlace(left, lo, right, ro, inPlace, k, m, r0, rows);
                assertArrayEquals(want, inPlace, "in place, rows " + r0 + ".." + rows + " of " + rows + "x" + k + " @ " + k + "x" + m);
                for (int width : new int[] {1, 2, 3, 8}) { // a vector times a matrix by groups of columns (threads)
                    double[] byColumns = start.clone();
                    for (int i = r0; i < rows; i++) {
                        for (int j0 = 0; j0 < m; j0 += width) {
                            DenseLoops.vectorTimesMatrix(left, lo + i * k, right, ro, byColumns, i * m, k, m, j0, Math.min(m, j0 + width));
                        }
                    }
                    assertArrayEquals(want, byColumns, "by columns " + width + " at a time, rows " + r0 + ".." + rows + " of " + rows + "x" + k
                            + " @ " + k + "x" + m);
                }
                for (int panelRows : new int[] {1, 2, 3, 7, k}) {
                    double[] got = start.clone();
                    byPanels(left, lo, right, ro, got, k, m, r0, rows, panelRows);
                    assertArrayEquals(want, got, "rows " + r0 + ".." + rows + " of " + rows + "x" + k + " @ " + k + "x" + m + ", panels of "
                            + panelRows);
                }
            }
        }
    }

    @Test
    void zerosTimesInfinityAreNanAsInNumPy() {
        double[] left = {0, 0, 0, 0, 0, 1, 2, 3, 4, 5}; // two rows of five
        double[] right = {Double.POSITIVE_INFINITY, 1, 1, 1, 1};
        double[] res = new double[2];
        byPanels(left, 0, right, 0, res, 5, 1, 0, 2, 5);
        assertTrue(Double.isNaN(res[0]), "0 * inf skipped: " + res[0]);
        assertTrue(Double.isInfinite(res[1]));
    }
}
