package legate.gpu.check;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Supplier;
import legate.gpu.CudaBackendProvider;
import legate.gpu.CudaProbe;
import legate.gpu.CudaSurvey;
import legate.gpu.EvalDescriptor;
import legate.gpu.ElementwisePtx;
import legate.gpu.EvalProgram;
import legate.gpu.GeneratedKernel;
import legate.gpu.GpuBackend;
import legate.gpu.Kernels;
import legate.gpu.device.CudaDevice;
import legate.gpu.device.Device;
import legate.gpu.device.DeviceFailureException;
import legate.numpy.DType;
import legate.numpy.NDArray;
import legate.numpy.np;
import legate.runtime.OutOfMemoryError;
import legate.runtime.backend.Backend;
import legate.runtime.backend.BackendConfig;
import legate.runtime.backend.BinaryOp;
import legate.runtime.backend.ElementwiseKernel;
import legate.runtime.backend.cpu.CpuBackend;
import legate.runtime.store.Buffer;
import legate.runtime.task.ArrayRuntime;
import legate.runtime.types.ElementType;

/**
 * The GPU backend's self-check on a machine with a GPU (scripts/gpu-check.sh runs it there):
 * the probe; every element-wise operation on every type at sizes around a block and up to 2^26,
 * bit for bit against the CPU backend; exp, log and tanh with the CPU's bits, and how far CUDA's
 * sin, cos and pow are from the CPU's, in ulps; reductions three times with identical bits; the --fbmem error; the CFD
 * notebook's computation against the NumPy reference; and figures: the element-wise kernel's
 * a*b+c against the device-to-device copy bandwidth, legate.numpy's own a*b+c, and CFD at
 * 4096 x 4096 per step. It ends with "N passed, N failed" and exits 1 when any failed.
 *
 * <pre>java -Djava.library.path=lib -cp 'lib/*' legate.gpu.check.GpuCheck [--quick]</pre>
 * ({@code --quick}: sizes up to 4097 and no figures, for trying it on a host-emulated driver).
 */
public final class GpuCheck {
    /** The element-wise kernels, each timed (the backend launches one of them). */
    private static final Kernels[] ELEMENTWISE = {Kernels.EVAL, Kernels.EVAL_SINGLE, Kernels.EVAL_OCCUPANCY, Kernels.EVAL_COORDS, Kernels.EVAL_PREFETCH};
    private int passed;
    private int failed;
    private int skipped;
    private final long started = System.nanoTime();
    private volatile long lastProgress = System.nanoTime();
    private final ArrayRuntime gpu;
    private final ArrayRuntime cpu;
    private final GpuBackend backend;

    private GpuCheck(GpuBackend backend, int cores) {
        this.backend = backend;
        this.gpu = new ArrayRuntime(backend, Long.MAX_VALUE / 4, Long.MAX_VALUE);
        this.cpu = new ArrayRuntime(new CpuBackend(BackendConfig.cpus(cores, BackendConfig.DEFAULT_PARALLEL_THRESHOLD)), Long.MAX_VALUE / 4,
                Long.MAX_VALUE);
    }

    private void check(boolean ok, String what, String detail) {
        if (ok) {
            passed++;
        } else {
            failed++;
        }
        System.out.println((ok ? "PASS " : "FAIL ") + what + (detail.isEmpty() ? "" : ": " + detail));
        System.out.flush();
        lastProgress = System.nanoTime();
    }

    private double elapsed() {
        return (System.nanoTime() - started) / 1e9;
    }

    private void section(String name) {
        System.out.printf("== %s [%.1f s]%n", name, elapsed());
        System.out.flush();
        lastProgress = System.nanoTime();
    }

    /**
     * On a machine lent for minutes, a hang must still say where it hangs: when no check ends for
     * {@code seconds}, prints every thread's stack and the tally so far, and exits 2.
     */
    private void watchdog(int seconds) {
        Thread t = new Thread(() -> {
            while (true) {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
                if (System.nanoTime() - lastProgress > seconds * 1_000_000_000L) {
                    System.out.printf("STUCK: no check ended for %d s [%.1f s]; the threads:%n", seconds, elapsed());
                    Thread.getAllStackTraces().forEach((th, stack) -> {
                        System.out.println("  thread " + th.getName() + " (" + th.getState() + ")");
                        for (StackTraceElement f : stack) {
                            System.out.println("    at " + f);
                        }
                    });
                    System.out.println(passed + " passed, " + (failed + 1) + " failed, " + skipped + " skipped (stopped: stuck)");
                    System.out.flush();
                    Runtime.getRuntime().halt(2);
                }
            }
        }, "gpu-check watchdog");
        t.setDaemon(true);
        t.start();
    }

    private static <T> T on(ArrayRuntime rt, Supplier<T> body) {
        ArrayRuntime.useOnThisThread(rt);
        try {
            return body.get();
        } finally {
            ArrayRuntime.useOnThisThread(null);
        }
    }

    /** Inputs of one type: a, b, c of n elements. */
    private static NDArray[] inputs(DType type, int n) {
        NDArray a = np.random(1).randn(n).mul(10.0);
        NDArray b = np.random(2).randn(n).mul(10.0);
        NDArray c = np.random(3).randn(n);
        return switch (type) {
            case FLOAT64 -> new NDArray[] {a, b, c};
            case FLOAT32 -> new NDArray[] {a.astype(type), b.astype(type), c.astype(type)};
            case INT64, INT32 -> new NDArray[] {np.random(1).integers(-1000, 1000, n).astype(type), np.random(2).integers(-1000, 1000, n).astype(type),
                np.random(3).integers(-5, 5, n).astype(type)};
            case BOOL -> new NDArray[] {a.gt(0.0), b.gt(3.0), c.gt(-0.5)};
            case FLOAT16 -> new NDArray[] {a.astype(type), b.astype(type), c.astype(type)};
            default -> new NDArray[] {np.random(1).integers(0, 100, n).astype(type), np.random(2).integers(0, 100, n).astype(type),
                np.random(3).integers(0, 5, n).astype(type)}; // the integers: values every one of them holds
        };
    }

