package legate.gpu;

import static legate.gpu.EvalDescriptor.ARGS_LONG;
import static legate.gpu.EvalDescriptor.BINARY;
import static legate.gpu.EvalDescriptor.COMPARE;
import static legate.gpu.EvalDescriptor.CONST;
import static legate.gpu.EvalDescriptor.LOAD;
import static legate.gpu.EvalDescriptor.LONG;
import static legate.gpu.EvalDescriptor.ROUND32;
import static legate.gpu.EvalDescriptor.UNARY;
import static legate.gpu.EvalDescriptor.UNSIGNED;
import static legate.gpu.EvalDescriptor.WHERE;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import legate.runtime.backend.BinaryOp;
import legate.runtime.backend.ElementwiseKernel;
import legate.runtime.backend.Expression;
import legate.runtime.backend.UnaryOp;
import legate.runtime.store.Buffer;
import legate.runtime.types.ElementType;

/**
 * What the element-wise kernel computes per element, as the steps of {@code lg_eval}: an
 * element-wise operation or a whole fused expression, each with the CPU backend's arithmetic
 * (the same domain, double or 64-bit integer, the same float32 rounding and conversions).
 * Registers are reused once a value is no longer needed. Null from the factories means the
 * kernel cannot compute it (too many steps, operands or live values, or an operation the device
 * does not have), and the backend computes it on the host.
 */
public final class EvalProgram {
    private final int[][] steps;
    private final double[] konst;
    /** Per operand (0 is the output): the shift of a rolled read along the last axis. */
    private final int[] roll;

    private EvalProgram(int[][] steps, double[] konst, int[] roll) {
        this.steps = steps;
        this.konst = konst;
        this.roll = roll;
    }

    public int[][] steps() {
        return steps;
    }

    public double[] konst() {
        return konst;
    }

    public int operands() {
        return roll.length;
    }

    public int roll(int operand) {
        return roll[operand];
    }

    /** Whether the program may meet an integer raised to a negative exponent, the CPU's error: the launch gives the kernel a word to report it in. */
    private boolean raises;

    /** Whether the program may meet an integer raised to a negative exponent ({@link BinaryOp#negativeIntegerPower}), which the device reports. */
    public boolean raises() {
        return raises;
    }

    /** The device's uint64 remainder (LG_UMOD in eval.h), an op code after BinaryOp's. */
    static final int UMOD = BinaryOp.values().length;

    /** Elements an along-axis reduction reads past an output element's position: (n - 1) x step, of operand 1. */
    private long alongReach;

    /**
     * How far past the element at an output element's position in its view the program reads
     * operand {@code operand}, in its buffer's elements (signed): an along-axis reduction reads its
     * n elements from there on; other programs read that element alone.
     */
    public long reach(int operand) {
        return operand == 1 ? alongReach : 0;
    }

    /** A step before registers are given: kind | flags, and the steps (or operand, or op code) it reads. */
    private record Step(int code, int a, int b, int c, double value) {
    }

    /**
     * An element-wise operation with operand types {@code types} (the output's first), as the
     * CPU backend computes it.
     */
    public static EvalProgram of(ElementwiseKernel kernel, ElementType[] types) {
        return of(kernel, types, false);
    }

