package legate.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import legate.gpu.device.SimulatedDevice;
import legate.runtime.backend.BinaryOp;
import legate.runtime.backend.CompareOp;
import legate.runtime.backend.ElementwiseKernel;
import legate.runtime.backend.Reduction;
import legate.runtime.backend.UnaryOp;
import legate.runtime.store.Buffer;
import legate.runtime.types.ElementType;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernel's own C code (eval.h), built for this machine with gcc, against its Java twin:
 * the same descriptors on the same memory give the same elements. Also the descriptor's layout
 * as gcc lays out the structs. exp, log and tanh are the CPU's own (lg_math.h: the same bits as
 * Transcendental); sin, cos and pow are left out (the host's libm is neither CUDA's nor fdlibm).
 */
class EvalHostTest {
    private static final Path MODULE = Path.of("").toAbsolutePath();
    @TempDir
    static Path dir;
    private static Path harness;

    @BeforeAll
    static void build() throws Exception {
        Path gcc = Path.of("/usr/bin/gcc");
        Assumptions.assumeTrue(Files.isExecutable(gcc), "no gcc at /usr/bin/gcc: the kernel's C code is not run on the host");
        harness = dir.resolve("eval_host");
        run(List.of(gcc.toString(), "-O2", "-ffp-contract=off", "-std=c11", "-Wall", "-Wextra", "-Werror", "-I",
                MODULE.resolve("src/main/cuda").toString(), "-o", harness.toString(), MODULE.resolve("src/test/c/eval_host.c").toString(), "-lm"),
                new byte[0]);
    }

