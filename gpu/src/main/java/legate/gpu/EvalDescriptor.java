package legate.gpu;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import legate.runtime.store.Buffer;
import legate.runtime.types.ElementType;

/**
 * The launch descriptor of the element-wise kernel ({@code lg_eval} in gpu/src/main/cuda/eval.h),
 * byte for byte: the launch's shape, its operands (address, first element, strides, type, roll)
 * and its program. The offsets below are the C struct's; a test compiles the header with gcc and
 * compares them.
 */
public final class EvalDescriptor {
    public static final int MAX_DIMS = 6;
    public static final int MAX_OPERANDS = 12;
    public static final int MAX_STEPS = 64;
    public static final int MAX_REGS = 16;

    // lg_operand
    public static final int OPERAND_SIZE = 80;
    public static final int OP_PTR = 0;
    public static final int OP_OFFSET = 8;
    public static final int OP_STRIDE = 16;
    public static final int OP_BITS = 64;
    public static final int OP_TYPE = 72;
    public static final int OP_ROLL = 76;
    // lg_eval
    public static final int N = 0;
    public static final int DIM = 8;
    public static final int ND = 56;
    public static final int NOPS = 60;
    public static final int NSTEPS = 64;
    public static final int OPS = 72;
    public static final int STEPS = OPS + MAX_OPERANDS * OPERAND_SIZE;
    public static final int STEP_SIZE = 5 * 4;
    public static final int KONST = STEPS + MAX_STEPS * STEP_SIZE;
    public static final int WORD = KONST + MAX_STEPS * 8;
    public static final int SIZE = WORD + 6 * 8;

    // step kinds and flags
    public static final int LOAD = 0;
    public static final int CONST = 1;
    public static final int UNARY = 2;
    public static final int BINARY = 3;
    public static final int COMPARE = 4;
    public static final int WHERE = 5;
    public static final int ALONG = 6;
    public static final int DOT = 7;
    public static final int RANDOM = 8;
    /** The element's global flat index ({@link #first}'s plus its number in the launch), as a long or a double. */
    public static final int INDEX = 9;
    public static final int KIND = 0xff;
    public static final int LONG = 0x100;
    public static final int ROUND32 = 0x200;
    public static final int ARGS_LONG = 0x400;
    /**
     * COMPARE of integers, BINARY maximum and minimum of integers: as uint64; a LONG LOAD of a
     * uint64 whose bits a float output stores: rounded once from the unsigned value.
     */
    public static final int UNSIGNED = 0x800;

    private final ByteBuffer b = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);

    /** The element type's code in the descriptor ({@code LG_F64 ...}). */
    public static int typeCode(ElementType t) {
        return t.ordinal();
    }

    /** Clears it for a new launch. */
    public EvalDescriptor reset() {
        java.util.Arrays.fill(b.array(), (byte) 0);
        return this;
    }

    /** The launch's shape; n is the product of dims (1 for none). */
    public void shape(long[] dims) {
        long n = 1;
        for (int d = 0; d < dims.length; d++) {
            b.putLong(DIM + 8 * d, dims[d]);
            n *= dims[d];
        }
        b.putLong(N, n);
        b.putInt(ND, dims.length);
    }

    public long elements() {
        return b.getLong(N);
    }

    /** Operand j: an array's elements from {@code address}, element {@code offset} first, {@code strides} per axis. */
    public void operand(int j, long address, long offset, long[] strides, ElementType type, int roll) {
        int o = OPS + j * OPERAND_SIZE;
        b.putLong(o + OP_PTR, address);
        b.putLong(o + OP_OFFSET, offset);
        for (int d = 0; d < strides.length; d++) {
            b.putLong(o + OP_STRIDE + 8 * d, strides[d]);
        }
        b.putInt(o + OP_TYPE, typeCode(type));
        b.putInt(o + OP_ROLL, roll);
        b.putInt(NOPS, Math.max(b.getInt(NOPS), j + 1));
    }

    /**
     * Only the output's elements {@code 0 .. n - 1} are written (operand 0's {@code bits}): an
     * assignment through a view whose elements this rank holds only some of.
     */
    public void bound(long n) {
        b.putLong(OPS + OP_BITS, n);
    }

    /** A {@link #RANDOM} step's words: seed, draw, low, range (integers), and the counter of element 0. */
    public void randomWords(long seed, long draw, long low, long range, long first) {
        long[] w = {seed, draw, low, range, first};
        for (int k = 0; k < w.length; k++) {
            b.putLong(WORD + 8 * k, w[k]);
        }
    }

    /** The device address of an int the launch sets to 1 when an integer power meets a negative exponent ({@code word[5]}; 0: none). */
    public void raiseWord(long address) {
        b.putLong(WORD + 8 * 5, address);
    }

    /** The global flat index of the launch's element 0, for {@link #INDEX} steps (the random words' counter). */
    public void first(long first) {
        b.putLong(WORD + 8 * 4, first);
    }

    /** Operand j's step along the sum of a {@link #DOT} step (its {@code bits}). */
    public void dotStep(int j, long step) {
        b.putLong(OPS + j * OPERAND_SIZE + OP_BITS, step);
    }

    /**
     * Operand j: the one element of {@code constant}, carried in the descriptor itself (pointer 0,
     * the value in its bits); every stride 0.
     */
    public void constant(int j, Buffer constant) {
        int o = OPS + j * OPERAND_SIZE;
        long bits = switch (constant.type()) {
            case FLOAT64 -> Double.doubleToRawLongBits(((Buffer.F64) constant).a[0]);
            case FLOAT32 -> Float.floatToRawIntBits(((Buffer.F32) constant).a[0]) & 0xffffffffL;
            case INT64 -> ((Buffer.I64) constant).a[0];
            case INT32 -> ((Buffer.I32) constant).a[0] & 0xffffffffL;
            case BOOL -> ((Buffer.Bool) constant).a[0] & 0xffL;
            case INT8, UINT8 -> ((Buffer.Bytes) constant).a[0] & 0xffL;
            case FLOAT16, INT16, UINT16 -> ((Buffer.Shorts) constant).a[0] & 0xffffL;
            case UINT32 -> ((Buffer.U32) constant).a[0] & 0xffffffffL;
            case UINT64 -> ((Buffer.U64) constant).a[0];
        };
        b.putLong(o + OP_PTR, 0);
        b.putLong(o + OP_OFFSET, 0);
        for (int d = 0; d < MAX_DIMS; d++) {
            b.putLong(o + OP_STRIDE + 8 * d, 0);
        }
        b.putLong(o + OP_BITS, bits);
        b.putInt(o + OP_TYPE, typeCode(constant.type()));
        b.putInt(o + OP_ROLL, 0);
        b.putInt(NOPS, Math.max(b.getInt(NOPS), j + 1));
    }

    /** The program: each step {kind | flags, destination register, a, b, c}, and CONST steps' values. */
    public void program(int[][] steps, double[] konst) {
        for (int s = 0; s < steps.length; s++) {
            for (int k = 0; k < 5; k++) {
                b.putInt(STEPS + s * STEP_SIZE + 4 * k, steps[s][k]);
            }
            b.putDouble(KONST + 8 * s, konst[s]);
        }
        b.putInt(NSTEPS, steps.length);
    }

    /** The bytes, as the kernel reads them. */
    public byte[] bytes() {
        return b.array();
    }
}
