package legate.numpy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The same programs on 1, 2 and 3 ranks (arrays split from 16 elements on), with 1 and 3
 * threads per rank: the same results, bit for bit, on every rank.
 */
class DistributedTest {
    /** Runs on 1 rank, then on 2 and 3 ranks with tiny partitions; all results must equal the first. */
    static <T> T same(Supplier<T> program, java.util.function.BiConsumer<T, T> check) {
        T reference = LocalRanks.run(1, 1, 1L << 40, r -> program.get()).get(0);
        for (int ranks : new int[] {2, 3}) {
            for (int cpus : new int[] {1, 3}) {
                List<T> results = LocalRanks.run(ranks, cpus, 16, r -> program.get());
                for (T t : results) {
                    check.accept(reference, t);
                }
            }
        }
        return reference;
    }

    static double[] same(Supplier<NDArray> program) {
        return same(() -> program.get().toDoubleArray(), (a, b) -> assertArrayEquals(a, b));
    }

    @Test
    void stencilWithHalosMatchesOneRank() {
        double[] r = same(() -> {
            NDArray u = np.random(7).rand(40, 9);
            NDArray lap = u.get("2:, 1:-1").add(u.get(":-2, 1:-1")).add(u.get("1:-1, 2:")).add(u.get("1:-1, :-2"))
                    .sub(u.get("1:-1, 1:-1").mul(4.0));
            u.set("1:-1, 1:-1", lap);
            return u;
        });
        assertEquals(40 * 9, r.length);
    }

    @Test
    void oneDimensionalShiftsAndLongShifts() {
        same(() -> {
            NDArray x = np.arange(0.0, 100.0, 1.0);
            return x.get("5:").sub(x.get(":-5")).add(x.get("::-1").get("5:")).mul(x.get("10:60").get("::2").sum());
        });
        double[] r = same(() -> {
            NDArray x = np.arange(0.0, 50.0, 1.0);
            return x.get(":25").add(x.get("25:"));
        });
        for (int i = 0; i < 25; i++) {
            assertEquals(2 * i + 25, r[i]);
        }
    }

    @Test
    void setThroughViewsAndAliasingReadsFirst() {
        double[] r = same(() -> {
            NDArray x = np.arange(0.0, 40.0, 1.0);
            x.set("1:", x.get(":-1")); // NumPy: x[1:] = x[:-1] shifts by one
            return x;
        });
        assertEquals(0, r[0]);
        for (int i = 1; i < 40; i++) {
            assertEquals(i - 1, r[i]);
        }
        same(() -> {
            NDArray p = np.random(3).rand(30, 5);
            p.set("-1, :", p.get("-2, :"));
            p.set("0, :", p.get("1, :"));
            p.set(":, 0", 9.0);
            p.get("::-1").set("3:20", p.get("0:17").mul(2.0)); // written through a reversed view: each rank its own rows
            p.get("::-2, 1").set(p.get("::-2, 2").sum(0));
            return p;
        });
    }

