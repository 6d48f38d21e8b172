package legate.gpu;

import java.util.ArrayList;
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
 * until it fits. A node with operands that are all leaves always fits. A node once computed is read
 * from its temporary by every node planned after (and by those planned before that held it, not
 * yet computed): a node two parents share is computed once, unless a piece cut before it held it.
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
        List<Expression> lastLeaves = last.leaves();
        EvalProgram program = EvalProgram.of(last, lastLeaves);
        if (program == null || p.failed) {
            return null; // not expected: a node whose operands are leaves fits
        }
        p.pieces.add(new Piece(program, p.operands(lastLeaves), -1));
        return new ExpressionPieces(List.copyOf(p.pieces), p.temporaries.size());
    }

    private static final class Planner {
        private final Map<Expression, Integer> leafIndex = new IdentityHashMap<>();
        /**
         * Each node of the expression planned so far, as the pieces read it: what its operands'
         * pieces computed read from their temporaries (updated as later pieces cut nodes it holds).
         */
        private final Map<Expression, Expression> planned = new IdentityHashMap<>();
        /** The leaves standing for temporaries, by temporary. */
        private final Map<Expression, Integer> temporaries = new IdentityHashMap<>();
        private final List<Piece> pieces = new ArrayList<>();
        private boolean failed;

        Planner(List<Expression> leaves) {
            for (int k = 0; k < leaves.size(); k++) {
                leafIndex.put(leaves.get(k), k);
            }
        }

        Expression plan(Expression n) {
            if (isLeaf(n)) {
                return n;
            }
            Expression seen = planned.get(n);
            if (seen != null) {
                return seen;
            }
            plan(n.a());
            plan(n.b());
            plan(n.c());
            // the operands as planned now: a later operand's pieces may have cut a node an earlier one holds
            Expression out = rebuild(n, current(n.a()), current(n.b()), current(n.c()));
            while (!fits(out)) {
                Expression x = null; // the largest operand that is not a leaf
                for (Expression o : new Expression[] {out.a(), out.b(), out.c()}) {
                    if (!isLeaf(o) && (x == null || o.size() > x.size())) {
                        x = o;
                    }
                }
                if (x == null) {
                    failed = true; // not expected: a node whose operands are leaves fits
                    break;
                }
                Expression t = compute(x);
                out = substitute(out, x, t, new IdentityHashMap<>());
            }
            planned.put(n, out);
            return out;
        }

        private Expression current(Expression n) {
            return isLeaf(n) ? n : planned.get(n);
        }

        /** A piece computing {@code x} (which fits) into a new temporary: the leaf that reads it, now in every node planned with {@code x}. */
        private Expression compute(Expression x) {
            List<Expression> leaves = x.leaves();
            EvalProgram program = EvalProgram.of(x, leaves);
            failed |= program == null;
            pieces.add(new Piece(program, operands(leaves), temporaries.size()));
            Expression t = new Expression(Expression.Kind.LEAF, x.shape(), ElementType.FLOAT64, null, null, 0, null, null, null, null, null, null, 1,
                    null);
            temporaries.put(t, temporaries.size());
            Map<Expression, Expression> done = new IdentityHashMap<>(); // one map for all: nodes shared before stay shared
            // not where it would stop a planned node fitting (x's leaves read elsewhere in it too: the temporary one more leaf),
            // which then computes x again, inline
            planned.replaceAll((k, v) -> {
                Expression w = substitute(v, x, t, done);
                return w == v || fits(w) ? w : v;
            });
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

        private static boolean isLeaf(Expression n) {
            return n == null || n.isLeaf() || n.kind() == Expression.Kind.CONST;
        }

        private static boolean fits(Expression x) {
            return EvalProgram.of(x, x.leaves()) != null;
        }

        /** {@code v} with {@code t} wherever it has the node {@code x} (by identity). */
        private static Expression substitute(Expression v, Expression x, Expression t, Map<Expression, Expression> done) {
            if (v == x) {
                return t;
            }
            if (isLeaf(v)) {
                return v;
            }
            Expression seen = done.get(v);
            if (seen != null) {
                return seen;
            }
            Expression out = rebuild(v, substitute(v.a(), x, t, done), substitute(v.b(), x, t, done), substitute(v.c(), x, t, done));
            done.put(v, out);
            return out;
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