    private static Map<String, Function<NDArray[], NDArray>> operations(boolean all) {
        Map<String, Function<NDArray[], NDArray>> ops = new LinkedHashMap<>();
        ops.put("a*b+c", x -> x[0].mul(x[1]).add(x[2]));
        ops.put("add", x -> x[0].add(x[1]));
        ops.put("astype float32", x -> x[0].astype(DType.FLOAT32));
        ops.put("where", x -> np.where(x[0].gt(x[1]), x[0], x[2]));
        ops.put("sqrt", x -> x[0].abs().sqrt());
        if (!all) {
            return ops;
        }
        ops.put("subtract", x -> x[0].sub(x[1]));
        ops.put("multiply", x -> x[0].mul(x[1]));
        ops.put("divide", x -> x[0].div(x[1]));
        ops.put("power 2", x -> x[0].pow(2L));
        ops.put("maximum", x -> x[0].maximum(x[1]));
        ops.put("minimum", x -> x[0].minimum(x[1]));
        ops.put("logical_and", x -> np.logicalAnd(x[0], x[1]));
        ops.put("logical_or", x -> np.logicalOr(x[0], x[1]));
        ops.put("logical_not", x -> np.logicalNot(x[0]));
        ops.put("negative", x -> x[0].neg());
        ops.put("absolute", x -> x[0].abs());
        ops.put("greater", x -> x[0].gt(x[1]));
        ops.put("equal", x -> x[0].eq(x[2]));
        for (DType t : DType.values()) {
            if (!t.isComplex()) { // a complex array is two real ones: the real types' operations cover it
                ops.put("astype " + t, x -> x[0].astype(t));
            }
        }
        ops.put("strided views", x -> x[0].get("::2").add(x[1].get("1::2")));
        ops.put("copy", x -> x[0].copy());
        ops.put("fill", x -> np.full(3.5, x[0].shape()).astype(x[0].dtype()));
        return ops;
    }

    /** The result's elements, or the error's class and message when it fails (bool negative, for one). */
    private static Object outcome(ArrayRuntime rt, DType type, int n, Function<NDArray[], NDArray> op) {
        return on(rt, () -> {
            try {
                return op.apply(inputs(type, n)).toDoubleArray();
            } catch (RuntimeException e) {
                return e.getClass().getSimpleName() + ": " + e.getMessage();
            }
        });
    }

    private static boolean sameBits(double[] x, double[] y) {
        if (x.length != y.length) {
            return false;
        }
        for (int i = 0; i < x.length; i++) {
            if (Double.doubleToLongBits(x[i]) != Double.doubleToLongBits(y[i])) {
                return false;
            }
        }
        return true;
    }

    /**
     * Every operation on every type at the sizes up to 2^20 ({@code big} false), or the first few
     * operations at the sizes above 2^20 ({@code big} true). Past {@code deadline} seconds the rest
     * is skipped and counted so.
     */
    private void elementwise(int[] sizes, boolean big, double deadline) {
        for (DType type : DType.values()) {
            if (type.isComplex()) {
                continue;
            }
            for (Map.Entry<String, Function<NDArray[], NDArray>> op : operations(!big).entrySet()) {
                if (elapsed() > deadline) {
                    skipped++;
                    System.out.printf("SKIP %s on %s%s: past the run's budget of %.0f s%n", op.getKey(), type, big ? " at the large sizes" : "", deadline);
                    continue;
                }
                List<String> bad = new ArrayList<>();
                List<String> sizesDone = new ArrayList<>();
                for (int n : sizes) {
                    if (big != (n > (1 << 20))) {
                        continue;
                    }
                    Object g = outcome(gpu, type, n, op.getValue());
                    Object c = outcome(cpu, type, n, op.getValue());
                    boolean same = g instanceof double[] gd && c instanceof double[] cd ? sameBits(gd, cd) : g.equals(c);
                    if (!same) {
                        bad.add(n + (g instanceof String s ? " (GPU: " + s + ")" : ""));
                    }
                    sizesDone.add(Integer.toString(n));
                }
                if (!sizesDone.isEmpty()) {
                    check(bad.isEmpty(), op.getKey() + " on " + type, bad.isEmpty() ? "same bits as the CPU at sizes " + String.join(", ", sizesDone)
                            : "differs from the CPU at sizes " + bad);
                }
            }
        }
    }

    private static String matmulName(Kernels kernel) {
        return kernel == Kernels.EVAL ? "the element-wise kernel's DOT program" : kernel.symbol();
    }

    private void matmul(int n, int k, int m) {
        Supplier<double[]> program = () -> np.random(6).randn(n, k).matmul(np.random(7).randn(k, m)).toDoubleArray();
        double[] c = on(cpu, program);
        // tiles of 64 x 64 and of 16 x 16 through shared memory (the default picks by size), and the DOT program
        for (Kernels kernel : new Kernels[] {Kernels.MATMUL_BLOCKED, Kernels.MATMUL, Kernels.EVAL}) {
            backend.matmulKernel(kernel);
            boolean same = sameBits(on(gpu, program), c);
            check(same, String.format("matmul %d x %d @ %d x %d (%s)", n, k, k, m, matmulName(kernel)), same ? "the CPU's bits" : "differs from the CPU");
        }
        backend.matmulKernel(null);
        Supplier<double[]> axes = () -> {
            NDArray x = np.random(8).randn(n, k);
            return np.concatenate(x.sum(0), x.sum(1), x.max(1), x.argmin(1).astype(DType.FLOAT64)).toDoubleArray();
        };
        boolean same = sameBits(on(gpu, axes), on(cpu, axes));
        check(same, String.format("axis reductions of %d x %d", n, k), same ? "the CPU's bits" : "differ from the CPU");
    }

    /** The narrower types' edge values, arrays of 8 axes and expressions too large for one launch (EdgePrograms), GPU against CPU, nothing on the host but arrays of Java values. */
    private void edges() {
        Map<String, Supplier<double[]>> programs = new LinkedHashMap<>();
        programs.put("float16, int16, int8 and the unsigned types (uint64 beyond 2^63, halves that round, overflow and underflow)",
                EdgePrograms::narrowerTypes);
        programs.put("arrays of 8 axes, their axes coalesced, or a launch per index of the 2 beyond the kernel's 6", EdgePrograms::manyAxes);
        programs.put("expressions of up to 30 operands, in launches through float64 temporaries", EdgePrograms::tooLargeForOneLaunch);
        for (Map.Entry<String, Supplier<double[]>> p : programs.entrySet()) {
            Map<String, Long> before = new java.util.TreeMap<>(backend.hostOperationsByName());
            boolean same = sameBits(on(gpu, p.getValue()), on(cpu, p.getValue()));
            Map<String, Long> onHost = EdgePrograms.beyondJavaValues(backend.hostOperationsByName());
            onHost.entrySet().removeIf(e -> e.getValue().equals(before.get(e.getKey())));
            check(same && onHost.isEmpty(), p.getKey(), (same ? "the CPU's bits" : "differs from the CPU") + (onHost.isEmpty() ? "" : "; on the host: " + onHost));
        }
        // a negative exponent in an array: the kernel sets a word in device memory, and the launch raises the CPU's error
        Map<String, Long> before = new java.util.TreeMap<>(backend.hostOperationsByName());
        String raised = on(gpu, () -> {
            try {
                np.arange(-5, (1 << 20) - 5, 1).pow(np.arange(0, 1 << 20, 1).sub((1 << 20) - 7).abs().sub(1L)).toDoubleArray(); // -1 at one element
                return "no error";
            } catch (IllegalArgumentException e) {
                return e.getMessage();
            }
        });
        boolean onHost = !backend.hostOperationsByName().equals(before);
        check(raised.equals("power: integers to negative integer powers are not allowed") && !onHost, "an integer power to an array of exponents, one negative",
                raised + (onHost ? "; on the host: " + backend.hostOperationsByName() : ""));
    }

