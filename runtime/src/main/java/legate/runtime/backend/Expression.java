package legate.runtime.backend;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import legate.runtime.store.Buffer;
import legate.runtime.store.View;
import legate.runtime.types.ElementType;

/**
 * A fused element-wise expression on floating-point and bool operands, as a tree: a backend
 * computes it in one pass. A leaf is a view of a store with the buffer the store had when the
 * expression was made (an expression reads its operands as they were then).
 *
 * @param value for {@link Kind#CONST} the constant; for {@link Kind#ROLL} the shift along the last axis
 * @param size  the number of nodes in the tree
 */
public record Expression(Kind kind, int[] shape, ElementType type, View view, Buffer buffer, double value, UnaryOp unary,
                         BinaryOp binary, CompareOp compare, Expression a, Expression b, Expression c, int size) {

    /** ROLL: a leaf read rolled along its last axis (the wrap stays within a row, so within a rank). */
    public enum Kind { LEAF, ROLL, CONST, UNARY, BINARY, COMPARE, WHERE }

    /** A view's elements as its store holds them now ({@code buffer}: what {@code Store.readDeferred} gave). */
    public static Expression leaf(View v, Buffer buffer) {
        return new Expression(Kind.LEAF, v.shape(), v.store().type(), v, buffer, 0, null, null, null, null, null, null, 1);
    }

    /** {@code np.roll(v, shift, last axis)} of a view of 2 or more dimensions. */
    public static Expression roll(View v, Buffer buffer, int shift) {
        int n = v.dim(v.ndim() - 1);
        return new Expression(Kind.ROLL, v.shape(), v.store().type(), v, buffer, Math.floorMod(shift, n), null, null, null, null, null,
                null, 1);
    }

    public static Expression constant(double value) {
        return new Expression(Kind.CONST, new int[0], ElementType.FLOAT64, null, null, value, null, null, null, null, null, null, 1);
    }

    public static Expression unary(UnaryOp op, ElementType type, int[] shape, Expression a) {
        return new Expression(Kind.UNARY, shape, type, null, null, 0, op, null, null, a, null, null, 1 + a.size());
    }

    public static Expression binary(BinaryOp op, ElementType type, int[] shape, Expression a, Expression b) {
        return new Expression(Kind.BINARY, shape, type, null, null, 0, null, op, null, a, b, null, 1 + a.size() + b.size());
    }

    public static Expression compare(CompareOp op, int[] shape, Expression a, Expression b) {
        return new Expression(Kind.COMPARE, shape, ElementType.BOOL, null, null, 0, null, null, op, a, b, null, 1 + a.size() + b.size());
    }

    public static Expression where(ElementType type, int[] shape, Expression c, Expression a, Expression b) {
        return new Expression(Kind.WHERE, shape, type, null, null, 0, null, null, null, c, a, b, 1 + c.size() + a.size() + b.size());
    }

    public boolean isLeaf() {
        return kind == Kind.LEAF || kind == Kind.ROLL;
    }

    /** The distinct leaves, in the order they first appear: operand k + 1 of a backend's run is leaf k. */
    public List<Expression> leaves() {
        List<Expression> out = new ArrayList<>();
        collect(this, out, new IdentityHashMap<>());
        return out;
    }

    private static void collect(Expression n, List<Expression> out, Map<Expression, Boolean> seen) {
        if (n == null || seen.put(n, Boolean.TRUE) != null) {
            return;
        }
        if (n.isLeaf()) {
            out.add(n);
            return;
        }
        collect(n.a(), out, seen);
        collect(n.b(), out, seen);
        collect(n.c(), out, seen);
    }
}
