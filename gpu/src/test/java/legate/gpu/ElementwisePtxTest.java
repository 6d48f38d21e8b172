package legate.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import legate.gpu.device.SimulatedDevice;
import legate.numpy.DType;
import legate.numpy.NDArray;
import legate.numpy.np;
import legate.runtime.backend.BackendConfig;
import legate.runtime.types.ElementType;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kernels generated for element-wise programs: which programs get one, what the code depends on,
 * that ptxas compiles every one of them for sm_80 and sm_90 with no local memory, and that the
 * backend falls back to the interpreting kernel where a device cannot compile them. (That they
 * compute the CPU's bits is SimulatedGpuTest's: every program there also runs on generated kernels.)
 */
class ElementwisePtxTest {
    private static final Path PTXAS = Path.of("/usr/local/cuda/bin/ptxas");

    /** a*b+c over n float64 elements, operand k at address base(k). */
    private static EvalDescriptor fma(long n, long base) {
        EvalDescriptor e = new EvalDescriptor().reset();
        e.shape(new long[] {n});
        for (int k = 0; k < 4; k++) {
            e.operand(k, base + 4096L * k, 0, new long[] {1}, ElementType.FLOAT64, 0);
        }
        e.program(new int[][] {{EvalDescriptor.LOAD, 0, 1, 0, 0}, {EvalDescriptor.LOAD, 1, 2, 0, 0}, {EvalDescriptor.BINARY, 0, 0, 1, 2},
            {EvalDescriptor.LOAD, 1, 3, 0, 0}, {EvalDescriptor.BINARY, 0, 0, 1, 0}}, new double[5]);
        return e;
    }

