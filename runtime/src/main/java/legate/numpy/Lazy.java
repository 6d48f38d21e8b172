package legate.numpy;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import legate.runtime.partition.Partition;
import legate.runtime.store.Buffer;
import legate.runtime.store.Store;
import legate.runtime.store.View;
import legate.runtime.task.ArrayRuntime;
import legate.runtime.task.Kernels;
import legate.runtime.task.Source;

/**
 * Deferred element-wise arithmetic on floating-point arrays: {@code a.mul(b).add(c)} builds an
 * expression, and one pass computes it when the elements are needed, in blocks that stay in
 * the cache: no array-sized temporaries, and an expression assigned with {@code set} is
 * written straight into its destination.
 *
 * <p>NumPy semantics are kept: an expression reads its operands as they were when it was
 * made. Each leaf holds the buffer its store had then, and the store's next write copies the
 * data to a new buffer first ({@link Store#beforeWrite}). The decision depends on the program
 * alone, never on the garbage collector, so every rank makes the same copies and exchanges.
 * Integer arrays are never deferred (their arithmetic is exact in 64-bit integers).
 */
final class Lazy {
    /** Expressions grow up to this many nodes; larger operands are computed first. */
    static final int MAX_NODES = 40;
    static final int BLOCK = 256;
    /** LEGATE_FUSION=0 computes every operation at once, as NumPy does (to compare, or to rule fusion out). */
    static final boolean ENABLED = !"0".equals(System.getenv("LEGATE_FUSION"));

    private Lazy() {
    }

    /** ROLL: a leaf read rolled along its last axis by {@code value} places (the wrap stays within a row, so within a rank). */
    enum Kind { LEAF, ROLL, CONST, UNARY, BINARY, COMPARE, WHERE }

    /** One node; a leaf is an array's view with the buffer it had when the expression was made. */
    record Node(Kind kind, int[] shape, DType type, View view, Buffer buffer, double value, Kernels.Unary unary,
                Kernels.Binary binary, Kernels.Compare compare, Node a, Node b, Node c, int size) {
    }

