package legate.numpy;

import legate.runtime.backend.BinaryOp;
import legate.runtime.backend.CompareOp;
import legate.runtime.backend.Expression;
import legate.runtime.backend.UnaryOp;
import legate.runtime.store.View;

/**
 * When element-wise arithmetic is deferred: {@code a.mul(b).add(c)} on floating-point (and
 * bool) arrays builds an {@link Expression}, which the runtime computes in one fused pass when
 * the elements are needed, or straight into the destination of a {@code set}.
 *
 * <p>NumPy semantics are kept: an expression reads its operands as they were when it was
 * made. Each leaf holds the buffer its store had then, and the store's next write copies the
 * data to a new buffer first. The decision depends on the program alone, never on the garbage
 * collector, so every rank makes the same copies and exchanges. Integer arrays are never
 * deferred (their arithmetic is exact in 64-bit integers).
 */
final class Lazy {
    /** Expressions grow up to this many nodes; larger operands are computed first. */
    static final int MAX_NODES = 40;
    /** LEGATE_FUSION=0 computes every operation at once, as NumPy does (to compare, or to rule fusion out). */
    static final boolean ENABLED = !"0".equals(System.getenv("LEGATE_FUSION"));

    private Lazy() {
    }

    static boolean floatingOrBool(DType t) {
        return t == DType.FLOAT64 || t == DType.FLOAT32 || t == DType.BOOL; // float16 is rounded by its buffer, step by step
    }

    /** Whether an operation with these operand types and this result type can be deferred. */
    static boolean deferrable(DType result, Object... operands) {
        if (!ENABLED || !floatingOrBool(result)) {
            return false;
        }
        for (Object o : operands) {
            if (o instanceof NDArray x && !floatingOrBool(x.dtype())) {
                return false;
            }
        }
        return true;
    }

    /**
     * A deferred operand taken by a second expression is computed first when its own work is at
     * least this ({@link Expression#cost()}; an exp is 8, an add 1): the expressions then read its
     * elements, rather than each computing them again. Cheaper ones are computed again.
     */
    static final int SHARED_COST = 8;

    /**
     * The node of an operand: its expression if deferred (and small enough, and cheap enough to
     * compute once more if another expression took it already), else a leaf.
     */
    static Expression of(NDArray x) {
        Expression d = x.deferred();
        if (d != null && d.size() <= MAX_NODES / 2 && (d.memo() == null || d.memo().use() == 1 || d.cost() < SHARED_COST)) {
            return d;
        }
        View v = x.view();
        return Expression.leaf(v, v.store().readDeferred());
    }

    /** {@code np.roll(x, shift, last axis)} of an array of 2 or more dimensions, as a leaf. */
    static Expression roll(NDArray x, int shift) {
        View v = x.view();
        return Expression.roll(v, v.store().readDeferred(), shift);
    }

    static Expression operand(Object o) {
        if (o instanceof NDArray x) {
            return of(x);
        }
        return Expression.constant(((Number) o).doubleValue());
    }

    static Expression unary(UnaryOp op, DType type, int[] shape, Expression a) {
        return Expression.unary(op, type.elementType(), shape, a);
    }

    static Expression binary(BinaryOp op, DType type, int[] shape, Expression a, Expression b) {
        return Expression.binary(op, type.elementType(), shape, a, b);
    }

    static Expression compare(CompareOp op, int[] shape, Expression a, Expression b) {
        return Expression.compare(op, shape, a, b);
    }

    static Expression where(DType type, int[] shape, Expression c, Expression a, Expression b) {
        return Expression.where(type.elementType(), shape, c, a, b);
    }
}
