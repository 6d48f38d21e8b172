package legate.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import legate.runtime.backend.BinaryOp;
import legate.runtime.backend.CompareOp;
import legate.runtime.backend.Expression;
import legate.runtime.types.ElementType;
import org.junit.jupiter.api.Test;

/** How an expression too large for one launch is cut into pieces (SimulatedGpuTest compares their results with the CPU's). */
class ExpressionPiecesTest {
    private static final int[] SHAPE = {8};

    private static Expression leaf() {
        return new Expression(Expression.Kind.LEAF, SHAPE, ElementType.FLOAT64, null, null, 0, null, null, null, null, null, null, 1, null);
    }

    private static Expression sum(List<Expression> leaves, int from, int n) {
        Expression s = leaves.get(from);
        for (int i = from + 1; i < from + n; i++) {
            s = Expression.binary(BinaryOp.ADD, ElementType.FLOAT64, SHAPE, s, leaves.get(i));
        }
        return s;
    }

    private static List<Expression> leaves(int n) {
        List<Expression> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(leaf());
        }
        return out;
    }

    /**
     * Checks what every launch needs: each piece fits one launch, reads only leaves of the
     * expression and temporaries written before it, each temporary is written once, the last
     * piece writes the output; every leaf is read.
     */
    private static void wellFormed(ExpressionPieces p, int leaves) {
        Set<Integer> written = new HashSet<>();
        Set<Integer> read = new HashSet<>();
        List<ExpressionPieces.Piece> pieces = p.pieces();
        for (int k = 0; k < pieces.size(); k++) {
            ExpressionPieces.Piece piece = pieces.get(k);
            assertNotNull(piece.program());
            assertEquals(piece.operands().length + 1, piece.program().operands());
            assertTrue(piece.program().operands() <= EvalDescriptor.MAX_OPERANDS);
            for (int o : piece.operands()) {
                if (o >= 0) {
                    assertTrue(o < leaves);
                    read.add(o);
                } else {
                    assertTrue(written.contains(-1 - o), "temporary " + (-1 - o) + " read before it is written");
                }
            }
            boolean last = k == pieces.size() - 1;
            assertEquals(last, piece.writes() == -1, "only the last piece writes the output");
            if (!last) {
                assertTrue(written.add(piece.writes()), "temporary " + piece.writes() + " written twice");
            }
        }
        assertEquals(p.temporaries(), written.size());
        assertEquals(leaves, read.size(), "every leaf read");
    }

    @Test
    void aWhereOfThirtyOperandsIsThreeSumsIntoTemporariesAndTheWhere() {
        List<Expression> x = leaves(30);
        Expression root = Expression.where(ElementType.FLOAT64, SHAPE, Expression.compare(CompareOp.GT, SHAPE, sum(x, 0, 10), Expression.constant(0)),
                sum(x, 10, 10), sum(x, 20, 10));
        assertNull(EvalProgram.of(root, root.leaves()), "one launch takes it: nothing to cut");
        ExpressionPieces p = ExpressionPieces.of(root, root.leaves());
        wellFormed(p, 30);
        assertEquals(4, p.pieces().size());
        assertEquals(3, p.temporaries());
        assertEquals(4, p.pieces().get(3).program().operands(), "the where reads three temporaries");
    }

    @Test
    void onlyWhatDoesNotFitIsCutOut() {
        List<Expression> x = leaves(14);
        // a sum of 12 leaves is one too many for a launch (its output is an operand too): the sum of the first 11 into a
        // temporary, then the rest in one launch
        Expression root = Expression.binary(BinaryOp.MUL, ElementType.FLOAT64, SHAPE, sum(x, 0, 12), sum(x, 12, 2));
        ExpressionPieces p = ExpressionPieces.of(root, root.leaves());
        wellFormed(p, 14);
        assertEquals(2, p.pieces().size());
        assertEquals(1, p.temporaries());
        assertEquals(11, p.pieces().get(0).operands().length);
        assertEquals(4, p.pieces().get(1).operands().length, "the temporary and the last three leaves");
    }

    /** How many pieces compute exactly the leaves {@code from .. from + n - 1} (a sum of them). */
    private static int piecesReading(ExpressionPieces p, int from, int n) {
        int count = 0;
        for (ExpressionPieces.Piece piece : p.pieces()) {
            int[] o = piece.operands();
            boolean same = o.length == n;
            for (int j = 0; same && j < n; j++) {
                same = o[j] == from + j;
            }
            count += same ? 1 : 0;
        }
        return count;
    }

    private static Expression mul(Expression a, Expression b) {
        return Expression.binary(BinaryOp.MUL, ElementType.FLOAT64, SHAPE, a, b);
    }

    private static Expression add(Expression a, Expression b) {
        return Expression.binary(BinaryOp.ADD, ElementType.FLOAT64, SHAPE, a, b);
    }

    @Test
    void operandsThatAreEqualRecordsButDistinctNodesAreEachCut() {
        // every leaf here is an equal record (the same shape array, no view), and so are the temporaries' leaves: each sum of
        // 21 is planned as a temporary (its first 11) plus 10 leaves, rebuilt nodes that are equal records; the where needs both
        // cut
        List<Expression> x = leaves(44);
        Expression root = mul(Expression.where(ElementType.FLOAT64, SHAPE, Expression.compare(CompareOp.GT, SHAPE, x.get(42), Expression.constant(0)),
                sum(x, 0, 21), sum(x, 21, 21)), x.get(43));
        ExpressionPieces p = ExpressionPieces.of(root, root.leaves());
        assertNotNull(p);
        wellFormed(p, 44);
    }

    @Test
    void aNodeSharedWithALaterOperandIsComputedOnce() {
        // A + A * S6: the product does not fit with A inline; A is cut once and both read its temporary
        List<Expression> x = leaves(16);
        Expression a = sum(x, 0, 10);
        Expression root = add(a, mul(a, sum(x, 10, 6)));
        ExpressionPieces p = ExpressionPieces.of(root, root.leaves());
        wellFormed(p, 16);
        assertEquals(1, piecesReading(p, 0, 10), "A computed once");
    }

    @Test
    void aNodeHeldInlineByAnEarlierOperandIsReadFromItsTemporaryOnceCut() {
        // (A * y) + (A - S): A * y fits with A inline; A - S does not, so A is cut, and A * y then reads it too
        List<Expression> x = leaves(19);
        Expression a = sum(x, 0, 10);
        Expression root = add(mul(a, x.get(10)), Expression.binary(BinaryOp.SUB, ElementType.FLOAT64, SHAPE, a, sum(x, 11, 8)));
        ExpressionPieces p = ExpressionPieces.of(root, root.leaves());
        wellFormed(p, 19);
        assertEquals(1, piecesReading(p, 0, 10), "A computed once");
        assertEquals(1, p.temporaries(), "A alone computed apart");
    }

    @Test
    void aCutThatWouldStopAnotherNodeFittingLeavesThatNodeAsItWas() {
        // S reads x0 .. x5 twice; V = S + x0 * .. * x5 * y0 * .. * y4 fits (11 leaves); W = S - (z0 + .. + z9) cuts S, and V
        // reading S's temporary beside x0 .. x5 would be 12 leaves: V keeps S inline
        List<Expression> x = leaves(21);
        Expression s = x.get(0);
        for (int i = 1; i < 12; i++) {
            s = add(s, x.get(i % 6));
        }
        Expression product = x.get(0);
        for (int i = 1; i < 11; i++) {
            product = mul(product, x.get(i));
        }
        Expression v = add(s, product);
        Expression w = Expression.binary(BinaryOp.SUB, ElementType.FLOAT64, SHAPE, s, sum(x, 11, 10));
        Expression root = add(v, w);
        ExpressionPieces p = ExpressionPieces.of(root, root.leaves());
        assertNotNull(p, "on the device");
        wellFormed(p, 21);
    }

    @Test
    void randomExpressionsWithSharedNodesAreCutIntoPiecesThatEachFit() {
        // 3,000 random expressions of 12 to 40 leaves: sums, products, comparisons and wheres of the newest nodes and any
        // leaf, a node often taken twice; over a third need several pieces
        java.util.Random r = new java.util.Random(38);
        int cut = 0;
        for (int n = 0; n < 3000; n++) {
            List<Expression> x = leaves(12 + r.nextInt(29));
            List<Expression> nodes = new ArrayList<>();
            for (Expression leaf : x) { // every leaf into the expression, each joined with something newer or older
                Expression a = nodes.isEmpty() ? leaf : nodes.get(Math.max(0, nodes.size() - 1 - r.nextInt(Math.min(4, nodes.size()))));
                Expression b = nodes.isEmpty() || r.nextInt(3) > 0 ? leaf : nodes.get(r.nextInt(nodes.size()));
                nodes.add(switch (r.nextInt(5)) {
                    case 0, 1 -> add(a, b);
                    case 2 -> mul(b, a);
                    case 3 -> Expression.compare(CompareOp.LT, SHAPE, a, b);
                    default -> Expression.where(ElementType.FLOAT64, SHAPE, b, a, nodes.isEmpty() ? leaf : nodes.get(r.nextInt(nodes.size())));
                });
            }
            Expression root = nodes.get(nodes.size() - 1);
            List<Expression> leaves = root.leaves();
            ExpressionPieces p = ExpressionPieces.of(root, leaves);
            assertNotNull(p, "expression " + n + " of " + leaves.size() + " leaves on the device");
            wellFormed(p, leaves.size());
            cut += p.pieces().size() > 1 ? 1 : 0;
        }
        assertTrue(cut > 1000, cut + " of 3,000 in pieces"); // 1,280 with this seed
    }

    @Test
    void aSharedNodeIsComputedOnce() {
        List<Expression> x = leaves(24);
        Expression shared = sum(x, 0, 10);
        Expression a = Expression.binary(BinaryOp.MUL, ElementType.FLOAT64, SHAPE, shared, sum(x, 10, 7));
        Expression b = Expression.binary(BinaryOp.SUB, ElementType.FLOAT64, SHAPE, shared, sum(x, 17, 7));
        Expression root = Expression.binary(BinaryOp.ADD, ElementType.FLOAT64, SHAPE, a, b);
        ExpressionPieces p = ExpressionPieces.of(root, root.leaves());
        wellFormed(p, 24);
        int sharedSums = 0;
        for (ExpressionPieces.Piece piece : p.pieces()) {
            if (piece.operands().length == 10 && piece.operands()[0] == 0) {
                sharedSums++;
            }
        }
        assertTrue(sharedSums <= 1, "the shared sum of ten computed " + sharedSums + " times");
    }
}