    @Test
    void oneKernelServesEveryLaunchOfAProgramAndTheCodeIsStraightLine() {
        GeneratedKernel a = ElementwisePtx.of(fma(1 << 26, 1L << 20).bytes());
        GeneratedKernel b = ElementwisePtx.of(fma(17, 1L << 30).bytes()); // other sizes and addresses: read at run time
        assertNotNull(a);
        assertSame(a, b);
        assertTrue(a.name().startsWith(ElementwisePtx.PREFIX) && a.ptx().contains(".entry " + a.name() + "(.param .align 8 .b8 d[" + EvalDescriptor.SIZE + "])"),
                a.ptx());
        // the three loads, one multiply and one add, IEEE-rounded, no fused multiply-add; no division for one axis
        assertEquals(3, count(a.ptx(), "ld.global.f64"));
        assertEquals(1, count(a.ptx(), "mul.rn.f64"));
        assertEquals(1, count(a.ptx(), "add.rn.f64"));
        assertEquals(1, count(a.ptx(), "st.global.f64"));
        assertEquals(0, count(a.ptx(), "fma") + count(a.ptx(), "div."));

        EvalDescriptor f32 = fma(1 << 26, 1L << 20);
        f32.operand(2, 1L << 20, 0, new long[] {1}, ElementType.FLOAT32, 0);
        GeneratedKernel c = ElementwisePtx.of(f32.bytes());
        assertNotSame(a, c); // another operand type: other code
        assertTrue(c.ptx().contains("ld.global.f32") && c.ptx().contains("cvt.f64.f32"), c.ptx());
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int at = text.indexOf(what); at >= 0; at = text.indexOf(what, at + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void programsWithStepsTheGeneratorLacksAreLeftToTheInterpreter() {
        int[][][] lacking = {
            {{EvalDescriptor.RANDOM, 0, 0, 1, 0}},
            {{EvalDescriptor.ALONG, 0, 1, 0, 4}},
            {{EvalDescriptor.DOT, 0, 1, 2, 4}},
            {{EvalDescriptor.LOAD | EvalDescriptor.LONG, 0, 1, 0, 0}, {EvalDescriptor.LOAD | EvalDescriptor.LONG, 1, 2, 0, 0},
                {EvalDescriptor.BINARY | EvalDescriptor.LONG, 0, 0, 1, 3}}, // integer division
            {},
        };
        for (int[][] steps : lacking) {
            EvalDescriptor e = fma(100, 1L << 20);
            e.reset();
            e.shape(new long[] {100});
            for (int k = 0; k < 3; k++) {
                e.operand(k, 4096L * (k + 1), 0, new long[] {1}, ElementType.FLOAT64, 0);
            }
            e.program(steps, new double[steps.length]);
            assertNull(ElementwisePtx.of(e.bytes()), java.util.Arrays.deepToString(steps));
        }
    }

    @Test
    void functionsAreCallsOfTheInterpretersOwnCodeInTheKernelsModule() {
        String[] names = {"legate_fn_exp", "legate_fn_log", "legate_fn_sin", "legate_fn_cos", "legate_fn_tanh"};
        for (int k = 0; k < names.length; k++) {
            EvalDescriptor e = fma(100, 1L << 20);
            e.program(new int[][] {{EvalDescriptor.LOAD, 0, 1, 0, 0}, {EvalDescriptor.UNARY, 0, 0, 3 + k, 0}}, new double[2]);
            GeneratedKernel g = ElementwisePtx.of(e.bytes());
            assertNotNull(g, names[k]);
            assertTrue(g.ptx().startsWith(Kernels.functionsPtx()) && g.ptx().contains("call (ret1), " + names[k] + ", (arg0)"), g.ptx());
        }
        EvalDescriptor e = fma(100, 1L << 20); // a power of an array's exponents
        e.program(new int[][] {{EvalDescriptor.LOAD, 0, 1, 0, 0}, {EvalDescriptor.LOAD, 1, 2, 0, 0}, {EvalDescriptor.BINARY, 0, 0, 1, 4}}, new double[3]);
        GeneratedKernel pow = ElementwisePtx.of(e.bytes());
        assertTrue(pow.ptx().contains("call (ret2), legate_fn_pow, (arg0, arg1)"), pow.ptx());
        // no function: no functions in front; either way the PTX of CUDA 11.0, which every driver since compiles
        assertTrue(ElementwisePtx.of(fma(100, 1L << 20).bytes()).ptx().startsWith(ElementwisePtx.HEADER));
        assertTrue(pow.ptx().contains("\n.version 7.0\n.target sm_80\n") && !pow.ptx().contains(".version 9"), pow.ptx().substring(0, 400));
    }

    @Test
    void aSquareIsAMultiplyAndOtherPowersAreCalls() {
        java.util.function.BiFunction<Double, Boolean, GeneratedKernel> pow = (y, asStep) -> {
            EvalDescriptor e = new EvalDescriptor().reset();
            e.shape(new long[] {100});
            e.operand(0, 4096, 0, new long[] {1}, ElementType.FLOAT64, 0);
            e.operand(1, 8192, 0, new long[] {1}, ElementType.FLOAT64, 0);
            if (asStep) { // a fused expression's constant: a CONST step
                e.program(new int[][] {{EvalDescriptor.LOAD, 0, 1, 0, 0}, {EvalDescriptor.CONST, 1, 0, 0, 0}, {EvalDescriptor.BINARY, 0, 0, 1, 4}},
                        new double[] {0, y, 0});
            } else { // an operation's scalar: a constant operand
                legate.runtime.store.Buffer c = legate.runtime.store.Buffer.allocate(ElementType.INT64, 1);
                c.setLong(0, y.longValue());
                e.constant(2, c);
                e.program(new int[][] {{EvalDescriptor.LOAD, 0, 1, 0, 0}, {EvalDescriptor.LOAD, 1, 2, 0, 0}, {EvalDescriptor.BINARY, 0, 0, 1, 4}},
                        new double[3]);
            }
            return ElementwisePtx.of(e.bytes());
        };
        for (boolean asStep : new boolean[] {true, false}) {
            GeneratedKernel square = pow.apply(2.0, asStep);
            assertNotNull(square);
            assertTrue(square.ptx().contains("mul.rn.f64 %rd") && count(square.ptx(), "mul.rn.f64") == 1 && !square.ptx().contains("call"), square.ptx());
            assertTrue(pow.apply(3.0, asStep).ptx().contains("legate_fn_pow, (arg0, arg1)"));
            assertSame(pow.apply(3.0, asStep), pow.apply(0.5, asStep)); // one kernel for every other exponent: the value is read at run time
            assertNotSame(square, pow.apply(2.0, !asStep));
        }
    }

    /** Element-wise programs of every kind the generator covers, on generated kernels, so that the cache holds their kernels. */
    private static void runPrograms() {
        GpuRanks.onGpus(1, 1, 64L << 20, 1L << 40, 16, true, b -> {
            NDArray f = np.linspace(-3, 3, 40);
            NDArray i64 = np.arange(-20, 20, 1);
            NDArray f32 = f.astype(DType.FLOAT32);
            NDArray i32 = i64.astype(DType.INT32);
            NDArray bool = f.gt(0.25);
            NDArray u = np.random(1).rand(12, 9);
            List<NDArray> out = List.of(f.astype(DType.INT64), f.astype(DType.INT32), f.astype(DType.BOOL), f32.mul(f32).add(f32.div(3.0)),
                    i64.mul(i64).sub(7L), i64.abs(), i64.neg(), i32.add(i64), i64.maximum(i32.mul(2L)), f.sqrt(), np.logicalNot(bool),
                    np.logicalAnd(bool, i64.lt(5)), np.logicalOr(bool, f.ne(0.0)), np.where(bool, i64, i32.mul(3L)), np.where(bool, f, f32),
                    f.maximum(f.neg()), f.minimum(0.0), u.get("1:-1, 1:-1").add(np.roll(u, 1, 1).get("1:-1, 1:-1")).mul(0.25),
                    np.roll(u, -2, 0).sub(u.get("::-1, :")).pow(2), f.pow(2.0), i64.astype(DType.FLOAT32).pow(2.0), u.reshape(3, 4, 9).add(1.0),
                    f.exp().add(f.abs().log()).mul(f.tanh()), f32.sin().add(f.cos()), f.abs().pow(f), f.abs().pow(0.5), np.arange(5, 50, 3), np.linspace(0, 1, 11), np.eye(4));
            for (NDArray x : out) {
                x.toDoubleArray();
            }
            assertTrue(((GpuBackend) b).generatedLaunches() > 20, "generated launches: " + ((GpuBackend) b).generatedLaunches());
            return 0;
        });
    }

    @Test
    void ptxasCompilesEveryGeneratedKernelForAmpereAndHopperWithNoLocalMemory(@TempDir Path dir) throws Exception {
        runPrograms();
        List<GeneratedKernel> kernels = ElementwisePtx.generatedSoFar();
        assertTrue(kernels.size() >= 20, kernels.size() + " kernels");
        Assumptions.assumeTrue(Files.isExecutable(PTXAS), "no ptxas at " + PTXAS + ": the generated PTX is checked by the Java interpreter alone");
        for (GeneratedKernel k : kernels) {
            Path ptx = dir.resolve(k.name() + ".ptx");
            Files.writeString(ptx, k.ptx(), StandardCharsets.US_ASCII);
            for (String arch : List.of("sm_80", "sm_90")) {
                List<String> cmd = List.of(PTXAS.toString(), "-arch=" + arch, "-v", "-o", dir.resolve(k.name() + "." + arch).toString(), ptx.toString());
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertEquals(0, p.waitFor(), k.key() + ":\n" + log + "\n" + k.ptx());
                String own = log.substring(log.indexOf("Function properties for " + k.name())).lines().skip(1).findFirst().orElse("").strip();
                // no local memory, but for the 40 bytes of sin's and cos's slow argument reduction (CUDA's, for arguments beyond 2^20 or so)
                boolean trig = k.ptx().contains(", legate_fn_sin, (") || k.ptx().contains(", legate_fn_cos, (");
                assertTrue(own.endsWith(" bytes stack frame, 0 bytes spill stores, 0 bytes spill loads") && (trig || own.startsWith("0 bytes stack frame")),
                        k.key() + ": " + log);
            }
        }
    }

    @Test
    void everyElementWiseProgramOfCfdStep12GetsAKernelOfItsOwn() {
        GpuBackend b = new GpuBackend(new SimulatedDevice(0, 1L << 30), new BackendConfig(1, 1, 0, 64L << 20, 0, 64), true);
        b.generatedKernels(true);
        legate.runtime.task.ArrayRuntime rt = new legate.runtime.task.ArrayRuntime(b, Long.MAX_VALUE / 4, Long.MAX_VALUE);
        legate.runtime.task.ArrayRuntime.useOnThisThread(rt);
        try {
            new legate.gpu.check.Cfd(41, 41).run(1e-3, 3);
        } finally {
            legate.runtime.task.ArrayRuntime.useOnThisThread(null);
        }
        // its squares, rolled and shifted views, fills and copies: none left to the interpreter (reductions have their own kernel)
        assertTrue(b.generatedLaunches() > 300, b.generatedLaunches() + " generated launches");
        assertEquals(0, b.interpretedLaunches(), b.generatedLaunches() + " generated launches; on the interpreter: " + b.interpretedLaunches());
    }

    /** a*b+c's generated kernel with its multiply line replaced by {@code line}, launched on a simulated GPU: what it threw. */
    private static RuntimeException launchedWithMultiplyAs(String line) {
        GeneratedKernel a = ElementwisePtx.of(fma(100, 1L << 20).bytes());
        String multiply = "mul.rn.f64 %rd32, %rd30, %rd31";
        assertTrue(a.ptx().contains(multiply), a.ptx());
        GeneratedKernel edited = new GeneratedKernel(a.name(), a.key(), a.ptx().replace(multiply, line));
        SimulatedDevice d = new SimulatedDevice(0, 1L << 30);
        long at = d.allocate(4 * 4096);
        d.launch(a, 100, fma(100, at).bytes()); // the generator's own code runs
        return assertThrows(RuntimeException.class, () -> d.launch(edited, 100, fma(100, at).bytes()));
    }

    @Test
    void theInterpreterRefusesAnInstructionItDoesNotKnow() {
        RuntimeException e = launchedWithMultiplyAs("fma.rn.f64 %rd32, %rd30, %rd31, %rd30");
        assertTrue(e instanceof IllegalArgumentException && e.getMessage().contains("fma.rn.f64"), e.toString());
    }

    @Test
    void theInterpreterRefusesARegisterReadBeforeItsThreadWroteIt() {
        // on a GPU it would hold whatever it held: the twin must not read it as zero
        RuntimeException e = launchedWithMultiplyAs("mul.rn.f64 %rd32, %rd30, %rd9999");
        assertTrue(String.valueOf(e.getMessage()).contains("reads a register this thread has not written: mul.rn.f64 %rd32, %rd30, %rd9999"),
                e.toString());
    }

    @Test
    void aDeviceThatCannotCompileThemGetsTheInterpretingKernelWithTheSameBits() {
        List<double[]> results = new ArrayList<>();
        List<long[]> counts = new ArrayList<>();
        for (boolean compiles : new boolean[] {true, false}) {
            GpuBackend b = new GpuBackend(new SimulatedDevice(0, 1L << 30).compiles(compiles), new BackendConfig(1, 1, 0, 64L << 20, 0, 64), true);
            b.generatedKernels(true);
            results.add(GpuRanks.run(1, r -> b, 1L << 40, x -> {
                NDArray u = np.random(3).rand(30, 20);
                NDArray v = u.get("1:-1, 1:-1").mul(0.5).add(u.get(":-2, 1:-1")).sub(u.get("1:-1, 2:").maximum(0.3));
                return v.astype(DType.FLOAT32).exp().toDoubleArray(); // exp: the interpreter's either way
            }).get(0));
            counts.add(new long[] {b.generatedLaunches(), b.refusedLaunches()});
        }
        assertEquals(java.util.Arrays.toString(results.get(0)), java.util.Arrays.toString(results.get(1)));
        assertTrue(counts.get(0)[0] > 0 && counts.get(0)[1] == 0, java.util.Arrays.toString(counts.get(0)));
        assertTrue(counts.get(1)[0] == 0 && counts.get(1)[1] > 0, java.util.Arrays.toString(counts.get(1)));
    }
}
