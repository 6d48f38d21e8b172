package legate.gpu.device;

import static legate.gpu.EvalDescriptor.ARGS_LONG;
import static legate.gpu.EvalDescriptor.DIM;
import static legate.gpu.EvalDescriptor.KONST;
import static legate.gpu.EvalDescriptor.LONG;
import static legate.gpu.EvalDescriptor.N;
import static legate.gpu.EvalDescriptor.ND;
import static legate.gpu.EvalDescriptor.NOPS;
import static legate.gpu.EvalDescriptor.NSTEPS;
import static legate.gpu.EvalDescriptor.OPERAND_SIZE;
import static legate.gpu.EvalDescriptor.OPS;
import static legate.gpu.EvalDescriptor.OP_OFFSET;
import static legate.gpu.EvalDescriptor.OP_PTR;
import static legate.gpu.EvalDescriptor.OP_ROLL;
import static legate.gpu.EvalDescriptor.OP_STRIDE;
import static legate.gpu.EvalDescriptor.OP_TYPE;
import static legate.gpu.EvalDescriptor.ROUND32;
import static legate.gpu.EvalDescriptor.STEPS;
import static legate.gpu.EvalDescriptor.STEP_SIZE;

import legate.gpu.EvalDescriptor;
import legate.gpu.ReduceDescriptor;
import legate.runtime.store.Buffer;

/**
 * The Java twin of the kernel {@code legate_eval} (gpu/src/main/cuda/eval.h): the same
 * descriptor, read from simulated device memory, and the same steps, statement for statement.
 * Its transcendental functions are the CPU backend's ({@link legate.runtime.backend.Transcendental}, {@link StrictMath}); a GPU's
 * exp, log and tanh are the same steps (lg_math.h), its sin, cos and pow CUDA's (docs/gpu.md has how far apart those are).
 */
final class EvalTwin {
    private EvalTwin() {
    }

    /** One operand, resolved once per launch. */
    private static final class Operand {
        SimulatedDevice.Region mem;
        long offset;
        long bits;
        long[] stride;
        int type;
        int roll;
    }

    /** The descriptor's bytes as the kernel's parameter holds them. */
    private static SimulatedDevice.Region parameter(byte[] descriptor, int size) {
        if (descriptor.length != size) {
            throw new IllegalArgumentException("a descriptor of " + descriptor.length + " bytes where the kernel takes " + size);
        }
        return new SimulatedDevice.Region(java.nio.ByteBuffer.wrap(descriptor).order(java.nio.ByteOrder.LITTLE_ENDIAN), 0);
    }

    static void run(SimulatedDevice device, byte[] descriptor) {
        SimulatedDevice.Region d = parameter(descriptor, EvalDescriptor.SIZE);
        long n = d.getLong(N);
        int nd = d.getInt(ND);
        int nops = d.getInt(NOPS);
        int nsteps = d.getInt(NSTEPS);
        long[] dim = new long[nd];
        for (int k = 0; k < nd; k++) {
            dim[k] = d.getLong(DIM + 8L * k);
        }
        Operand[] op = new Operand[nops];
        for (int j = 0; j < nops; j++) {
            long o = OPS + (long) j * OPERAND_SIZE;
            Operand x = new Operand();
            x.offset = d.getLong(o + OP_OFFSET);
            x.bits = d.getLong(o + EvalDescriptor.OP_BITS);
            x.stride = new long[nd];
            for (int k = 0; k < nd; k++) {
                x.stride[k] = d.getLong(o + OP_STRIDE + 8L * k);
            }
            x.type = d.getInt(o + OP_TYPE);
            x.roll = d.getInt(o + OP_ROLL);
            long ptr = d.getLong(o + OP_PTR);
            // a constant (ptr 0): its value is its bits, in the descriptor itself
            x.mem = ptr == 0 ? new SimulatedDevice.Region(java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(0, x.bits), 0)
                    : SimulatedDevice.Region.at(device, ptr);
            op[j] = x;
        }
        int[][] step = new int[nsteps][5];
        double[] konst = new double[nsteps];
        for (int s = 0; s < nsteps; s++) {
            for (int k = 0; k < 5; k++) {
                step[s][k] = d.getInt(STEPS + (long) s * STEP_SIZE + 4L * k);
            }
            konst[s] = d.getDouble(KONST + 8L * s);
        }
        long[] word = new long[6];
        for (int k = 0; k < word.length; k++) {
            word[k] = d.getLong(EvalDescriptor.WORD + 8L * k);
        }
        long[] reg = new long[EvalDescriptor.MAX_REGS]; // raw bits: a double's or a long
        for (long i = 0; i < n; i++) {
            element(device, i, nd, dim, op, step, konst, word, reg);
        }
    }