    private static byte[] run(List<String> cmd, byte[] stdin) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        p.getOutputStream().write(stdin);
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        assertEquals(0, p.waitFor(), String.join(" ", cmd));
        return out;
    }

    @Test
    void theDescriptorsLayoutIsGccs() throws Exception {
        String layout = new String(run(List.of(harness.toString(), "layout"), new byte[0]), StandardCharsets.US_ASCII).strip();
        String java = String.format("OPERAND_SIZE=%d OP_PTR=%d OP_OFFSET=%d OP_STRIDE=%d OP_BITS=%d OP_TYPE=%d OP_ROLL=%d%n"
                + "N=%d DIM=%d ND=%d NOPS=%d NSTEPS=%d OPS=%d STEPS=%d KONST=%d WORD=%d SIZE=%d", EvalDescriptor.OPERAND_SIZE, EvalDescriptor.OP_PTR,
                EvalDescriptor.OP_OFFSET, EvalDescriptor.OP_STRIDE, EvalDescriptor.OP_BITS, EvalDescriptor.OP_TYPE, EvalDescriptor.OP_ROLL,
                EvalDescriptor.N, EvalDescriptor.DIM, EvalDescriptor.ND, EvalDescriptor.NOPS, EvalDescriptor.NSTEPS, EvalDescriptor.OPS,
                EvalDescriptor.STEPS, EvalDescriptor.KONST, EvalDescriptor.WORD, EvalDescriptor.SIZE)
                + String.format("%nR.DIM=%d R.ND=%d R.OP=%d R.FIRST=%d R.FROM=%d R.TO=%d R.BLOCK=%d R.FIRST_BLOCK=%d R.CENTER=%d R.ACC=%d "
                + "R.INDEX=%d R.WIDTH=%d R.ROWS=%d R.SIZE=%d", ReduceDescriptor.DIM, ReduceDescriptor.ND, ReduceDescriptor.OP, ReduceDescriptor.FIRST,
                ReduceDescriptor.FROM, ReduceDescriptor.TO, ReduceDescriptor.BLOCK, ReduceDescriptor.FIRST_BLOCK, ReduceDescriptor.CENTER,
                ReduceDescriptor.ACC, ReduceDescriptor.INDEX, ReduceDescriptor.WIDTH, ReduceDescriptor.ROWS, ReduceDescriptor.SIZE);
        StringBuilder codes = new StringBuilder();
        for (String[] t : new String[][] {{"F64", "FLOAT64"}, {"F32", "FLOAT32"}, {"I64", "INT64"}, {"I32", "INT32"}, {"BOOL", "BOOL"},
            {"F16", "FLOAT16"}, {"I16", "INT16"}, {"I8", "INT8"}, {"U64", "UINT64"}, {"U32", "UINT32"}, {"U16", "UINT16"}, {"U8", "UINT8"}}) {
            codes.append(t[0]).append('=').append(EvalDescriptor.typeCode(ElementType.valueOf(t[1]))).append(' ');
        }
        codes.append(String.format("LONG=%d ROUND32=%d ARGS_LONG=%d UNSIGNED=%d", EvalDescriptor.LONG, EvalDescriptor.ROUND32,
                EvalDescriptor.ARGS_LONG, EvalDescriptor.UNSIGNED));
        assertEquals(java.replace("\r", "") + "\n" + codes, layout);
    }

    @Test
    void float16ConvertsAsTheCpusBuffers() throws Exception {
        // every float16 to a double, and doubles to float16 around every rounding case: each half's neighbourhood (the
        // halfway points, a hair either side), subnormals, overflow near 65504 and 65520, NaNs and infinities
        List<Double> in = new ArrayList<>();
        for (double d : new double[] {Double.NaN, -Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0, Double.MIN_VALUE,
            -Double.MIN_VALUE, 65504.0, 65519.99, 65520.0, -65520.0, 1e300, 0x1p-24, 0x1p-25, 0x1.0000000000001p-25, 0x1.8p-24, 0x1p-14,
            0x1.ffcp-15, Double.longBitsToDouble(0x7ff0000000000123L), Double.longBitsToDouble(0xfff8000000000001L)}) {
            in.add(d);
        }
        for (int h = 0; h < 0x7c00; h++) {
            double x = Buffer.halfToDouble((short) h);
            double next = Buffer.halfToDouble((short) (h + 1));
            double mid = (x + next) / 2; // exact: halves have 11 bits
            for (double d : new double[] {x, mid, Math.nextDown(mid), Math.nextUp(mid)}) {
                in.add(d);
                in.add(-d);
            }
        }
        ByteBuffer req = ByteBuffer.allocate(8 + 8 * in.size()).order(ByteOrder.LITTLE_ENDIAN).putLong(in.size());
        in.forEach(req::putDouble);
        ByteBuffer out = ByteBuffer.wrap(run(List.of(harness.toString(), "half"), req.array())).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(2 * in.size() + 8 * 65536, out.capacity());
        for (double d : in) {
            assertEquals(Buffer.doubleToHalf(d), out.getShort(), () -> "float16 of " + d + " (" + Long.toHexString(Double.doubleToRawLongBits(d)) + ")");
        }
        for (int h = 0; h < 65536; h++) {
            int bits = h;
            assertEquals(Double.doubleToRawLongBits(Buffer.halfToDouble((short) h)), Double.doubleToRawLongBits(out.getDouble()),
                    () -> "the double of float16 bits " + Integer.toHexString(bits));
        }
    }

    private static final double[] SPECIAL = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0, 3e9, -3e9, 1e20, -1e20,
        2.5, -2.5, 0.5, 1.5, 9.3e18, -9.3e18, 16777217.0, 1e-310, 2.0, -7.0, 1e300};
    private static final long[] LONGS = {Long.MIN_VALUE, Long.MAX_VALUE, 0, -1, 1, 3_000_000_000L, -3_000_000_000L, (1L << 60) + (1L << 36) + 1,
        2, 7, -7, 1L << 53, (1L << 53) + 1, Integer.MIN_VALUE, Integer.MAX_VALUE};

    /** {@code n} elements of {@code type}: the special values first, then random ones. */
    private static Buffer values(ElementType type, int n, long seed) {
        Random r = new Random(seed);
        Buffer b = Buffer.allocate(type, n);
        for (int i = 0; i < n; i++) {
            if (type.isFloating()) {
                b.setDouble(i, i < SPECIAL.length ? SPECIAL[(int) ((i + seed) % SPECIAL.length)] : r.nextGaussian() * 100);
            } else {
                b.setLong(i, i < LONGS.length ? LONGS[(int) ((i + seed) % LONGS.length)] : r.nextInt(41) - 20);
            }
        }
        return b;
    }

    /** One launch on {@code shape}; operand j reads {@code types[j]} elements with {@code strides[j]} from {@code offsets[j]} (rolled by roll[j]). */
    private static void check(String what, int[][] steps, double[] konst, long[] shape, ElementType[] types, long[][] strides, long[] offsets,
                              int[] roll, Buffer constant) throws Exception {
        check(what, steps, konst, shape, types, strides, offsets, roll, constant, 0);
    }

    /** The same, only the output's elements 0 .. bound - 1 written when {@code bound} is not 0. */
    private static void check(String what, int[][] steps, double[] konst, long[] shape, ElementType[] types, long[][] strides, long[] offsets,
                              int[] roll, Buffer constant, long bound) throws Exception {
        check(what, steps, konst, shape, types, strides, offsets, roll, constant, bound, false);
    }

    /**
     * The same; {@code raiseWord}: the launch has a word for a negative integer exponent
     * ({@code word[5]}), which the C code must set as the twin does. Returns the twin's word (-1: none).
     */
    private static int check(String what, int[][] steps, double[] konst, long[] shape, ElementType[] types, long[][] strides, long[] offsets,
                             int[] roll, Buffer constant, long bound, boolean raiseWord) throws Exception {
        SimulatedDevice dev = new SimulatedDevice(0, 1L << 26);
        long descriptor = dev.allocate(EvalDescriptor.SIZE);
        EvalDescriptor d = new EvalDescriptor().reset();
        d.shape(shape);
        int n = 400;
        long[] address = new long[types.length];
        for (int j = 0; j < types.length; j++) {
            if (j == types.length - 1 && constant != null) {
                d.constant(j, constant);
                continue;
            }
            address[j] = dev.allocate((long) n * types[j].itemSize());
            dev.upload(values(types[j], n, j * 7L + 1), 0, n, address[j]);
            d.operand(j, address[j], offsets[j], strides[j], types[j], roll[j]);
        }
        d.program(steps, konst);
        d.bound(bound);
        long word = raiseWord ? dev.allocate(8) : 0; // zeroed
        d.raiseWord(word);
        dev.write(d.bytes(), descriptor); // where the C code reads it
        long from = descriptor;
        long to = Math.max(address[0] + 1L * n * types[0].itemSize(), word + 8);
        for (long a : address) {
            to = Math.max(to, a + (long) n * 8);
        }
        byte[] before = dev.image(from, to);
        dev.launch(Kernels.EVAL, d.elements(), d.bytes());
        byte[] twin = dev.image(from, to);
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        ByteBuffer head = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(from).putLong(before.length);
        in.write(head.array());
        in.write(before);
        in.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(descriptor).array());
        byte[] c = run(List.of(harness.toString(), "both"), in.toByteArray());
        assertEquals(2 * before.length, c.length, what + ": the harness's two images");
        ByteBuffer x = ByteBuffer.wrap(twin).order(ByteOrder.LITTLE_ENDIAN);
        if (bound != 0) { // the output's elements from the bound on, as they were
            int base = (int) (address[0] - from);
            int size = types[0].itemSize();
            for (long i = bound * size; i < (long) n * size; i++) {
                assertEquals(before[base + (int) i], twin[base + (int) i], what + ": byte " + i + " of the output, past its bound");
            }
        }
        for (int image = 0; image < 2; image++) { // the host build's lanes, then legate_eval_prefetch's loads first
            ByteBuffer y = ByteBuffer.wrap(c, image * before.length, before.length).slice().order(ByteOrder.LITTLE_ENDIAN);
            compare(what + (image == 0 ? "" : " (loads first)"), types[0], n, x, y, (int) (address[0] - from));
            if (raiseWord) {
                assertEquals(x.getInt((int) (word - from)), y.getInt((int) (word - from)), what + ": the negative-exponent word" + (image == 0 ? "" : " (loads first)"));
            }
        }
        return raiseWord ? x.getInt((int) (word - from)) : -1;
    }

    /** The output's n elements of {@code type} from {@code base} in both images, bit for bit. */
    private static void compare(String what, ElementType type, int n, ByteBuffer x, ByteBuffer y, int base) {
        for (int i = 0; i < n; i++) {
            String at = what + ", output element " + i;
            switch (type) {
                case FLOAT64 -> assertEquals(Double.doubleToLongBits(x.getDouble(base + 8 * i)), Double.doubleToLongBits(y.getDouble(base + 8 * i)), at);
                case FLOAT32 -> assertEquals(Float.floatToIntBits(x.getFloat(base + 4 * i)), Float.floatToIntBits(y.getFloat(base + 4 * i)), at);
                case INT64 -> assertEquals(x.getLong(base + 8 * i), y.getLong(base + 8 * i), at);
                case INT32 -> assertEquals(x.getInt(base + 4 * i), y.getInt(base + 4 * i), at);
                default -> { // bool and the narrower types: their bits
                    for (int k = 0; k < type.itemSize(); k++) {
                        assertEquals(x.get(base + type.itemSize() * i + k), y.get(base + type.itemSize() * i + k), at);
                    }
                }
            }
        }
    }

    /** An element-wise kernel on 1-D operands (the output contiguous, inputs strided, one broadcast). */
    private static void kernel(ElementwiseKernel k, ElementType... types) throws Exception {
        EvalProgram p = EvalProgram.of(k, types);
        if (p == null) {
            return; // computed on the host
        }
        long[][] strides = new long[types.length][];
        long[] offsets = new long[types.length];
        for (int j = 0; j < types.length; j++) {
            strides[j] = new long[] {j == 0 ? 1 : j == 2 ? 0 : j == 3 ? -1 : 1};
            offsets[j] = j == 2 ? 5 : j == 3 ? 299 : 0;
        }
        check(k + " on " + List.of(types), p.steps(), p.konst(), new long[] {300}, types, strides, offsets, new int[types.length], null);
    }

    @Test
    void integerPowersAndTheirNegativeExponentsWordAreTheTwins() throws Exception {
        // every integer type to an int64 exponent (the test values have negatives: the word is set) and to a uint8 one (never
        // negative: it stays 0); uint64 to uint64 exponents from 2^63, which are not negative
        int raised = 0;
        for (ElementType t : ElementType.values()) {
            if (t.isFloating() || t == ElementType.BOOL) {
                continue;
            }
            for (ElementType exponent : List.of(ElementType.INT64, ElementType.UINT8, ElementType.UINT64)) {
                ElementType[] types = {t, t, exponent};
                EvalProgram p = EvalProgram.of(new ElementwiseKernel.Binary(BinaryOp.POW, true), types);
                assertNotNull(p, "an integer power on the device, " + List.of(types));
                long[][] strides = {{1}, {1}, {-1}};
                int word = check("power on " + List.of(types), p.steps(), p.konst(), new long[] {300}, types, strides, new long[] {0, 0, 299},
                        new int[3], null, 0, p.raises());
                assertEquals(exponent != ElementType.UINT8 && t != ElementType.UINT64, p.raises(), "whether " + List.of(types) + " can raise");
                if (p.raises()) {
                    assertEquals(1, word, "a negative exponent reported, " + List.of(types));
                    raised++;
                }
            }
        }
        assertEquals(14, raised, "int64 and uint64 exponents (the latter from 2^63 negative as longs), for every result but uint64");
        // a launch given the word whose exponents are all 0 or more leaves it 0, in C as in the twin
        ElementType[] types = {ElementType.INT64, ElementType.INT64, ElementType.INT64};
        EvalProgram p = EvalProgram.of(new ElementwiseKernel.Binary(BinaryOp.POW, true), types);
        for (long exponent : new long[] {0, 3, 63, -2}) {
            Buffer k = Buffer.allocate(ElementType.INT64, 1);
            k.setLong(0, exponent);
            int word = check("power to the constant " + exponent, p.steps(), p.konst(), new long[] {300}, types, new long[][] {{1}, {1}, {0}},
                    new long[3], new int[3], k, 0, true);
            assertEquals(exponent < 0 ? 1 : 0, word, "the word after a power to " + exponent);
        }
    }

    @Test
    void everyElementwiseKernelComputesAsItsJavaTwin() throws Exception {
        ElementType[] all = ElementType.values();
        List<ElementType[]> combos = new ArrayList<>();
        for (ElementType out : all) {
            for (ElementType in : all) {
                combos.add(new ElementType[] {out, in, in.isFloating() ? ElementType.FLOAT64 : ElementType.INT64});
            }
        }
        for (ElementType[] t : combos) {
            boolean longs = !t[1].isFloating();
            for (BinaryOp op : BinaryOp.values()) {
                // (power: its own test; arctan2 and hypot: the C library's against StrictMath's, a few ulps apart, not the same bits)
                if (op != BinaryOp.POW && op != BinaryOp.ARCTAN2 && op != BinaryOp.HYPOT) {
                    kernel(new ElementwiseKernel.Binary(op, longs), t);
                    kernel(new ElementwiseKernel.Binary(op, false), t);
                }
            }
            for (UnaryOp op : List.of(UnaryOp.NEG, UnaryOp.ABS, UnaryOp.SQRT, UnaryOp.NOT, UnaryOp.COPY, UnaryOp.FLOOR, UnaryOp.CEIL, UnaryOp.RINT,
                    UnaryOp.TRUNC, UnaryOp.SIGN)) {
                kernel(new ElementwiseKernel.Unary(op, longs), t[0], t[1]);
                kernel(new ElementwiseKernel.Unary(op, false), t[0], t[1]);
            }
            for (CompareOp op : CompareOp.values()) {
                kernel(new ElementwiseKernel.Compare(op, longs), ElementType.BOOL, t[1], t[2]);
            }
            kernel(new ElementwiseKernel.Where(longs), t[0], t[1], t[2], t[1]);
        }
    }

    @Test
    void expLogAndTanhHaveTheCpusBits() throws Exception {
        // lg_math.h against Transcendental, bit for bit, on every range each function treats apart: subnormal and
        // overflowing results of exp, subnormal arguments of log, tanh's four pieces, and the special values
        java.util.SplittableRandom r = new java.util.SplittableRandom(14);
        int n = 60_000;
        double[] special = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0, Double.MIN_VALUE, Double.MIN_NORMAL,
            Double.MAX_VALUE, -Double.MAX_VALUE, 1.0, -1.0, 709.782712893384, 709.79, -745.1, -745.2, 700, -700, 22, -22, 0x1p-28, 0x1p-4, 1e-300};
        for (UnaryOp op : List.of(UnaryOp.EXP, UnaryOp.LOG, UnaryOp.TANH)) {
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = i < special.length ? special[i] : switch (op) {
                    case EXP -> i % 3 == 0 ? r.nextDouble(-750, -695) : i % 3 == 1 ? r.nextDouble(695, 712) : r.nextDouble(-700, 700);
                    case LOG -> i % 4 == 0 ? Double.longBitsToDouble(r.nextLong(1, 0x0010000000000000L)) // subnormal
                            : i % 4 == 1 ? 1 + r.nextDouble(-0.04, 0.04) : Double.longBitsToDouble(r.nextLong(0x0010000000000000L, 0x7ff0000000000000L));
                    default -> i % 3 == 0 ? r.nextDouble(-0.07, 0.07) : i % 3 == 1 ? r.nextDouble(-1.1, 1.1) : r.nextDouble(-25, 25);
                };
            }
            double[] c = unaryOnHost(op, x);
            for (int i = 0; i < n; i++) {
                double want = switch (op) {
                    case EXP -> legate.runtime.backend.Transcendental.exp(x[i]);
                    case LOG -> legate.runtime.backend.Transcendental.log(x[i]);
                    default -> legate.runtime.backend.Transcendental.tanh(x[i]);
                };
                assertEquals(Double.doubleToLongBits(want), Double.doubleToLongBits(c[i]), op + "(" + x[i] + ") = " + want + " in Java, " + c[i] + " in C");
            }
        }
    }

    /** {@code op} of each element of {@code x} by the C code (one float64 launch through the gcc-built harness). */
    private static double[] unaryOnHost(UnaryOp op, double[] x) throws Exception {
        int n = x.length;
        SimulatedDevice dev = new SimulatedDevice(0, 1L << 26);
        long descriptor = dev.allocate(EvalDescriptor.SIZE);
        long out = dev.allocate(8L * n);
        long in = dev.allocate(8L * n);
        Buffer values = Buffer.allocate(ElementType.FLOAT64, n);
        for (int i = 0; i < n; i++) {
            values.setDouble(i, x[i]);
        }
        dev.upload(values, 0, n, in);
        EvalDescriptor d = new EvalDescriptor().reset();
        d.shape(new long[] {n});
        d.operand(0, out, 0, new long[] {1}, ElementType.FLOAT64, 0);
        d.operand(1, in, 0, new long[] {1}, ElementType.FLOAT64, 0);
        EvalProgram p = EvalProgram.of(new ElementwiseKernel.Unary(op, false), new ElementType[] {ElementType.FLOAT64, ElementType.FLOAT64});
        d.program(p.steps(), p.konst());
        dev.write(d.bytes(), descriptor);
        ByteBuffer y = ByteBuffer.wrap(onHost(dev, descriptor, Math.max(out, in) + 8L * n, descriptor)).order(ByteOrder.LITTLE_ENDIAN);
        double[] result = new double[n];
        for (int i = 0; i < n; i++) {
            result[i] = y.getDouble((int) (out - descriptor) + 8 * i);
        }
        return result;
    }

    @Test
    void programsWithConstantsRoundingRollsAndThreeAxesComputeAsTheTwin() throws Exception {
        // out = where(a > 2 (as integers), float32(a * 0.1 + b), max(b, 2) ^ 2), over a 3 x 4 x 25 launch; b rolled by 3
        int[][] steps = {
            {EvalDescriptor.LOAD | EvalDescriptor.LONG, 0, 1, 0, 0},
            {EvalDescriptor.LOAD | EvalDescriptor.LONG, 1, 3, 0, 0}, // the constant operand: 2
            {EvalDescriptor.COMPARE | EvalDescriptor.LONG | EvalDescriptor.ARGS_LONG, 2, 0, 1, CompareOp.GT.ordinal()},
            {EvalDescriptor.LOAD, 0, 1, 0, 0},
            {EvalDescriptor.CONST, 1, 0, 0, 0},
            {EvalDescriptor.BINARY | EvalDescriptor.ROUND32, 3, 0, 1, BinaryOp.MUL.ordinal()},
            {EvalDescriptor.LOAD, 4, 2, 0, 0},
            {EvalDescriptor.BINARY | EvalDescriptor.ROUND32, 5, 3, 4, BinaryOp.ADD.ordinal()},
            {EvalDescriptor.CONST, 6, 0, 0, 0},
            {EvalDescriptor.BINARY, 7, 4, 6, BinaryOp.MAXIMUM.ordinal()},
            {EvalDescriptor.BINARY, 8, 7, 6, BinaryOp.POW.ordinal()},
            {EvalDescriptor.WHERE | EvalDescriptor.ARGS_LONG, 9, 2, 5, 8},
        };
        double[] konst = new double[steps.length];
        konst[4] = 0.1;
        konst[8] = 2.0;
        Buffer two = Buffer.allocate(ElementType.INT64, 1);
        two.setLong(0, 2);
        for (ElementType out : List.of(ElementType.FLOAT64, ElementType.FLOAT32, ElementType.INT32)) {
            for (ElementType a : List.of(ElementType.FLOAT64, ElementType.INT64, ElementType.INT32)) {
                ElementType[] types = {out, a, ElementType.FLOAT64, ElementType.INT64};
                long[][] strides = {{100, 25, 1}, {-100, 25, 1}, {4, 1, 12}, {0, 0, 0}};
                long[] offsets = {0, 200, 0, 0};
                check("a program on " + List.of(types), steps, konst, new long[] {3, 4, 25}, types, strides, offsets, new int[] {0, 0, 3, 0}, two);
            }
        }
    }

    @Test
    void aBoundedOutputIsWrittenOnlyWithinItsBound() throws Exception {
        // a transposed view of 16 x 24 from element -100 of a rank's part of 200 elements (an assignment to the elements it holds):
        // only 0 .. 199 written, the rest of the output as it was, in both the twin and the C code
        for (ElementType out : List.of(ElementType.FLOAT64, ElementType.INT8, ElementType.FLOAT16)) {
            ElementType[] types = {out, ElementType.FLOAT64};
            check("a bounded copy into " + out, new int[][] {{EvalDescriptor.LOAD, 0, 1, 0, 0}}, new double[1], new long[] {16, 24}, types,
                    new long[][] {{1, 16}, {24, 1}}, new long[] {-100, 0}, new int[2], null, 200);
        }
    }

    @Test
    void reductionsAlongAnAxisAreTheTwins() throws Exception {
        // out[i, j] = op over k < 7 of in[..] from element 3 + 50 i - j, 5 apart (a 4 x 9 launch)
        for (Reduction op : Reduction.values()) {
            EvalProgram p = EvalProgram.along(op, 7, 5);
            if (p == null) {
                continue;
            }
            for (ElementType in : List.of(ElementType.FLOAT64, ElementType.FLOAT32, ElementType.INT64, ElementType.BOOL)) {
                ElementType[] types = {ElementType.FLOAT64, in};
                check("along " + op + " of " + in, p.steps(), p.konst(), new long[] {4, 9}, types, new long[][] {{9, 1}, {50, -1}},
                        new long[] {0, 11}, new int[2], null);
            }
        }
    }

    @Test
    void reductionsAlongTheFirstAxisAreTheTwins() throws Exception {
        // rows 5 .. 40 of a 3-D view (strides -30, 3, 1 over 41 x 4 x 3), in blocks of 8 rows, from two stretches (rows 5 .. 21, 21 .. 40)
        for (Reduction op : List.of(Reduction.SUM, Reduction.PROD, Reduction.MAX, Reduction.MIN, Reduction.ARGMAX, Reduction.ARGMIN)) {
            for (ElementType type : List.of(ElementType.FLOAT64, ElementType.INT32)) {
                SimulatedDevice dev = new SimulatedDevice(0, 1L << 26);
                long descriptor = dev.allocate(ReduceDescriptor.SIZE);
                long data = dev.allocate(1400L * type.itemSize());
                dev.upload(values(type, 1400, op.ordinal() + 9), 0, 1400, data);
                int width = op.isArg() ? 24 : 12;
                long acc = dev.allocate(5L * width * 8);
                long[][] stretches = {{5, 21}, {21, 40}};
                for (long[] st : stretches) {
                    ReduceDescriptor r = new ReduceDescriptor().set(op, data, type, 1300 - 30 * st[0], new long[] {-30, 3, 1},
                            new long[] {st[1] - st[0], 4, 3}, st[0], st[0], st[1], 8, 0, 0, acc, 0).rows(width);
                    dev.write(r.bytes(), descriptor); // where the C code reads it
                    byte[] c = onHost(dev, descriptor, acc + 5L * width * 8, descriptor, "reduce");
                    dev.launch(Kernels.REDUCE_BLOCKS, 1, r.bytes());
                    ByteBuffer x = ByteBuffer.wrap(dev.image(descriptor, acc + 5L * width * 8)).order(ByteOrder.LITTLE_ENDIAN);
                    ByteBuffer y = ByteBuffer.wrap(c).order(ByteOrder.LITTLE_ENDIAN);
                    for (int k = 0; k < 5 * width; k++) {
                        int at = (int) (acc - descriptor) + 8 * k;
                        assertEquals(Double.doubleToLongBits(x.getDouble(at)), Double.doubleToLongBits(y.getDouble(at)), op + " on " + type
                                + ", partial " + k + " after row " + st[1]);
                    }
                }
            }
        }
    }

    @Test
    void randomNumbersAreTheTwins() throws Exception {
        // uniform, normal and integer draws have the same bits on any machine (normals through lg_math.h's log and cos2pi)
        long[][] words = {{42, 0, 0, 0, 0}, {0xDEADBEEFCAFEL, 3, -5, 10, 1L << 33}, {-1, -1, Long.MIN_VALUE / 2, Long.MAX_VALUE, 123456789}};
        for (long[] w : words) {
            for (int distribution = 0; distribution < 3; distribution++) {
                int dist = distribution;
                long[][] out = outputsOf(dist == 2 ? ElementType.INT64 : ElementType.FLOAT64, 400, d -> {
                    d.program(new int[][] {{EvalDescriptor.RANDOM | (dist == 2 ? EvalDescriptor.LONG : 0), 0, 0, dist, 0}}, new double[1]);
                    d.randomWords(w[0], w[1], w[2], w[3], w[4]);
                });
                for (int k = 0; k < 400; k++) {
                    assertEquals(out[0][k], out[1][k], "distribution " + dist + ", words " + java.util.Arrays.toString(w) + ", element " + k);
                }
            }
        }
    }

    @Test
    void indexStepsAreTheTwins() throws Exception {
        // the element's global index as a long and as a double (past 2^53, where the conversion rounds), from a first element
        // far from 0, in arithmetic and a comparison: the sequences' programs
        for (long first : new long[] {0, 123_456_789_012L, (1L << 53) - 150, Long.MAX_VALUE - 300}) {
            for (boolean longs : new boolean[] {true, false}) {
                int l = longs ? EvalDescriptor.LONG : 0;
                long[][] out = outputsOf(longs ? ElementType.INT64 : ElementType.FLOAT64, 400, d -> {
                    d.first(first);
                    d.program(new int[][] {{EvalDescriptor.INDEX | l, 0, 0, 0, 0}, {EvalDescriptor.INDEX | EvalDescriptor.LONG, 1, 0, 0, 0},
                        {EvalDescriptor.CONST, 2, 0, 0, 0}, {EvalDescriptor.INDEX, 3, 0, 0, 0}, {EvalDescriptor.BINARY, 4, 3, 2, BinaryOp.MUL.ordinal()},
                        {EvalDescriptor.COMPARE | EvalDescriptor.LONG | EvalDescriptor.ARGS_LONG, 5, 1, 1, CompareOp.EQ.ordinal()},
                        {EvalDescriptor.WHERE | l | EvalDescriptor.ARGS_LONG, 6, 5, 0, 4}}, new double[] {0, 0, 0.3, 0, 0, 0, 0});
                });
                for (int k = 0; k < 400; k++) {
                    assertEquals(out[0][k], out[1][k], "index steps from " + first + (longs ? " as longs" : " as doubles") + ", element " + k);
                }
                // element 399 is the global index first + 399 (wrapping as Java's longs)
                assertEquals(longs ? first + 399 : Double.doubleToRawLongBits((double) (first + 399)), out[0][399]);
            }
        }
    }

    /**
     * A launch of {@code n} elements into a new 8-byte operand 0 ({@code setUp} writes the rest of the descriptor): the
     * twin's outputs and the C code's, as bits.
     */
    private static long[][] outputsOf(ElementType type, int n, java.util.function.Consumer<EvalDescriptor> setUp) throws Exception {
        SimulatedDevice dev = new SimulatedDevice(0, 1L << 26);
        long descriptor = dev.allocate(EvalDescriptor.SIZE);
        long at = dev.allocate(8L * n);
        EvalDescriptor d = new EvalDescriptor().reset();
        d.shape(new long[] {n});
        d.operand(0, at, 0, new long[] {1}, type, 0);
        setUp.accept(d);
        dev.write(d.bytes(), descriptor); // where the C code reads it
        byte[] c = onHost(dev, descriptor, at + 8L * n, descriptor);
        dev.launch(Kernels.EVAL, n, d.bytes());
        ByteBuffer x = ByteBuffer.wrap(dev.image(descriptor, at + 8L * n)).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer y = ByteBuffer.wrap(c).order(ByteOrder.LITTLE_ENDIAN);
        long[][] out = new long[2][n];
        for (int k = 0; k < n; k++) {
            int p = (int) (at - descriptor) + 8 * k;
            out[0][k] = x.getLong(p);
            out[1][k] = y.getLong(p);
        }
        return out;
    }

    @Test
    void dotProductsAreTheTwins() throws Exception {
        // out (5 x 8) = A (5 x 6, rows 7 apart) . B (6 x 8, rows 9 apart), summed in order
        int[][] steps = {{EvalDescriptor.DOT, 0, 1, 2, 6}};
        for (ElementType t : List.of(ElementType.FLOAT64, ElementType.FLOAT32, ElementType.INT32)) {
            SimulatedDevice dev = new SimulatedDevice(0, 1L << 26);
            long descriptor = dev.allocate(EvalDescriptor.SIZE);
            long[] at = {dev.allocate(400 * 8), dev.allocate(400L * t.itemSize()), dev.allocate(400L * t.itemSize())};
            dev.upload(values(t, 400, 3), 0, 400, at[1]);
            dev.upload(values(t, 400, 4), 0, 400, at[2]);
            EvalDescriptor d = new EvalDescriptor().reset();
            d.shape(new long[] {5, 8});
            d.operand(0, at[0], 0, new long[] {8, 1}, ElementType.FLOAT64, 0);
            d.operand(1, at[1], 2, new long[] {7, 0}, t, 0);
            d.dotStep(1, 1);
            d.operand(2, at[2], 1, new long[] {0, 1}, t, 0);
            d.dotStep(2, 9);
            d.program(steps, new double[1]);
            dev.write(d.bytes(), descriptor); // where the C code reads it
            long to = at[2] + 400L * 8;
            byte[] c = onHost(dev, descriptor, to, descriptor);
            dev.launch(Kernels.EVAL, 40, d.bytes());
            byte[] twin = dev.image(descriptor, to);
            int base = (int) (at[0] - descriptor);
            for (int k = 0; k < 40; k++) {
                assertEquals(Double.doubleToLongBits(ByteBuffer.wrap(twin).order(ByteOrder.LITTLE_ENDIAN).getDouble(base + 8 * k)),
                        Double.doubleToLongBits(ByteBuffer.wrap(c).order(ByteOrder.LITTLE_ENDIAN).getDouble(base + 8 * k)),
                        "dot of " + t + ", element " + k); // any NaN is a NaN
            }
        }
    }

    @Test
    void tiledMatrixProductsAreTheDotProgram() throws Exception {
        // legate_matmul's and legate_matmul_blocked's phases, thread after thread, against the twin's DOT program on the same
        // descriptor: shapes on and off the 16 x 16 and 64 x 64 tiles, k below, at and past a tile, an empty sum, float32 and
        // int32 outputs, a strided output; special values (NaN, infinities, -0.0) among the factors, so that a product a padded
        // tile added would show
        int[][] shapes = {{1, 1, 1}, {16, 16, 16}, {17, 33, 15}, {5, 0, 7}, {40, 16, 32}, {3, 47, 70}, {33, 1, 2}, {64, 16, 64}, {65, 17, 129},
            {130, 40, 3}, {2, 31, 200}};
        for (String kernel : List.of("matmul", "matmul_blocked")) {
            for (int[] shape : shapes) {
                for (ElementType out : List.of(ElementType.FLOAT64, ElementType.FLOAT32, ElementType.INT32)) {
                    productIsTheDotProgram(kernel, shape[0], shape[1], shape[2], out);
                }
            }
        }
    }

    /** The harness's {@code kernel} (eval_host.c) on a rows x k @ k x m product into {@code out} against the twin's DOT program. */
    private static void productIsTheDotProgram(String kernel, int rows, int k, int m, ElementType out) throws Exception {
        long stride = out == ElementType.FLOAT64 && m > 1 ? m + 3 : m; // the output's rows apart (a strided view of a wider array)
        SimulatedDevice dev = new SimulatedDevice(0, 1L << 26);
        long descriptor = dev.allocate(EvalDescriptor.SIZE);
        long a = dev.allocate(Math.max(1, rows * k) * 8L);
        long b = dev.allocate(Math.max(1, k * m) * 8L);
        long o = dev.allocate(rows * stride * out.itemSize());
        dev.upload(values(ElementType.FLOAT64, Math.max(1, rows * k), 5), 0, Math.max(1, rows * k), a);
        dev.upload(values(ElementType.FLOAT64, Math.max(1, k * m), 6), 0, Math.max(1, k * m), b);
        EvalDescriptor d = new EvalDescriptor().reset();
        d.shape(new long[] {rows, m});
        d.operand(0, o, 0, new long[] {stride, 1}, out, 0);
        d.operand(1, a, 0, new long[] {k, 0}, ElementType.FLOAT64, 0);
        d.dotStep(1, 1);
        d.operand(2, b, 0, new long[] {0, 1}, ElementType.FLOAT64, 0);
        d.dotStep(2, m);
        d.program(new int[][] {{EvalDescriptor.DOT, 0, 1, 2, k}}, new double[1]);
        dev.write(d.bytes(), descriptor);
        long to = o + rows * stride * out.itemSize(); // the last allocation's end
        byte[] c = onHost(dev, descriptor, to, descriptor, kernel);
        dev.launch(Kernels.EVAL, d.elements(), d.bytes());
        ByteBuffer x = ByteBuffer.wrap(dev.image(descriptor, to)).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer y = ByteBuffer.wrap(c).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < rows; i++) {
            compare(kernel + " [" + rows + ", " + k + ", " + m + "] into " + out + ", row " + i, out, m, x, y,
                    (int) (o - descriptor + i * stride * out.itemSize()));
        }
    }

    /** Runs the harness on an image of the device from {@code from} to {@code to}; the descriptor at {@code descriptor}. */
    private static byte[] onHost(SimulatedDevice dev, long from, long to, long descriptor, String... mode) throws Exception {
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        byte[] before = dev.image(from, to);
        in.write(ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(from).putLong(before.length).array());
        in.write(before);
        in.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(descriptor).array());
        List<String> cmd = new ArrayList<>(List.of(harness.toString()));
        cmd.addAll(List.of(mode));
        return run(cmd, in.toByteArray());
    }

    @Test
    void everyReductionsBlockPartialsAreTheTwins() throws Exception {
        // a 3-D view (strides 30, -1, 3 over 10 x 6 x 10) reduced from flat index 37 to 590 in blocks of 64: two launches, the
        // second going on from the accumulators the first left, as for rows that arrive from another rank
        for (Reduction op : Reduction.values()) {
            for (ElementType type : List.of(ElementType.FLOAT64, ElementType.FLOAT32, ElementType.INT32, ElementType.BOOL)) {
                SimulatedDevice dev = new SimulatedDevice(0, 1L << 26);
                long descriptor = dev.allocate(ReduceDescriptor.SIZE);
                long data = dev.allocate(400L * type.itemSize());
                dev.upload(values(type, 400, op.ordinal()), 0, 400, data);
                int blocks = 10;
                long acc = dev.allocate(blocks * 4 * 8);
                long index = dev.allocate(blocks * 8);
                Buffer start = Buffer.allocate(ElementType.FLOAT64, blocks * 4);
                java.util.Arrays.fill(((Buffer.F64) start).a, op == Reduction.PROD ? 1.0 : op.hasLanes() ? 0.0 : Double.NaN);
                dev.upload(start, 0, blocks * 4, acc);
                Buffer none = Buffer.allocate(ElementType.INT64, blocks);
                java.util.Arrays.fill(((Buffer.I64) none).a, -1);
                dev.upload(none, 0, blocks, index);
                long[][] stretches = {{0, 37, 300, 4}, {300, 300, 590, 10}}; // first flat index, from, to, rows
                for (long[] st : stretches) {
                    ReduceDescriptor r = new ReduceDescriptor().set(op, data, type, 5 + st[0] / 60 * 30, new long[] {30, -1, 3},
                            new long[] {st[3], 6, 10}, st[0], st[1], st[2], 64, 0, 0.25, acc, index);
                    dev.write(r.bytes(), descriptor); // where the C code reads it
                    byte[] c = onHost(dev, descriptor, index + blocks * 8, descriptor, "reduce");
                    dev.launch(Kernels.REDUCE_BLOCKS, ReduceDescriptor.threads(op, st[1], st[2], 64), r.bytes());
                    byte[] twin = dev.image(descriptor, index + blocks * 8);
                    ByteBuffer x = ByteBuffer.wrap(twin).order(ByteOrder.LITTLE_ENDIAN);
                    ByteBuffer y = ByteBuffer.wrap(c).order(ByteOrder.LITTLE_ENDIAN);
                    for (int k = 0; k < blocks * 4; k++) {
                        int at = (int) (acc - descriptor) + 8 * k;
                        assertEquals(Double.doubleToLongBits(x.getDouble(at)), Double.doubleToLongBits(y.getDouble(at)), op + " on " + type
                                + ", accumulator " + k + " after flat index " + st[2]);
                    }
                    for (int k = 0; k < blocks; k++) {
                        int at = (int) (index - descriptor) + 8 * k;
                        assertEquals(x.getLong(at), y.getLong(at), op + " on " + type + ", index " + k);
                    }
                }
            }
        }
    }
}
