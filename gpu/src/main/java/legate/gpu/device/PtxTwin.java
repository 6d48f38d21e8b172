package legate.gpu.device;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import legate.gpu.GeneratedKernel;

/**
 * Runs a generated element-wise kernel ({@link GeneratedKernel}, legate.gpu.ElementwisePtx) on a
 * {@link SimulatedDevice}: an interpreter of the PTX instructions that the generator writes, each
 * with its meaning in the PTX ISA (IEEE round-to-nearest arithmetic, unordered and ordered
 * compares, saturating conversions, sign-extending loads), thread after thread of a grid. It is
 * how the tests hold the generated text itself, not a model of it, to the CPU backend's bits. An
 * instruction outside that set is refused when the kernel is read, so the generator cannot
 * start writing one unnoticed.
 */
final class PtxTwin {
    /** Threads a block, and at most this many blocks: the kernels' grid-stride loops cover any count. */
    private static final int BLOCK = 256;
    private static final int MAX_BLOCKS = 3;

    private static final Map<String, PtxTwin> READ = new HashMap<>();

    private final List<Insn> code = new ArrayList<>();
    private final Map<String, Integer> slots = new HashMap<>();
    private final Map<String, Integer> labels = new HashMap<>();

    /** One instruction: its operation, destination slot, sources, and guard. */
    private static final class Insn {
        String op;
        int dst = -1;
        /** A register's slot, or an immediate's bits (imm[k] true). */
        long[] src;
        boolean[] imm;
        /** A memory operand: the parameter's byte offset ([d+N]) or, for global memory, its address register's slot. */
        long mem;
        int guard = -1;
        boolean negated;
        int target = -1;
        /** A call's function: its place in {@link #FUNCTIONS}. */
        int function = -1;
        String text;
    }

    /** functions.cu's functions, each run as the interpreter's twin runs the step it serves. */
    private static final List<String> FUNCTIONS = List.of("legate_fn_exp", "legate_fn_log", "legate_fn_sin", "legate_fn_cos", "legate_fn_tanh", "legate_fn_pow");

    private static long function(int f, long[] v) {
        double x = dbl(v[0]);
        return bits(switch (f) {
            case 0 -> EvalTwin.unary(3, x); // eval.h's LG_EXP ...
            case 1 -> EvalTwin.unary(4, x);
            case 2 -> EvalTwin.unary(5, x);
            case 3 -> EvalTwin.unary(6, x);
            case 4 -> EvalTwin.unary(7, x);
            default -> EvalTwin.binary(4, x, dbl(v[1])); // LG_POW
        });
    }

    private PtxTwin(String ptx) {
        List<String[]> pending = new ArrayList<>();
        // the kernel's body alone: the functions before it (functions.ptx) are the interpreter's own code, run here as the
        // interpreter's twin runs them (EvalTwin)
        int depth = -1;
        for (String raw : ptx.split("\n")) {
            String line = raw.strip();
            if (depth < 0) {
                if (line.startsWith(".visible .entry ")) {
                    depth = 0;
                }
                continue;
            }
            if (line.equals("{")) {
                depth++;
                continue;
            }
            if (line.equals("}")) {
                if (--depth == 0) {
                    break;
                }
                continue;
            }
            if (depth == 0 || line.isEmpty() || line.startsWith("//") || line.startsWith(".reg") || line.startsWith(".param")) {
                continue;
            }
            if (line.endsWith(":")) {
                labels.put(line.substring(0, line.length() - 1), code.size());
                continue;
            }
            if (!line.endsWith(";")) {
                throw new IllegalArgumentException("not an instruction: " + line);
            }
            Insn in = new Insn();
            in.text = line;
            String s = line.substring(0, line.length() - 1);
            if (s.startsWith("@")) {
                int sp = s.indexOf(' ');
                String g = s.substring(1, sp);
                in.negated = g.startsWith("!");
                in.guard = slot(in.negated ? g.substring(1) : g);
                s = s.substring(sp + 1).strip();
            }
            int sp = s.indexOf(' ');
            in.op = sp < 0 ? s : s.substring(0, sp);
            String[] args = sp < 0 ? new String[0] : s.substring(sp + 1).split(",\\s*");
            code.add(in);
            pending.add(args);
        }
        for (int k = 0; k < code.size(); k++) {
            decode(code.get(k), pending.get(k));
        }
    }