    private static long index(long[] dim, int nd, Operand o, long i) {
        long at = o.offset;
        for (int d = nd - 1; d >= 0; d--) {
            long n = dim[d];
            long c = i % n;
            i /= n;
            if (d == nd - 1 && o.roll != 0) {
                c = c - o.roll < 0 ? c - o.roll + n : c - o.roll;
            }
            at += o.stride[d] * c;
        }
        return at;
    }

    private static void element(SimulatedDevice device, long i, int nd, long[] dim, Operand[] op, int[][] step, double[] konst, long[] word, long[] reg) {
        int last = 0;
        for (int s = 0; s < step.length; s++) {
            int code = step[s][0];
            int a = step[s][2];
            int b = step[s][3];
            int c = step[s][4];
            boolean isLong = (code & LONG) != 0;
            boolean argsLong = (code & ARGS_LONG) != 0;
            long flip = (code & EvalDescriptor.UNSIGNED) != 0 ? Long.MIN_VALUE : 0; // compared as uint64
            long r;
            switch (code & EvalDescriptor.KIND) {
                case EvalDescriptor.LOAD -> {
                    long at = index(dim, nd, op[a], i);
                    r = isLong ? loadLong(op[a], at) : bits(loadDouble(op[a], at));
                }
                case EvalDescriptor.CONST -> r = bits(konst[s]);
                case EvalDescriptor.RANDOM -> r = random(word, i, b);
                case EvalDescriptor.INDEX -> r = isLong ? word[4] + i : bits((double) (word[4] + i));
                case EvalDescriptor.DOT -> {
                    long ia = index(dim, nd, op[a], i);
                    long ib = index(dim, nd, op[b], i);
                    double sum = 0;
                    for (long t = 0; t < c; t++) {
                        sum = sum + loadDouble(op[a], ia + t * op[a].bits) * loadDouble(op[b], ib + t * op[b].bits);
                    }
                    r = bits(sum);
                }
                case EvalDescriptor.ALONG -> r = bits(along(op[a], index(dim, nd, op[a], i), c, (long) konst[s], b));
                case EvalDescriptor.UNARY -> r = isLong ? unaryLong(b, reg[a]) : bits(unary(b, dbl(reg[a])));
                case EvalDescriptor.BINARY -> {
                    r = isLong ? binaryLong(c, reg[a] ^ flip, reg[b] ^ flip) ^ flip : bits(binary(c, dbl(reg[a]), dbl(reg[b])));
                    if (isLong && c == legate.runtime.backend.BinaryOp.POW.ordinal() && reg[b] < 0 && word[5] != 0) { // the CPU's error: a negative exponent
                        SimulatedDevice.Region.at(device, word[5]).putInt(0, 1);
                    }
                }
                case EvalDescriptor.COMPARE -> {
                    boolean t = argsLong ? compareLong(c, reg[a] ^ flip, reg[b] ^ flip) : compare(c, dbl(reg[a]), dbl(reg[b]));
                    r = isLong ? (t ? 1 : 0) : bits(t ? 1 : 0);
                }
                default -> {
                    boolean t = argsLong ? reg[a] != 0 : dbl(reg[a]) != 0;
                    r = t ? reg[b] : reg[c];
                }
            }
            if ((code & ROUND32) != 0) {
                r = bits((double) (float) dbl(r));
            }
            reg[step[s][1]] = r;
            last = s;
        }
        if (step.length == 0) {
            return;
        }
        long at = index(dim, nd, op[0], i);
        long bound = op[0].bits; // 0, or only the output's elements 0 .. bound - 1 are written
        if (bound != 0 && (at < 0 || at >= bound)) {
            return;
        }
        long v = reg[step[last][1]];
        if ((step[last][0] & EvalDescriptor.UNSIGNED) != 0 && (step[last][0] & EvalDescriptor.KIND) == EvalDescriptor.LOAD) {
            storeUnsigned(op[0], at, v);
        } else if ((step[last][0] & LONG) != 0) {
            storeLong(op[0], at, v);
        } else {
            storeDouble(op[0], at, dbl(v));
        }
    }