    @Test
    void setIntoABoxKeepsWhatLiesOutsideItAndWhatEarlierExpressionsRead() {
        // 7 rows of 5x6: the box leaves whole rows before and after it, and gaps within each row it crosses
        double[] r = same(() -> {
            NDArray x = np.zeros(7, 5, 6); // a store of that shape (a reshape may be a view of a 1-D one)
            x.set(np.arange(0.0, 7 * 5 * 6, 1.0).reshape(7, 5, 6));
            NDArray before = x.mul(1.0); // deferred: it keeps reading x as it was
            x.set("2:6, 1:4, 2:5", x.get("1:5, 1:4, 2:5").add(1000.0)); // in place, shifted by a row
            return np.concatenate(x.ravel(), before.ravel());
        });
        for (int i = 0; i < 7; i++) {
            for (int j = 0; j < 5; j++) {
                for (int k = 0; k < 6; k++) {
                    int at = i * 30 + j * 6 + k;
                    boolean inBox = i >= 2 && i < 6 && j >= 1 && j < 4 && k >= 2 && k < 5;
                    assertEquals(inBox ? at - 30 + 1000 : at, r[at], "x" + java.util.Arrays.toString(new int[] {i, j, k}));
                    assertEquals(at, r[210 + at], "the earlier expression at " + at);
                }
            }
        }
        double[] m = same(() -> { // a 1-D box, and a 2-D one of whole rows
            NDArray v = np.arange(0.0, 40.0, 1.0);
            NDArray w = v.mul(2.0);
            v.set("3:30", v.get("4:31").mul(-1.0));
            NDArray g = np.zeros(12, 5);
            g.set(np.arange(0.0, 60.0, 1.0).reshape(12, 5));
            g.set("4:9, :", g.get("3:8, :").add(0.5));
            return np.concatenate(v, w, g.ravel());
        });
        for (int i = 0; i < 40; i++) {
            assertEquals(i >= 3 && i < 30 ? -(i + 1) : i, m[i]);
            assertEquals(2 * i, m[40 + i]);
        }
        for (int i = 0; i < 60; i++) {
            assertEquals(i >= 20 && i < 45 ? i - 5 + 0.5 : i, m[80 + i]);
        }
    }

    @Test
    void oneElementOfASplitArraySetAndReadOnEveryRank() {
        // a 0-d view: only the rank holding its row writes it (the others once failed and left the owner waiting)
        double[] r = same(() -> {
            NDArray m = np.random(13).randn(150, 6);
            m.set("3, 2", Double.NaN);
            m.set("140, 5", 7.5);
            m.get("149, 0").set(m.get("0, 1"));
            return new double[] {m.item(3, 2), m.item(140, 5), m.item(149, 0) - m.item(0, 1), m.max(), m.get(":, 5").sum()};
        }, (a, b) -> assertArrayEquals(a, b));
        assertTrue(Double.isNaN(r[0]) && r[1] == 7.5 && r[2] == 0 && Double.isNaN(r[3]), java.util.Arrays.toString(r));
    }

    @Test
    void reductionsAreBitIdenticalForAnyRanksAndThreads() {
        double sum = same(() -> np.random(11).randn(20000).sum(), (a, b) -> assertEquals(Double.doubleToLongBits(a), Double.doubleToLongBits(b)));
        assertTrue(Math.abs(sum) < 500, "a sum of 20000 standard normals: " + sum);
        same(() -> {
            NDArray x = np.random(12).rand(300, 7);
            return new double[] {x.sum(), x.mean(), x.max(), x.min(), x.std(), x.var(), x.argmax(), x.argmin(), x.get("::-3, 2").sum()};
        }, (a, b) -> assertArrayEquals(a, b));
    }

    @Test
    void axisReductionsMatchOneRank() {
        same(() -> np.random(13).rand(150, 6).sum(0));
        same(() -> np.random(13).rand(150, 6).sum(1));
        same(() -> np.random(13).rand(150, 6).max(0));
        same(() -> np.random(13).rand(150, 6).argmin(0));
        same(() -> np.random(13).rand(150, 6).mean(1));
        same(() -> np.random(14).rand(40, 3, 5).sum(1));
    }

    @Test
    void transposeReshapeMatmulConcatenateRoll() {
        same(() -> np.random(5).rand(30, 20).T().add(1.0));
        same(() -> np.random(5).rand(30, 20).T().copy().reshape(-1));
        same(() -> np.arange(0.0, 600.0, 1.0).reshape(30, 20).get("::2").ravel());
        same(() -> np.random(6).rand(40, 30).matmul(np.random(7).rand(30, 25)));
        same(() -> np.dot(np.random(6).rand(40), np.random(7).rand(40, 3)));
        same(() -> np.random(6).rand(4, 30, 5).matmul(np.random(7).rand(5, 6))); // stacks of matrices
        same(() -> np.matmul(np.random(6).rand(4, 10, 5), np.random(7).rand(1, 5, 6)));
        same(() -> np.dot(np.random(6).rand(40, 2, 5), np.random(7).rand(3, 5, 6)));
        same(() -> np.concatenate(new NDArray[] {np.random(1).rand(20, 4), np.random(2).rand(25, 4)}, 0));
        same(() -> np.concatenate(new NDArray[] {np.random(1).rand(20, 4), np.random(2).rand(20, 5)}, 1));
        same(() -> np.roll(np.random(1).rand(30, 7), 3, 1));
        same(() -> np.roll(np.random(1).rand(30, 7), -4, 0));
        same(() -> np.stack(new NDArray[] {np.arange(0.0, 30.0, 1.0), np.arange(30.0, 60.0, 1.0)}, 1));
    }