    private int slot(String register) {
        return slots.computeIfAbsent(register, r -> slots.size());
    }

    private void decode(Insn in, String[] args) {
        String op = in.op;
        if (op.equals("ret")) {
            return;
        }
        if (op.equals("bra")) {
            Integer t = labels.get(args[0]);
            if (t == null) {
                throw new IllegalArgumentException("no label " + args[0] + ": " + in.text);
            }
            in.target = t;
            return;
        }
        if (op.equals("call")) { // call (ret), function, (arg, ...): one of functions.cu's
            String t = in.text.substring(in.text.indexOf(' ') + 1, in.text.length() - 1);
            String[] parts = t.split(",\\s*", 3);
            in.dst = slot(parts[0].replaceAll("[()]", "").strip());
            in.function = FUNCTIONS.indexOf(parts[1].strip());
            if (in.function < 0) {
                throw new IllegalArgumentException("a function the twin does not know: " + in.text);
            }
            String[] a = parts[2].replaceAll("[()]", "").split(",\\s*");
            in.src = new long[a.length];
            in.imm = new boolean[a.length];
            for (int k = 0; k < a.length; k++) {
                in.src[k] = slot(a[k].strip());
            }
            return;
        }
        if (!KNOWN.contains(op)) {
            throw new IllegalArgumentException("an instruction the twin does not know: " + in.text);
        }
        if (op.equals("st.param.b64")) { // a call's argument
            in.mem = slot(args[0].substring(1, args[0].length() - 1));
            in.src = new long[] {slot(args[1])};
            in.imm = new boolean[1];
            return;
        }
        if (op.equals("ld.param.b64")) { // a call's value
            in.dst = slot(args[0]);
            in.mem = slot(args[1].substring(1, args[1].length() - 1));
            in.src = new long[0];
            in.imm = new boolean[0];
            return;
        }
        int first = 0;
        if (op.startsWith("st.")) {
            in.mem = slot(args[0].substring(1, args[0].length() - 1));
            first = 1;
        } else {
            in.dst = slot(args[0]);
            first = 1;
        }
        if (op.startsWith("ld.")) {
            String m = args[1].substring(1, args[1].length() - 1);
            in.mem = op.startsWith("ld.param") ? Long.parseLong(m.substring(m.indexOf('+') + 1)) : slot(m);
            in.src = new long[0];
            in.imm = new boolean[0];
            return;
        }
        int n = args.length - first;
        in.src = new long[n];
        in.imm = new boolean[n];
        for (int k = 0; k < n; k++) {
            String a = args[first + k];
            if (a.startsWith("%")) {
                in.src[k] = a.contains(".") ? special(a) : slot(a);
                in.imm[k] = a.contains(".");
            } else {
                in.imm[k] = true;
                in.src[k] = immediate(a);
            }
        }
    }

    /** A special register, as an immediate marker resolved per thread: -1 tid, -2 ntid, -3 ctaid, -4 nctaid. */
    private static long special(String a) {
        return switch (a) {
            case "%tid.x" -> -1;
            case "%ntid.x" -> -2;
            case "%ctaid.x" -> -3;
            case "%nctaid.x" -> -4;
            default -> throw new IllegalArgumentException("a special register the twin does not know: " + a);
        };
    }

    private static long immediate(String a) {
        if (a.startsWith("0d")) {
            return Long.parseUnsignedLong(a.substring(2), 16);
        }
        if (a.startsWith("0x")) {
            return Long.parseUnsignedLong(a.substring(2), 16);
        }
        return Long.parseLong(a);
    }

    private static final java.util.Set<String> KNOWN = java.util.Set.of("ld.param.b64", "st.param.b64", "ld.param.u64", "ld.param.s32", "ld.param.f32", "ld.param.s8", "ld.global.f64",
            "ld.global.s64", "ld.global.s32", "ld.global.f32", "ld.global.s8", "st.global.f64", "st.global.s64", "st.global.f32", "st.global.u32",
            "st.global.u8", "mov.u32", "mul.wide.u32", "cvt.u64.u32", "cvt.u32.u64", "add.s64", "sub.s64", "mul.lo.s64", "mad.lo.s64", "or.b64",
            "shr.u64", "div.u32", "div.u64", "neg.s64", "max.s64", "min.s64", "setp.ge.s64", "setp.lt.s64", "setp.eq.s64", "setp.ne.s64",
            "setp.gt.s64", "setp.le.s64", "setp.eq.u64", "setp.gt.f64", "setp.ge.f64", "setp.lt.f64", "setp.le.f64", "setp.eq.f64", "setp.neu.f64",
            "setp.nan.f64", "and.pred", "or.pred", "selp.b64", "selp.u32", "add.rn.f64", "sub.rn.f64", "mul.rn.f64", "div.rn.f64", "sqrt.rn.f64",
            "neg.f64", "abs.f64", "cvt.rzi.s64.f64", "cvt.rn.f64.s64", "cvt.rn.f32.f64", "cvt.f64.f32", "cvt.rn.f32.s64");