    /** The twin of {@code legate_reduce_blocks}: every thread of the launch, lane by lane ({@code lg_reduce_lane}). */
    static void reduce(SimulatedDevice device, byte[] descriptor) {
        SimulatedDevice.Region d = parameter(descriptor, ReduceDescriptor.SIZE);
        int nd = d.getInt(ReduceDescriptor.ND);
        Operand in = new Operand();
        in.offset = d.getLong(ReduceDescriptor.IN + OP_OFFSET);
        in.stride = new long[nd];
        long[] dim = new long[nd];
        for (int k = 0; k < nd; k++) {
            in.stride[k] = d.getLong(ReduceDescriptor.IN + OP_STRIDE + 8L * k);
            dim[k] = d.getLong(ReduceDescriptor.DIM + 8L * k);
        }
        in.type = d.getInt(ReduceDescriptor.IN + OP_TYPE);
        in.mem = SimulatedDevice.Region.at(device, d.getLong(ReduceDescriptor.IN + OP_PTR));
        int op = d.getInt(ReduceDescriptor.OP);
        long first = d.getLong(ReduceDescriptor.FIRST);
        long from = d.getLong(ReduceDescriptor.FROM);
        long to = d.getLong(ReduceDescriptor.TO);
        long block = d.getLong(ReduceDescriptor.BLOCK);
        long firstBlock = d.getLong(ReduceDescriptor.FIRST_BLOCK);
        double center = d.getDouble(ReduceDescriptor.CENTER);
        if (d.getInt(ReduceDescriptor.ROWS) != 0) {
            reduceRows(device, d, in, dim, nd, op, first, from, to, block, firstBlock);
            return;
        }
        boolean sums = op == 0 || op == 1 || op == 6;
        int lanes = sums ? 4 : 1;
        long threads = to <= from ? 0 : ((to - 1) / block - from / block + 1) * lanes;
        SimulatedDevice.Region acc = SimulatedDevice.Region.at(device, d.getLong(ReduceDescriptor.ACC));
        SimulatedDevice.Region index = sums ? null : SimulatedDevice.Region.at(device, d.getLong(ReduceDescriptor.INDEX));
        for (long thread = 0; thread < threads; thread++) {
            long t = from / block + thread / lanes;
            long lo = Math.max(t * block, from);
            long hi = Math.min((t + 1) * block, to);
            if (lo >= hi) {
                continue;
            }
            long slot = t - firstBlock;
            if (sums) {
                int k = (int) (thread % 4);
                long f = lo + ((k - lo % 4) + 4) % 4;
                double s = acc.getDouble((slot * 4 + k) * 8);
                for (; f < hi; f += 4) {
                    double x = loadDouble(in, flatIndex(in, dim, nd, f - first));
                    s = op == 0 ? s + x : op == 1 ? s * x : s + (x - center) * (x - center);
                }
                acc.putDouble((slot * 4 + k) * 8, s);
                continue;
            }
            double b = acc.getDouble(slot * 8);
            long bi = index.getLong(slot * 8);
            for (long f = lo; f < hi; f++) {
                double x = loadDouble(in, flatIndex(in, dim, nd, f - first));
                if (op == 2 || op == 3) {
                    if (bi < 0) {
                        b = x;
                        bi = f;
                    } else if (b != b || x != x) {
                        b = b + x;
                    } else {
                        b = op == 2 ? max(b, x) : min(b, x);
                    }
                } else {
                    boolean better = bi < 0 || (b == b && (x != x || (op == 4 ? x > b : x < b)));
                    if (better) {
                        b = x;
                        bi = f;
                    }
                }
            }
            acc.putDouble(slot * 8, b);
            index.putLong(slot * 8, bi);
        }
    }