    /**
     * The same; {@code exponentNotNegative}: an integer power's exponent is a constant of at
     * least 0, so that no launch needs to report a negative one ({@link #raises}).
     */
    public static EvalProgram of(ElementwiseKernel kernel, ElementType[] types, boolean exponentNotNegative) {
        List<Step> s = new ArrayList<>();
        if (kernel instanceof ElementwiseKernel.Binary b && !onDevice(b.op()) || kernel instanceof ElementwiseKernel.Unary u && !onDevice(u.op())) {
            return null; // the host computes it
        }
        if (kernel instanceof ElementwiseKernel.Binary b) {
            if (b.longs() && (b.op() == BinaryOp.DIV || b.op() == BinaryOp.ARCTAN2 || b.op() == BinaryOp.HYPOT)) {
                return null; // integers divide into floats, and so do these
            }
            int dom = b.longs() ? LONG : 0;
            // a uint64 result's maximum and minimum compare unsigned (the UNSIGNED flag) and its remainder divides unsigned (the
            // device's own op UMOD), as BinaryOp.applyUnsigned (the others wrap alike)
            boolean u64 = b.longs() && types[0] == ElementType.UINT64;
            boolean unsigned = u64 && (b.op() == BinaryOp.MAXIMUM || b.op() == BinaryOp.MINIMUM);
            s.add(new Step(LOAD | dom, 1, 0, 0, 0));
            s.add(new Step(LOAD | dom, 2, 0, 0, 0));
            s.add(new Step(BINARY | dom | (unsigned ? UNSIGNED : 0), 0, 1, u64 && b.op() == BinaryOp.MOD ? UMOD : b.op().ordinal(), 0));
        } else if (kernel instanceof ElementwiseKernel.Unary u) {
            // a copy between integers stays in integers (exact beyond 2^53), as on the CPU; a uint64's into a float is stored
            // from its bits, rounded once from the unsigned value (UNSIGNED on the load)
            Buffer.Conversion copy = u.op() == UnaryOp.COPY ? Buffer.Conversion.of(types[1], types[0]) : null;
            boolean longs = u.longs() || copy != null && copy != Buffer.Conversion.DOUBLE;
            if (longs && u.op() != UnaryOp.COPY && u.op() != UnaryOp.NEG && u.op() != UnaryOp.ABS && u.op() != UnaryOp.NOT && u.op() != UnaryOp.SIGN) {
                return null;
            }
            int dom = longs ? LONG : 0;
            s.add(new Step(copy != null ? load(copy) : LOAD | dom, 1, 0, 0, 0));
            // an unsigned integer's absolute value is itself (UnaryOp.applyUnsigned)
            boolean identity = u.op() == UnaryOp.COPY || longs && u.op() == UnaryOp.ABS && types[1].isUnsigned();
            if (longs && u.op() == UnaryOp.SIGN && types[1].isUnsigned()) { // 0 or 1 (a uint64 from 2^63 is positive): not not
                s.add(new Step(UNARY | dom, 0, UnaryOp.NOT.ordinal(), 0, 0));
                s.add(new Step(UNARY | dom, 1, UnaryOp.NOT.ordinal(), 0, 0));
            } else if (!identity) {
                s.add(new Step(UNARY | dom, 0, u.op().ordinal(), 0, 0));
            }
        } else if (kernel instanceof ElementwiseKernel.Compare c) {
            int dom = c.longs() ? LONG : 0;
            // a uint64 operand's integers compare unsigned (against a signed one the caller asks for doubles)
            boolean unsigned = c.longs() && (types[1] == ElementType.UINT64 || types[2] == ElementType.UINT64);
            s.add(new Step(LOAD | dom, 1, 0, 0, 0));
            s.add(new Step(LOAD | dom, 2, 0, 0, 0));
            s.add(new Step(COMPARE | LONG | (c.longs() ? ARGS_LONG : 0) | (unsigned ? UNSIGNED : 0), 0, 1, c.op().ordinal(), 0));
        } else {
            boolean longs = ((ElementwiseKernel.Where) kernel).longs();
            int dom = longs ? LONG : 0;
            s.add(new Step(LOAD, 1, 0, 0, 0)); // the condition is read as a double, as on the CPU
            s.add(new Step(LOAD | dom, 2, 0, 0, 0));
            s.add(new Step(LOAD | dom, 3, 0, 0, 0));
            s.add(new Step(WHERE | dom, 0, 1, 2, 0));
        }
        EvalProgram p = allocate(s, new int[types.length]);
        // an exponent that can be negative (a signed integer's, or as a long a uint64's from 2^63) raises the CPU's error unless the
        // result is uint64, whose exponent the CPU reads as uint64 (BinaryOp.applyUnsigned): the launch reports one
        if (p != null && kernel instanceof ElementwiseKernel.Binary b && b.longs() && b.op() == BinaryOp.POW && !exponentNotNegative
                && types[0] != ElementType.UINT64 && (types[2] == ElementType.UINT64 || !types[2].isUnsigned() && types[2] != ElementType.BOOL)) {
            p.raises = true;
        }
        return p;
    }

    /**
     * A reduction along an axis: output element i reduces {@code n} elements of operand 1 from its
     * element i, {@code step} apart, in the CPU's order ({@code lg_along}); null for the sums of
     * squared deviations, which the CPU does not reduce along an axis.
     */
    public static EvalProgram along(legate.runtime.backend.Reduction op, int n, int step) {
        if (op == legate.runtime.backend.Reduction.SQDEV) {
            return null;
        }
        List<Step> s = new ArrayList<>();
        s.add(new Step(EvalDescriptor.ALONG, 1, op.ordinal(), n, step));
        EvalProgram p = allocate(s, new int[2]);
        if (p != null) {
            p.alongReach = (long) (n - 1) * step;
        }
        return p;
    }

    /** A fused expression whose leaf k is operand k + 1: in doubles, float32 nodes rounded, as the CPU's ExpressionLoop. */
    public static EvalProgram of(Expression root, List<Expression> leaves) {
        if (leaves.size() + 1 > EvalDescriptor.MAX_OPERANDS || !onDevice(root)) {
            return null;
        }
        int[] roll = new int[leaves.size() + 1];
        Map<Expression, Integer> operand = new IdentityHashMap<>();
        for (int k = 0; k < leaves.size(); k++) {
            operand.put(leaves.get(k), k + 1);
            if (leaves.get(k).kind() == Expression.Kind.ROLL) {
                roll[k + 1] = (int) leaves.get(k).value();
            }
        }
        List<Step> s = new ArrayList<>();
        Map<Expression, Integer> stepOf = new IdentityHashMap<>();
        order(root, operand, stepOf, s);
        return allocate(s, roll);
    }