    static boolean floatingOrBool(DType t) {
        return t.isFloating() || t == DType.BOOL;
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

    /** The node of an operand: its expression if deferred (and small enough), else a leaf. */
    static Node of(NDArray x) {
        Node d = x.deferred();
        if (d != null && d.size() <= MAX_NODES / 2) {
            return d;
        }
        View v = x.view();
        return new Node(Kind.LEAF, v.shape(), v.store().type(), v, v.store().readDeferred(), 0, null, null, null, null, null, null, 1);
    }

    /** {@code np.roll(x, shift, last axis)} of an array of 2 or more dimensions, as a leaf. */
    static Node roll(NDArray x, int shift) {
        View v = x.view();
        int n = v.dim(v.ndim() - 1);
        return new Node(Kind.ROLL, v.shape(), v.store().type(), v, v.store().readDeferred(), Math.floorMod(shift, n), null, null, null,
                null, null, null, 1);
    }

    static Node operand(Object o) {
        if (o instanceof NDArray x) {
            return of(x);
        }
        return new Node(Kind.CONST, new int[0], DType.FLOAT64, null, null, ((Number) o).doubleValue(), null, null, null, null, null, null, 1);
    }

    static Node unary(Kernels.Unary op, DType type, int[] shape, Node a) {
        return new Node(Kind.UNARY, shape, type, null, null, 0, op, null, null, a, null, null, 1 + a.size());
    }

    static Node binary(Kernels.Binary op, DType type, int[] shape, Node a, Node b) {
        return new Node(Kind.BINARY, shape, type, null, null, 0, null, op, null, a, b, null, 1 + a.size() + b.size());
    }

    static Node compare(Kernels.Compare op, int[] shape, Node a, Node b) {
        return new Node(Kind.COMPARE, shape, DType.BOOL, null, null, 0, null, null, op, a, b, null, 1 + a.size() + b.size());
    }

    static Node where(DType type, int[] shape, Node c, Node a, Node b) {
        return new Node(Kind.WHERE, shape, type, null, null, 0, null, null, null, c, a, b, 1 + c.size() + a.size() + b.size());
    }

    /** Computes an expression into a new array. */
    static View materialize(ArrayRuntime rt, Node root) {
        int[] shape = root.shape();
        List<Node> leaves = leaves(root);
        Partition p = Exec.partitionFollowing(rt, shape, leaves.stream().map(leaf -> leaf.view().broadcastTo(shape)).toList());
        View v = View.of(rt.newStore(root.type(), shape, p, "expression"));
        int[][] rows = p.rowsPerRank(rt.size());
        new Started(rt, root, leaves, shape, rows[0], rows[1]).finishInto(v);
        return v;
    }

    /** Sends the rows of the expression's operands that other ranks need; {@link Started#finishInto} computes it. */
    static Started start(ArrayRuntime rt, Node root, int[] shape, int[] lo, int[] hi) {
        return new Started(rt, root, leaves(root), shape, lo, hi);
    }

    /**
     * An expression whose operands' rows are on their way to the ranks that need them: every
     * operand is pushed before any is waited for, so the ranks meet once per expression.
     */
    static final class Started {
        private final ArrayRuntime rt;
        private final Node root;
        private final List<Node> leaves;
        private final int[] lo;
        private final int[] hi;
        private final Source[] src;

        private Started(ArrayRuntime rt, Node root, List<Node> leaves, int[] shape, int[] lo, int[] hi) {
            this.rt = rt;
            this.root = root;
            this.leaves = leaves;
            this.lo = lo;
            this.hi = hi;
            src = new Source[leaves.size() + 1];
            for (int k = 0; k < leaves.size(); k++) {
                Node leaf = leaves.get(k);
                src[k + 1] = Source.push(rt, leaf.view().broadcastTo(shape), lo, hi, leaf.buffer());
            }
        }

        /** Receives the operands' rows (when the expression is not computed after all: so none are left behind). */
        void pull() {
            for (int k = 1; k < src.length; k++) {
                src[k].pull(rt);
            }
        }

        /**
         * Computes the expression into {@code dst} (rank q its rows lo[q] .. hi[q]). The rows that
         * read only this rank's own data go first, while the other ranks' rows are on their way;
         * so a rank waits for its neighbours only when it is a whole operation ahead of them.
         */
        void finishInto(View dst) {
            int[] shape = dst.shape();
            src[0] = Source.prepare(rt, dst, lo, hi);
            Program program = new Program(root, leaves);
            int me = rt.rank();
            if (shape.length == 0) {
                pull();
                legate.runtime.task.Loops.forRows(shape, src, 0, 1, program.runner(1));
                return;
            }
            int[] early = {lo[me], hi[me]}; // the rows every operand has here already
            for (int k = 1; k < src.length && early != null; k++) {
                int[] own = src[k].pending() ? src[k].ownRows(lo[me], hi[me]) : early;
                early = own == null ? null : new int[] {Math.max(early[0], own[0]), Math.min(early[1], own[1])};
            }
            if (early == null || early[1] <= early[0]) {
                pull();
                run(shape, program, lo[me], hi[me]);
                return;
            }
            run(shape, program, early[0], early[1]);
            pull();
            run(shape, program, lo[me], early[0]);
            run(shape, program, early[1], hi[me]);
        }

        private void run(int[] shape, Program program, int from, int to) {
            if (to <= from) {
                return;
            }
            long perRow = Store.sizeOf(shape) / Math.max(1, shape[0]);
            long longestRun = legate.runtime.task.Loops.longestRun(shape, src);
            rt.parallelRows(from, to, perRow, (a, b) -> legate.runtime.task.Loops.forRows(shape, src, a, b,
                    program.runner((int) Math.min(BLOCK, Math.min(longestRun, (b - a) * perRow)))));
        }
    }

    /** The distinct leaves, in the order they first appear. */
    private static List<Node> leaves(Node root) {
        List<Node> out = new ArrayList<>();
        collect(root, out, new IdentityHashMap<>());
        return out;
    }

    private static void collect(Node n, List<Node> out, Map<Node, Boolean> seen) {
        if (n == null || seen.put(n, Boolean.TRUE) != null) {
            return;
        }
        if (n.kind() == Kind.LEAF || n.kind() == Kind.ROLL) {
            out.add(n);
            return;
        }
        collect(n.a(), out, seen);
        collect(n.b(), out, seen);
        collect(n.c(), out, seen);
    }

    /** The expression as a list of steps over block-sized registers, one register per node. */
    private static final class Program {
        final List<Node> steps = new ArrayList<>();
        final Map<Node, Integer> register = new IdentityHashMap<>();
        final Map<Node, Integer> leafOperand = new IdentityHashMap<>();

        /** Per step: the registers of its operands, and for a leaf its operand number (no map lookups while running). */
        final int[] ra;
        final int[] rb;
        final int[] rc;
        final int[] leaf;

        Program(Node root, List<Node> leaves) {
            for (int k = 0; k < leaves.size(); k++) {
                leafOperand.put(leaves.get(k), k + 1);
            }
            order(root);
            int n = steps.size();
            ra = new int[n];
            rb = new int[n];
            rc = new int[n];
            leaf = new int[n];
            for (int i = 0; i < n; i++) {
                Node node = steps.get(i);
                ra[i] = node.a() == null ? -1 : register.get(node.a());
                rb[i] = node.b() == null ? -1 : register.get(node.b());
                rc[i] = node.c() == null ? -1 : register.get(node.c());
                leaf[i] = leafOperand.getOrDefault(node, -1);
            }
        }

        private void order(Node n) {
            if (n == null || register.containsKey(n)) {
                return;
            }
            order(n.a());
            order(n.b());
            order(n.c());
            register.put(n, steps.size());
            steps.add(n);
        }

        /** A runner for runs of elements, with registers of {@code block} elements (small arrays need small ones). */
        legate.runtime.task.Loops.Body runner(int block) {
            int n = steps.size();
            int cap = Math.max(1, block);
            double[][] scratch = new double[n][];
            for (int i = 0; i < n; i++) {
                scratch[i] = new double[cap];
                if (steps.get(i).kind() == Kind.CONST) {
                    java.util.Arrays.fill(scratch[i], steps.get(i).value());
                }
            }
            double[][] arr = new double[n][]; // where step i's block is: arr[i] from off[i]
            int[] off = new int[n];
            return (count, buf, idx, st) -> {
                for (int at = 0; at < count; at += cap) {
                    int m = Math.min(cap, count - at);
                    for (int s = 0; s < n; s++) {
                        step(s, scratch, arr, off, m, at, buf, idx, st);
                    }
                    Node root = steps.get(n - 1);
                    if (arr[n - 1] != directOut(buf[0], st[0], root) || off[n - 1] != idx[0] + at) {
                        store(arr[n - 1], off[n - 1], m, at, buf[0], idx[0], st[0]);
                    }
                }
            };
        }

        /** The destination's array when the root can be computed straight into it, else null. */
        private static double[] directOut(Buffer out, int stride, Node root) {
            return out instanceof Buffer.F64 f && stride == 1 && root.kind() != Kind.LEAF && root.kind() != Kind.ROLL
                    && root.kind() != Kind.CONST ? f.a : null;
        }

        private void step(int s, double[][] scratch, double[][] arr, int[] off, int m, int at, Buffer[] buf, int[] idx, int[] st) {
            Node node = steps.get(s);
            switch (node.kind()) {
                case CONST -> {
                    arr[s] = scratch[s];
                    off[s] = 0;
                    return;
                }
                case ROLL -> {
                    // a run starts at a row's first element: one row, or (merged, contiguous) several
                    // adjacent ones. Element at + k is row (at + k) / cols, column (at + k) % cols, and
                    // is read from column - shift (wrapping) of the same row.
                    int j = leaf[s];
                    int cols = node.shape()[node.shape().length - 1];
                    int shift = (int) node.value();
                    double[] r = scratch[s];
                    Buffer b = buf[j];
                    int stride = st[j];
                    for (int k = 0; k < m; ) {
                        int p = at + k;
                        int col = p % cols;
                        int rowStart = idx[j] + (p / cols) * cols * stride;
                        int len = Math.min(m - k, cols - col); // up to this row's end
                        int c0 = col - shift < 0 ? col - shift + cols : col - shift;
                        if (b instanceof Buffer.F64 f && stride == 1) { // two stretches: up to the row's end, then from its start
                            int head = Math.min(len, cols - c0);
                            System.arraycopy(f.a, rowStart + c0, r, k, head);
                            if (head < len) {
                                System.arraycopy(f.a, rowStart, r, k + head, len - head);
                            }
                        } else {
                            for (int q = 0, c = c0; q < len; q++, c = c + 1 == cols ? 0 : c + 1) {
                                r[k + q] = b.getDouble(rowStart + c * stride);
                            }
                        }
                        k += len;
                    }
                    arr[s] = r;
                    off[s] = 0;
                    return;
                }
                case LEAF -> {
                    int j = leaf[s];
                    int from = idx[j] + at * st[j];
                    if (buf[j] instanceof Buffer.F64 f && st[j] == 1) { // read in place
                        arr[s] = f.a;
                        off[s] = from;
                    } else {
                        load(scratch[s], m, buf[j], from, st[j]);
                        arr[s] = scratch[s];
                        off[s] = 0;
                    }
                    return;
                }
                default -> {
                }
            }
            double[] r = scratch[s];
            int ro = 0;
            if (s == steps.size() - 1) {
                double[] direct = directOut(buf[0], st[0], node);
                if (direct != null) { // the last step writes the destination itself
                    r = direct;
                    ro = idx[0] + at;
                }
            }
            arr[s] = r;
            off[s] = ro;
            int a = ra[s];
            switch (node.kind()) {
                case UNARY -> unary(node.unary(), r, ro, arr[a], off[a], m);
                case BINARY -> {
                    Node b = node.b();
                    int bi = rb[s];
                    binary(node.binary(), r, ro, arr[a], off[a], arr[bi], off[bi], m, b.kind() == Kind.CONST ? b.value() : Double.NaN);
                }
                case COMPARE -> {
                    double[] x = arr[a];
                    int xo = off[a];
                    int bi = rb[s];
                    double[] y = arr[bi];
                    int yo = off[bi];
                    Kernels.Compare op = node.compare();
                    for (int k = 0; k < m; k++) {
                        r[ro + k] = op.test(x[xo + k], y[yo + k]) ? 1 : 0;
                    }
                }
                case WHERE -> {
                    double[] c = arr[a];
                    int co = off[a];
                    int xi = rb[s];
                    int yi = rc[s];
                    double[] x = arr[xi];
                    double[] y = arr[yi];
                    int xo = off[xi];
                    int yo = off[yi];
                    for (int k = 0; k < m; k++) {
                        r[ro + k] = c[co + k] != 0 ? x[xo + k] : y[yo + k];
                    }
                }
                default -> throw new IllegalStateException(node.kind().toString());
            }
            if (node.type() == DType.FLOAT32) { // float32 results are rounded at every step, as when computed one by one
                for (int k = 0; k < m; k++) {
                    r[ro + k] = (float) r[ro + k];
                }
            }
        }

        private static void load(double[] r, int m, Buffer b, int at, int stride) {
            if (b instanceof Buffer.F64 f) {
                double[] a = f.a;
                for (int k = 0; k < m; k++, at += stride) {
                    r[k] = a[at];
                }
                return;
            }
            for (int k = 0; k < m; k++, at += stride) {
                r[k] = b.getDouble(at);
            }
        }

        private static void store(double[] r, int ro, int m, int at0, Buffer b, int idx, int stride) {
            int at = idx + at0 * stride;
            if (b instanceof Buffer.F64 f) {
                if (stride == 1) {
                    System.arraycopy(r, ro, f.a, at, m);
                } else {
                    double[] a = f.a;
                    for (int k = 0; k < m; k++, at += stride) {
                        a[at] = r[ro + k];
                    }
                }
                return;
            }
            for (int k = 0; k < m; k++, at += stride) {
                b.setDouble(at, r[ro + k]);
            }
        }

        private static void unary(Kernels.Unary op, double[] r, int ro, double[] x, int xo, int m) {
            switch (op) {
                case NEG -> {
                    for (int k = 0; k < m; k++) {
                        r[ro + k] = -x[xo + k];
                    }
                }
                case ABS -> {
                    for (int k = 0; k < m; k++) {
                        r[ro + k] = Math.abs(x[xo + k]);
                    }
                }
                case SQRT -> {
                    for (int k = 0; k < m; k++) {
                        r[ro + k] = Math.sqrt(x[xo + k]);
                    }
                }
                default -> {
                    for (int k = 0; k < m; k++) {
                        r[ro + k] = op.apply(x[xo + k]);
                    }
                }
            }
        }

        private static void binary(Kernels.Binary op, double[] r, int ro, double[] x, int xo, double[] y, int yo, int m, double constant) {
            switch (op) {
                case ADD -> {
                    for (int k = 0; k < m; k++) {
                        r[ro + k] = x[xo + k] + y[yo + k];
                    }
                }
                case SUB -> {
                    for (int k = 0; k < m; k++) {
                        r[ro + k] = x[xo + k] - y[yo + k];
                    }
                }
                case MUL -> {
                    for (int k = 0; k < m; k++) {
                        r[ro + k] = x[xo + k] * y[yo + k];
                    }
                }
                case DIV -> {
                    for (int k = 0; k < m; k++) {
                        r[ro + k] = x[xo + k] / y[yo + k];
                    }
                }
                case POW -> {
                    if (constant == 2) {
                        for (int k = 0; k < m; k++) {
                            r[ro + k] = x[xo + k] * x[xo + k];
                        }
                    } else {
                        for (int k = 0; k < m; k++) {
                            r[ro + k] = op.apply(x[xo + k], y[yo + k]);
                        }
                    }
                }
                default -> {
                    for (int k = 0; k < m; k++) {
                        r[ro + k] = op.apply(x[xo + k], y[yo + k]);
                    }
                }
            }
        }
    }
}
