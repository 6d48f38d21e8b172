package legate.gpu;

import static legate.gpu.check.EdgePrograms.cat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import legate.gpu.check.EdgePrograms;
import legate.gpu.device.DeviceFailureException;
import legate.gpu.device.SimulatedDevice;
import legate.numpy.DType;
import legate.numpy.NDArray;
import legate.numpy.np;
import legate.runtime.OutOfMemoryError;
import legate.runtime.backend.BackendConfig;
import legate.runtime.backend.BinaryOp;
import legate.runtime.backend.ElementwiseKernel;
import legate.runtime.backend.UnaryOp;
import legate.runtime.types.ElementType;
import org.junit.jupiter.api.Test;

/**
 * The GPU backend on simulated devices, against the CPU backend: the same programs on 1 and 2
 * ranks, of 1, 2 and 3 GPUs each, give the same bits (NaNs count as equal). Copies that are stale
 * are poisoned (the host's, and a GPU's rows that another GPU of the rank wrote), so a read that
 * forgot to copy the current values over fails these comparisons.
 */
class SimulatedGpuTest {
    /**
     * The CPU's result on 1 rank; the simulated GPU's on 1 rank and, split from 16 elements on, on
     * 2 ranks, and on 1 rank of 2 GPUs and 2 ranks of 3 GPUs (operations from 16 elements on split
     * among them) must equal it.
     */
    static double[] same(Supplier<double[]> program) {
        double[] cpu = GpuRanks.run(1, 0, 1L << 40, b -> program.get()).get(0);
        List<double[]> all = new ArrayList<>();
        all.addAll(GpuRanks.run(1, 64L << 20, 1L << 40, b -> {
            double[] r = program.get();
            assertTrue(((GpuBackend) b).launches() > 0, "nothing ran on the GPU");
            return r;
        }));
        all.addAll(GpuRanks.run(2, 64L << 20, 16, b -> program.get()));
        all.addAll(GpuRanks.run(2, 0, 16, b -> program.get()));
        all.addAll(GpuRanks.onGpus(1, 2, 64L << 20, 1L << 40, 16, b -> {
            double[] r = program.get();
            assertTrue(((SimulatedDevice) ((GpuBackend) b).devices().get(1)).calls(SimulatedDevice.Call.LAUNCH) > 0, "nothing ran on the second GPU");
            return r;
        }));
        all.addAll(GpuRanks.onGpus(2, 3, 64L << 20, 16, 16, b -> program.get()));
        // kernels generated for the programs (their PTX interpreted instruction by instruction), on 1 rank and on 2 of 2 GPUs
        all.addAll(GpuRanks.onGpus(1, 1, 64L << 20, 1L << 40, 16, true, b -> program.get()));
        all.addAll(GpuRanks.onGpus(2, 2, 64L << 20, 16, 16, true, b -> program.get()));
        for (double[] r : all) {
            assertArrayEquals(bits(cpu), bits(r));
        }
        return cpu;
    }

    private static long[] bits(double[] x) {
        long[] out = new long[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = Double.doubleToLongBits(x[i]); // every NaN the same; -0.0 apart from 0.0
        }
        return out;
    }

    private static final double[] SPECIAL = legate.numpy.Programs.SPECIAL;

    /** Runs {@code program} on {@code ranks} ranks of a simulated GPU each (split from 16 elements on): nothing of it may run on the host but arrays of Java values. */
    private static void nothingOnHost(int ranks, Supplier<double[]> program) {
        GpuRanks.run(ranks, 64L << 20, 16, b -> {
            program.get();
            assertEquals(java.util.Map.of(), EdgePrograms.beyondJavaValues(((GpuBackend) b).hostOperationsByName()), "operations on the host");
            return null;
        });
    }

    @Test
    void aStencilOfFusedExpressionsWithHalos() {
        double[] r = same(() -> {
            NDArray u = np.random(1).rand(41, 23);
            NDArray v = np.random(2).rand(41, 23);
            double dt = 0.001;
            for (int n = 0; n < 6; n++) {
                NDArray un = u.copy();
                NDArray vn = v.copy();
                u.set("1:-1, 1:-1", un.get("1:-1, 1:-1").sub(un.get("1:-1, 1:-1").mul(dt / 0.05).mul(un.get("1:-1, 1:-1").sub(un.get("1:-1, :-2"))))
                        .sub(vn.get("1:-1, 1:-1").mul(dt / 0.05).mul(un.get("1:-1, 1:-1").sub(un.get(":-2, 1:-1"))))
                        .add(un.get("2:, 1:-1").sub(un.get("1:-1, 1:-1").mul(2.0)).add(un.get(":-2, 1:-1")).mul(0.1)));
                v.set("1:-1, 1:-1", vn.get("1:-1, 1:-1").add(np.roll(un, 1, 1).get("1:-1, 1:-1").mul(0.01)).sub(vn.get("2:, 1:-1").mul(dt)));
                u.set("0, :", 0.0);
                v.set(":, -1", 1.0);
            }
            return cat(u, v, u.sum(0), v.max(1));
        });
        assertEquals(41 * 23 * 2 + 23 + 41, r.length);
    }