    /** The LOAD step of a copy converting as {@code c}: a double, a long, or a uint64's bits that the store rounds once into a float. */
    static int load(Buffer.Conversion c) {
        return LOAD | switch (c) {
            case DOUBLE -> 0;
            case LONG -> LONG;
            case UNSIGNED -> LONG | UNSIGNED;
        };
    }

    /** Whether the device program computes {@code op} (it knows the operations by ordinal, up to {@code ERF}). */
    static boolean onDevice(UnaryOp op) {
        return op.ordinal() <= UnaryOp.ERF.ordinal();
    }

    /** Whether the device program computes {@code op} (up to {@code MOD}). */
    static boolean onDevice(BinaryOp op) {
        return op.ordinal() <= BinaryOp.MOD.ordinal();
    }

    /** Whether every operation of the expression is one the device program computes. */
    static boolean onDevice(Expression n) {
        if (n == null || n.isLeaf() || n.kind() == Expression.Kind.CONST) {
            return true;
        }
        if (n.kind() == Expression.Kind.UNARY && !onDevice(n.unary()) || n.kind() == Expression.Kind.BINARY && !onDevice(n.binary())) {
            return false;
        }
        return onDevice(n.a()) && onDevice(n.b()) && onDevice(n.c());
    }

    private static int order(Expression n, Map<Expression, Integer> operand, Map<Expression, Integer> stepOf, List<Step> s) {
        Integer done = stepOf.get(n);
        if (done != null) {
            return done;
        }
        Step step;
        if (n.isLeaf()) {
            step = new Step(LOAD, operand.get(n), 0, 0, 0);
        } else if (n.kind() == Expression.Kind.CONST) {
            step = new Step(CONST, 0, 0, 0, n.value());
        } else {
            int round = n.type() == ElementType.FLOAT32 ? ROUND32 : 0;
            int a = order(n.a(), operand, stepOf, s);
            step = switch (n.kind()) {
                case UNARY -> new Step(UNARY | round, a, n.unary().ordinal(), 0, 0);
                case BINARY -> new Step(BINARY | round, a, order(n.b(), operand, stepOf, s), n.binary().ordinal(), 0);
                case COMPARE -> new Step(COMPARE | round, a, order(n.b(), operand, stepOf, s), n.compare().ordinal(), 0);
                default -> {
                    int x = order(n.b(), operand, stepOf, s);
                    yield new Step(WHERE | round, a, x, order(n.c(), operand, stepOf, s), 0);
                }
            };
        }
        s.add(step);
        stepOf.put(n, s.size() - 1);
        return s.size() - 1;
    }

    /** Gives each step a register, reusing those of values no later step reads; null when more than MAX_REGS are live. */
    private static EvalProgram allocate(List<Step> s, int[] roll) {
        int n = s.size();
        if (n > EvalDescriptor.MAX_STEPS) {
            return null;
        }
        int[] lastUse = new int[n];
        for (int i = 0; i < n; i++) {
            lastUse[i] = i;
            for (int r : reads(s.get(i))) {
                lastUse[r] = i;
            }
        }
        lastUse[n - 1] = n; // the result is stored after the last step
        int[] reg = new int[n];
        boolean[] busy = new boolean[EvalDescriptor.MAX_REGS];
        int[][] steps = new int[n][];
        double[] konst = new double[n];
        for (int i = 0; i < n; i++) {
            Step st = s.get(i);
            int[] r = reads(st);
            for (int x : r) { // a register whose value is read for the last time here is free for this step's result
                if (lastUse[x] == i) {
                    busy[reg[x]] = false;
                }
            }
            int free = 0;
            while (free < busy.length && busy[free]) {
                free++;
            }
            if (free == busy.length) {
                return null;
            }
            busy[free] = true;
            reg[i] = free;
            int kind = st.code() & EvalDescriptor.KIND;
            int a = st.a();
            int b = st.b();
            int c = st.c();
            switch (kind) {
                case UNARY -> a = reg[a];
                case BINARY, COMPARE -> {
                    a = reg[a];
                    b = reg[b];
                }
                case WHERE -> {
                    a = reg[a];
                    b = reg[b];
                    c = reg[c];
                }
                default -> {
                }
            }
            int code = st.code();
            if (kind == WHERE && (s.get(st.a()).code() & LONG) != 0) {
                code |= ARGS_LONG; // the condition is an integer register
            }
            steps[i] = new int[] {code, free, a, b, c};
            konst[i] = st.value();
        }
        return new EvalProgram(steps, konst, roll);
    }

    /** The steps a step reads. */
    private static int[] reads(Step st) {
        return switch (st.code() & EvalDescriptor.KIND) {
            case UNARY -> new int[] {st.a()};
            case BINARY, COMPARE -> new int[] {st.a(), st.b()};
            case WHERE -> new int[] {st.a(), st.b(), st.c()};
            default -> new int[0];
        };
    }
}
