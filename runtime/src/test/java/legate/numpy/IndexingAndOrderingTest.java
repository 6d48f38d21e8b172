package legate.numpy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Masks, index arrays, scans, sorting and order statistics: each checked against the same
 * computation in plain Java loops, and on 2 and 3 ranks (arrays split from 16 elements on, 1 and
 * 3 threads) against 1 rank, bit for bit ({@link DistributedTest#same}).
 */
class IndexingAndOrderingTest {
    /** 0, 1, ... n-1 times a step, shuffled by a fixed permutation (i * 37 mod n, n not a multiple of 37). */
    private static double[] shuffled(int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = (i * 37 % n) * 0.25 - 20;
        }
        return v;
    }

    private static NDArray data(int n) {
        return np.array(shuffled(n));
    }

    private static long[] longs(NDArray x) {
        return Arrays.stream(x.toDoubleArray()).mapToLong(d -> (long) d).toArray();
    }

    @Test
    void aMaskSelectsInRowMajorOrder() {
        double[] r = DistributedTest.same(() -> {
            NDArray x = data(200).reshape(40, 5);
            return x.get(x.gt(5.0));
        });
        double[] expected = Arrays.stream(shuffled(200)).filter(v -> v > 5.0).toArray();
        assertArrayEquals(expected, r);
        // a mask of the leading axis picks whole rows
        double[] rows = DistributedTest.same(() -> {
            NDArray x = data(200).reshape(40, 5);
            NDArray picked = x.get(x.get(":, 0").lt(0.0));
            assertEquals(5, picked.shape()[1]);
            return picked;
        });
        List<Double> want = new ArrayList<>();
        double[] all = shuffled(200);
        for (int i = 0; i < 40; i++) {
            if (all[i * 5] < 0) {
                for (int j = 0; j < 5; j++) {
                    want.add(all[i * 5 + j]);
                }
            }
        }
        assertArrayEquals(want.stream().mapToDouble(Double::doubleValue).toArray(), rows);
    }

    @Test
    void aMaskAssignsAScalarOrTheValuesInOrder() {
        double[] r = DistributedTest.same(() -> {
            NDArray x = data(90);
            x.set(x.lt(0.0), 0.0);
            return x;
        });
        assertArrayEquals(Arrays.stream(shuffled(90)).map(v -> v < 0 ? 0.0 : v).toArray(), r);
        double[] s = DistributedTest.same(() -> {
            NDArray x = data(90);
            NDArray m = x.gt(1.0);
            x.set(m, np.arange(np.countNonzero(m)).astype(DType.FLOAT64).mul(-1.0));
            return x;
        });
        double[] want = shuffled(90);
        int k = 0;
        for (int i = 0; i < want.length; i++) {
            if (want[i] > 1.0) {
                want[i] = (k++) * -1.0; // -0.0 first, as arange(...) * -1.0 gives
            }
        }
        assertArrayEquals(want, s);
    }

    @Test
    void nonzeroGivesTheIndicesOfEachAxis() {
        double[] r = DistributedTest.same(() -> {
            NDArray x = data(120).reshape(12, 10);
            NDArray[] nz = np.nonzero(x.gt(10.0));
            return np.concatenate(nz[0], nz[1], np.argwhere(x.gt(10.0)).ravel(), np.flatnonzero(x.gt(10.0)));
        });
        double[] all = shuffled(120);
        List<Double> rows = new ArrayList<>();
        List<Double> cols = new ArrayList<>();
        List<Double> pairs = new ArrayList<>();
        List<Double> flat = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            if (all[i] > 10.0) {
                rows.add((double) (i / 10));
                cols.add((double) (i % 10));
                pairs.add((double) (i / 10));
                pairs.add((double) (i % 10));
                flat.add((double) i);
            }
        }
        List<Double> want = new ArrayList<>(rows);
        want.addAll(cols);
        want.addAll(pairs);
        want.addAll(flat);
        assertArrayEquals(want.stream().mapToDouble(Double::doubleValue).toArray(), r);
        long c = DistributedTest.same(() -> np.countNonzero(data(120).gt(10.0)), (a, b) -> assertEquals(a, b));
        assertEquals(flat.size(), c);
    }

    @Test
    void indexArraysTakeAndPutRowsAndElements() {
        // rows of a split 2-D array by a split index array with negative and repeated indices
        double[] r = DistributedTest.same(() -> {
            NDArray x = data(300).reshape(60, 5);
            NDArray idx = np.arange(0, 80, 1).mul(7).sub(200); // -200 .. 353 step 7 ...
            return x.get(idx.sub(idx.div(60.0).floor().astype(DType.INT64).mul(60)).sub(30)); // within -30 .. 29
        });
        double[] all = shuffled(300);
        double[] want = new double[80 * 5];
        for (int j = 0; j < 80; j++) {
            long v = j * 7L - 200;
            long row = Math.floorMod(v, 60) - 30;
            int rr = (int) Math.floorMod(row, 60);
            System.arraycopy(all, rr * 5, want, j * 5, 5);
        }
        assertArrayEquals(want, r);
        // take of the flattened array, and along axis 1
        double[] t = DistributedTest.same(() -> {
            NDArray x = data(300).reshape(60, 5);
            return np.concatenate(x.take(np.array(299L, 0L, 7L, -1L)), x.take(np.array(4L, 0L), 1).ravel());
        });
        assertEquals(all[299], t[0]);
        assertEquals(all[0], t[1]);
        assertEquals(all[7], t[2]);
        assertEquals(all[299], t[3]);
        for (int i = 0; i < 60; i++) {
            assertEquals(all[i * 5 + 4], t[4 + 2 * i]);
            assertEquals(all[i * 5], t[4 + 2 * i + 1]);
        }
        // x[idx] = v and put: the last of repeated indices wins, as in NumPy
        double[] s = DistributedTest.same(() -> {
            NDArray x = np.zeros(100);
            x.set(np.arange(0, 100, 3), np.arange(0.0, 34.0, 1.0));
            x.set(np.array(5L, 5L, -1L), np.array(1.0, 2.0, 3.0));
            x.put(np.array(10L, 11L, 12L, 13L, 10L), np.array(7.0, 8.0)); // values repeat: 7 8 7 8 7
            return x;
        });
        double[] w = new double[100];
        for (int i = 0; i < 100; i += 3) {
            w[i] = i / 3;
        }
        w[5] = 2.0;
        w[99] = 3.0;
        w[10] = 7.0;
        w[11] = 8.0;
        w[12] = 7.0;
        w[13] = 8.0;
        assertArrayEquals(w, s);
    }

    @Test
    void indexArraysMixedWithSlicesPlaceTheirDimensionsAsNumPyDoes() {
        long[] idx = {4, -5, 2};
        long[] rows = {3, 0};
        long[] last = {5, -1};
        // x[:, idx, 1:5:2]: adjacent, the index dimension in the indexed axis's place; x[rows, :, last]: separated, first
        double[] r = DistributedTest.same(() -> {
            NDArray x = np.arange(0.0, 120.0, 1.0).reshape(4, 5, 6);
            NDArray a = x.get(":", np.array(idx), "1:5:2");
            NDArray b = x.get(np.array(rows), ":", np.array(last));
            assertArrayEquals(new int[] {4, 3, 2}, a.shape());
            assertArrayEquals(new int[] {2, 5}, b.shape());
            return np.concatenate(a.ravel(), b.ravel());
        });
        java.util.List<Double> want = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            for (long j : idx) {
                for (int k = 0; k < 2; k++) {
                    want.add((double) (i * 30 + Math.floorMod(j, 5) * 6 + 1 + 2 * k));
                }
            }
        }
        for (int j = 0; j < 2; j++) {
            for (int m = 0; m < 5; m++) {
                want.add((double) (rows[j] * 30 + m * 6 + Math.floorMod(last[j], 6)));
            }
        }
        assertArrayEquals(want.stream().mapToDouble(Double::doubleValue).toArray(), r);
        // y[1, :, last] = v: the integer beside an index array is one too, so the slice separates them and v is (2, 5)
        double[] s = DistributedTest.same(() -> {
            NDArray y = np.zeros(4, 5, 6);
            y.set(new Object[] {1, ":", np.array(last)}, np.arange(0.0, 10.0, 1.0).reshape(2, 5).add(1.0));
            return y;
        });
        double[] w = new double[120];
        for (int j = 0; j < 2; j++) {
            for (int m = 0; m < 5; m++) {
                w[30 + m * 6 + (int) Math.floorMod(last[j], 6)] = j * 5 + m + 1;
            }
        }
        assertArrayEquals(w, s);
    }

    @Test
    void uniqueAlongAnAxisGivesFirstIndicesInverseAndCounts() {
        double[] r = DistributedTest.same(() -> {
            NDArray x = np.array(1.0, 2.0, 0.0, 5.0, 1.0, 2.0, 0.0, 5.0, 3.0, 3.0).reshape(5, 2);
            NDArray[] u = np.unique(x, true, true, true, 0);
            return np.concatenate(u[0].ravel(), u[1].astype(DType.FLOAT64), u[2].astype(DType.FLOAT64), u[3].astype(DType.FLOAT64));
        });
        // distinct rows (0 5) (1 2) (3 3); first at rows 1, 0, 4; each row's distinct one; counts
        assertArrayEquals(new double[] {0, 5, 1, 2, 3, 3, 1, 0, 4, 1, 0, 1, 0, 2, 2, 2, 1}, r);
    }

    @Test
    void anIndexOutOfRangeFailsOnEveryRankAlike() {
        for (int ranks : new int[] {1, 2, 3}) {
            List<String> messages = LocalRanks.run(ranks, 1, 16, rank -> {
                NDArray x = np.arange(0.0, 50.0, 1.0);
                NDArray idx = np.arange(0, 40, 1);
                idx.set("35", 77.0); // only the rank holding element 35 sees it
                Exception e = assertThrows(IndexOutOfBoundsException.class, () -> x.get(idx));
                Exception f = assertThrows(IllegalArgumentException.class, () -> x.get(np.zeros(DType.BOOL, 49)));
                Exception g = assertThrows(IllegalArgumentException.class, () -> x.get(np.zeros(3)));
                return e.getMessage() + "|" + f.getMessage() + "|" + g.getMessage();
            });
            for (String m : messages) {
                assertEquals("get(index array): index 77 is out of bounds for axis 0 with size 50|get(mask): boolean index did not match "
                        + "indexed array along dimension 0; dimension is 50 but corresponding boolean dimension is 49 (array (50,), mask "
                        + "(49,))|get(index array): arrays used as indices must be of integer (or boolean) type, not float64", m);
            }
        }
    }

    @Test
    void aBadQuantileCallSaysWhatWasWrongOnEveryRankAlike() {
        for (int ranks : new int[] {1, 2}) {
            List<String> messages = LocalRanks.run(ranks, 1, 16, rank -> {
                NDArray x = np.arange(0, 40, 1);
                List<String> m = new ArrayList<>();
                m.add(assertThrows(IllegalArgumentException.class, () -> np.quantile(x, 0.5, "median")).getMessage());
                m.add(assertThrows(IllegalArgumentException.class, () -> np.quantile(x.gt(3L), 0.5)).getMessage());
                m.add(assertThrows(IllegalArgumentException.class, () -> np.quantile(x, 0.5, 1)).getMessage());
                m.add(assertThrows(IllegalArgumentException.class, () -> np.percentile(x, 101.0)).getMessage());
                m.add(assertThrows(IllegalArgumentException.class, () -> np.quantile(np.zeros(3, 0), 0.5, 1)).getMessage());
                m.add(Double.toString(np.quantile(x.gt(3L), 0.5, "lower"))); // a discrete method takes bools
                return String.join("|", m);
            });
            for (String m : messages) {
                assertEquals("quantile: 'median' is not a valid method. Use one of: inverted_cdf, averaged_inverted_cdf, closest_observation, "
                        + "interpolated_inverted_cdf, hazen, weibull, linear, median_unbiased, normal_unbiased, lower, higher, midpoint, nearest"
                        + "|quantile: method 'linear' interpolates, which needs subtraction, and bool arrays have none (NumPy: boolean subtract "
                        + "is not supported); use astype or a method of \"lower\", \"higher\", \"nearest\", \"inverted_cdf\", "
                        + "\"closest_observation\"|quantile: axis 1 is out of bounds for array of dimension 1"
                        + "|percentile: Percentiles must be in the range [0, 100] (got 101.0)"
                        + "|quantile: the array has no elements along axis 1 (shape (3, 0)); there is no value to give|1.0", m);
            }
        }
    }

    @Test
    void singularValuesAreTheSameOnEveryRankAndBadMatricesSaySo() {
        // a diagonal matrix's singular values are its |diagonal|, sorted; a rotation's are all 1
        double[] s = DistributedTest.same(() -> np.linalg.svd(np.diag(np.array(3.0, -7.0, 0.5, 2.0)).get(":, 0:3"), false));
        assertArrayEquals(new double[] {7.0, 3.0, 0.5}, s);
        double[] r = DistributedTest.same(() -> {
            double c = Math.cos(0.3);
            double t = Math.sin(0.3);
            NDArray rot = np.array(new double[][] {{c, -t}, {t, c}});
            return np.array(np.linalg.norm(rot, 2.0), np.linalg.norm(rot, -2.0), np.linalg.norm(rot, "nuc"), np.linalg.cond(rot));
        });
        assertEquals(1.0, r[0], 1e-15);
        assertEquals(1.0, r[1], 1e-15);
        assertEquals(2.0, r[2], 1e-15);
        assertEquals(1.0, r[3], 1e-15);
        List<String> messages = LocalRanks.run(2, 1, 16, rank -> {
            NDArray x = np.ones(3, 3);
            x.set("1, 1", Double.NaN);
            return assertThrows(ArithmeticException.class, () -> np.linalg.svd(x, false)).getMessage() + "|"
                    + assertThrows(UnsupportedOperationException.class, () -> np.linalg.svd(x, true)).getMessage() + "|"
                    + assertThrows(IllegalArgumentException.class, () -> np.linalg.norm(np.ones(3, 3), 3.0)).getMessage();
        });
        for (String m : messages) {
            assertEquals("svd: SVD did not converge (the matrix holds NaN)|svd: the singular vectors (compute_uv=True) are not implemented "
                    + "in legate.numpy yet; svd(a, false) gives the singular values|norm: matrix norm order 3.0 is not supported; expected "
                    + "1, -1, 2, -2, inf, -inf, \"fro\" or \"nuc\"", m);
        }
    }

    @Test
    void integerReductionsAreExactBeyondTwoToThe53OnEveryRank() {
        long big = (1L << 60) + 1;
        long bigger = (1L << 62) + 5;
        for (int ranks : new int[] {1, 2}) {
            List<String> results = LocalRanks.run(ranks, 1, 2, rank -> {
                NDArray y = np.array(big, 1L, 3L, -7L, bigger, 12L).reshape(2, 3);
                return Arrays.toString(y.sum(0).toLongArray()) + Arrays.toString(y.sum(1).toLongArray())
                        + Arrays.toString(y.max(1).toLongArray()) + Arrays.toString(y.prod(1).toLongArray())
                        + Arrays.toString(y.ravel().sum(0).toLongArray()) + " " + y.sum() + " " + y.max();
            });
            for (String r : results) { // NumPy's int64 results (wrapping in the product), and the sum rounded once
                assertEquals("[" + (big - 7) + ", " + (1 + bigger) + ", 15]" + "[" + (big + 4) + ", " + (bigger + 5) + "]"
                        + "[" + big + ", " + bigger + "]" + "[" + (3 * big) + ", " + (-7 * bigger * 12) + "]"
                        + "[" + (big + 1 + 3 - 7 + bigger + 12) + "] " + (double) (big + 1 + 3 - 7 + bigger + 12) + " " + (double) bigger, r);
            }
        }
    }

    @Test
    void cumsumAndCumprodRunInNumPysOrder() {
        double[] r = DistributedTest.same(() -> np.random(5).rand(130).cumsum());
        double[] x = LocalRanks.run(1, 1, 1L << 40, rank -> np.random(5).rand(130).toDoubleArray()).get(0);
        double acc = 0;
        for (int i = 0; i < x.length; i++) {
            acc = i == 0 ? x[0] : acc + x[i];
            assertEquals(Double.doubleToLongBits(acc), Double.doubleToLongBits(r[i]), "element " + i);
        }
        double[] axes = DistributedTest.same(() -> {
            NDArray a = data(120).reshape(24, 5);
            return np.concatenate(a.cumsum(0).ravel(), a.cumsum(1).ravel(), a.div(20.0).cumprod(0).ravel());
        });
        double[] all = shuffled(120);
        for (int i = 0; i < 24; i++) {
            for (int j = 0; j < 5; j++) {
                double down = 0;
                double across = 0;
                double prod = 1;
                for (int k = 0; k <= i; k++) {
                    down = k == 0 ? all[j] : down + all[k * 5 + j];
                    prod = k == 0 ? all[j] / 20.0 : prod * (all[k * 5 + j] / 20.0);
                }
                for (int k = 0; k <= j; k++) {
                    across = k == 0 ? all[i * 5] : across + all[i * 5 + k];
                }
                assertEquals(down, axes[i * 5 + j]);
                assertEquals(across, axes[120 + i * 5 + j]);
                assertEquals(prod, axes[240 + i * 5 + j]);
            }
        }
        NDArray ints = LocalRanks.run(1, 1, 1L << 40, rank -> np.arange(1, 21, 1).astype(DType.INT32).cumprod()).get(0);
        assertEquals(DType.INT64, ints.dtype());
        assertEquals(2432902008176640000L, (long) ints.item(19)); // 20!, exact in int64
    }

    @Test
    void aLargeSortOnSeveralThreadsIsTheOneThreadSort() {
        // pieces of at least 2^15 elements sorted on 2 and 3 threads, then merged (3: one piece waits a round)
        int n = 3 * Sorting.PARALLEL_SORT_PIECE + 7;
        double[] v = new double[n];
        java.util.Random random = new java.util.Random(3);
        for (int i = 0; i < n; i++) {
            v[i] = i % 1000 == 0 ? 0.0 : i % 1001 == 0 ? -0.0 : i % 997 == 0 ? Double.NaN : Math.floor(random.nextGaussian() * 1000) / 8;
        }
        v[5] = Double.POSITIVE_INFINITY;
        v[6] = Double.NEGATIVE_INFINITY;
        double[] want = v.clone();
        Arrays.sort(want); // -0.0 before 0.0, NaN last: the order of sort's keys
        long[] ints = Arrays.stream(v).mapToLong(d -> Double.isFinite(d) ? (long) (d * 8) * 1_000_003L : 0).toArray();
        long[] wantInts = ints.clone();
        Arrays.sort(wantInts);
        for (int cpus : new int[] {1, 2, 3}) {
            double[] got = LocalRanks.run(1, cpus, 1L << 40, r -> np.sort(np.array(v)).toDoubleArray()).get(0);
            for (int i = 0; i < n; i++) {
                assertEquals(Double.doubleToLongBits(want[i]), Double.doubleToLongBits(got[i]), cpus + " threads, element " + i);
            }
            long[] gotInts = LocalRanks.run(1, cpus, 1L << 40, r -> np.sort(np.array(ints)).toLongArray()).get(0);
            assertArrayEquals(wantInts, gotInts, cpus + " threads, int64");
        }
    }

    @Test
    void aLargeArgsortOnSeveralThreadsIsTheStableOneThreadArgsort() {
        // pieces of (key, index) pairs sorted on 2 and 3 threads, then merged: many repeats, so a merge that took
        // the right piece's element first on a tie would break stability
        int n = 3 * Sorting.PARALLEL_SORT_PIECE + 11;
        double[] v = new double[n];
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < n; i++) {
            v[i] = i % 89 == 0 ? Double.NaN : i % 97 == 0 ? -0.0 : i % 101 == 0 ? 0.0 : Math.floor(random.nextGaussian() * 50) / 4;
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        // NumPy's order: -0.0 and 0.0 equal for argsort, NaN last; stable
        Arrays.sort(order, (a, b) -> Double.isNaN(v[a]) || Double.isNaN(v[b]) ? Boolean.compare(Double.isNaN(v[a]), Double.isNaN(v[b]))
                : Double.compare(v[a] + 0.0, v[b] + 0.0));
        long[] want = Arrays.stream(order).mapToLong(Integer::longValue).toArray();
        for (int cpus : new int[] {1, 2, 3}) {
            long[] got = LocalRanks.run(1, cpus, 1L << 40, r -> np.argsort(np.array(v)).toLongArray()).get(0);
            assertArrayEquals(want, got, cpus + " threads");
        }
        // and split across 2 ranks (each rank's run sorted on its threads, then exchanged)
        long[] split = LocalRanks.run(2, 2, 1024, r -> np.argsort(np.array(v)).toLongArray()).get(0);
        assertArrayEquals(want, split, "2 ranks of 2 threads");
    }

    @Test
    void rowsSortOnSeveralThreadsAsOnOne() {
        // each segment along the last axis sorted apart, the segments shared among the threads: the same as one thread
        int rows = 300;
        int len = 257;
        double[] v = new double[rows * len];
        java.util.Random random = new java.util.Random(5);
        for (int i = 0; i < v.length; i++) {
            v[i] = i % 89 == 0 ? Double.NaN : i % 97 == 0 ? -0.0 : Math.floor(random.nextGaussian() * 100) / 4; // repeats: argsort is stable
        }
        double[] want = new double[v.length];
        long[] wantIdx = new long[v.length];
        for (int r = 0; r < rows; r++) {
            double[] row = Arrays.copyOfRange(v, r * len, r * len + len);
            Integer[] order = new Integer[len];
            for (int i = 0; i < len; i++) {
                order[i] = i;
            }
            // NumPy's order: -0.0 and 0.0 equal for argsort, NaN last; stable
            Arrays.sort(order, (a, b) -> Double.isNaN(row[a]) || Double.isNaN(row[b]) ? Boolean.compare(Double.isNaN(row[a]), Double.isNaN(row[b]))
                    : Double.compare(row[a] + 0.0, row[b] + 0.0));
            Arrays.sort(row);
            System.arraycopy(row, 0, want, r * len, len);
            for (int i = 0; i < len; i++) {
                wantIdx[r * len + i] = order[i];
            }
        }
        for (int cpus : new int[] {1, 2, 3}) {
            double[] got = LocalRanks.run(1, cpus, 1L << 40, r -> np.sort(np.array(v).reshape(rows, len)).toDoubleArray()).get(0);
            for (int i = 0; i < v.length; i++) {
                assertEquals(Double.doubleToLongBits(want[i]), Double.doubleToLongBits(got[i]), cpus + " threads, element " + i);
            }
            long[] idx = LocalRanks.run(1, cpus, 1L << 40, r -> np.argsort(np.array(v).reshape(rows, len), -1).toLongArray()).get(0);
            assertArrayEquals(wantIdx, idx, cpus + " threads, argsort");
        }
    }

    @Test
    void sortArgsortUniqueAndSearchsorted() {
        double[] v = shuffled(211);
        v[3] = Double.NaN;
        v[100] = v[7]; // a repeat
        double[] sorted = v.clone();
        Arrays.sort(sorted); // NaN last, as NumPy
        double[] r = DistributedTest.same(() -> {
            NDArray x = np.array(v);
            return np.sort(x);
        });
        assertArrayEquals(sorted, r);
        double[] idx = DistributedTest.same(() -> np.argsort(np.array(v)).astype(DType.FLOAT64));
        for (int i = 0; i < v.length; i++) {
            assertEquals(Double.doubleToLongBits(sorted[i]), Double.doubleToLongBits(v[(int) idx[i]]));
        }
        int p = 0;
        while (sorted[p] != v[7]) {
            p++;
        }
        assertEquals(7, (long) idx[p]); // stable: equal values keep their order
        assertEquals(100, (long) idx[p + 1]);
        double[] u = DistributedTest.same(() -> np.unique(np.array(v)));
        assertArrayEquals(Arrays.stream(sorted).distinct().toArray(), u);
        // rows sort where they are; x.sort() in place
        double[] rows = DistributedTest.same(() -> {
            NDArray x = data(240).reshape(40, 6);
            x.sort();
            return x;
        });
        double[] all = shuffled(240);
        for (int i = 0; i < 40; i++) {
            double[] row = Arrays.copyOfRange(all, i * 6, i * 6 + 6);
            Arrays.sort(row);
            assertArrayEquals(row, Arrays.copyOfRange(rows, i * 6, i * 6 + 6));
        }
        double[] cols = DistributedTest.same(() -> np.sort(data(240).reshape(40, 6), 0));
        for (int j = 0; j < 6; j++) {
            double[] col = new double[40];
            for (int i = 0; i < 40; i++) {
                col[i] = all[i * 6 + j];
            }
            Arrays.sort(col);
            for (int i = 0; i < 40; i++) {
                assertEquals(col[i], cols[i * 6 + j]);
            }
        }
        double[] at = DistributedTest.same(() -> {
            NDArray a = np.sort(data(150));
            NDArray q = np.array(-100.0, -20.0, 0.0, 0.1, 17.25, 100.0, Double.NaN);
            return np.concatenate(a.searchsorted(q), a.searchsorted(q, "right")).astype(DType.FLOAT64);
        });
        double[] a = shuffled(150);
        Arrays.sort(a);
        double[] q = {-100.0, -20.0, 0.0, 0.1, 17.25, 100.0, Double.NaN};
        for (int j = 0; j < q.length; j++) {
            long left = 0;
            long right = 0;
            for (double e : a) {
                left += e < q[j] ? 1 : 0;
                right += e <= q[j] || Double.isNaN(q[j]) ? 1 : 0;
            }
            if (Double.isNaN(q[j])) {
                left = a.length;
            }
            assertEquals(left, (long) at[j], "left of " + q[j]);
            assertEquals(right, (long) at[q.length + j], "right of " + q[j]);
        }
    }

    @Test
    void quantilesMediansAndHistograms() {
        double[] r = DistributedTest.same(() -> {
            NDArray x = data(101);
            NDArray[] h = np.histogram(x, 7);
            NDArray[] h2 = np.histogram(x, 4, -5.0, 5.0);
            return np.concatenate(np.quantile(x, 0.0, 0.1, 0.25, 0.5, 0.9, 1.0), np.array(np.median(x), np.median(data(100)),
                    np.percentile(x, 37.5)), h[0].astype(DType.FLOAT64), h[1], h2[0].astype(DType.FLOAT64));
        });
        double[] s = shuffled(101);
        Arrays.sort(s);
        double[] qs = {0.0, 0.1, 0.25, 0.5, 0.9, 1.0};
        for (int j = 0; j < qs.length; j++) {
            double vi = 100 * qs[j];
            int lo = (int) Math.floor(vi);
            int hi = Math.min(100, lo + 1);
            double g = vi - lo;
            double want = g >= 0.5 ? s[hi] - (s[hi] - s[lo]) * (1 - g) : s[lo] + (s[hi] - s[lo]) * g;
            assertEquals(want, r[j], "quantile " + qs[j]);
        }
        assertEquals(s[50], r[6]);
        double[] s100 = shuffled(100);
        Arrays.sort(s100);
        assertEquals((s100[49] + s100[50]) / 2, r[7]);
        long total = 0;
        for (int k = 0; k < 7; k++) {
            long c = 0;
            double lo = r[9 + 7 + k];
            double hi = r[9 + 7 + k + 1];
            for (double e : s) {
                c += e >= lo && (e < hi || (k == 6 && e <= hi)) ? 1 : 0;
            }
            assertEquals(c, (long) r[9 + k], "bin " + k);
            total += c;
        }
        assertEquals(101, total);
        long inRange = Arrays.stream(s).filter(e -> e >= -5 && e <= 5).count();
        assertEquals(inRange, (long) (r[9 + 7 + 8] + r[9 + 7 + 9] + r[9 + 7 + 10] + r[9 + 7 + 11]));
        assertTrue(Double.isNaN(LocalRanks.run(1, 1, 1L << 40, rank -> np.median(np.array(1.0, Double.NaN, 3.0))).get(0)));
    }

    @Test
    void factorizationsGiveTheSameBitsOnAnyNumberOfRanksAndSolveTheSystem() {
        double[] r = DistributedTest.same(() -> {
            NDArray g = np.arange(0, 900, 1).mul(37L).mod(101L).astype(DType.FLOAT64).div(101.0).reshape(30, 30);
            NDArray spd = g.matmul(g.T()).add(np.eye(30).mul(30.0));
            NDArray l = np.linalg.cholesky(spd);
            NDArray b = np.arange(0.0, 60.0, 1.0).reshape(30, 2);
            NDArray x = np.linalg.solve(g.add(np.eye(30)), b);
            return np.concatenate(l.ravel(), l.matmul(l.T()).sub(spd).ravel(), x.ravel(), g.add(np.eye(30)).matmul(x).sub(b).ravel(),
                    np.linalg.inv(spd).matmul(spd).sub(np.eye(30)).ravel(), np.bincount(np.arange(0, 100, 1).mod(7L),
                            np.arange(0.0, 10.0, 0.1), 9));
        });
        for (int i = 0; i < 30; i++) {
            for (int j = i + 1; j < 30; j++) {
                assertEquals(0.0, r[i * 30 + j], "L is lower-triangular");
            }
        }
        for (int k = 900; k < 1800; k++) {
            assertEquals(0.0, r[k], 1e-12, "L @ L.T = spd");
        }
        for (int k = 1800 + 60; k < 1800 + 120; k++) {
            assertEquals(0.0, r[k], 1e-10, "g @ x = b");
        }
        for (int k = 1920; k < 1920 + 900; k++) {
            assertEquals(0.0, r[k], 1e-12, "inv(spd) @ spd = I");
        }
        double[] sums = new double[9];
        for (int i = 0; i < 100; i++) {
            sums[i % 7] += arangeTenth(i); // in x's order, as NumPy adds them
        }
        assertArrayEquals(sums, Arrays.copyOfRange(r, 2820, 2829));
        double[] qr = DistributedTest.same(() -> { // tall and wide: q orthonormal, r upper triangular, q @ r = a
            NDArray g = np.arange(0, 600, 1).mul(37L).mod(101L).astype(DType.FLOAT64).div(101.0).reshape(30, 20)
                    .add(np.eye(30).get(":, 0:20").mul(5.0));
            NDArray[] tall = np.linalg.qr(g);
            NDArray[] wide = np.linalg.qr(g.T());
            return np.concatenate(tall[0].T().matmul(tall[0]).sub(np.eye(20)).ravel(), tall[0].matmul(tall[1]).sub(g).ravel(),
                    wide[0].matmul(wide[1]).sub(g.T()).ravel(), np.tril(tall[1], -1).ravel());
        });
        for (double v : qr) {
            assertEquals(0.0, v, 1e-13);
        }
        for (int ranks : new int[] {1, 2, 3}) { // the rank that finds it is one; every rank raises it
            for (String m : LocalRanks.run(ranks, 1, 16, rank -> {
                NDArray a = np.eye(6);
                a.set("4, 4", -1.0);
                NDArray singular = np.ones(6, 6);
                return assertThrows(ArithmeticException.class, () -> np.linalg.cholesky(a)).getMessage() + "|"
                        + assertThrows(ArithmeticException.class, () -> np.linalg.solve(singular, np.ones(6))).getMessage();
            })) {
                assertEquals("cholesky: Matrix is not positive definite|solve: Singular matrix", m);
            }
        }
    }

    @Test
    void qrByPanelsIsOrthonormalTriangularAndTheSameOnAnyNumberOfRanks() {
        int cols = 2 * Factorizations.QR_BLOCK + 7; // three panels, the last narrow, and columns right of each
        double[] r = DistributedTest.same(() -> {
            NDArray g = np.random(11).rand(cols + 30, cols).add(np.eye(cols + 30).get(":, 0:" + cols));
            NDArray[] tall = np.linalg.qr(g);
            NDArray[] wide = np.linalg.qr(g.T());
            return np.concatenate(tall[0].T().matmul(tall[0]).sub(np.eye(cols)).ravel(), tall[0].matmul(tall[1]).sub(g).ravel(),
                    wide[0].T().matmul(wide[0]).sub(np.eye(cols)).ravel(), wide[0].matmul(wide[1]).sub(g.T()).ravel(),
                    np.tril(tall[1], -1).ravel(), np.tril(wide[1], -1).ravel());
        });
        assertEquals(2 * cols * cols + 2 * (cols + 30) * cols + cols * cols + cols * (cols + 30), r.length);
        for (double v : r) {
            assertEquals(0.0, v, 1e-12);
        }
    }

    @Test
    void qrOfHugeAndTinyMatricesIsTheSameScaledByThePowerOfTwo() {
        // Householder reflections commute with scaling by a power of two, exactly; the column norms must not
        // overflow (squares of 2^600) or underflow (squares of 2^-600) on the way
        for (int ranks : new int[] {1, 2}) {
            for (double[] got : LocalRanks.run(ranks, 1, 16, rank -> {
                NDArray g = np.arange(0, 600, 1).mul(37L).mod(101L).astype(DType.FLOAT64).div(101.0).reshape(30, 20);
                NDArray[] plain = np.linalg.qr(g);
                NDArray[] huge = np.linalg.qr(g.mul(Math.scalb(1.0, 600)));
                NDArray[] tiny = np.linalg.qr(g.mul(Math.scalb(1.0, -600)));
                return np.concatenate(plain[0].ravel(), huge[0].ravel(), tiny[0].ravel(), plain[1].ravel(),
                        huge[1].mul(Math.scalb(1.0, -600)).ravel(), tiny[1].mul(Math.scalb(1.0, 600)).ravel()).toDoubleArray();
            })) {
                int q = 30 * 20;
                int r = 20 * 20;
                for (int i = 0; i < q; i++) {
                    assertEquals(got[i], got[q + i], 0.0, "Q of the huge matrix, element " + i);
                    assertEquals(got[i], got[2 * q + i], 0.0, "Q of the tiny matrix, element " + i);
                }
                for (int i = 0; i < r; i++) {
                    assertEquals(got[3 * q + i], got[3 * q + r + i], 0.0, "R of the huge matrix / 2^600, element " + i);
                    assertEquals(got[3 * q + i], got[3 * q + 2 * r + i], 0.0, "R of the tiny matrix * 2^600, element " + i);
                }
            }
        }
    }

    @Test
    void aStridedViewOfAWholeMatrixTimesASplitMatrix() {
        // a one-row array is held whole by every rank whatever its size; its transposed reshape (2 x 30) is a
        // strided view whose copy would be split (60 elements, over the threshold of 40); times a split 30 x 16
        // matrix, the small product (32 elements) sums along the ranks from a copy every rank holds whole
        double[] want = new double[32];
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 16; j++) {
                for (int t = 0; t < 30; t++) {
                    want[i * 16 + j] += (t * 2 + i) * (double) (t * 16 + j);
                }
            }
        }
        for (int ranks : new int[] {1, 2, 3}) {
            for (double[] r : LocalRanks.run(ranks, 1, 40, rank -> {
                NDArray a = np.arange(0.0, 60.0, 1.0).reshape(1, 60).add(0.0).reshape(30, 2).T();
                return a.matmul(np.arange(0.0, 480.0, 1.0).reshape(30, 16).add(0.0)).toDoubleArray(); // a 2-D store of its own
            })) {
                assertArrayEquals(want, r, ranks + " ranks");
            }
        }
    }

    @Test
    void equalValuesSpreadOverTheRanksWhenSorted() {
        for (int ranks : new int[] {2, 3}) {
            List<Integer> counts = LocalRanks.run(ranks, 1, 16, rank -> Sorting.sorted(np.ones(300), false).keys().length);
            for (int c : counts) {
                assertTrue(c >= 300 / ranks / 2, ranks + " ranks: each rank's part of 300 equal values sorted: " + counts);
            }
            assertEquals(300, counts.stream().mapToInt(Integer::intValue).sum());
        }
    }

    @Test
    void integersKeepEveryBitThroughMasksAndTriangles() {
        long big = (1L << 60) + 1; // not a float64
        for (int ranks : new int[] {1, 2, 3}) {
            for (long[] r : LocalRanks.run(ranks, 1, 16, rank -> {
                NDArray x = np.array(big, big + 2, big + 4, big + 6, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18);
                NDArray t = np.tril(x.get("0:16").reshape(4, 4));
                x.set(x.lt(10.0), 3.9);
                assertEquals(DType.INT64, t.dtype());
                long[] both = new long[34];
                System.arraycopy(t.toLongArray(), 0, both, 0, 16);
                System.arraycopy(x.toLongArray(), 0, both, 16, 18);
                return both;
            })) {
                assertArrayEquals(new long[] {big, 0, 0, 0, 5, 6, 0, 0, 9, 10, 11, 0, 13, 14, 15, 16,
                    big, big + 2, big + 4, big + 6, 3, 3, 3, 3, 3, 10, 11, 12, 13, 14, 15, 16, 17, 18}, r, ranks + " ranks");
            }
        }
    }

    @Test
    void indexArraysForSeveralAxesSayWhatIsWrongAlikeOnEveryRank() {
        List<String> messages = LocalRanks.run(2, 1, 16, rank -> {
            NDArray x = np.zeros(6, 5);
            NDArray i = np.array(0L, 1L, 2L);
            NDArray far = np.array(0L, 9L, 2L);
            return assertThrows(IllegalArgumentException.class, () -> x.set(i, far, np.ones(2))).getMessage() + "|" // the value first
                    + assertThrows(IndexOutOfBoundsException.class, () -> x.set(i, far, 1.0)).getMessage() + "|"
                    + assertThrows(IllegalArgumentException.class, () -> x.set(new NDArray[0], 1.0)).getMessage() + "|"
                    + assertThrows(IllegalArgumentException.class, () -> x.get(i, i.gt(0.0))).getMessage() + "|"
                    + java.util.Arrays.toString(np.unique(np.zeros(2, 0), 0).shape()) + "|"
                    + java.util.Arrays.toString(np.sort(np.array(3.0, 1.0, 2.0), 0, null).toDoubleArray());
        });
        for (String m : messages) {
            assertEquals("set(index arrays): shape mismatch: value array of shape (2,) could not be broadcast to indexing result of shape (3,)|"
                    + "set(index arrays): index 9 is out of bounds for axis 1 with size 5|set(index arrays): no index arrays given|"
                    + "get(index arrays): boolean index did not match indexed array along dimension 1; dimension is 5 but corresponding "
                    + "boolean dimension is 3 (array (6, 5), mask (3,))|[1, 0]|[1.0, 2.0, 3.0]", m); // a mask among index arrays stands for its nonzero() arrays
        }
    }

    @Test
    void aContractionOverNothingGivesZeros() {
        double[] r = DistributedTest.same(() -> np.tensordot(np.ones(2, 0), np.ones(0, 3), 1));
        assertArrayEquals(new double[6], r);
    }

    @Test
    void anExchangeTooLargeForOneMessageFailsBeforeItStarts() {
        Exchanges.checkCarriable((Integer.MAX_VALUE - 64) / 16, 16, "sort");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Exchanges.checkCarriable((Integer.MAX_VALUE - 64) / 16 + 1, 16, "sort"));
        assertEquals("sort: 134217724 elements split across ranks are more than one exchange carries (at most 134217723 here);"
                + " work on smaller parts of the array", e.getMessage());
    }

    /** np.arange(0.0, 10.0, 0.1)'s element i: start + i * step. */
    private static double arangeTenth(int i) {
        return 0.0 + i * 0.1;
    }
}
