package legate.gpu;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import legate.runtime.backend.Reduction;
import legate.runtime.types.ElementType;

/** The descriptor of the reduction kernel ({@code lg_reduce} in eval.h), byte for byte; a test checks the offsets against gcc's. */
public final class ReduceDescriptor {
    public static final int IN = 0;
    public static final int DIM = EvalDescriptor.OPERAND_SIZE;
    public static final int ND = DIM + 8 * EvalDescriptor.MAX_DIMS;
    public static final int OP = ND + 4;
    public static final int FIRST = OP + 4;
    public static final int FROM = FIRST + 8;
    public static final int TO = FROM + 8;
    public static final int BLOCK = TO + 8;
    public static final int FIRST_BLOCK = BLOCK + 8;
    public static final int CENTER = FIRST_BLOCK + 8;
    public static final int ACC = CENTER + 8;
    public static final int INDEX = ACC + 8;
    public static final int WIDTH = INDEX + 8;
    public static final int ROWS = WIDTH + 8;
    public static final int SIZE = ROWS + 8;

    private final ByteBuffer b = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);

    /**
     * One launch: flat indices {@code from .. to} of a stretch of rows whose element 0 (flat index
     * {@code first}) is element {@code offset} of the buffer at {@code address}.
     */
    public ReduceDescriptor set(Reduction op, long address, ElementType type, long offset, long[] strides, long[] dims, long first, long from,
                                long to, long block, long firstBlock, double center, long acc, long index) {
        java.util.Arrays.fill(b.array(), (byte) 0);
        b.putLong(IN + EvalDescriptor.OP_PTR, address);
        b.putLong(IN + EvalDescriptor.OP_OFFSET, offset);
        for (int d = 0; d < strides.length; d++) {
            b.putLong(IN + EvalDescriptor.OP_STRIDE + 8 * d, strides[d]);
            b.putLong(DIM + 8 * d, dims[d]);
        }
        b.putInt(IN + EvalDescriptor.OP_TYPE, EvalDescriptor.typeCode(type));
        b.putInt(ND, dims.length);
        b.putInt(OP, op.ordinal());
        b.putLong(FIRST, first);
        b.putLong(FROM, from);
        b.putLong(TO, to);
        b.putLong(BLOCK, block);
        b.putLong(FIRST_BLOCK, firstBlock);
        b.putDouble(CENTER, center);
        b.putLong(ACC, acc);
        b.putLong(INDEX, index);
        return this;
    }

    /** Along the first axis instead: {@code from .. to} are rows, {@code block} rows a block, each block's partials {@code width} apart. */
    public ReduceDescriptor rows(long width) {
        b.putLong(WIDTH, width);
        b.putInt(ROWS, 1);
        return this;
    }

    /** The threads the launch needs: four per block it touches for sums and products, one for the others. */
    public static long threads(Reduction op, long from, long to, long block) {
        return to <= from ? 0 : ((to - 1) / block - from / block + 1) * (op.hasLanes() ? 4 : 1);
    }

    public byte[] bytes() {
        return b.array();
    }
}
