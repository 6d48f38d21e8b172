package legate.runtime.task;

import java.util.List;
import legate.runtime.backend.Backend;
import legate.runtime.backend.Expression;
import legate.runtime.partition.Partition;
import legate.runtime.store.Source;
import legate.runtime.store.View;

/**
 * Runs a deferred element-wise {@link Expression} in one pass: into a new store, or straight
 * into the view it is assigned to. Its operands' rows travel to the ranks that need them first,
 * every operand pushed before any is waited for, so the ranks meet once per expression.
 */
public final class FusedExpression {
    private FusedExpression() {
    }

    /** Computes an expression into a new store, split like its first aligned operand. */
    public static View materialize(ArrayRuntime rt, Expression root) {
        int[] shape = root.shape();
        List<Expression> leaves = root.leaves();
        Partition p = rt.partitioner().following(shape, leaves.stream().map(leaf -> leaf.view().broadcastTo(shape)).toList());
        View v = View.of(rt.newStore(root.type(), shape, p, "expression"));
        int[][] rows = p.rowsPerRank(rt.size());
        new Started(rt, root, leaves, shape, rows[0], rows[1]).finishInto(v);
        return v;
    }

    /** Sends the rows of the expression's operands that other ranks need (rank q computes rows lo[q] .. hi[q]). */
    static Started start(ArrayRuntime rt, Expression root, int[] shape, int[] lo, int[] hi) {
        return new Started(rt, root, root.leaves(), shape, lo, hi);
    }

    /** An expression whose operands' rows are on their way to the ranks that need them. */
    static final class Started {
        private final ArrayRuntime rt;
        private final Expression root;
        private final List<Expression> leaves;
        private final int[] lo;
        private final int[] hi;
        private final Source[] src;

        private Started(ArrayRuntime rt, Expression root, List<Expression> leaves, int[] shape, int[] lo, int[] hi) {
            this.rt = rt;
            this.root = root;
            this.leaves = leaves;
            this.lo = lo;
            this.hi = hi;
            src = new Source[leaves.size() + 1];
            for (int k = 0; k < leaves.size(); k++) {
                Expression leaf = leaves.get(k);
                src[k + 1] = Source.push(rt.comm(), leaf.view().broadcastTo(shape), lo, hi, leaf.buffer());
            }
        }

        /** Receives the operands' rows (when the expression is not computed after all: so none are left behind). */
        void pull() {
            for (int k = 1; k < src.length; k++) {
                src[k].pull(rt.comm());
            }
        }

        /**
         * Computes the expression into {@code dst} (rank q its rows lo[q] .. hi[q]). The rows that
         * read only this rank's own data go first, while the other ranks' rows are on their way;
         * so a rank waits for its neighbours only when it is a whole operation ahead of them.
         */
        void finishInto(View dst) {
            int[] shape = dst.shape();
            src[0] = Source.prepare(rt.comm(), dst, lo, hi);
            Backend.FusedKernel kernel = rt.backend().compile(root, leaves);
            int me = rt.rank();
            if (shape.length == 0) {
                pull();
                kernel.run(shape, src, 0, 1);
                return;
            }
            int[] early = {lo[me], hi[me]}; // the rows every operand has here already
            for (int k = 1; k < src.length && early != null; k++) {
                int[] own = src[k].pending() ? src[k].ownRows(lo[me], hi[me]) : early;
                early = own == null ? null : new int[] {Math.max(early[0], own[0]), Math.min(early[1], own[1])};
            }
            if (early == null || early[1] <= early[0]) {
                pull();
                kernel.run(shape, src, lo[me], hi[me]);
                return;
            }
            kernel.run(shape, src, early[0], early[1]);
            pull();
            kernel.run(shape, src, lo[me], early[0]);
            kernel.run(shape, src, early[1], hi[me]);
        }
    }
}
