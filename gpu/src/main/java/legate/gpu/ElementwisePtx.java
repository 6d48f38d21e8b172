package legate.gpu;

import static legate.gpu.EvalDescriptor.ARGS_LONG;
import static legate.gpu.EvalDescriptor.BINARY;
import static legate.gpu.EvalDescriptor.COMPARE;
import static legate.gpu.EvalDescriptor.CONST;
import static legate.gpu.EvalDescriptor.DIM;
import static legate.gpu.EvalDescriptor.INDEX;
import static legate.gpu.EvalDescriptor.KIND;
import static legate.gpu.EvalDescriptor.KONST;
import static legate.gpu.EvalDescriptor.LOAD;
import static legate.gpu.EvalDescriptor.LONG;
import static legate.gpu.EvalDescriptor.ND;
import static legate.gpu.EvalDescriptor.NOPS;
import static legate.gpu.EvalDescriptor.NSTEPS;
import static legate.gpu.EvalDescriptor.OPERAND_SIZE;
import static legate.gpu.EvalDescriptor.OPS;
import static legate.gpu.EvalDescriptor.OP_BITS;
import static legate.gpu.EvalDescriptor.OP_OFFSET;
import static legate.gpu.EvalDescriptor.OP_PTR;
import static legate.gpu.EvalDescriptor.OP_ROLL;
import static legate.gpu.EvalDescriptor.OP_STRIDE;
import static legate.gpu.EvalDescriptor.OP_TYPE;
import static legate.gpu.EvalDescriptor.ROUND32;
import static legate.gpu.EvalDescriptor.STEPS;
import static legate.gpu.EvalDescriptor.STEP_SIZE;
import static legate.gpu.EvalDescriptor.UNARY;
import static legate.gpu.EvalDescriptor.WHERE;
import static legate.gpu.EvalDescriptor.WORD;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Element-wise kernels generated for one program each: PTX text in which the program's steps are
 * straight-line code (every value in a register of its own, every operand's load issued where the
 * code reads it, nothing interpreted per element), which the GPU's driver compiles at the first
 * launch ({@code cuModuleLoadData}; no NVRTC is needed). The interpreting kernels of eval.h keep
 * up to 16 values per element in local memory and decode every step per element; a generated
 * kernel does neither.
 *
 * <p>Each step is the same arithmetic as eval.h's interpreter, instruction for instruction
 * (IEEE-rounded {@code add.rn}, {@code mul.rn}, {@code div.rn}, {@code sqrt.rn}, no fused
 * multiply-add; eval.h's NaN, signed-zero and conversion rules spelled out in compares and
 * selects), so a generated kernel gives the interpreter's bits, which are the CPU backend's. exp,
 * log, sin, cos, tanh and pow are calls of functions.cu's functions (the interpreter's code for
 * them, compiled to relocatable PTX at build time, which then opens the kernel's module); a power
 * whose exponent is a known 2 is a multiply. A program with a step it does not generate (random
 * numbers, dot products, reductions along an axis, integer division) is left to the interpreter:
 * {@link #of} returns null.
 *
 * <p>The code depends on the descriptor's steps, its number of axes, and each operand's type and
 * whether it is a constant or a rolled read; shapes, strides, offsets, addresses, constants and
 * rolls are read from the descriptor at run time, so one kernel serves every launch of a program.
 * The tests run the PTX through ptxas and through a Java interpreter of the instructions it uses
 * ({@code legate.gpu.device.PtxTwin}) against the CPU backend.
 */
public final class ElementwisePtx {
    /** The names of generated kernels start with this. */
    public static final String PREFIX = "legate_gen_";

    /** The PTX ISA version and target: CUDA 11.0's, which every driver since accepts and compiles for its GPU. */
    static final String HEADER = ".version 7.0\n.target sm_80\n.address_size 64\n";

    private static final Map<String, Optional<GeneratedKernel>> CACHE = new ConcurrentHashMap<>();

    private ElementwisePtx() {
    }

    /** The kernel for the program of {@code descriptor} (its bytes), or null when some step is not generated. */
    public static GeneratedKernel of(byte[] descriptor) {
        ByteBuffer d = ByteBuffer.wrap(descriptor).order(ByteOrder.LITTLE_ENDIAN);
        String key = key(d);
        if (key == null) {
            return null;
        }
        return CACHE.computeIfAbsent(key, k -> {
            String name = PREFIX + hash(k);
            String ptx = generate(d, name);
            return Optional.ofNullable(ptx == null ? null : new GeneratedKernel(name, k, ptx));
        }).orElse(null);
    }

    /** The kernels generated so far in this process (for the tests, which compile each with ptxas). */
    static java.util.List<GeneratedKernel> generatedSoFar() {
        return CACHE.values().stream().flatMap(Optional::stream).toList();
    }

    /** What the generated code depends on, or null for a descriptor no kernel is generated for. */
    static String key(ByteBuffer d) {
        int nd = d.getInt(ND);
        int nops = d.getInt(NOPS);
        int nsteps = d.getInt(NSTEPS);
        if (nsteps <= 0 || nops <= 0 || nd < 0 || nd > EvalDescriptor.MAX_DIMS || nops > EvalDescriptor.MAX_OPERANDS || nsteps > EvalDescriptor.MAX_STEPS) {
            return null;
        }
        StringBuilder k = new StringBuilder("nd").append(nd).append(" ops");
        for (int j = 0; j < nops; j++) {
            int o = OPS + j * OPERAND_SIZE;
            int type = d.getInt(o + OP_TYPE);
            if (type < 0 || type > 4) {
                return null; // the narrower types: the interpreter's
            }
            if (j == 0 && d.getLong(o + EvalDescriptor.OP_BITS) != 0) {
                return null; // a bounded output (an assignment to the elements a rank holds): the interpreter's
            }
            k.append(' ').append(type).append(d.getLong(o + OP_PTR) == 0 ? "c" : "").append(d.getInt(o + OP_ROLL) != 0 ? "r" : "");
        }
        k.append(" steps");
        for (int s = 0; s < nsteps; s++) {
            int at = STEPS + s * STEP_SIZE;
            if ((d.getInt(at) & EvalDescriptor.UNSIGNED) != 0) {
                return null; // uint64 comparisons: the interpreter's
            }
            k.append(' ');
            for (int f = 0; f < 5; f++) {
                k.append(f == 0 ? "" : ".").append(d.getInt(at + 4 * f));
            }
            if ((d.getInt(at) & KIND) == BINARY && (d.getInt(at) & LONG) == 0 && d.getInt(at + 16) == POW) {
                Double y = exponent(d, s); // a known square is a multiply: the code depends on whether the exponent is 2
                k.append(y != null && y == 2 ? "^2" : "^?");
            }
        }
        return k.toString();
    }

    /**
     * The value of power step {@code s}'s exponent when it is known before the launch: a constant
     * step's value, or a constant operand's (as a double, as the interpreter loads it); null when
     * it is an array's elements.
     */
    static Double exponent(ByteBuffer d, int s) {
        int register = d.getInt(STEPS + s * STEP_SIZE + 12);
        for (int w = s - 1; w >= 0; w--) {
            int at = STEPS + w * STEP_SIZE;
            if (d.getInt(at + 4) != register) {
                continue;
            }
            int kind = d.getInt(at) & KIND;
            if (kind == CONST) {
                return d.getDouble(KONST + 8 * w);
            }
            if (kind == LOAD && (d.getInt(at) & LONG) == 0) {
                int o = OPS + d.getInt(at + 8) * OPERAND_SIZE;
                if (d.getLong(o + OP_PTR) != 0) {
                    return null;
                }
                long bits = d.getLong(o + OP_BITS);
                return switch (d.getInt(o + OP_TYPE)) {
                    case F64 -> Double.longBitsToDouble(bits);
                    case F32 -> (double) Float.intBitsToFloat((int) bits);
                    case I64 -> (double) bits;
                    case I32 -> (double) (int) bits;
                    default -> (double) (byte) bits;
                };
            }
            return null;
        }
        return null;
    }

    private static String hash(String key) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.US_ASCII));
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < 8; i++) {
                s.append(String.format("%02x", h[i] & 0xff));
            }
            return s.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // eval.h's enumerations (the order of legate.runtime.backend's UnaryOp, BinaryOp and CompareOp)
    private static final int NEG = 0, ABS = 1, SQRT = 2, EXP = 3, LOG = 4, SIN = 5, COS = 6, TANH = 7, NOT = 8, COPY = 9;
    private static final int ADD = 0, SUB = 1, MUL = 2, DIV = 3, POW = 4, MAXIMUM = 5, MINIMUM = 6, AND = 7, OR = 8;
    private static final int F64 = 0, F32 = 1, I64 = 2, I32 = 3;

    private static final String ONE = "0d3FF0000000000000";
    private static final String ZERO = "0d0000000000000000";

    /** The module's text for the descriptor's program, or null when a step is not generated. */
    static String generate(ByteBuffer d, String name) {
        return new Writer(d).write(name);
    }

    /** One kernel's text: registers numbered as they are made, each value its own. */
    private static final class Writer {
        private final ByteBuffer d;
        private final StringBuilder code = new StringBuilder();
        private int rd;
        private int f;
        private int r;
        private int p;

        Writer(ByteBuffer d) {
            this.d = d;
        }

        private String rd() {
            return "%rd" + ++rd;
        }

        private String f32() {
            return "%f" + ++f;
        }

        private String r32() {
            return "%r" + ++r;
        }

        private String pred() {
            return "%p" + ++p;
        }

        private void emit(String line) {
            code.append('\t').append(line).append(";\n");
        }

        private void label(String l) {
            code.append(l).append(":\n");
        }

        private String param(String type, long offset) {
            String x = type.equals("f32") ? f32() : rd();
            emit("ld.param." + type + " " + x + ", [d+" + offset + "]");
            return x;
        }

        /** {@code to} = {@code cond} ? {@code a} : {@code b}, 64 bits. */
        private String select(String a, String b, String cond) {
            String x = rd();
            emit("selp.b64 " + x + ", " + a + ", " + b + ", " + cond);
            return x;
        }

        private String op2(String op, String a, String b) {
            String x = rd();
            emit(op + " " + x + ", " + a + ", " + b);
            return x;
        }

        private String op1(String op, String a) {
            String x = rd();
            emit(op + " " + x + ", " + a);
            return x;
        }

        private String setp(String cmp, String a, String b) {
            String x = pred();
            emit("setp." + cmp + " " + x + ", " + a + ", " + b);
            return x;
        }

        /** eval.h's lg_to_long: NaN 0, saturating at the long range, else toward zero. */
        private String toLong(String v) {
            String t = op1("cvt.rzi.s64.f64", v);
            t = select("9223372036854775807", t, setp("ge.f64", v, "0d43E0000000000000"));
            t = select("0x8000000000000000", t, setp("le.f64", v, "0dC3E0000000000000"));
            return select("0", t, setp("nan.f64", v, v));
        }

        /** A 0/1 result of a predicate: as a long or as a double. */
        private String truth(String cond, boolean asLong) {
            return asLong ? select("1", "0", cond) : select(ONE, ZERO, cond);
        }

        private String toDouble(String f32) {
            String x = rd();
            emit("cvt.f64.f32 " + x + ", " + f32);
            return x;
        }

        String write(String name) {
            int nd = d.getInt(ND);
            int nops = d.getInt(NOPS);
            int nsteps = d.getInt(NSTEPS);
            int[][] step = new int[nsteps][5];
            Set<Integer> loaded = new HashSet<>();
            boolean index = false;
            for (int s = 0; s < nsteps; s++) {
                for (int k = 0; k < 5; k++) {
                    step[s][k] = d.getInt(STEPS + s * STEP_SIZE + 4 * k);
                }
                int kind = step[s][0] & KIND;
                boolean isLong = (step[s][0] & LONG) != 0;
                switch (kind) {
                    case LOAD -> {
                        if (step[s][2] < 1 || step[s][2] >= nops) {
                            return null;
                        }
                        loaded.add(step[s][2]);
                    }
                    case CONST -> {
                    }
                    case INDEX -> index = true;
                    case UNARY -> {
                        int op = step[s][3];
                        if (op < 0 || op > COPY || isLong && !(op == NEG || op == ABS || op == NOT || op == COPY)) {
                            return null;
                        }
                    }
                    case BINARY -> {
                        int op = step[s][4];
                        if (op < 0 || op > OR || isLong && (op == DIV || op == POW)) {
                            return null; // integer division (never sent) and powers (a negative exponent is the host's error)
                        }
                    }
                    case COMPARE -> {
                        if (step[s][4] < 0 || step[s][4] > 5) {
                            return null;
                        }
                    }
                    case WHERE -> {
                    }
                    default -> {
                        return null; // reductions along an axis, dot products, random numbers
                    }
                }
            }
            int outType = d.getInt(OPS + OP_TYPE);
            if (d.getLong(OPS + OP_PTR) == 0) {
                return null; // an output in the descriptor: nothing to store to
            }

            // what every element uses, read once before the loop
            String n = param("u64", EvalDescriptor.N);
            String[] dim = new String[nd];
            for (int k = 0; k < nd; k++) {
                dim[k] = param("u64", DIM + 8L * k);
            }
            int[] types = new int[nops];
            String[] ptr = new String[nops];
            String[] offset = new String[nops];
            String[][] stride = new String[nops][nd];
            String[] roll = new String[nops];
            String[] constant = new String[nops];
            for (int j = 0; j < nops; j++) {
                int o = OPS + j * OPERAND_SIZE;
                types[j] = d.getInt(o + OP_TYPE);
                if (j != 0 && !loaded.contains(j)) {
                    continue;
                }
                if (d.getLong(o + OP_PTR) == 0) { // its value in its bits, as its type
                    constant[j] = switch (types[j]) {
                        case F64, I64 -> param("u64", o + OP_BITS);
                        case F32 -> param("f32", o + OP_BITS);
                        case I32 -> param("s32", o + OP_BITS);
                        default -> param("s8", o + OP_BITS);
                    };
                    continue;
                }
                ptr[j] = param("u64", o + OP_PTR);
                offset[j] = param("u64", o + OP_OFFSET);
                for (int k = 0; k < nd; k++) {
                    stride[j][k] = param("u64", o + OP_STRIDE + 8L * k);
                }
                if (d.getInt(o + OP_ROLL) != 0 && nd > 0) {
                    roll[j] = param("s32", o + OP_ROLL);
                }
            }
            String[] konst = new String[nsteps];
            for (int s = 0; s < nsteps; s++) {
                if ((step[s][0] & KIND) == CONST) {
                    konst[s] = param("u64", KONST + 8L * s);
                }
            }
            String first = index ? param("u64", WORD + 8L * 4) : null;

            // element i = block x threads a block + thread, then a grid's threads further on
            String ctaid = r32();
            String ntid = r32();
            String tid = r32();
            String nctaid = r32();
            emit("mov.u32 " + ctaid + ", %ctaid.x");
            emit("mov.u32 " + ntid + ", %ntid.x");
            emit("mov.u32 " + tid + ", %tid.x");
            emit("mov.u32 " + nctaid + ", %nctaid.x");
            String i = rd();
            emit("mul.wide.u32 " + i + ", " + ctaid + ", " + ntid);
            String t = op1("cvt.u64.u32", tid);
            emit("add.s64 " + i + ", " + i + ", " + t);
            String grid = rd();
            emit("mul.wide.u32 " + grid + ", " + ntid + ", " + nctaid);
            emit("@" + setp("ge.s64", i, n) + " bra DONE");
            label("LOOP");

            // the element's coordinates, the last axis first (eval.h's lg_coords, lg_div's 32-bit division when both fit)
            String[] c = new String[nd];
            String rest = i;
            for (int k = nd - 1; k >= 1; k--) {
                String q = rd();
                String wide = op2("or.b64", rest, dim[k]);
                wide = op2("shr.u64", wide, "32");
                emit("@!" + setp("eq.u64", wide, "0") + " bra WIDE" + k);
                String a = r32();
                String b32 = r32();
                String q32 = r32();
                emit("cvt.u32.u64 " + a + ", " + rest);
                emit("cvt.u32.u64 " + b32 + ", " + dim[k]);
                emit("div.u32 " + q32 + ", " + a + ", " + b32);
                emit("cvt.u64.u32 " + q + ", " + q32);
                emit("bra DIVIDED" + k);
                label("WIDE" + k);
                emit("div.u64 " + q + ", " + rest + ", " + dim[k]);
                label("DIVIDED" + k);
                String prod = op2("mul.lo.s64", q, dim[k]);
                c[k] = op2("sub.s64", rest, prod);
                rest = q;
            }
            if (nd > 0) {
                c[0] = rest;
            }

            // each operand's element: offset + strides x coordinates, the last rolled (eval.h's lg_index_at)
            String[] address = new String[nops];
            for (int j = 0; j < nops; j++) {
                if (ptr[j] == null) {
                    continue;
                }
                String at = offset[j];
                for (int k = 0; k < nd; k++) {
                    String x = c[k];
                    if (k == nd - 1 && roll[j] != null) {
                        String y = op2("sub.s64", x, roll[j]);
                        String z = op2("add.s64", y, dim[k]);
                        x = select(z, y, setp("lt.s64", y, "0"));
                    }
                    String m = rd();
                    emit("mad.lo.s64 " + m + ", " + stride[j][k] + ", " + x + ", " + at);
                    at = m;
                }
                String bytes = op2("mul.lo.s64", at, String.valueOf(size(types[j])));
                address[j] = op2("add.s64", ptr[j], bytes);
            }

            // the steps: register -> the value last written to it
            Map<Integer, String> reg = new HashMap<>();
            String last = null;
            for (int s = 0; s < nsteps; s++) {
                int code0 = step[s][0];
                int kind = code0 & KIND;
                boolean isLong = (code0 & LONG) != 0;
                boolean argsLong = (code0 & ARGS_LONG) != 0;
                int a = step[s][2];
                int b = step[s][3];
                int cc = step[s][4];
                String v;
                switch (kind) {
                    case LOAD -> v = load(types[a], constant[a], address[a], isLong);
                    case CONST -> v = konst[s];
                    case INDEX -> {
                        String g = op2("add.s64", first, i);
                        v = isLong ? g : op1("cvt.rn.f64.s64", g);
                    }
                    case UNARY -> {
                        String x = reg.get(a);
                        if (x == null) {
                            return null;
                        }
                        v = isLong ? unaryLong(b, x) : unary(b, x);
                    }
                    case BINARY -> {
                        String x = reg.get(a);
                        String y = reg.get(b);
                        if (x == null || y == null) {
                            return null;
                        }
                        v = isLong ? binaryLong(cc, x, y) : binary(cc, x, y, s);
                    }
                    case COMPARE -> {
                        String x = reg.get(a);
                        String y = reg.get(b);
                        if (x == null || y == null) {
                            return null;
                        }
                        v = truth(setp(compare(cc, argsLong), x, y), isLong);
                    }
                    default -> { // WHERE
                        String x = reg.get(a);
                        String y = reg.get(b);
                        String z = reg.get(cc);
                        if (x == null || y == null || z == null) {
                            return null;
                        }
                        String cond = argsLong ? setp("ne.s64", x, "0") : setp("neu.f64", x, ZERO);
                        v = select(y, z, cond);
                    }
                }
                if ((code0 & ROUND32) != 0) {
                    String h = f32();
                    emit("cvt.rn.f32.f64 " + h + ", " + v);
                    v = toDouble(h);
                }
                reg.put(step[s][1], v);
                last = v;
            }
            store(outType, address[0], last, (step[nsteps - 1][0] & LONG) != 0);

            emit("add.s64 " + i + ", " + i + ", " + grid);
            emit("@" + setp("lt.s64", i, n) + " bra LOOP");
            label("DONE");
            emit("ret");

            // a kernel that calls functions comes after them, in their module (their PTX's version and target)
            StringBuilder out = new StringBuilder(calls ? Kernels.functionsPtx() : HEADER);
            out.append("\n// ").append(name).append(": generated by legate.gpu.ElementwisePtx\n");
            out.append(".visible .entry ").append(name).append("(.param .align 8 .b8 d[").append(EvalDescriptor.SIZE).append("])\n{\n");
            out.append("\t.reg .pred %p<").append(p + 1).append(">;\n");
            out.append("\t.reg .b32 %r<").append(r + 1).append(">;\n");
            out.append("\t.reg .f32 %f<").append(f + 1).append(">;\n");
            out.append("\t.reg .b64 %rd<").append(rd + 1).append(">;\n");
            out.append(code).append("}\n");
            return out.toString();
        }

        /** eval.h's lg_load_double / lg_load_long of an operand's element (or its constant). */
        private String load(int type, String constant, String address, boolean isLong) {
            String raw;
            if (constant != null) {
                raw = constant;
            } else {
                raw = switch (type) {
                    case F64 -> op1("ld.global.f64", "[" + address + "]");
                    case I64 -> op1("ld.global.s64", "[" + address + "]");
                    case I32 -> op1("ld.global.s32", "[" + address + "]");
                    case F32 -> {
                        String x = f32();
                        emit("ld.global.f32 " + x + ", [" + address + "]");
                        yield x;
                    }
                    default -> op1("ld.global.s8", "[" + address + "]");
                };
            }
            if (type == F32) {
                String x = toDouble(raw);
                return isLong ? toLong(x) : x;
            }
            if (type == F64) {
                return isLong ? toLong(raw) : raw;
            }
            // integers and booleans, sign-extended to 64 bits by their loads
            return isLong ? raw : op1("cvt.rn.f64.s64", raw);
        }

        /** eval.h's lg_store_double / lg_store_long into operand 0. */
        private void store(int type, String address, String v, boolean isLong) {
            String at = "[" + address + "]";
            switch (type) {
                case F64 -> emit("st.global.f64 " + at + ", " + (isLong ? op1("cvt.rn.f64.s64", v) : v));
                case F32 -> {
                    String h = f32();
                    emit((isLong ? "cvt.rn.f32.s64 " : "cvt.rn.f32.f64 ") + h + ", " + v);
                    emit("st.global.f32 " + at + ", " + h);
                }
                case I64 -> emit("st.global.s64 " + at + ", " + (isLong ? v : toLong(v)));
                case I32 -> {
                    String w = r32();
                    emit("cvt.u32.u64 " + w + ", " + (isLong ? v : toLong(v)));
                    emit("st.global.u32 " + at + ", " + w);
                }
                default -> {
                    String cond = isLong ? setp("ne.s64", v, "0") : setp("neu.f64", v, ZERO);
                    String w = r32();
                    emit("selp.u32 " + w + ", 1, 0, " + cond);
                    emit("st.global.u8 " + at + ", " + w);
                }
            }
        }

        private String unary(int op, String x) {
            return switch (op) {
                case NEG -> op1("neg.f64", x);
                case ABS -> op1("abs.f64", x);
                case SQRT -> op1("sqrt.rn.f64", x);
                case EXP -> call("legate_fn_exp", x);
                case LOG -> call("legate_fn_log", x);
                case SIN -> call("legate_fn_sin", x);
                case COS -> call("legate_fn_cos", x);
                case TANH -> call("legate_fn_tanh", x);
                case NOT -> truth(setp("eq.f64", x, ZERO), false);
                default -> x; // COPY
            };
        }

        /** Whether the kernel calls the functions of functions.ptx (which then come before it in its module). */
        private boolean calls;
        private int args;

        /** {@code function}'s value at {@code x} (and {@code y}): a call of one of functions.cu's, with their ABI. */
        private String call(String function, String... in) {
            calls = true;
            code.append("\t{\n");
            StringBuilder list = new StringBuilder();
            for (String x : in) {
                String a = "arg" + args++;
                emit(".param .b64 " + a);
                emit("st.param.b64 [" + a + "], " + x);
                list.append(list.length() == 0 ? "" : ", ").append(a);
            }
            String ret = "ret" + args++;
            emit(".param .b64 " + ret);
            emit("call (" + ret + "), " + function + ", (" + list + ")");
            String v = rd();
            emit("ld.param.b64 " + v + ", [" + ret + "]");
            code.append("\t}\n");
            return v;
        }

        private String unaryLong(int op, String x) {
            return switch (op) {
                case NEG -> op1("neg.s64", x);
                case ABS -> select(op1("neg.s64", x), x, setp("lt.s64", x, "0"));
                case NOT -> truth(setp("eq.s64", x, "0"), true);
                default -> x; // COPY
            };
        }

        private String binary(int op, String x, String y, int step) {
            return switch (op) {
                case ADD -> op2("add.rn.f64", x, y);
                case SUB -> op2("sub.rn.f64", x, y);
                case MUL -> op2("mul.rn.f64", x, y);
                case DIV -> op2("div.rn.f64", x, y);
                case POW -> { // eval.h's y == 2 ? x * x : pow(x, y): a known square is a multiply
                    Double known = exponent(d, step);
                    yield known != null && known == 2 ? op2("mul.rn.f64", x, x) : call("legate_fn_pow", x, y);
                }
                case MAXIMUM, MINIMUM -> { // NaN: x + y; both zeros: by sign (lg_max, lg_min); else the larger or smaller
                    boolean max = op == MAXIMUM;
                    String better = select(x, y, setp(max ? "ge.f64" : "le.f64", x, y));
                    String bothZero = pred();
                    String xz = setp("eq.f64", x, ZERO);
                    String yz = setp("eq.f64", y, ZERO);
                    emit("and.pred " + bothZero + ", " + xz + ", " + yz);
                    String zero = max ? select(y, x, setp("lt.s64", x, "0")) : select(y, x, setp("lt.s64", y, "0"));
                    String chosen = select(zero, better, bothZero);
                    yield select(op2("add.rn.f64", x, y), chosen, setp("nan.f64", x, y));
                }
                default -> { // AND, OR: non-zero (NaN too) is true
                    String both = pred();
                    emit((op == AND ? "and.pred " : "or.pred ") + both + ", " + setp("neu.f64", x, ZERO) + ", " + setp("neu.f64", y, ZERO));
                    yield truth(both, false);
                }
            };
        }

        private String binaryLong(int op, String x, String y) {
            return switch (op) {
                case ADD -> op2("add.s64", x, y);
                case SUB -> op2("sub.s64", x, y);
                case MUL -> op2("mul.lo.s64", x, y);
                case MAXIMUM -> op2("max.s64", x, y);
                case MINIMUM -> op2("min.s64", x, y);
                default -> { // AND, OR
                    String both = pred();
                    emit((op == AND ? "and.pred " : "or.pred ") + both + ", " + setp("ne.s64", x, "0") + ", " + setp("ne.s64", y, "0"));
                    yield truth(both, true);
                }
            };
        }

        /** The setp comparison of eval.h's lg_compare (ordered, but != true for NaN) or lg_compare_long. */
        private static String compare(int op, boolean longs) {
            String[] name = {"gt", "ge", "lt", "le", "eq", longs ? "ne" : "neu"};
            return name[op] + (longs ? ".s64" : ".f64");
        }
    }

    /** Bytes an element of the type takes (eval.h's types). */
    static int size(int type) {
        return switch (type) {
            case F64, I64 -> 8;
            case F32, I32 -> 4;
            default -> 1;
        };
    }
}