    /** {@code lg_reduce_rows_lane} for every thread: along the first axis, block by block, row by row. */
    private static void reduceRows(SimulatedDevice device, SimulatedDevice.Region d, Operand in, long[] dim, int nd, int op, long first, long from,
                                   long to, long block, long firstBlock) {
        long width = d.getLong(ReduceDescriptor.WIDTH);
        SimulatedDevice.Region acc = SimulatedDevice.Region.at(device, d.getLong(ReduceDescriptor.ACC));
        long m = 1;
        for (int k = 1; k < nd; k++) {
            m *= dim[k];
        }
        long threads = to <= from ? 0 : ((to - 1) / block - from / block + 1) * m;
        boolean arg = op == 4 || op == 5;
        for (long thread = 0; thread < threads; thread++) {
            long t = from / block + thread / m;
            long c = thread % m;
            long lo = Math.max(t * block, from);
            long hi = Math.min((t + 1) * block, to);
            long base = (t - firstBlock) * width * 8;
            long inner = in.offset;
            long rest = c;
            for (int k = nd - 1; k >= 1; k--) {
                inner += in.stride[k] * (rest % dim[k]);
                rest /= dim[k];
            }
            for (long row = lo; row < hi; row++) {
                double x = loadDouble(in, inner + in.stride[0] * (row - first));
                if (row == t * block) {
                    acc.putDouble(base + c * 8, x);
                    if (arg) {
                        acc.putDouble(base + (m + c) * 8, row);
                    }
                    continue;
                }
                double b = acc.getDouble(base + c * 8);
                switch (op) {
                    case 0 -> acc.putDouble(base + c * 8, b + x);
                    case 1 -> acc.putDouble(base + c * 8, b * x);
                    case 2 -> acc.putDouble(base + c * 8, b != b || x != x ? b + x : max(b, x));
                    case 3 -> acc.putDouble(base + c * 8, b != b || x != x ? b + x : min(b, x));
                    default -> {
                        if (b == b && (x != x || (op == 4 ? x > b : x < b))) {
                            acc.putDouble(base + c * 8, x);
                            acc.putDouble(base + (m + c) * 8, row);
                        }
                    }
                }
            }
        }
    }

    /** Element {@code i} of a stretch in row-major order: its index in the operand's buffer. */
    private static long flatIndex(Operand o, long[] dim, int nd, long i) {
        long at = o.offset;
        for (int d = nd - 1; d >= 0; d--) {
            at += o.stride[d] * (i % dim[d]);
            i /= dim[d];
        }
        return at;
    }

    /** {@code lg_random}: element i's number (a double's bits, or for integers the long itself). */
    private static long random(long[] word, long i, int distribution) {
        long counter = word[4] + i;
        int[] w = philox((int) counter, (int) (counter >>> 32), (int) word[1], (int) (word[1] >>> 32), (int) word[0], (int) (word[0] >>> 32));
        if (distribution == 0) {
            return bits(unit(w[0], w[1]));
        } else if (distribution == 1) {
            double u1 = 1.0 - unit(w[0], w[1]);
            double u2 = unit(w[2], w[3]);
            return bits(Math.sqrt(-2 * legate.runtime.backend.Transcendental.log(u1)) * legate.runtime.backend.Transcendental.cos2pi(u2));
        }
        long b = ((long) w[0] << 32) | (w[1] & 0xffffffffL);
        return word[2] + mulhi(b, word[3]);
    }

    /** {@code lg_philox}: 10 rounds of Philox4x32, unsigned 32-bit words kept in ints. */
    private static int[] philox(int c0, int c1, int c2, int c3, int k0, int k1) {
        for (int round = 0; round < 10; round++) {
            long p0 = 0xD2511F53L * (c0 & 0xffffffffL);
            long p1 = 0xCD9E8D57L * (c2 & 0xffffffffL);
            int n0 = (int) (p1 >>> 32) ^ c1 ^ k0;
            int n2 = (int) (p0 >>> 32) ^ c3 ^ k1;
            c1 = (int) p1;
            c3 = (int) p0;
            c0 = n0;
            c2 = n2;
            k0 += 0x9E3779B9;
            k1 += 0xBB67AE85;
        }
        return new int[] {c0, c1, c2, c3};
    }

    private static double unit(int hi, int lo) {
        return ((((long) hi << 32) | (lo & 0xffffffffL)) >>> 11) * 0x1.0p-53;
    }

    /** {@code lg_mulhi}: the high 64 bits of the unsigned product, from 32-bit halves. */
    private static long mulhi(long x, long y) {
        long x0 = x & 0xffffffffL;
        long x1 = x >>> 32;
        long y0 = y & 0xffffffffL;
        long y1 = y >>> 32;
        long p01 = x0 * y1;
        long p10 = x1 * y0;
        long mid = ((x0 * y0) >>> 32) + (p01 & 0xffffffffL) + (p10 & 0xffffffffL);
        return x1 * y1 + (p01 >>> 32) + (p10 >>> 32) + (mid >>> 32);
    }