    @Test
    void aDeferredExpressionAssignedThroughATransposeKeepsItsOperandsOldValues() {
        // on a split store the transpose's rows cross store rows: the expression is computed on its
        // own first; it reads u as it was, and stays usable after the write
        double[] r = same(() -> {
            NDArray u = np.random(3).rand(30, 30);
            NDArray e = u.mul(2.0).add(1.0);
            u.T().set(e);
            return np.concatenate(u.ravel(), e.ravel());
        });
        double[] expected = new double[1800];
        NDArray u0 = np.random(3).rand(30, 30);
        double[] before = u0.toDoubleArray();
        for (int i = 0; i < 30; i++) {
            for (int j = 0; j < 30; j++) {
                expected[j * 30 + i] = before[i * 30 + j] * 2.0 + 1.0; // u.T()[i, j] = e[i, j]
                expected[900 + i * 30 + j] = before[i * 30 + j] * 2.0 + 1.0;
            }
        }
        assertArrayEquals(expected, r);
    }

    @Test
    void viewsWithinOneStoreRowReadAsOnOneRank() {
        // a row of a split store is in one store row: its owner holds all of it (reductions, operands, matmul)
        same(Programs::viewsWithinOneStoreRow);
    }

    @Test
    void assignmentsThroughTransposesOfASplitStoreMatchOneRank() {
        double[] r = same(Programs::assignmentsThroughTransposes);
        assertEquals(600 + 120 + 600 + 600 + 100, r.length);
        // a reshape of a store of one axis: its rows cross store rows in any order (each rank writes the elements it holds)
        same(() -> {
            NDArray a = np.arange(0.0, 600.0, 1.0).reshape(30, 20);
            a.T().get("2:, 1:-1").set(np.random(9).rand(18, 28));
            a.set("1:-1, 1:-1", a.get("1:-1, 1:-1").mul(2.0));
            NDArray b = np.arange(0.0, 300.0 * 250, 1.0).reshape(300, 250); // large enough to be split among a rank's threads
            b.T().get("::-1").set(np.random(10).rand(250, 300));
            b.T().get(":, 7").set(-1.0);
            NDArray c = np.arange(0, 300 * 250, 1).reshape(300, 250);
            c.T().set(np.arange(0, 300 * 250, 1).reshape(250, 300).mul(3L)); // integers on both sides: exact
            return np.concatenate(a.ravel(), b.ravel(), c.astype(DType.FLOAT64).ravel());
        });
    }

    @Test
    void randomNumbersDependOnSeedAndIndexOnly() {
        double[] a = same(() -> np.random(42).rand(1000));
        double[] b = same(() -> np.random(42).randn(1000));
        double[] c = same(() -> np.random(42).integers(-5, 5, 1000).astype(DType.FLOAT64));
        for (double x : a) {
            assertTrue(x >= 0 && x < 1);
        }
        for (double x : c) {
            assertTrue(x >= -5 && x < 5 && x == Math.rint(x));
        }
        double mean = java.util.Arrays.stream(b).average().orElseThrow();
        assertTrue(Math.abs(mean) < 0.15, "mean of 1000 normals " + mean);
    }

    @Test
    void itemAndToStringAreTheSameOnEveryRank() {
        same(() -> {
            NDArray x = np.arange(0.0, 200.0, 0.5).reshape(20, 20);
            return x.item(17, 3) + " " + x.item(-1) + " " + x;
        }, (a, b) -> assertEquals(a, b));
    }
}