    private static long ulps(double x, double y) {
        if (Double.doubleToLongBits(x) == Double.doubleToLongBits(y)) {
            return 0;
        }
        if (x != x || y != y || Math.signum(x) != Math.signum(y) || Double.isInfinite(x) || Double.isInfinite(y)) {
            return Long.MAX_VALUE;
        }
        return Math.abs(Double.doubleToLongBits(x) - Double.doubleToLongBits(y));
    }

    private void transcendental(int n) {
        // the fills first (every comparison's inputs come from them), made on the GPU: the CPU's Philox counters, normals through
        // the CPU's own log and cos(2 pi u); sequences from each element's global index
        Map<String, Supplier<NDArray>> fills = new LinkedHashMap<>();
        fills.put("rand", () -> np.random(21).rand(n));
        fills.put("randn", () -> np.random(22).randn(n));
        fills.put("integers", () -> np.random(23).integers(-1_000_000_007L, 1L << 40, n));
        fills.put("arange", () -> np.arange(-3L, 7L * n, 7L).astype(DType.FLOAT64));
        fills.put("arange of doubles", () -> np.arange(0.5, 0.5 + n * 0.3, 0.3));
        fills.put("linspace", () -> np.linspace(-3, 7, n));
        fills.put("eye", () -> np.eye((int) Math.sqrt(n)));
        for (Map.Entry<String, Supplier<NDArray>> e : fills.entrySet()) {
            double[] g = on(gpu, () -> e.getValue().get().toDoubleArray());
            boolean same = sameBits(g, on(cpu, () -> e.getValue().get().toDoubleArray()));
            check(same, e.getKey() + " (" + g.length + " values, made on the GPU)", same ? "the CPU's bits" : "differs from the CPU");
        }
        Map<String, Function<NDArray, NDArray>> f = new LinkedHashMap<>();
        f.put("exp", x -> x.exp());
        f.put("exp near overflow and underflow", x -> x.mul(175.0).exp());
        f.put("log", x -> x.abs().log());
        f.put("log of subnormals", x -> x.abs().mul(1e-310).log());
        f.put("sin", x -> x.sin());
        f.put("cos", x -> x.cos());
        f.put("tanh", x -> x.tanh());
        f.put("power 0.37", x -> x.abs().pow(0.37));
        // exact on both: the same bits
        f.put("floor", x -> x.floor());
        f.put("ceil", x -> x.ceil());
        f.put("rint", x -> x.mul(2.0).rint());
        f.put("trunc", x -> x.trunc());
        f.put("sign", x -> x.sign());
        f.put("remainder", x -> x.mod(x.mul(0.37).add(0.5)));
        // CUDA's functions (lg_unary_math, lg_binary_math), the CPU's StrictMath (fdlibm): a few ulps
        f.put("log1p", x -> x.abs().log1p());
        f.put("expm1", x -> x.expm1());
        f.put("log10", x -> x.abs().log10());
        f.put("log2", x -> x.abs().log2());
        f.put("tan", x -> x.tan());
        f.put("arcsin", x -> x.mul(0.3).tanh().arcsin());
        f.put("arccos", x -> x.mul(0.3).tanh().arccos());
        f.put("arctan", x -> x.arctan());
        f.put("sinh", x -> x.sinh());
        f.put("cosh", x -> x.cosh());
        f.put("erf", x -> x.mul(0.5).erf());
        f.put("arctan2", x -> x.arctan2(x.mul(0.37).add(0.5)));
        f.put("hypot", x -> x.hypot(x.mul(0.37).add(0.5)));
        java.util.Set<String> exact = java.util.Set.of("exp", "exp near overflow and underflow", "log", "log of subnormals", "tanh", "floor", "ceil",
                "rint", "trunc", "sign", "remainder");
        for (Map.Entry<String, Function<NDArray, NDArray>> e : f.entrySet()) {
            // exp, log and tanh are the CPU's own steps on the GPU (lg_math.h), floor .. remainder exact on both: the same bits; sin,
            // cos, pow and the functions from log1p on are CUDA's
            boolean own = exact.contains(e.getKey());
            double[] g = on(gpu, () -> e.getValue().apply(np.random(4).randn(n).mul(4.0)).toDoubleArray());
            double[] c = on(cpu, () -> e.getValue().apply(np.random(4).randn(n).mul(4.0)).toDoubleArray());
            long max = 0;
            int differ = 0;
            for (int i = 0; i < n; i++) {
                long u = ulps(g[i], c[i]);
                max = Math.max(max, u);
                differ += u == 0 ? 0 : 1;
            }
            if (own) {
                check(max == 0, e.getKey() + " (float64, " + n + " values)", max == 0 ? "the CPU's bits"
                        : String.format("GPU within %d ulp of the CPU's; %.2f%% of elements differ", max, 100.0 * differ / n));
            } else {
                check(max <= 8, e.getKey() + " (float64, " + n + " values)", String.format("GPU within %d ulp of the CPU's (fdlibm); %.2f%% of "
                        + "elements differ", max, 100.0 * differ / n));
            }
        }
    }

    private void reductions(int n) {
        Supplier<double[]> program = () -> {
            NDArray x = np.random(5).randn(n);
            NDArray near1 = x.mul(1e-7).add(1.0);
            return new double[] {x.sum(), near1.prod(), x.mean(), x.var(), x.std(), x.max(), x.min(), x.argmax(), x.argmin(),
                x.astype(DType.FLOAT32).sum(), x.gt(0.0).sum()};
        };
        double[] c = on(cpu, program);
        for (int run = 1; run <= 3; run++) {
            double[] g = on(gpu, program);
            check(sameBits(g, c), "reductions of " + n + " elements, run " + run, "sum, prod, mean, var, std, max, min, argmax, argmin"
                    + (sameBits(g, c) ? ": the CPU's bits" : ": GPU " + Arrays.toString(g) + " vs CPU " + Arrays.toString(c)));
        }
    }