    /** {@code lg_along}: n elements from {@code at}, step apart, reduced in order as the CPU reduces along an axis. */
    private static double along(Operand o, long at, long n, long step, int op) {
        if (op == 0 || op == 1) {
            double s = op == 0 ? 0 : 1;
            for (long k = 0; k < n; k++, at += step) {
                double x = loadDouble(o, at);
                s = op == 0 ? s + x : s * x;
            }
            return s;
        }
        double best = loadDouble(o, at);
        long where = 0;
        for (long k = 1; k < n; k++) {
            double x = loadDouble(o, at + k * step);
            if (op == 2 || op == 3) {
                best = best != best || x != x ? best + x : op == 2 ? max(best, x) : min(best, x);
            } else if (best == best && (x != x || (op == 4 ? x > best : x < best))) {
                best = x;
                where = k;
            }
        }
        return op == 2 || op == 3 ? best : (double) where;
    }

    private static long bits(double d) {
        return Double.doubleToRawLongBits(d);
    }

    private static double dbl(long bits) {
        return Double.longBitsToDouble(bits);
    }

    static long toLong(double v) {
        if (v != v) {
            return 0;
        }
        if (v >= 9223372036854775807.0) {
            return Long.MAX_VALUE;
        }
        if (v <= -9223372036854775808.0) {
            return Long.MIN_VALUE;
        }
        return (long) v;
    }

    // element types: EvalDescriptor.typeCode, ElementType's ordinals; the narrower types convert as the CPU's buffers do
    private static double loadDouble(Operand o, long at) {
        return switch (o.type) {
            case 0 -> o.mem.getDouble(at * 8);
            case 1 -> o.mem.getFloat(at * 4);
            case 2 -> o.mem.getLong(at * 8);
            case 3 -> o.mem.getInt(at * 4);
            case 4, 7 -> o.mem.get(at); // bool, int8
            case 5 -> Buffer.halfToDouble(o.mem.getShort(at * 2));
            case 8 -> Buffer.unsignedToDouble(o.mem.getLong(at * 8));
            default -> loadLong(o, at);
        };
    }

    private static long loadLong(Operand o, long at) {
        return switch (o.type) {
            case 0 -> toLong(o.mem.getDouble(at * 8));
            case 1 -> toLong(o.mem.getFloat(at * 4));
            case 2, 8 -> o.mem.getLong(at * 8); // int64, uint64's bits
            case 3 -> o.mem.getInt(at * 4);
            case 5 -> toLong(Buffer.halfToDouble(o.mem.getShort(at * 2)));
            case 6 -> o.mem.getShort(at * 2);
            case 9 -> o.mem.getInt(at * 4) & 0xffffffffL;
            case 10 -> o.mem.getShort(at * 2) & 0xffff;
            case 11 -> o.mem.get(at) & 0xff;
            default -> o.mem.get(at); // bool, int8
        };
    }

    private static void storeDouble(Operand o, long at, double v) {
        switch (o.type) {
            case 0 -> o.mem.putDouble(at * 8, v);
            case 1 -> o.mem.putFloat(at * 4, (float) v);
            case 2 -> o.mem.putLong(at * 8, toLong(v));
            case 3, 9 -> o.mem.putInt(at * 4, (int) toLong(v));
            case 4 -> o.mem.put(at, (byte) (v != 0 ? 1 : 0));
            case 5 -> o.mem.putShort(at * 2, Buffer.doubleToHalf(v));
            case 6, 10 -> o.mem.putShort(at * 2, (short) toLong(v));
            case 8 -> o.mem.putLong(at * 8, Buffer.doubleToUnsigned(v));
            default -> o.mem.put(at, (byte) toLong(v)); // int8, uint8
        }
    }

    /** A uint64's bits into a float, rounded once from the unsigned value ({@code lg_store_unsigned}); else the bits. */
    private static void storeUnsigned(Operand o, long at, long v) {
        switch (o.type) {
            case 0 -> o.mem.putDouble(at * 8, Buffer.unsignedToDouble(v));
            case 1 -> o.mem.putFloat(at * 4, Buffer.unsignedToFloat(v));
            case 5 -> o.mem.putShort(at * 2, Buffer.doubleToHalf(Buffer.unsignedToDouble(v)));
            default -> storeLong(o, at, v);
        }
    }

