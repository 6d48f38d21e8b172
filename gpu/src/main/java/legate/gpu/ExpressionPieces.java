package legate.gpu;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import legate.runtime.backend.Expression;
import legate.runtime.types.ElementType;

/**
 * A fused expression too large for one launch of the element-wise kernel (more than
 * {@link EvalDescriptor#MAX_OPERANDS} - 1 distinct operands, {@link EvalDescriptor#MAX_STEPS}
 * steps or {@link EvalDescriptor#MAX_REGS} live values), as pieces that each fit: a piece computes
 * one node of the expression into a temporary float64 array on the device, and the pieces after it
 * read that array where the node was. Every value inside a program is a double (a float32 node's
 * already rounded, a comparison's 0 or 1), so a temporary of float64 holds it exactly and the
 * pieces give the bits of the whole expression, as the CPU computes it.
 *
 * <p>The pieces are chosen bottom up: a node whose expression (with the pieces already chosen
 * below it read as operands) does not fit has its largest operands computed first, one at a time,
 * until it fits. A node with operands that are all leaves always fits.
 */
final class ExpressionPieces {
    /**
     * One launch's program per row range: {@code operands[j - 1]} is where its operand j comes from
     * (k &gt;= 0: the expression's leaf k; k &lt; 0: temporary -1 - k); it writes temporary
     * {@code writes}, or the expression's output when that is -1.
     */
    record Piece(EvalProgram program, int[] operands, int writes) {
    }

    private final List<Piece> pieces;
    private final int temporaries;

    private ExpressionPieces(List<Piece> pieces, int temporaries) {
        this.pieces = pieces;
        this.temporaries = temporaries;
    }

    /** The launches in order, the one writing the output last. */
    List<Piece> pieces() {
        return pieces;
    }

    /** How many temporaries the pieces write (each of the output's length, float64). */
    int temporaries() {
        return temporaries;
    }

    /** The pieces of {@code root} (its leaf k being operand k + 1 of the expression's launch); null when an operation is not on the device. */
    static ExpressionPieces of(Expression root, List<Expression> leaves) {
        if (!EvalProgram.onDevice(root)) {
            return null;
        }
        Planner p = new Planner(leaves);
        Expression last = p.plan(root);
        EvalProgram program = EvalProgram.of(last, last.leaves());
        if (program == null) {
            return null; // not expected: a node whose operands are leaves fits
        }
        p.pieces.add(new Piece(program, p.operands(last.leaves()), -1));
        return new ExpressionPieces(List.copyOf(p.pieces), p.temporaries.size());
    }

    private static final class Planner {
        private final Map<Expression, Integer> leafIndex = new IdentityHashMap<>();
        /** Each node of the expression planned so far, as the pieces read it (its operands' computed ones as temporaries). */
        private final Map<Expression, Expression> planned = new IdentityHashMap<>();
        /** The leaves standing for temporaries, by temporary. */
        private final Map<Expression, Integer> temporaries = new IdentityHashMap<>();
        private final List<Piece> pieces = new ArrayList<>();

        Planner(List<Expression> leaves) {
            for (int k = 0; k < leaves.size(); k++) {
                leafIndex.put(leaves.get(k), k);
            }
        }

        Expression plan(Expression n) {
            if (n == null || n.isLeaf() || n.kind() == Expression.Kind.CONST) {
                return n;
            }
            Expression seen = planned.get(n);
            if (seen != null) {
                return seen;
            }
            Expression out = rebuild(n, plan(n.a()), plan(n.b()), plan(n.c()));
            if (!fits(out)) {
                List<Expression> operands = new ArrayList<>();
                for (Expression x : new Expression[] {out.a(), out.b(), out.c()}) {
                    if (x != null && !x.isLeaf() && x.kind() != Expression.Kind.CONST && !operands.contains(x)) {
                        operands.add(x);
                    }
                }
                operands.sort(Comparator.comparingInt(Expression::size).reversed());
                for (Expression x : operands) {
                    Expression t = compute(x);
                    out = rebuild(out, out.a() == x ? t : out.a(), out.b() == x ? t : out.b(), out.c() == x ? t : out.c());
                    if (fits(out)) {
                        break;
                    }
                }
            }
            planned.put(n, out);
            return out;
        }

        /** A piece computing {@code x} (which fits) into a new temporary: the leaf that reads it, for every node planned as {@code x}. */
        private Expression compute(Expression x) {
            List<Expression> leaves = x.leaves();
            pieces.add(new Piece(EvalProgram.of(x, leaves), operands(leaves), temporaries.size()));
            Expression t = new Expression(Expression.Kind.LEAF, x.shape(), ElementType.FLOAT64, null, null, 0, null, null, null, null, null, null, 1,
                    null);
            temporaries.put(t, temporaries.size());
            planned.replaceAll((k, v) -> v == x ? t : v);
            return t;
        }

        int[] operands(List<Expression> leaves) {
            int[] at = new int[leaves.size()];
            for (int j = 0; j < at.length; j++) {
                Integer k = leafIndex.get(leaves.get(j));
                at[j] = k != null ? k : -1 - temporaries.get(leaves.get(j));
            }
            return at;
        }

        private static boolean fits(Expression x) {
            return EvalProgram.of(x, x.leaves()) != null;
        }

        private static Expression rebuild(Expression n, Expression a, Expression b, Expression c) {
            if (a == n.a() && b == n.b() && c == n.c()) {
                return n;
            }
            int size = 1 + a.size() + (b == null ? 0 : b.size()) + (c == null ? 0 : c.size());
            return new Expression(n.kind(), n.shape(), n.type(), null, null, n.value(), n.unary(), n.binary(), n.compare(), a, b, c, size, null);
        }
    }
}