    @Test
    void expressionsTooLargeForOneLaunchRunInPiecesWithTheCpusBits() {
        double[] r = same(EdgePrograms::tooLargeForOneLaunch);
        assertEquals(37 * 5 * 3 + 39 * 7 + 37 * 19, r.length);
        nothingOnHost(1, EdgePrograms::tooLargeForOneLaunch);
        nothingOnHost(2, EdgePrograms::tooLargeForOneLaunch);
    }

    @Test
    void anExpressionsPiecesAreOneLaunchEachAndTheirTemporariesAreFreedAtOnce() {
        GpuRanks.run(1, 64L << 20, 1L << 40, b -> {
            GpuBackend gpu = (GpuBackend) b;
            NDArray[] x = new NDArray[30];
            for (int i = 0; i < 30; i++) {
                x[i] = np.random(i + 1).rand(1000, 100);
                x[i].item(0); // made on the device
            }
            NDArray condition = x[0].gt(0.5);
            condition.item(0);
            long used = gpu.memory().usedBytes();
            long launches = gpu.launches();
            NDArray where = np.where(condition, EdgePrograms.tenOperands(x, 10), EdgePrograms.tenOperands(x, 20));
            where.item(0);
            // 21 operands: the two sums of ten into temporaries, then the where: three launches, and of the temporaries'
            // 2 x 800 KB nothing left on the device
            assertEquals(3, gpu.launches() - launches);
            assertEquals(800_000, gpu.memory().usedBytes() - used, "device memory beyond the result's");
            return null;
        });
    }

    @Test
    void aProductTakesTheBlockedKernelOnceItsTilesFillTheGpu() {
        // 3 blocks of 64 x 64 a multiprocessor: an H100's 132 take 396 tiles
        assertEquals(Kernels.MATMUL, GpuBackend.matmulKernel(724, 724, 132), "144 tiles");
        assertEquals(Kernels.MATMUL, GpuBackend.matmulKernel(1274, 1216, 132), "380 tiles");
        assertEquals(Kernels.MATMUL_BLOCKED, GpuBackend.matmulKernel(1280, 1250, 132), "400 tiles");
        assertEquals(Kernels.MATMUL_BLOCKED, GpuBackend.matmulKernel(5, 100_000, 132), "1 x 1,563 tiles");
    }

    /** Arrays of {@code shape}, 30 of them, each its own random numbers. */
    private static NDArray[] thirty(int... shape) {
        NDArray[] x = new NDArray[30];
        for (int i = 0; i < 30; i++) {
            x[i] = np.random(i + 1).rand(shape);
        }
        return x;
    }

    @Test
    void anExpressionsTemporariesTakeOnlyTheElementsOfTheOutputsRows() {
        // a row of a 16 MB array set from 21 arrays of one row: temporaries the size of the array (2 x 16 MB) would not fit in
        // 24 MB of device memory, temporaries of the row do (on a rank's only GPU a buffer's copy is otherwise all of it)
        Supplier<double[]> program = () -> {
            NDArray[] x = thirty(1000);
            NDArray u = np.zeros(2000, 1000);
            u.set("7, :", np.where(x[0].gt(0.5), EdgePrograms.tenOperands(x, 10), EdgePrograms.tenOperands(x, 20)));
            return cat(u.get("6:9, :"), np.array(u.sum()));
        };
        double[] cpu = GpuRanks.run(1, 0, 1L << 40, b -> program.get()).get(0);
        GpuRanks.run(1, 24L << 20, 1L << 40, b -> {
            assertArrayEquals(cpu, program.get());
            assertEquals(java.util.Map.of(), EdgePrograms.beyondJavaValues(((GpuBackend) b).hostOperationsByName()), "operations on the host");
            return null;
        });
    }

    @Test
    void anExpressionWhosePiecesDoNotFitInDeviceMemoryRunsOnTheHost() {
        // a piece of 10 operands and its temporary (11 x 160 KB) do not fit in 1.5 MB: the expression runs on the host, as it did
        // before it ran in pieces, with the CPU's bits, and the kernel goes on
        Supplier<double[]> program = () -> {
            NDArray[] x = thirty(200, 100);
            return cat(np.where(x[0].gt(0.5), EdgePrograms.tenOperands(x, 10), EdgePrograms.tenOperands(x, 20)), x[1].add(1.0));
        };
        double[] cpu = GpuRanks.run(1, 0, 1L << 40, b -> program.get()).get(0);
        GpuRanks.run(1, 1536L << 10, 1L << 40, b -> {
            assertArrayEquals(cpu, program.get());
            assertEquals(1L, ((GpuBackend) b).hostOperationsByName().get("expression of 21 operands (its pieces did not fit in device memory)"),
                    ((GpuBackend) b).hostOperationsByName().toString());
            return null;
        });
    }