    private static void storeLong(Operand o, long at, long v) {
        switch (o.type) {
            case 0 -> o.mem.putDouble(at * 8, v);
            case 1 -> o.mem.putFloat(at * 4, v);
            case 2, 8 -> o.mem.putLong(at * 8, v);
            case 3, 9 -> o.mem.putInt(at * 4, (int) v);
            case 4 -> o.mem.put(at, (byte) (v != 0 ? 1 : 0));
            case 5 -> o.mem.putShort(at * 2, Buffer.doubleToHalf(v));
            case 6, 10 -> o.mem.putShort(at * 2, (short) v);
            default -> o.mem.put(at, (byte) v); // int8, uint8
        }
    }

    private static double max(double x, double y) {
        if (x == 0 && y == 0) {
            return (Double.doubleToRawLongBits(x) < 0) ? y : x;
        }
        return x >= y ? x : y;
    }

    private static double min(double x, double y) {
        if (x == 0 && y == 0) {
            return (Double.doubleToRawLongBits(y) < 0) ? y : x;
        }
        return x <= y ? x : y;
    }

    static double unary(int op, double x) {
        return switch (op) {
            case 0 -> -x;
            case 1 -> Math.abs(x);
            case 2 -> Math.sqrt(x);
            case 3 -> legate.runtime.backend.Transcendental.exp(x);
            case 4 -> legate.runtime.backend.Transcendental.log(x);
            case 5 -> StrictMath.sin(x);
            case 6 -> StrictMath.cos(x);
            case 7 -> legate.runtime.backend.Transcendental.tanh(x);
            case 8 -> x == 0 ? 1 : 0;
            case 9 -> x;
            // floor .. sign exactly as C's (the same bits); the functions from log1p on are the CPU's (StrictMath, fdlibm), where
            // the C code has the C library's (CUDA's): within a few ulps (lg_unary_math)
            default -> legate.runtime.backend.UnaryOp.values()[op].apply(x);
        };
    }

    private static long unaryLong(int op, long x) {
        return switch (op) {
            case 0 -> -x;
            case 1 -> x < 0 ? -x : x;
            case 8 -> x == 0 ? 1 : 0;
            case 14 -> legate.runtime.backend.UnaryOp.SIGN.apply(x);
            default -> x;
        };
    }

    static double binary(int op, double x, double y) {
        return switch (op) {
            case 0 -> x + y;
            case 1 -> x - y;
            case 2 -> x * y;
            case 3 -> x / y;
            case 4 -> y == 2 ? x * x : StrictMath.pow(x, y);
            case 5 -> x != x || y != y ? x + y : max(x, y);
            case 6 -> x != x || y != y ? x + y : min(x, y);
            case 7 -> x != 0 && y != 0 ? 1 : 0;
            case 8 -> x != 0 || y != 0 ? 1 : 0;
            default -> legate.runtime.backend.BinaryOp.values()[op].apply(x, y); // arctan2, hypot (StrictMath's), remainder (exact)
        };
    }

    /** {@code lg_ipow}: the exponent read as uint64. */
    private static long ipow(long x, long y) {
        long r = 1;
        long b = x;
        while (y != 0) {
            if ((y & 1) != 0) {
                r *= b;
            }
            b *= b;
            y >>>= 1;
        }
        return r;
    }

    private static long binaryLong(int op, long x, long y) {
        return switch (op) {
            case 0 -> x + y;
            case 1 -> x - y;
            case 2 -> x * y;
            case 4 -> ipow(x, y);
            case 5 -> x >= y ? x : y;
            case 6 -> x <= y ? x : y;
            case 7 -> x != 0 && y != 0 ? 1 : 0;
            case 8 -> x != 0 || y != 0 ? 1 : 0;
            case 11 -> legate.runtime.backend.BinaryOp.MOD.apply(x, y); // remainder
            case 12 -> legate.runtime.backend.BinaryOp.MOD.applyUnsigned(x, y); // LG_UMOD: a uint64's
            default -> 0;
        };
    }

    private static boolean compare(int op, double x, double y) {
        return switch (op) {
            case 0 -> x > y;
            case 1 -> x >= y;
            case 2 -> x < y;
            case 3 -> x <= y;
            case 4 -> x == y;
            default -> x != y;
        };
    }

    private static boolean compareLong(int op, long x, long y) {
        return switch (op) {
            case 0 -> x > y;
            case 1 -> x >= y;
            case 2 -> x < y;
            case 3 -> x <= y;
            case 4 -> x == y;
            default -> x != y;
        };
    }
}