    private static void fbmem(GpuCheck self, int cores) {
        CudaBackendProvider provider = new CudaBackendProvider();
        Backend small = provider.open(new BackendConfig(cores, 1, 0, 64L << 20, 0, BackendConfig.DEFAULT_PARALLEL_THRESHOLD));
        ArrayRuntime rt = new ArrayRuntime(small, Long.MAX_VALUE / 4, Long.MAX_VALUE);
        String message = on(rt, () -> {
            try {
                np.ones(1 << 24);
                return "no error";
            } catch (OutOfMemoryError e) {
                return e.getMessage();
            }
        });
        double after = on(rt, () -> np.ones(1000).add(1.0).sum());
        small.close();
        self.check(message.startsWith("full: out of GPU memory (--fbmem 64 MB per GPU): asked for 128 MB") && after == 2000, "--fbmem 64 and a 128 MB array",
                message + "; then a small array computes (" + after + ")");
    }

    /**
     * A rank on every GPU of the machine ({@code --gpus N}, N at least 2): CFD at 41 x 41 with its
     * operations split among them (from 64 elements on), to convergence with the CPU's bits and
     * rows copied between the GPUs; with {@code figure}, CFD at 4096 x 4096 per step on them all
     * beside one GPU's time. Skipped on a machine of one GPU.
     */
    private void severalGpus(int cores, boolean figure) {
        int n = CudaProbe.survey().devices().size();
        if (n < 2) {
            System.out.printf("SKIP a rank on several GPUs: this machine has %d GPU%s%n", n, n == 1 ? "" : "s");
            skipped++;
            return;
        }
        GpuBackend all = (GpuBackend) new CudaBackendProvider().open(new BackendConfig(cores, n, 0, 100L << 30, 32L << 20, 64));
        try {
            ArrayRuntime rt = new ArrayRuntime(all, Long.MAX_VALUE / 4, Long.MAX_VALUE);
            Cfd.Result g = on(rt, () -> new Cfd(41, 41).run(1e-3, 0));
            long peer = all.peerBytes();
            check(Double.doubleToLongBits(g.maxU()) == Double.doubleToLongBits(cpuCfd.maxU()) && g.steps() == cpuCfd.steps() && peer > 0,
                    "CFD step 12 (41 x 41) on " + n + " GPUs of one rank", String.format("%d steps, max u %.17g (CPU: %.17g), %d bytes between "
                            + "the GPUs, %d windows grown, %d launches, %.2f s; %s", g.steps(), g.maxU(), cpuCfd.maxU(), peer, all.windowsGrown(),
                            all.launches(), g.seconds(), all.describe()));
            if (figure) {
                System.out.printf("FIGURE CFD step 12 at 4096 x 4096 on %d GPUs of one rank: %.1f ms per step (median of 3)%n", n,
                        median(cfdLargeSteps(rt)));
            }
        } finally {
            all.close();
        }
    }

    /**
     * Two ranks sharing GPU 0, as two ranks of one machine with one GPU do (their data plane in
     * memory here): CFD 41 x 41 split by rows between them from 16 elements on, with halo rows
     * between the ranks and boundary rows written by their owners, must give the CPU's bits (to
     * convergence; 40 steps on the quick run).
     */
    private void twoRanksOnOneGpu(int cores, boolean quick) {
        int ranks = 2;
        int steps = quick ? 40 : 0; // the host-emulated driver's quick run: 40 steps, not the 499 to convergence (10 s there)
        Cfd.Result cpuRun = steps == 0 ? cpuCfd : on(cpu, () -> new Cfd(41, 41).run(1e-3, steps));
        double[] cpuReshapes = on(cpu, EdgePrograms::assignmentsThroughReshapes);
        legate.runtime.comm.InMemoryRanks mail = new legate.runtime.comm.InMemoryRanks(ranks);
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(ranks);
        try {
            List<java.util.concurrent.Future<String>> results = new java.util.ArrayList<>();
            for (int r = 0; r < ranks; r++) {
                int rank = r;
                results.add(threads.submit(() -> {
                    // local rank 0 for both: the device is local rank x --gpus, so the other would take GPU 1 where there is one
                    GpuBackend b = (GpuBackend) new CudaBackendProvider().open(new BackendConfig(Math.max(1, cores / ranks), 1, 0, 100L << 30, 32L << 20,
                            BackendConfig.DEFAULT_PARALLEL_THRESHOLD));
                    try {
                        ArrayRuntime rt = new ArrayRuntime(b, Long.MAX_VALUE / 4, 16);
                        rt.connect(mail.rank(rank));
                        Cfd.Result g = on(rt, () -> new Cfd(41, 41).run(1e-3, steps));
                        // assignments through reshapes of arrays of one axis: each rank writes the elements it holds, bounded, on the GPU
                        boolean reshapes = sameBits(on(rt, EdgePrograms::assignmentsThroughReshapes), cpuReshapes);
                        boolean same = Double.doubleToLongBits(g.maxU()) == Double.doubleToLongBits(cpuRun.maxU()) && g.steps() == cpuRun.steps() && reshapes;
                        boolean onGpu = !b.hostOperationsByName().containsKey("assignment across rows"); // boundary rows by their owners, on the GPU
                        int ordinal = b.device() instanceof CudaDevice cd ? cd.ordinal() : -1;
                        boolean gpu0 = ordinal == 0 && b.devices().size() == 1;
                        return (same && onGpu && gpu0 ? "" : "WRONG ") + String.format("rank %d: %d steps, max u %.17g, assignments through reshapes %s, "
                                + "%d launches, on the host %s, %.2f s, GPU %d", rank, g.steps(), g.maxU(), reshapes ? "the CPU's bits" : "DIFFER",
                                b.launches(), b.hostOperationsByName(), g.seconds(), ordinal);
                    } finally {
                        b.close();
                    }
                }));
            }
            List<String> said = new java.util.ArrayList<>();
            for (java.util.concurrent.Future<String> f : results) {
                try {
                    said.add(f.get(120, java.util.concurrent.TimeUnit.SECONDS));
                } catch (Exception e) {
                    said.add("WRONG: the rank failed: " + (e.getCause() != null ? e.getCause() : e));
                }
            }
            check(said.stream().noneMatch(x -> x.startsWith("WRONG")), "CFD step 12 (41 x 41) and assignments through reshapes on 2 ranks sharing GPU 0, "
                    + "no assignment on the host (CPU: max u "
                    + String.format("%.17g", cpuRun.maxU()) + ", " + cpuRun.steps() + " steps)", String.join("; ", said));
        } finally {
            threads.shutdownNow();
        }
    }