    @Test
    void everyElementTypeConvertsAndComputesAsOnTheCpu() {
        same(() -> {
            NDArray s = np.array(SPECIAL);
            NDArray i64 = np.arange(-20, 20, 1);
            NDArray f = np.linspace(-3, 3, 40);
            NDArray f32 = f.astype(DType.FLOAT32);
            NDArray i32 = i64.astype(DType.INT32);
            NDArray b = f.gt(0.25);
            return cat(s.astype(DType.INT64), s.astype(DType.INT32), s.astype(DType.BOOL), s.astype(DType.FLOAT32),
                    s.astype(DType.INT64).astype(DType.FLOAT32), s.astype(DType.INT32).astype(DType.INT64),
                    i64.mul(i64).sub(7L), i64.pow(3L), i64.abs(), i64.neg(), i32.mul(100000007L), i32.add(i64), i64.maximum(i32.mul(2L)),
                    f32.mul(f32).add(f32.div(3.0)), f32.sqrt(), f32.add(f), b.astype(DType.INT32).add(i32), np.logicalAnd(b, i64.lt(5)),
                    np.logicalOr(b, np.logicalNot(b)), np.where(b, i64, i32.mul(3L)), np.where(b, f, f32), np.where(i64.eq(3), 1.0, f),
                    s.maximum(f.get(":20")), s.minimum(f.get("20:")), np.maximum(s, s.neg()), s.minimum(0.0), s.ne(s), s.ge(-0.0),
                    f.exp(), f.abs().log(), f.sin(), f.cos(), f.tanh(), f.pow(2.0), f.abs().pow(0.5), f.abs().pow(f), f.div(0.0),
                    i64.astype(DType.FLOAT64).div(i32.add(0.5)));
        });
    }

    @Test
    void theNarrowerTypesComputeOnTheDeviceWithTheCpusBits() {
        same(EdgePrograms::narrowerTypes);
        nothingOnHost(1, EdgePrograms::narrowerTypes);
    }

    @Test
    void everyElementwiseFunctionRunsOnTheDeviceWithTheCpusBits() {
        // the device program knows every UnaryOp and BinaryOp by ordinal; the simulated GPU's twin computes the functions from
        // log1p on as the CPU does (a real GPU with CUDA's, within a few ulps: the GPU check measures them)
        ElementType[] f64 = {ElementType.FLOAT64, ElementType.FLOAT64, ElementType.FLOAT64};
        for (UnaryOp op : UnaryOp.values()) {
            assertNotNull(EvalProgram.of(new ElementwiseKernel.Unary(op, false), f64), op.numpyName);
        }
        for (BinaryOp op : BinaryOp.values()) {
            assertNotNull(EvalProgram.of(new ElementwiseKernel.Binary(op, false), f64), op.numpyName);
        }
        Supplier<double[]> program = () -> {
            NDArray f = np.linspace(-3, 3, 40);
            NDArray g = np.random(3).randn(40);
            NDArray u = f.mul(0.3).tanh(); // in (-1, 1)
            NDArray i = np.arange(-20, 20, 1);
            NDArray j = np.array(-7L, 7L, -7L, 7L, Long.MIN_VALUE, 0L, 5L, -1L);
            NDArray k = np.array(3L, 3L, -3L, -3L, -1L, 4L, 0L, Long.MIN_VALUE);
            return cat(f.floor(), f.ceil(), f.mul(2.0).rint(), f.sign(), np.array(-0.0, 0.0, Double.NaN, -2.5).sign(), f.trunc(),
                    f.add(4.0).log1p(), f.expm1(), f.abs().log10(), f.abs().log2(), np.array(0.25, 1024.0, 0x1p-1022, 0x1p-1074, 3.0).log2(),
                    f.tan(), u.arcsin(), u.arccos(), f.arctan(), f.sinh(), f.cosh(), f.erf(), f.mul(3.0).erf(),
                    f.arctan2(g), f.hypot(g), f.mod(g), f.mod(1.5), f.neg().mod(-0.7), f.mod(0.0),
                    f.mul(2.0).floor().add(f).mul(g), f.sin().add(f.cosh()).mul(f.erf()), // fused, the new functions inside
                    f.clip(-1.0, 2.0), f.log().isnan().astype(DType.FLOAT64), i.sign().astype(DType.FLOAT64), i.astype(DType.INT8).sign().astype(DType.FLOAT64),
                    i.mod(7L).astype(DType.FLOAT64), i.mod(-3L).astype(DType.FLOAT64), j.mod(k).astype(DType.FLOAT64), i.astype(DType.UINT8).mod(6L)
                            .astype(DType.FLOAT64), i.astype(DType.INT32).mod(i.abs().add(1L).astype(DType.INT32)).astype(DType.FLOAT64));
        };
        same(program);
        nothingOnHost(2, program);
    }

    @Test
    void hostOperationsSeeTheDevicesValuesAndViceVersa() {
        same(() -> {
            NDArray x = np.random(5).rand(30, 20).mul(3.0).add(1.0); // on the GPU
            NDArray m = x.T().matmul(x); // on the host
            NDArray y = m.mul(0.5).add(x.get(":20, :")); // the GPU reads the host's result
            double[] scalars = {x.sum(), x.max(), x.argmin(), y.std(), x.item(7, 3), y.item(19, 19)};
            NDArray z = np.concatenate(new NDArray[] {x, y}, 0).T().copy().reshape(-1);
            z.set("::7", -1.0);
            return cat(np.array(scalars), z, x.sum(1), y.argmax(0).astype(DType.FLOAT64), np.random(9).randn(50).add(x.get("0, :").sum()));
        });
    }