    /** Runs {@code kernel} over {@code threads} threads with its descriptor (the parameter's bytes). */
    static void run(SimulatedDevice device, GeneratedKernel kernel, long threads, byte[] descriptor) {
        PtxTwin twin;
        synchronized (READ) {
            twin = READ.computeIfAbsent(kernel.ptx(), PtxTwin::new);
        }
        ByteBuffer param = ByteBuffer.wrap(descriptor).order(ByteOrder.LITTLE_ENDIAN);
        long blocks = Math.max(1, Math.min((threads + BLOCK - 1) / BLOCK, MAX_BLOCKS));
        long[] reg = new long[twin.slots.size()];
        boolean[] written = new boolean[reg.length];
        for (long b = 0; b < blocks; b++) {
            for (int t = 0; t < BLOCK; t++) {
                twin.thread(device, param, reg, written, t, b, blocks);
            }
        }
    }

    private static double dbl(long bits) {
        return Double.longBitsToDouble(bits);
    }

    private static long bits(double v) {
        return Double.doubleToRawLongBits(v);
    }

    private static float flt(long bits) {
        return Float.intBitsToFloat((int) bits);
    }

    private static long bits(float v) {
        return Float.floatToRawIntBits(v) & 0xffffffffL;
    }

    /**
     * One thread. A register read before this thread wrote it is refused (on a GPU its value would
     * be whatever the register held: the generator must never write such code).
     */
    private void thread(SimulatedDevice device, ByteBuffer param, long[] reg, boolean[] written, int tid, long ctaid, long nctaid) {
        java.util.Arrays.fill(written, false);
        int pc = 0;
        while (pc < code.size()) {
            Insn in = code.get(pc++);
            if (in.guard >= 0 && (read(reg, written, in.guard, in) != 0) == in.negated) {
                continue;
            }
            String op = in.op;
            if (op.equals("ret")) {
                return;
            }
            if (op.equals("bra")) {
                pc = in.target;
                continue;
            }
            long[] v = new long[in.src.length];
            for (int k = 0; k < v.length; k++) {
                if (!in.imm[k]) {
                    v[k] = read(reg, written, (int) in.src[k], in);
                } else if (in.src[k] < 0 && op.equals("mov.u32")) {
                    v[k] = in.src[k] == -1 ? tid : in.src[k] == -2 ? BLOCK : in.src[k] == -3 ? ctaid : nctaid;
                } else {
                    v[k] = in.src[k];
                }
            }
            if (op.equals("call")) {
                reg[in.dst] = function(in.function, v);
                written[in.dst] = true;
                continue;
            }
            if (op.equals("st.param.b64")) {
                reg[(int) in.mem] = v[0];
                written[(int) in.mem] = true;
                continue;
            }
            if (op.startsWith("st.global")) {
                long at = read(reg, written, (int) in.mem, in);
                switch (op) {
                    case "st.global.f64", "st.global.s64" -> device.resolve(at, 8).putLong(0, v[0]);
                    case "st.global.f32", "st.global.u32" -> device.resolve(at, 4).putInt(0, (int) v[0]);
                    default -> device.resolve(at, 1).put(0, (byte) v[0]);
                }
                continue;
            }
            long r = switch (op) {
                case "ld.param.b64" -> read(reg, written, (int) in.mem, in);
                case "ld.param.u64" -> param.getLong((int) in.mem);
                case "ld.param.s32" -> param.getInt((int) in.mem);
                case "ld.param.f32" -> param.getInt((int) in.mem) & 0xffffffffL;
                case "ld.param.s8" -> param.get((int) in.mem);
                case "ld.global.f64", "ld.global.s64" -> device.resolve(read(reg, written, (int) in.mem, in), 8).getLong(0);
                case "ld.global.s32" -> device.resolve(read(reg, written, (int) in.mem, in), 4).getInt(0);
                case "ld.global.f32" -> device.resolve(read(reg, written, (int) in.mem, in), 4).getInt(0) & 0xffffffffL;
                case "ld.global.s8" -> device.resolve(read(reg, written, (int) in.mem, in), 1).get(0);
                case "mov.u32" -> v[0] & 0xffffffffL;
                case "mul.wide.u32" -> (v[0] & 0xffffffffL) * (v[1] & 0xffffffffL);
                case "cvt.u64.u32", "cvt.u32.u64" -> v[0] & 0xffffffffL;
                case "add.s64" -> v[0] + v[1];
                case "sub.s64" -> v[0] - v[1];
                case "mul.lo.s64" -> v[0] * v[1];
                case "mad.lo.s64" -> v[0] * v[1] + v[2];
                case "or.b64" -> v[0] | v[1];
                case "shr.u64" -> v[0] >>> v[1];
                case "div.u32" -> Integer.toUnsignedLong(Integer.divideUnsigned((int) v[0], (int) v[1]));
                case "div.u64" -> Long.divideUnsigned(v[0], v[1]);
                case "neg.s64" -> -v[0];
                case "max.s64" -> Math.max(v[0], v[1]);
                case "min.s64" -> Math.min(v[0], v[1]);
                case "setp.ge.s64" -> v[0] >= v[1] ? 1 : 0;
                case "setp.lt.s64" -> v[0] < v[1] ? 1 : 0;
                case "setp.gt.s64" -> v[0] > v[1] ? 1 : 0;
                case "setp.le.s64" -> v[0] <= v[1] ? 1 : 0;
                case "setp.eq.s64", "setp.eq.u64" -> v[0] == v[1] ? 1 : 0;
                case "setp.ne.s64" -> v[0] != v[1] ? 1 : 0;
                // ordered compares are false when either is NaN; neu (unordered or not equal) is true then
                case "setp.gt.f64" -> dbl(v[0]) > dbl(v[1]) ? 1 : 0;
                case "setp.ge.f64" -> dbl(v[0]) >= dbl(v[1]) ? 1 : 0;
                case "setp.lt.f64" -> dbl(v[0]) < dbl(v[1]) ? 1 : 0;
                case "setp.le.f64" -> dbl(v[0]) <= dbl(v[1]) ? 1 : 0;
                case "setp.eq.f64" -> dbl(v[0]) == dbl(v[1]) ? 1 : 0;
                case "setp.neu.f64" -> dbl(v[0]) != dbl(v[1]) ? 1 : 0;
                case "setp.nan.f64" -> Double.isNaN(dbl(v[0])) || Double.isNaN(dbl(v[1])) ? 1 : 0;
                case "and.pred" -> v[0] & v[1];
                case "or.pred" -> v[0] | v[1];
                case "selp.b64" -> v[2] != 0 ? v[0] : v[1];
                case "selp.u32" -> (v[2] != 0 ? v[0] : v[1]) & 0xffffffffL;
                case "add.rn.f64" -> bits(dbl(v[0]) + dbl(v[1]));
                case "sub.rn.f64" -> bits(dbl(v[0]) - dbl(v[1]));
                case "mul.rn.f64" -> bits(dbl(v[0]) * dbl(v[1]));
                case "div.rn.f64" -> bits(dbl(v[0]) / dbl(v[1]));
                case "sqrt.rn.f64" -> bits(Math.sqrt(dbl(v[0])));
                case "neg.f64" -> v[0] ^ Long.MIN_VALUE;
                case "abs.f64" -> v[0] & Long.MAX_VALUE;
                case "cvt.rzi.s64.f64" -> (long) dbl(v[0]); // saturating, NaN 0: as PTX's float-to-integer conversions
                case "cvt.rn.f64.s64" -> bits((double) v[0]);
                case "cvt.rn.f32.f64" -> bits((float) dbl(v[0]));
                case "cvt.f64.f32" -> bits((double) flt(v[0]));
                case "cvt.rn.f32.s64" -> bits((float) v[0]);
                default -> throw new IllegalStateException(in.text);
            };
            reg[in.dst] = r;
            written[in.dst] = true;
        }
    }

    private static long read(long[] reg, boolean[] written, int slot, Insn in) {
        if (!written[slot]) {
            throw new IllegalStateException("generated PTX reads a register this thread has not written: " + in.text);
        }
        return reg[slot];
    }
}
