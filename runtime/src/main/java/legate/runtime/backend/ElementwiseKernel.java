package legate.runtime.backend;

/**
 * One element-wise operation as a backend runs it: operand 0 is the output. {@code longs}:
 * computed in 64-bit integers (every operand integer or bool), else in doubles.
 */
public sealed interface ElementwiseKernel {
    /** out = a op b. */
    record Binary(BinaryOp op, boolean longs) implements ElementwiseKernel {
    }

    /** out = op(a); {@link UnaryOp#COPY} copies and casts. */
    record Unary(UnaryOp op, boolean longs) implements ElementwiseKernel {
    }

    /** out (bool) = a cmp b. */
    record Compare(CompareOp op, boolean longs) implements ElementwiseKernel {
    }

    /** out = cond ? a : b. */
    record Where(boolean longs) implements ElementwiseKernel {
    }

    /** A copy (with a cast when the types differ). */
    static ElementwiseKernel copy(boolean longs) {
        return new Unary(UnaryOp.COPY, longs);
    }
}