    @Test
    void reductionsHaveTheCpusBitsEveryTime() {
        double[] first = same(() -> {
            NDArray x = np.random(11).randn(20000).mul(3.0).add(0.1); // blocks of 4096 cross the ranks' rows
            NDArray m = np.random(12).rand(300, 7).astype(DType.FLOAT32);
            return new double[] {x.sum(), x.prod(), x.mean(), x.var(), x.std(), x.max(), x.min(), x.argmax(), x.argmin(), m.sum(), m.max(),
                x.get("::-3").sum(), x.get("7:9000:5").argmax(), x.gt(0.0).sum(), m.get(":, 2").std(), np.array(SPECIAL).max(),
                np.array(SPECIAL).argmin(), np.array(SPECIAL).get("3:").sum()};
        });
        same(() -> {
            NDArray m = np.random(13).randn(150, 6);
            NDArray t = np.random(14).rand(40, 3, 5).astype(DType.FLOAT32);
            m.set("3, 2", Double.NaN);
            return cat(m.sum(1), m.prod(1), m.max(1), m.min(1), m.argmax(1).astype(DType.FLOAT64), m.argmin(1).astype(DType.FLOAT64),
                    m.mean(1), m.std(1), t.sum(1), t.max(2), t.T().sum(1), m.get(":, ::-2").sum(1), m.sum(0), m.argmax(0).astype(DType.FLOAT64),
                    m.prod(0), m.min(0), m.argmin(0).astype(DType.FLOAT64), m.mean(0), m.var(0), t.sum(0), m.get("::-3, 1:").max(0),
                    t.astype(DType.INT32).sum(0));
        });
        for (int run = 0; run < 2; run++) {
            double[] again = GpuRanks.run(2, 64L << 20, 16, b -> new double[] {np.random(11).randn(20000).mul(3.0).add(0.1).sum()}).get(1);
            assertEquals(Double.doubleToLongBits(first[0]), Double.doubleToLongBits(again[0]));
        }
    }

    @Test
    void matrixProductsSumInTheCpusOrder() {
        same(() -> cat(np.random(6).rand(40, 30).matmul(np.random(7).rand(30, 25)), np.dot(np.random(6).rand(40), np.random(7).rand(40, 3)),
                np.random(6).rand(4, 30, 5).matmul(np.random(7).rand(5, 6)), np.matmul(np.random(6).rand(4, 10, 5), np.random(7).rand(1, 5, 6)),
                np.random(8).integers(-9, 9, 20, 7).matmul(np.random(9).integers(-9, 9, 7, 3)).astype(DType.FLOAT64),
                np.random(8).rand(20, 7).astype(DType.FLOAT32).matmul(np.random(9).rand(7, 3).astype(DType.FLOAT32)),
                np.random(5).rand(30, 20).T().matmul(np.random(5).rand(30, 20)), np.random(5).rand(0, 4).matmul(np.random(5).rand(4, 2))));
    }

    @Test
    void viewsWithinOneStoreRowGiveTheCpusBits() {
        same(() -> legate.numpy.Programs.viewsWithinOneStoreRow().toDoubleArray());
    }

    @Test
    void assignmentsThroughTransposesOfASplitStoreRunOnTheDevice() {
        // their rows cross the store's rows: written by the rows' owners with both sides' axes in the store's order
        same(() -> legate.numpy.Programs.assignmentsThroughTransposes().toDoubleArray());
        GpuRanks.run(2, 64L << 20, 16, b -> {
            legate.numpy.Programs.assignmentsThroughTransposes().toDoubleArray();
            assertEquals(null, ((GpuBackend) b).hostOperationsByName().get("assignment across rows"), "assignments on the host");
            return null;
        });
    }

    @Test
    void arraysOfMoreThanSixAxesRunOnTheDeviceWhenTheirAxesCoalesce() {
        same(EdgePrograms::manyAxes);
        nothingOnHost(2, EdgePrograms::manyAxes);
    }