    private Kernels kernel = GpuBackend.ELEMENTWISE_DEFAULT;

    private boolean generated;

    private String kernelName() {
        return generated ? "generated kernels, " + kernel.symbol() + " for the rest"
                : kernel.symbol() + (kernel == GpuBackend.ELEMENTWISE_DEFAULT ? ", the default" : "");
    }

    /** The backend launches {@code k} for element-wise operations from now on. */
    private void use(Kernels k) {
        kernel = k;
        backend.elementwiseKernel(k);
    }

    /** The backend launches kernels generated for each element-wise program from now on ({@code on}), or the interpreting kernel alone. */
    private void useGenerated(boolean on) {
        generated = on;
        backend.generatedKernels(on);
    }

    /**
     * Whether the driver compiled the generated kernels launched so far: on a GPU it must (a driver
     * without a PTX compiler is a finding); the host-emulated driver ({@code quick}) has none, and
     * then every launch must have fallen back to the interpreting kernel.
     */
    private void generatedCompiled(boolean quick) {
        long ran = backend.generatedLaunches();
        long refused = backend.refusedLaunches();
        String why = backend.device() instanceof CudaDevice cd ? cd.refusedKernels().values().stream().findFirst().orElse("") : "";
        check(ran > 0 && refused == 0 || quick && ran == 0 && refused > 0, quick ? "generated element-wise kernels compiled by the driver, or "
                + "(a driver with no PTX compiler) every one fallen back to the interpreting kernel" : "the driver compiles the generated element-wise kernels",
                String.format("%d launches of generated kernels, %d fell back to the interpreting kernel%s", ran, refused, why.isEmpty() ? "" : " (" + why + ")"));
    }

    /** CFD at 41 x 41 with another element-wise kernel, {@code steps} steps (0: to convergence): the CPU's bits, and its time. */
    private void cfdWith(Cfd.Result c, int steps) {
        Cfd.Result g = on(gpu, () -> new Cfd(41, 41).run(1e-3, steps));
        boolean same = Double.doubleToLongBits(g.maxU()) == Double.doubleToLongBits(c.maxU()) && g.steps() == c.steps();
        check(same, "CFD step 12 (41 x 41) by " + (generated ? "generated kernels" : kernel.symbol()), String.format("%d steps, max u %.17g (CPU: %.17g), %.2f s", g.steps(), g.maxU(),
                c.maxU(), g.seconds()));
    }

    private Cfd.Result cpuCfd;

    private void cfd() {
        Cfd.Result g = on(gpu, () -> new Cfd(41, 41).run(1e-3, 0));
        Cfd.Result c = on(cpu, () -> new Cfd(41, 41).run(1e-3, 0));
        cpuCfd = c;
        double rel = Math.abs(g.maxU() - Cfd.REFERENCE_MAX_U) / Cfd.REFERENCE_MAX_U;
        check(g.steps() == 499 && rel < 1e-9, "CFD step 12 (41 x 41) on the GPU", String.format("%d steps, max u %.17g (reference 499, "
                + "%.17g; relative difference %.1e), %.2f s", g.steps(), g.maxU(), Cfd.REFERENCE_MAX_U, rel, g.seconds()));
        check(Double.doubleToLongBits(g.maxU()) == Double.doubleToLongBits(c.maxU()) && g.steps() == c.steps(), "CFD step 12: GPU and CPU",
                String.format("max u %.17g on both (CPU %.2f s)", c.maxU(), c.seconds()));
    }

