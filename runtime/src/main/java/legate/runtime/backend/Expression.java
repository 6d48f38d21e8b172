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
 * @param memo  for an operation node, what became of it: how often it was used as an operand, and
 *              the store it was computed into (null for leaves and constants)
 */
public record Expression(Kind kind, int[] shape, ElementType type, View view, Buffer buffer, double value, UnaryOp unary,
                         BinaryOp binary, CompareOp compare, Expression a, Expression b, Expression c, int size, Memo memo) {

    /** ROLL: a leaf read rolled along its last axis (the wrap stays within a row, so within a rank). */
    public enum Kind { LEAF, ROLL, CONST, UNARY, BINARY, COMPARE, WHERE }

    /** A view's elements as its store holds them now ({@code buffer}: what {@code Store.readDeferred} gave). */
    public static Expression leaf(View v, Buffer buffer) {
        return new Expression(Kind.LEAF, v.shape(), v.store().type(), v, buffer, 0, null, null, null, null, null, null, 1, null);
    }

    /** {@code np.roll(v, shift, last axis)} of a view of 2 or more dimensions. */
    public static Expression roll(View v, Buffer buffer, int shift) {
        int n = v.dim(v.ndim() - 1);
        return new Expression(Kind.ROLL, v.shape(), v.store().type(), v, buffer, Math.floorMod(shift, n), null, null, null, null, null,
                null, 1, null);
    }

    public static Expression constant(double value) {
        return new Expression(Kind.CONST, new int[0], ElementType.FLOAT64, null, null, value, null, null, null, null, null, null, 1, null);
    }

    public static Expression unary(UnaryOp op, ElementType type, int[] shape, Expression a) {
        return new Expression(Kind.UNARY, shape, type, null, null, 0, op, null, null, a, null, null, 1 + a.size(), new Memo());
    }

    public static Expression binary(BinaryOp op, ElementType type, int[] shape, Expression a, Expression b) {
        return new Expression(Kind.BINARY, shape, type, null, null, 0, null, op, null, a, b, null, 1 + a.size() + b.size(), new Memo());
    }

    public static Expression compare(CompareOp op, int[] shape, Expression a, Expression b) {
        return new Expression(Kind.COMPARE, shape, ElementType.BOOL, null, null, 0, null, null, op, a, b, null, 1 + a.size() + b.size(), new Memo());
    }

    public static Expression where(ElementType type, int[] shape, Expression c, Expression a, Expression b) {
        return new Expression(Kind.WHERE, shape, type, null, null, 0, null, null, null, c, a, b, 1 + c.size() + a.size() + b.size(), new Memo());
    }

    /**
     * What became of an operation node (the root of a deferred array's expression): how many
     * expressions took it as an operand, and the store it was computed into, once it was. Later
     * computations of expressions that contain the node read that store instead of computing the
     * node again ({@link #resolved()}), as long as the store has not been written since.
     */
    public static final class Memo {
        private int uses;
        private View computed;
        private long writes;

        /** Counts one more use as an operand; the count, this one included. */
        public int use() {
            return ++uses;
        }

        /** The node's elements are now in {@code v} (a whole store that nothing has written since). */
        public void computed(View v) {
            computed = v;
            writes = v.store().writes();
        }

        /** A leaf reading the store the node was computed into, or null when there is none or it was written since. */
        private Expression leaf() {
            return available() ? Expression.leaf(computed, computed.store().readDeferred()) : null;
        }

        private boolean available() {
            return computed != null && computed.store().writes() == writes;
        }
    }

    /**
     * This expression with every node already computed into a store (and not written since) read
     * from that store instead: a subexpression that two deferred arrays share is computed once,
     * when the first of them is. The same bits either way (the store holds what the node computes).
     */
    public Expression resolved() {
        return anyComputed(this) ? substitute(this, new IdentityHashMap<>()) : this;
    }

    private static boolean anyComputed(Expression n) {
        if (n == null || n.memo == null) {
            return false;
        }
        return n.memo.available() || anyComputed(n.a) || anyComputed(n.b) || anyComputed(n.c);
    }

    private static Expression substitute(Expression n, Map<Expression, Expression> done) {
        if (n == null || n.memo == null) {
            return n;
        }
        Expression seen = done.get(n);
        if (seen != null) {
            return seen;
        }
        Expression out = n.memo.leaf();
        if (out == null) {
            Expression a = substitute(n.a, done);
            Expression b = substitute(n.b, done);
            Expression c = substitute(n.c, done);
            out = a == n.a && b == n.b && c == n.c ? n
                    : new Expression(n.kind, n.shape, n.type, null, null, n.value, n.unary, n.binary, n.compare, a, b, c,
                    1 + a.size + (b == null ? 0 : b.size) + (c == null ? 0 : c.size), n.memo);
        }
        done.put(n, out);
        return out;
    }

    /** The work of one element, in {@link UnaryOp#cost()}'s units, over the distinct nodes. */
    public int cost() {
        return cost(this, new IdentityHashMap<>());
    }

    private static int cost(Expression n, Map<Expression, Boolean> seen) {
        if (n == null || seen.put(n, Boolean.TRUE) != null) {
            return 0;
        }
        return n.ownCost() + cost(n.a, seen) + cost(n.b, seen) + cost(n.c, seen);
    }

    /** This node's own work for one element, in {@link UnaryOp#cost()}'s units: nothing for leaves and constants. */
    public int ownCost() {
        return switch (kind) {
            case UNARY -> unary.cost();
            case BINARY -> binary.cost();
            case COMPARE, WHERE -> 1;
            default -> 0;
        };
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