    @Test
    void integerPowersRunOnTheDeviceAndANegativeExponentIsTheCpusError() {
        Supplier<double[]> program = () -> {
            NDArray i = np.arange(-20, 20, 1);
            NDArray u8 = i.abs().astype(DType.UINT8);
            NDArray e = i.abs(); // an array of exponents, 0 .. 20
            // NumPy 1.24: np.array([3, 2, 1, 0], np.uint64) ** np.array([2**63+1, 2**63, 2**64-1, 2**63], np.uint64) is [3, 0, 1, 0]
            NDArray big = np.array(3L, 2L, 1L, 0L).astype(DType.UINT64).pow(np.array(Long.MIN_VALUE + 1, Long.MIN_VALUE, -1L, Long.MIN_VALUE)
                    .astype(DType.UINT64));
            return cat(i.pow(3L).astype(DType.FLOAT64), i.pow(0L).astype(DType.FLOAT64), i.mul(1_000_000_007L).pow(5L).astype(DType.FLOAT64),
                    u8.pow(2L).astype(DType.FLOAT64), i.astype(DType.INT32).pow(31L).astype(DType.FLOAT64), i.pow(e).astype(DType.FLOAT64),
                    i.mul(1_000_000_007L).pow(e).astype(DType.FLOAT64), i.astype(DType.INT32).pow(e.astype(DType.INT8)).astype(DType.FLOAT64),
                    u8.pow(u8).astype(DType.FLOAT64), i.reshape(4, 10).pow(e.reshape(4, 10).get("1:2")).astype(DType.FLOAT64).ravel(),
                    big.astype(DType.FLOAT64));
        };
        double[] r = same(program);
        assertArrayEquals(new double[] {3, 0, 1, 0}, java.util.Arrays.copyOfRange(r, r.length - 4, r.length));
        nothingOnHost(2, program);
        // a negative exponent, a constant or in an array (on every rank, and on one of two GPUs only): the CPU's error, and the next power is right
        GpuRanks.run(2, 64L << 20, 16, b -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> np.arange(-20, 20, 1).pow(-1L).toDoubleArray());
            assertEquals("power: integers to negative integer powers are not allowed", e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> np.arange(-20, 20, 1).pow(np.arange(-20, 20, 1).mod(4L).sub(1L)).toDoubleArray());
            assertEquals("power: integers to negative integer powers are not allowed", e.getMessage());
            assertArrayEquals(new double[] {1, 4, 27}, np.array(1L, 2L, 3L).pow(np.array(5L, 2L, 3L).sub(np.array(4L, 0L, 0L))).astype(DType.FLOAT64)
                    .toDoubleArray());
            return null;
        });
        // in rank 1's part alone: its error, while rank 0 waits for it in the sum (interrupted, as the driver's straggler policy does)
        IllegalArgumentException one = assertThrows(IllegalArgumentException.class, () -> assertTimeoutPreemptively(java.time.Duration.ofSeconds(20),
                () -> GpuRanks.run(2, 64L << 20, 16, b -> np.arange(0, 400, 1).pow(np.arange(0, 400, 1).eq(390.0).astype(DType.INT64).mul(-3L).add(2L))
                        .sum())));
        assertEquals("power: integers to negative integer powers are not allowed", one.getMessage());
        GpuRanks.onGpus(1, 2, 64L << 20, 1L << 40, 16, b -> {
            NDArray last = np.arange(0, 40, 1).eq(39L).astype(DType.INT64).mul(-3L).add(2L); // 2, and -1 at element 39 (the second GPU's half)
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> np.arange(0, 40, 1).pow(last).toDoubleArray());
            assertEquals("power: integers to negative integer powers are not allowed", e.getMessage());
            assertEquals(8.0, np.arange(0, 40, 1).pow(last.abs().add(1L)).item(2), "2 ** 3, after the error");
            assertTrue(((SimulatedDevice) ((GpuBackend) b).devices().get(1)).calls(SimulatedDevice.Call.LAUNCH) > 0, "nothing ran on the second GPU");
            return null;
        });
    }

    @Test
    void assignmentsThroughReshapesOfArraysOfOneAxisRunOnTheDevice() {
        same(EdgePrograms::assignmentsThroughReshapes);
        nothingOnHost(2, EdgePrograms::assignmentsThroughReshapes);
    }

    @Test
    void sequencesAreMadeOnTheDeviceWithTheCpusBits() {
        // arange (integers and doubles), linspace (its end point exact), eye (square and split across ranks mid-row): the element's
        // global index on the device; nothing of them is made on the host
        java.util.function.Supplier<double[]> program = () -> cat(np.arange(1000).astype(DType.FLOAT64), np.arange(-7, 1000, 3).astype(DType.FLOAT64),
                np.arange(0.5, 100.25, 0.3), np.linspace(-3, 7, 1001), np.linspace(1, 0, 7), np.eye(37), np.eye(1),
                np.arange(Long.MAX_VALUE - 40, Long.MAX_VALUE, 7).sub(Long.MAX_VALUE - 40).astype(DType.FLOAT64));
        same(program);
        GpuRanks.run(2, 64L << 20, 16, b -> {
            program.get();
            assertEquals(java.util.Map.of(), ((GpuBackend) b).hostOperationsByName().entrySet().stream().filter(e -> e.getKey().startsWith("fill"))
                    .collect(java.util.stream.Collectors.toMap(java.util.Map.Entry::getKey, java.util.Map.Entry::getValue)), "fills on the host");
            return null;
        });
    }

    /** A sum over 8 axes that do not coalesce (a reversed transpose), of a tile the GPU filled: a reduction the host computes. */
    private static double[] sumOfEightAxes() {
        NDArray x = np.arange(0.0, 64 * 4096, 1.0).mul(3.0).reshape(2, 2, 2, 2, 2, 2, 4, 1024).transpose(7, 6, 5, 4, 3, 2, 1, 0);
        return new double[] {x.sum(), x.max(), x.sub(1.0).sum()};
    }

    @Test
    void hostOperationsOnSeveralThreadsReadTilesWithoutWaitingForTheRankThread() {
        // computed on the host, on 2 threads, reading a tile the GPU filled (a lock held by the rank's thread while the helpers
        // read would hang here)
        same(SimulatedGpuTest::sumOfEightAxes);
        GpuRanks.run(1, 64L << 20, 1L << 40, b -> {
            sumOfEightAxes();
            // the sum and the max of the transpose (x - 1 is a new array, its axes in order: its sum on the device)
            assertEquals(2L, ((GpuBackend) b).hostOperationsByName().get("reduction of 8 axes"), "the reductions ran on the host");
            return null;
        });
    }

    @Test
    void elementWiseOperationsOfAxesThatDoNotCoalesceRunOnTheDeviceOneLaunchPerIndexOfTheFirstOnes() {
        Supplier<double[]> program = () -> {
            NDArray a = np.random(21).rand(2, 3, 2, 2, 3, 2, 2, 5);
            NDArray b = np.random(22).rand(5, 2, 2, 3, 2, 2, 3, 2);
            NDArray t = b.transpose(7, 6, 5, 4, 3, 2, 1, 0); // 8 axes, none merging with the next
            NDArray i = np.arange(0, 1440, 1).reshape(2, 3, 2, 2, 3, 2, 2, 5);
            return cat(a.mul(t).ravel(), a.mul(t).add(a.sqrt()).ravel(), t.copy().ravel(), t.astype(DType.FLOAT32).astype(DType.FLOAT64).ravel(),
                    i.mul(i.transpose(0, 1, 2, 3, 4, 5, 7, 6).reshape(2, 3, 2, 2, 3, 2, 2, 5).transpose(7, 6, 5, 4, 3, 2, 1, 0)
                            .transpose(7, 6, 5, 4, 3, 2, 1, 0)).astype(DType.FLOAT64).ravel(),
                    np.where(t.gt(0.5), a, t).sum(3).ravel());
        };
        same(program);
        nothingOnHost(1, program);
        nothingOnHost(2, program);
        GpuRanks.run(1, 64L << 20, 1L << 40, b -> {
            NDArray a = np.random(21).rand(2, 3, 2, 2, 3, 2, 2, 5);
            NDArray t = np.random(22).rand(5, 2, 2, 3, 2, 2, 3, 2).transpose(7, 6, 5, 4, 3, 2, 1, 0);
            a.item(0);
            t.item(0);
            long launches = ((GpuBackend) b).launches();
            a.mul(t).item(0);
            assertEquals(2 * 2, ((GpuBackend) b).launches() - launches, "a launch per index of the 2 shortest axes beyond the kernel's 6 (2 and 2)");
            NDArray big = np.random(23).rand(40, 30, 2, 2, 2, 2, 2, 2);
            NDArray reversed = np.random(24).rand(2, 2, 2, 2, 2, 2, 30, 40).transpose(7, 6, 5, 4, 3, 2, 1, 0);
            big.item(0);
            reversed.item(0);
            launches = ((GpuBackend) b).launches();
            big.mul(reversed).item(0);
            assertEquals(2 * 2, ((GpuBackend) b).launches() - launches, "not 40 x 30 launches");
            return null;
        });
    }

    @Test
    void theAxesPeeledOffALaunchAreTheShortestButNeverTheLast() {
        assertArrayEquals(new int[] {2, 3}, GpuBackend.peeled(new long[] {1000, 1000, 2, 2, 2, 2, 2, 2}, 8));
        assertArrayEquals(new int[] {0, 2}, GpuBackend.peeled(new long[] {2, 3, 2, 2, 3, 2, 2, 5}, 8));
        assertArrayEquals(new int[] {0}, GpuBackend.peeled(new long[] {7, 9, 9, 9, 9, 9, 1}, 7), "the last stays though shortest");
        assertArrayEquals(new int[0], GpuBackend.peeled(new long[] {7, 9, 9, 9, 9, 9}, 6));
        assertArrayEquals(new int[] {1, 3, 4, 5, 6}, GpuBackend.kept(new int[] {0, 2}, 7));
    }

    @Test
    void toStringAndItemReadTheDevicesValues() {
        List<String> cpu = GpuRanks.run(1, 0, 1L << 40, b -> text());
        assertEquals(cpu, GpuRanks.run(1, 64L << 20, 1L << 40, b -> text()));
        assertEquals(List.of(cpu.get(0), cpu.get(0)), GpuRanks.run(2, 64L << 20, 16, b -> text()));
    }

    private static String text() {
        NDArray x = np.arange(0.0, 200.0, 0.5).reshape(20, 20).mul(1.25).sub(3.0);
        return x.item(17, 3) + " " + x.item(-1) + " " + x + " " + x.astype(DType.INT32).get("::5, ::5");
    }

    @Test
    void arraysStayOnTheDeviceBetweenOperations() {
        GpuRanks.run(1, 64L << 20, 1L << 40, b -> {
            GpuBackend gpu = (GpuBackend) b;
            SimulatedDevice dev = (SimulatedDevice) gpu.device();
            NDArray x = np.ones(1000).mul(2.0);
            long up = dev.bytesUploaded();
            for (int i = 0; i < 20; i++) {
                x = x.mul(1.5).add(x).sub(0.25);
            }
            assertEquals(0, dev.bytesDownloaded(), "nothing comes back to the host while only the GPU computes");
            assertTrue(dev.bytesUploaded() - up < 20 * 3000 * 8, "the operands are not uploaded again for each operation");
            double first = x.item(0);
            assertEquals(8, dev.bytesDownloaded(), "item copies back one element");
            double[] all = x.toDoubleArray();
            assertEquals(first, all[999]);
            double expect = 2.0;
            for (int i = 0; i < 20; i++) {
                expect = expect * 1.5 + expect - 0.25;
            }
            assertEquals(expect, first);
            return null;
        });
    }

    @Test
    void beyondFbmemIsAClearErrorAndTheRankGoesOn() {
        GpuRanks.run(1, 1L << 20, 1L << 40, b -> {
            NDArray small = np.ones(1000).add(1.0);
            // 1.6 MB: more than --fbmem 1 MB
            OutOfMemoryError e = assertThrows(OutOfMemoryError.class, () -> np.ones(200_000));
            assertTrue(e.getMessage().startsWith("full: out of GPU memory (--fbmem 1 MB per GPU): asked for 1.53 MB, 1.00 MB left;"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("give the kernel more --fbmem"), e.getMessage());
            assertEquals(4.0, small.add(2.0).item(3));
            return null;
        });
    }

    @Test
    void tilesAreEvictedAndFreedToStayWithinFbmem() {
        GpuRanks.run(1, 2L << 20, 1L << 40, b -> {
            GpuBackend gpu = (GpuBackend) b;
            List<NDArray> kept = new ArrayList<>();
            for (int i = 0; i < 12; i++) { // 12 x 400 kB on the GPU, more than 2 MB
                kept.add(np.ones(50_000).mul((double) i));
            }
            assertTrue(gpu.memory().evictions() > 0, "older tiles went back to the host");
            assertTrue(gpu.memory().usedBytes() <= 2L << 20);
            double total = 0;
            for (NDArray k : kept) {
                total += k.add(0.0).sum();
            }
            assertEquals(50_000.0 * 66, total);
            for (int i = 0; i < 200; i++) { // garbage frees its tiles: never out of memory
                np.ones(50_000).add((double) i).mul(2.0);
            }
            return null;
        });
    }

    @Test
    void theBytesAnOperationPinsAreKeptAsTheyChange() {
        GpuRanks.run(1, 2L << 20, 1L << 40, SimulatedGpuTest::pinsKept);
        GpuRanks.onGpus(1, 2, 2L << 20, 1L << 40, 16, SimulatedGpuTest::pinsKept);
    }

    private static Object pinsKept(legate.runtime.backend.Backend b) {
        {
            DeviceMemory memory = ((GpuBackend) b).memory();
            List<NDArray> kept = new ArrayList<>();
            List<Runnable> steps = new ArrayList<>();
            steps.add(() -> kept.add(np.ones(50_000).mul(3.0)));
            steps.add(() -> kept.add(kept.get(kept.size() - 1).add(kept.get(kept.size() - 1)))); // one tile used twice
            steps.add(() -> kept.get(kept.size() - 1).set("10:20", 7.0)); // a view's write: copy-on-write of a device tile
            steps.add(() -> kept.add(kept.get(kept.size() - 1).get("::2").copy()));
            steps.add(() -> kept.add(np.ones(60_000).add((double) kept.size()))); // past 2 MB soon: evictions
            steps.add(() -> kept.remove(0)); // garbage, freed at a later operation
            for (int i = 0; i < 40; i++) {
                steps.get(i % steps.size()).run();
                long[] counted = memory.pinnedBytes();
                assertEquals(counted[0], counted[1], "after step " + i + ": the pinned bytes counted tile by tile and as kept");
            }
            assertTrue(memory.evictions() > 0, "the steps went past --fbmem");
            return null;
        }
    }

    @Test
    void aFailedLaunchFailsItsOperationAndTheNextOneRuns() {
        GpuRanks.run(1, 64L << 20, 1L << 40, b -> {
            SimulatedDevice dev = (SimulatedDevice) ((GpuBackend) b).device();
            NDArray x = np.ones(100).mul(3.0);
            dev.failAt(SimulatedDevice.Call.LAUNCH, 1);
            DeviceFailureException e = assertThrows(DeviceFailureException.class, () -> x.add(1.0).item(0));
            assertTrue(e.getMessage().contains("cuLaunchKernel(" + GpuBackend.ELEMENTWISE_DEFAULT.symbol() + "): CUDA_ERROR_LAUNCH_FAILED"), e.getMessage());
            assertEquals(4.0, x.add(1.0).item(99));
            return null;
        });
    }

    @Test
    void aFailedLaunchInAnExpressionsPiecesFailsItAndFreesItsTemporaries() {
        GpuRanks.run(1, 64L << 20, 1L << 40, b -> {
            GpuBackend gpu = (GpuBackend) b;
            NDArray[] x = thirty(100, 10);
            NDArray condition = x[0].gt(0.5);
            condition.item(0);
            long used = gpu.memory().usedBytes();
            ((SimulatedDevice) gpu.device()).failAt(SimulatedDevice.Call.LAUNCH, 2); // the second piece's launch
            DeviceFailureException e = assertThrows(DeviceFailureException.class,
                    () -> np.where(condition, EdgePrograms.tenOperands(x, 10), EdgePrograms.tenOperands(x, 20)).item(0));
            assertTrue(e.getMessage().contains("CUDA_ERROR_LAUNCH_FAILED"), e.getMessage());
            assertEquals(used, gpu.memory().usedBytes(), "the temporaries freed");
            assertEquals(java.util.Map.of(), EdgePrograms.beyondJavaValues(gpu.hostOperationsByName()), "not retried on the host");
            return null;
        });
    }

    @Test
    void aStencilOnTwoGpusOfARankMovesOnlyTheNeighboursRowsBetweenThem() {
        java.util.function.Function<Boolean, double[]> program = gpus -> {
            NDArray u = np.random(1).rand(400, 100); // 40,000 elements: rows 0-199 on GPU 0, 200-399 on GPU 1
            GpuBackend gpu = gpus ? (GpuBackend) legate.runtime.task.ArrayRuntime.current().backend() : null;
            long[] downBefore = gpus ? downloads(gpu) : null;
            for (int n = 0; n < 10; n++) {
                NDArray un = u.copy();
                u.set("1:-1, :", un.get(":-2, :").add(un.get("2:, :")).mul(0.5).add(un.get("1:-1, :").mul(0.25)));
            }
            if (gpus) {
                long peer = gpu.memory().peerBytes();
                // each step, each GPU reads one row of the other's (800 bytes): nothing else moves
                assertTrue(peer > 0 && peer <= 10 * 2 * 800, "bytes between the GPUs: " + peer);
                assertArrayEquals(downBefore, downloads(gpu), "nothing came back to the host while the GPUs computed");
            }
            return cat(u);
        };
        double[] cpu = GpuRanks.run(1, 0, 1L << 40, b -> program.apply(false)).get(0);
        double[] two = GpuRanks.onGpus(1, 2, 64L << 20, 1L << 40, 1024, b -> program.apply(true)).get(0);
        assertArrayEquals(bits(cpu), bits(two));
    }

    private static long[] downloads(GpuBackend gpu) {
        return gpu.devices().stream().mapToLong(d -> ((SimulatedDevice) d).bytesDownloaded()).toArray();
    }

    @Test
    void eachGpuOfARankHasItsFbmemHoldsItsWindowAndTheErrorNamesTheGpu() {
        GpuRanks.onGpus(1, 2, 1L << 20, 1L << 40, 16, b -> {
            NDArray small = np.ones(1000).add(1.0);
            // 1.6 MB on two GPUs of 1 MB: each holds its half and a sixteenth beyond (0.86 MB)
            assertEquals(200_000.0, np.ones(200_000).sum());
            // 2.4 MB: 1.29 MB a GPU
            OutOfMemoryError e = assertThrows(OutOfMemoryError.class, () -> np.ones(300_000));
            assertTrue(e.getMessage().startsWith("full: out of GPU memory (--fbmem 1 MB per GPU; the rank's GPU 0 of 2, 0: simulated GPU, 1.0 GiB): "
                    + "asked for 1.29 MB, 1.00 MB left;"), e.getMessage());
            assertEquals(4.0, small.add(2.0).item(999));
            GpuBackend gpu = (GpuBackend) b;
            List<NDArray> kept = new ArrayList<>();
            for (int i = 0; i < 12; i++) { // 12 x 400 kB on each GPU, more than 1 MB
                kept.add(np.ones(50_000).mul((double) i));
            }
            assertTrue(gpu.memory().evictions() > 0, "older tiles went back to the host");
            assertTrue(gpu.memory().usedBytes() <= 2L << 20, "at most 1 MB on each of the two");
            double total = 0;
            for (NDArray k : kept) {
                total += k.add(0.0).sum();
            }
            assertEquals(50_000.0 * 66, total);
            return null;
        });
    }

    @Test
    void aFailedLaunchOnTheSecondGpuFailsItsOperationAndTheNextOneRuns() {
        GpuRanks.onGpus(1, 2, 64L << 20, 1L << 40, 16, b -> {
            SimulatedDevice second = (SimulatedDevice) ((GpuBackend) b).devices().get(1);
            NDArray x = np.ones(100).mul(3.0);
            second.failAt(SimulatedDevice.Call.LAUNCH, 1);
            DeviceFailureException e = assertThrows(DeviceFailureException.class, () -> x.add(1.0).toDoubleArray());
            assertTrue(e.getMessage().contains("CUDA_ERROR_LAUNCH_FAILED"), e.getMessage());
            assertEquals(4.0, x.add(1.0).toDoubleArray()[99]);
            return null;
        });
    }

    @Test
    void theBackendSaysWhatItComputesOn() {
        GpuBackend b = new GpuBackend(new SimulatedDevice(0, 1L << 30), new BackendConfig(1, 1, 0, 256L << 20, 0, 64), false);
        assertEquals("1 GPU (0: simulated GPU, 1.0 GiB; --fbmem 256 MB)", b.describe());
        b.close();
        assertEquals(0, ((SimulatedDevice) b.device()).allocations());
    }
}