    /**
     * The profiler's GPU lane: a*b+c on {@code n} float64, five times, under the profiler; every
     * kernel launched has its span (timed by CUDA events), inside the profile; prints the kernels'
     * share of the profile's time.
     */
    private void profile(int n) {
        legate.runtime.profile.Profile p;
        long[] before = {0};
        try {
            p = on(gpu, () -> {
                NDArray a = np.random(1).rand(n), b = np.random(2).rand(n), c = np.random(3).rand(n);
                a.item(0);
                b.item(0);
                c.item(0);
                before[0] = backend.launches();
                legate.runtime.profile.Profiler.start(gpu);
                try {
                    for (int r = 0; r < 5; r++) {
                        a.mul(b).add(c).item(0);
                    }
                    return legate.runtime.profile.Profiler.stop();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
        } catch (RuntimeException e) {
            check(false, "the profiler's GPU lane", e.toString());
            return;
        }
        long launched = backend.launches() - before[0];
        List<legate.runtime.profile.Profile.Span> lane = p.ranks().get(0).spans().stream().filter(x -> x.lane().equals("gpu 0")).toList();
        long[] ext = p.extent();
        long kernelNanos = lane.stream().mapToLong(x -> x.end() - x.start()).sum();
        boolean inside = lane.stream().allMatch(x -> x.start() >= ext[0] - 1_000_000 && x.end() <= ext[1] + 1_000_000 && x.end() >= x.start());
        check(lane.size() == launched && inside && lane.stream().anyMatch(x -> x.name().equals("fused mul+add")), "the profiler's GPU lane",
                String.format("%d kernel spans (launched during the profile: %d), %.3f ms of kernels in a %.3f ms "
                        + "profile; first: %s", lane.size(), launched, kernelNanos / 1e6, (ext[1] - ext[0]) / 1e6,
                        lane.isEmpty() ? "none" : lane.get(0).name() + " " + lane.get(0).detail() + " " + (lane.get(0).end() - lane.get(0).start()) / 1e3 + " us"));
    }

    private static double median(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    /** The element-wise kernel's a*b+c on 2^26 float64 in device memory, beside a device-to-device copy of the same bytes. */
    /**
     * Host-to-GPU and GPU-to-host copies of {@code n} float64 through the backend's pinned staging
     * memory ({@code --zcmem}) and straight from the Java array, each a median of 5; the round
     * trips must give back the same bits. With {@code figure}, prints the bandwidths.
     */
    private void copies(int n, boolean figure) {
        if (!(backend.device() instanceof CudaDevice staged)) {
            return;
        }
        long bytes = 8L * n;
        Buffer.F64 from = (Buffer.F64) Buffer.allocate(ElementType.FLOAT64, n);
        Random random = new Random(7);
        for (int i = 0; i < n; i++) {
            from.a[i] = random.nextDouble();
        }
        Buffer.F64 back = (Buffer.F64) Buffer.allocate(ElementType.FLOAT64, n);
        try (CudaDevice direct = new CudaDevice(staged.ordinal(), "direct copies", 0)) {
            StringBuilder line = new StringBuilder("FIGURE copies of " + n + " float64 (median of 5):");
            for (Device d : new Device[] {staged, direct}) {
                long at = d.allocate(bytes);
                double[] up = new double[5];
                double[] down = new double[5];
                boolean same = true;
                for (int r = 0; r < 5; r++) {
                    d.synchronize();
                    long t0 = System.nanoTime();
                    d.upload(from, 0, n, at);
                    d.synchronize();
                    up[r] = bytes / ((System.nanoTime() - t0) / 1e9) / 1e9;
                    java.util.Arrays.fill(back.a, -1.0);
                    t0 = System.nanoTime();
                    d.download(at, back, 0, n);
                    down[r] = bytes / ((System.nanoTime() - t0) / 1e9) / 1e9;
                    same &= Arrays.equals(from.a, back.a);
                }
                d.free(at);
                String how = d == staged ? "staged through " + staged.stagingBytes() + " bytes pinned (--zcmem)" : "from Java arrays";
                check(same, "5 round trips of " + n + " float64, " + how, same ? "the same bits" : "bits differ");
                line.append(String.format(" %s: host to GPU %.1f GB/s, GPU to host %.1f GB/s;", how, median(up), median(down)));
            }
            if (figure) {
                System.out.println(line.substring(0, line.length() - 1));
            }
        }
    }

    /**
     * The device's blocks: 600 of five sizes (one float64 to 3.2 MB) hold what was written into each
     * while the others are written, freed and made again; the driver is asked for far fewer.
     */
    private void allocator() {
        Device d = backend.device();
        int[] lengths = {1, 90, 1000, 12_500, 400_000};
        int count = 600;
        long[] at = new long[count];
        String before = d instanceof CudaDevice cd ? cd.allocationStats() : "";
        for (int k = 0; k < count; k++) {
            at[k] = d.allocate(8L * lengths[k % 5]);
            d.upload(pattern(k, lengths[k % 5]), 0, lengths[k % 5], at[k]);
        }
        for (int k = 0; k < count; k += 2) {
            d.free(at[k]);
        }
        for (int k = 0; k < count; k += 2) {
            at[k] = d.allocate(8L * lengths[k % 5]);
            d.upload(pattern(k + count, lengths[k % 5]), 0, lengths[k % 5], at[k]);
        }
        int wrong = 0;
        for (int k = 0; k < count; k++) {
            Buffer.F64 back = (Buffer.F64) Buffer.allocate(ElementType.FLOAT64, lengths[k % 5]);
            d.download(at[k], back, 0, lengths[k % 5]);
            wrong += Arrays.equals(back.a, pattern(k % 2 == 0 ? k + count : k, lengths[k % 5]).a) ? 0 : 1;
        }
        for (long a : at) {
            d.free(a);
        }
        String twice;
        try {
            d.free(at[1]); // freed above: handing it out again would give one block to two arrays
            twice = "a second free of a block went through";
        } catch (DeviceFailureException e) {
            twice = "";
        }
        String after = d instanceof CudaDevice cd ? cd.allocationStats() : "";
        check(twice.isEmpty(), "a block freed twice is refused", twice);
        check(wrong == 0, count + " device blocks of 8 B to 3.2 MB, made, freed and made again", wrong == 0 ? "each holds its own values"
                + (before.isEmpty() ? "" : " (before: " + before + "; after: " + after + ")") : wrong + " hold other values");
    }

    private static Buffer.F64 pattern(int k, int n) {
        Buffer.F64 b = (Buffer.F64) Buffer.allocate(ElementType.FLOAT64, n);
        for (int i = 0; i < n; i++) {
            b.a[i] = k * 1e6 + i;
        }
        return b;
    }

    private void kernelBandwidth(int n, boolean figure) {
        Device d = backend.device();
        long bytes = n * 8L;
        long[] at = new long[4];
        Random random = new Random(11);
        for (int k = 0; k < 4; k++) {
            at[k] = d.allocate(bytes);
            Buffer.F64 values = (Buffer.F64) Buffer.allocate(ElementType.FLOAT64, n);
            for (int i = 0; k > 0 && i < n; i++) {
                values.a[i] = random.nextGaussian();
            }
            d.upload(values, 0, n, at[k]);
        }
        EvalProgram p = EvalProgram.of(new ElementwiseKernel.Binary(BinaryOp.ADD, false), new ElementType[] {ElementType.FLOAT64,
            ElementType.FLOAT64, ElementType.FLOAT64});
        // a*b+c as the fused expression path runs it: load, load, multiply, load, add
        int[][] steps = {{EvalDescriptor.LOAD, 0, 1, 0, 0}, {EvalDescriptor.LOAD, 1, 2, 0, 0}, {EvalDescriptor.BINARY, 0, 0, 1, BinaryOp.MUL.ordinal()},
            {EvalDescriptor.LOAD, 1, 3, 0, 0}, {EvalDescriptor.BINARY, 0, 0, 1, BinaryOp.ADD.ordinal()}};
        EvalDescriptor e = new EvalDescriptor().reset();
        e.shape(new long[] {n});
        for (int k = 0; k < 4; k++) {
            e.operand(k, at[k], 0, new long[] {1}, ElementType.FLOAT64, 0);
        }
        e.program(steps, new double[steps.length]);
        Buffer.F64 first = null;
        boolean same = true;
        StringBuilder line = new StringBuilder("FIGURE a*b+c kernel on 2^26 float64 (median of 7; 3 reads + 1 write):");
        double best = 0;
        Map<String, Runnable> variants = new LinkedHashMap<>();
        for (Kernels kernel : ELEMENTWISE) {
            variants.put(kernel.symbol(), () -> d.launch(kernel, n, e.bytes()));
        }
        GeneratedKernel g = ElementwisePtx.of(e.bytes());
        if (g != null && d.compile(g)) {
            variants.put("generated " + g.name(), () -> d.launch(g, n, e.bytes()));
        } else {
            line.append(" the generated kernel: not compiled by this driver;");
        }
        for (Map.Entry<String, Runnable> kernel : variants.entrySet()) {
            double[] fma = new double[7];
            double[] copy = new double[7];
            for (int r = 0; r < 7; r++) {
                d.synchronize();
                long t0 = System.nanoTime();
                kernel.getValue().run();
                d.synchronize();
                fma[r] = 4.0 * bytes / ((System.nanoTime() - t0) / 1e9) / 1e9;
                t0 = System.nanoTime();
                d.copy(at[1], at[0], bytes); // the same bytes copied (onto the output, which the next launch writes again)
                d.synchronize();
                copy[r] = 2.0 * bytes / ((System.nanoTime() - t0) / 1e9) / 1e9;
            }
            kernel.getValue().run(); // the result, after the last copy
            Buffer.F64 result = (Buffer.F64) Buffer.allocate(ElementType.FLOAT64, n);
            d.download(at[0], result, 0, n);
            if (first == null) {
                first = result;
            } else {
                same = Arrays.equals(first.a, result.a);
            }
            double ratio = median(fma) / median(copy);
            best = Math.max(best, ratio);
            line.append(String.format(" %s %.0f GB/s, device-to-device copy %.0f GB/s (read + write), ratio %.2f;", kernel.getKey(), median(fma),
                    median(copy), ratio));
        }
        for (long a : at) {
            d.free(a);
        }
        if (figure) {
            System.out.println(line.substring(0, line.length() - 1) + " (target 0.85)");
        }
        check(p != null && same, "a*b+c on " + n + " float64 by each element-wise kernel (" + variants.size() + ")", String.format("%s; best ratio of "
                + "copy bandwidth %.2f", same ? "the same bits" : "bits differ", best));
    }

    /** legate.numpy's a*b+c on 2^26 float64 on the GPU, as a user runs it (a new array each time). */
    private void arrayBandwidth() {
        double[] t = on(gpu, () -> {
            NDArray a = np.random(1).rand(1 << 26);
            NDArray b = np.random(2).rand(1 << 26);
            NDArray c = np.random(3).rand(1 << 26);
            a.mul(b).add(c).item(0);
            double[] s = new double[7];
            for (int r = 0; r < 7; r++) {
                long t0 = System.nanoTime();
                a.mul(b).add(c).item(0); // item waits for the kernel
                s[r] = (System.nanoTime() - t0) / 1e9;
            }
            return s;
        });
        double sec = median(t);
        System.out.printf("FIGURE legate.numpy a*b+c on 2^26 float64 (GPU, %s): %.2f ms, %.0f GB/s (median of 7)%n", kernelName(), sec * 1e3,
                32.0 * (1 << 26) / sec / 1e9);
    }

    /**
     * What an operation costs beyond its kernel: 2,000 additions on 1,000 float64 (each a new array,
     * as a user's loop makes them), then one element read, which waits for all of them.
     */
    private void smallOperations(boolean figure) {
        for (DType type : new DType[] {DType.FLOAT64, DType.INT64}) {
            long launchesBefore = backend.launches();
            double[] us = on(gpu, () -> {
                NDArray x = np.ones(1000).astype(type);
                double[] s = new double[5];
                for (int r = 0; r < 6; r++) {
                    long t0 = System.nanoTime();
                    NDArray y = x;
                    for (int k = 0; k < 2000; k++) {
                        y = type == DType.INT64 ? y.add(1L) : y.add(1.0);
                    }
                    y.item(0);
                    if (r > 0) {
                        s[r - 1] = (System.nanoTime() - t0) / 1e3 / 2000;
                    }
                }
                return s;
            });
            if (figure) {
                System.out.printf("FIGURE an operation on 1,000 %s on the GPU (x = x + 1, 2,000 in a row, then one element read): %.1f us each "
                        + "(median of 5; %.0f launches per 2,000%s)%n", type, median(us), (backend.launches() - launchesBefore) / 6.0,
                        type == DType.FLOAT64 ? ": the lazy evaluator fuses float64" : "");
            }
        }
    }

    /** A float64 matrix product's speed on each kernel (tiles of 64 and of 16, the DOT program), on n x n (printed when figure). */
    private void matmulFigure(int n, boolean figure) {
        StringBuilder line = new StringBuilder(String.format("FIGURE matmul %d x %d @ %d x %d float64 then item(0) (median of 5):", n, n, n, n));
        for (Kernels kernel : new Kernels[] {Kernels.MATMUL_BLOCKED, Kernels.MATMUL, Kernels.EVAL}) {
            backend.matmulKernel(kernel);
            double[] s = on(gpu, () -> {
                NDArray a = np.random(1).rand(n, n);
                NDArray b = np.random(2).rand(n, n);
                a.matmul(b).item(0);
                double[] t = new double[5];
                for (int r = 0; r < 5; r++) {
                    long t0 = System.nanoTime();
                    a.matmul(b).item(0);
                    t[r] = (System.nanoTime() - t0) / 1e9;
                }
                return t;
            });
            line.append(String.format(" %s %.1f ms (%.0f GFLOP/s);", kernel == Kernels.EVAL ? "DOT program" : kernel.symbol(), median(s) * 1e3,
                    2.0 * n * n * n / median(s) / 1e9));
        }
        backend.matmulKernel(null);
        if (figure) {
            System.out.println(line);
        }
    }

    /** The element-wise kernel on a 2-D shape with a rolled read, as the CFD stencil reads its arrays. */
    private void stencilBandwidth(int n, boolean figure) {
        double[] t = on(gpu, () -> {
            NDArray a = np.random(1).rand(n, n);
            NDArray b = np.random(2).rand(n, n);
            NDArray r = np.roll(a, 1, 1).add(b).mul(0.5);
            r.item(0);
            double[] s = new double[7];
            for (int k = 0; k < 7; k++) {
                long t0 = System.nanoTime();
                np.roll(a, 1, 1).add(b).mul(0.5).item(0);
                s[k] = (System.nanoTime() - t0) / 1e9;
            }
            return s;
        });
        if (figure) {
            System.out.printf("FIGURE (roll(a, 1, 1) + b) * 0.5 on %d x %d float64 (GPU, %s): %.2f ms, %.0f GB/s (2 reads + 1 write; median of 7)%n",
                    n, n, kernelName(), median(t) * 1e3, 24.0 * n * n / median(t) / 1e9);
        }
    }

    /** CFD at 4096 x 4096 on {@code rt}: one step to warm up, then three times two steps; milliseconds a step, each time. */
    private static double[] cfdLargeSteps(ArrayRuntime rt) {
        return on(rt, () -> {
            Cfd cfd = new Cfd(4096, 4096);
            cfd.run(0, 1);
            double[] s = new double[3];
            for (int r = 0; r < 3; r++) {
                s[r] = cfd.run(0, 2).seconds() * 1e3 / 2;
            }
            return s;
        });
    }

    private void cfdLarge() {
        double[] ms = cfdLargeSteps(gpu);
        System.out.printf("FIGURE CFD step 12 at 4096 x 4096 on the GPU (%s): %.1f ms per step (median of 3; 50 Jacobi sweeps a step)%n", kernelName(),
                median(ms));
    }

    public static void main(String[] args) {
        List<String> arguments = Arrays.asList(args);
        boolean quick = arguments.contains("--quick");
        int at = arguments.indexOf("--budget");
        double budget = at >= 0 ? Double.parseDouble(arguments.get(at + 1)) : Double.MAX_VALUE;
        CudaSurvey s = CudaProbe.survey();
        System.out.println("probe: " + (s.problem() == null ? "found " + s.describe() : "no GPU: " + s.problem()));
        int cores = Runtime.getRuntime().availableProcessors();
        Backend b;
        // staged copies in chunks: Legate's default --zcmem (32 MB), or 16 KB on the quick run so its small arrays take several
        long zcmem = quick ? 16 << 10 : 32L << 20;
        try {
            b = new CudaBackendProvider().open(new BackendConfig(cores, 1, 0, 100L << 30, zcmem, BackendConfig.DEFAULT_PARALLEL_THRESHOLD));
        } catch (RuntimeException e) {
            System.out.println("FAIL the CUDA backend opens: " + e.getMessage());
            System.out.println("0 passed, 1 failed");
            System.exit(1);
            return;
        }
        GpuCheck c = new GpuCheck((GpuBackend) b, cores);
        c.watchdog(quick ? 60 : 150);
        c.check(true, "the CUDA backend opens", b.describe());
        // what matters most first: a machine lent for minutes may not see the end of the large sizes
        c.section("element-wise, every operation and type, sizes up to 2^20");
        int[] sizes = quick ? new int[] {1, 4095, 4096, 4097} : new int[] {1, 4095, 4096, 4097, 1 << 20, 1 << 26};
        c.elementwise(sizes, false, budget);
        c.section("element-wise on kernels generated for each program (LEGATE_GPU_GENERATE=1), the same operations, types and sizes");
        c.useGenerated(true);
        c.elementwise(sizes, false, budget);
        c.generatedCompiled(quick);
        c.useGenerated(false);
        c.section("random numbers, and transcendental functions, GPU against CPU in ulps");
        c.transcendental(quick ? 4097 : 1 << 20);
        c.section("reductions, three runs");
        c.reductions(quick ? 10_000 : 1 << 26);
        c.section("matmul and axis reductions");
        c.matmul(37, 29, 41);
        c.matmul(130, 70, 131); // tiles of 64 x 64 and their edges
        if (!quick) {
            c.matmul(1024, 1024, 1024);
        }
        c.section("the narrower types, arrays of many axes");
        c.edges();
        c.section("device memory");
        c.allocator();
        c.section("--fbmem");
        fbmem(c, cores);
        c.section("copies");
        c.copies(quick ? 100_000 : 1 << 26, !quick);
        c.section("CFD step 12, 41 x 41, to convergence");
        c.cfd();
        c.useGenerated(true);
        c.cfdWith(c.cpuCfd, 0);
        c.useGenerated(false);
        c.section("the profiler's GPU lane");
        c.profile(quick ? 100_000 : 1 << 24);
        c.section("a rank on several GPUs");
        c.severalGpus(cores, !quick);
        c.section("two ranks on one GPU");
        c.twoRanksOnOneGpu(cores, quick);
        if (!quick) {
            c.section("figures");
            c.kernelBandwidth(1 << 26, true);
            c.section("figures: legate.numpy's a*b+c");
            c.arrayBandwidth();
            CudaDevice cd = c.backend.device() instanceof CudaDevice d ? d : null;
            if (cd != null) {
                cd.resetCallStats();
            }
            c.section("figures: small operations");
            c.smallOperations(true);
            if (cd != null) {
                System.out.println("FIGURE the device calls of those operations: " + cd.callStats());
                System.out.println("FIGURE device memory so far: " + cd.allocationStats());
            }
            c.section("figures: a rolled stencil");
            c.stencilBandwidth(8192, true);
            if (cd != null) {
                cd.resetCallStats();
            }
            c.section("figures: matmul");
            c.matmulFigure(2048, true);
            c.section("figures: CFD at 4096 x 4096");
            c.cfdLarge();
            if (cd != null) {
                System.out.println("FIGURE the device calls of CFD at 4096 x 4096 (7 steps): " + cd.callStats());
                System.out.println("FIGURE device memory so far: " + cd.allocationStats());
            }
            c.section("figures: kernels generated for each program (LEGATE_GPU_GENERATE=1)");
            c.useGenerated(true);
            c.arrayBandwidth();
            c.stencilBandwidth(8192, true);
            c.cfdLarge();
            if (cd != null) {
                cd.resetCallStats();
            }
            c.smallOperations(true);
            if (cd != null) {
                System.out.println("FIGURE the device calls of those operations (generated kernels): " + cd.callStats());
            }
            c.useGenerated(false);
            for (Kernels k : ELEMENTWISE) {
                if (k == GpuBackend.ELEMENTWISE_DEFAULT) {
                    continue;
                }
                c.section("figures: the element-wise kernel " + k.symbol());
                c.use(k);
                c.cfdWith(c.cpuCfd, 0);
                c.arrayBandwidth();
                c.stencilBandwidth(8192, true);
                c.cfdLarge();
            }
            c.use(GpuBackend.ELEMENTWISE_DEFAULT);
            c.section("element-wise at 2^26 on the types the GPU computes");
            c.elementwise(sizes, true, budget);
            c.section("element-wise at 2^26 on generated kernels");
            c.useGenerated(true);
            c.elementwise(sizes, true, budget);
            c.useGenerated(false);
        }
        if (quick) { // the figures' code, on small sizes, printing nothing; CFD by each kernel
            c.kernelBandwidth(100_003, false);
            c.smallOperations(false);
            c.stencilBandwidth(64, false);
            c.matmulFigure(40, false);
            Cfd.Result ten = on(c.cpu, () -> new Cfd(41, 41).run(1e-3, 10));
            for (Kernels k : ELEMENTWISE) {
                c.use(k);
                c.cfdWith(ten, 10);
            }
            c.use(GpuBackend.ELEMENTWISE_DEFAULT);
            c.useGenerated(true);
            c.cfdWith(ten, 10);
            c.useGenerated(false);
        }
        c.section("done");
        System.out.println("GPU launches " + c.backend.launches() + "; operations on the host: " + c.backend.hostOperationsByName());
        System.out.println(c.passed + " passed, " + c.failed + " failed" + (c.skipped > 0 ? ", " + c.skipped + " skipped (past the budget)" : ""));
        b.close();
        System.exit(c.failed == 0 ? 0 : 1);
    }
}
