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

    enum Kind { LEAF, CONST, UNARY, BINARY, COMPARE, WHERE }

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

    static Node operand(Object o, int ndim) {
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
        Partition p = rt.partitionFor(shape);
        if (!p.isReplicated()) {
            for (Node leaf : leaves) {
                Partition aligned = Exec.alignedWith(rt, leaf.view().broadcastTo(shape), shape[0]);
                if (aligned != null) {
                    p = aligned;
                    break;
                }
            }
        }
        Store out = rt.newStore(root.type(), shape, p, "expression");
        View v = View.of(out);
        int[] lo = new int[rt.size()];
        int[] hi = new int[rt.size()];
        for (int q = 0; q < rt.size(); q++) {
            lo[q] = p.lo(q);
            hi[q] = p.hi(q);
        }
        evaluate(rt, root, leaves, v, lo, hi);
        return v;
    }

    /** Computes an expression into {@code dst} (already shaped like it): rank q writes dst rows lo[q] .. hi[q]. */
    static void evaluateInto(ArrayRuntime rt, Node root, View dst, int[] lo, int[] hi) {
        evaluate(rt, root, leaves(root), dst, lo, hi);
    }

    private static void evaluate(ArrayRuntime rt, Node root, List<Node> leaves, View dst, int[] lo, int[] hi) {
        int[] shape = dst.shape();
        Source[] src = new Source[leaves.size() + 1];
        src[0] = Source.prepare(rt, dst, lo, hi);
        for (int k = 0; k < leaves.size(); k++) {
            Node leaf = leaves.get(k);
            src[k + 1] = Source.prepare(rt, leaf.view().broadcastTo(shape), lo, hi, leaf.buffer());
        }
        Program program = new Program(root, leaves);
        int me = rt.rank();
        if (shape.length == 0) {
            legate.runtime.task.Loops.forRows(shape, src, 0, 1, program.runner());
            return;
        }
        long perRow = Store.sizeOf(shape) / Math.max(1, shape[0]);
        rt.parallelRows(lo[me], hi[me], perRow, (a, b) -> legate.runtime.task.Loops.forRows(shape, src, a, b, program.runner()));
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
        if (n.kind() == Kind.LEAF) {
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

        Program(Node root, List<Node> leaves) {
            for (int k = 0; k < leaves.size(); k++) {
                leafOperand.put(leaves.get(k), k + 1);
            }
            order(root);
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

        legate.runtime.task.Loops.Body runner() {
            double[][] reg = new double[steps.size()][];
            for (int i = 0; i < reg.length; i++) {
                reg[i] = new double[BLOCK];
                if (steps.get(i).kind() == Kind.CONST) {
                    java.util.Arrays.fill(reg[i], steps.get(i).value());
                }
            }
            return (n, buf, idx, st) -> {
                for (int off = 0; off < n; off += BLOCK) {
                    int m = Math.min(BLOCK, n - off);
                    for (int s = 0; s < reg.length; s++) {
                        step(steps.get(s), reg, s, m, off, buf, idx, st);
                    }
                    store(reg[reg.length - 1], m, off, buf[0], idx[0], st[0]);
                }
            };
        }

        private void step(Node node, double[][] reg, int s, int m, int off, Buffer[] buf, int[] idx, int[] st) {
            double[] r = reg[s];
            switch (node.kind()) {
                case CONST -> {
                    return;
                }
                case LEAF -> {
                    int j = leafOperand.get(node);
                    load(r, m, buf[j], idx[j] + off * st[j], st[j]);
                    return;
                }
                case UNARY -> unary(node.unary(), r, reg[register.get(node.a())], m);
                case BINARY -> {
                    Node b = node.b();
                    binary(node.binary(), r, reg[register.get(node.a())], reg[register.get(b)], m,
                            b.kind() == Kind.CONST ? b.value() : Double.NaN);
                }
                case COMPARE -> {
                    double[] x = reg[register.get(node.a())];
                    double[] y = reg[register.get(node.b())];
                    Kernels.Compare op = node.compare();
                    for (int k = 0; k < m; k++) {
                        r[k] = op.test(x[k], y[k]) ? 1 : 0;
                    }
                }
                case WHERE -> {
                    double[] c = reg[register.get(node.a())];
                    double[] x = reg[register.get(node.b())];
                    double[] y = reg[register.get(node.c())];
                    for (int k = 0; k < m; k++) {
                        r[k] = c[k] != 0 ? x[k] : y[k];
                    }
                }
                default -> throw new IllegalStateException(node.kind().toString());
            }
            if (node.type() == DType.FLOAT32) { // float32 results are rounded at every step, as when computed one by one
                for (int k = 0; k < m; k++) {
                    r[k] = (float) r[k];
                }
            }
        }

        private static void load(double[] r, int m, Buffer b, int at, int stride) {
            if (b instanceof Buffer.F64 f) {
                if (stride == 1) {
                    System.arraycopy(f.a, at, r, 0, m);
                } else {
                    double[] a = f.a;
                    for (int k = 0; k < m; k++, at += stride) {
                        r[k] = a[at];
                    }
                }
                return;
            }
            for (int k = 0; k < m; k++, at += stride) {
                r[k] = b.getDouble(at);
            }
        }

        private static void store(double[] r, int m, int off, Buffer b, int idx, int stride) {
            int at = idx + off * stride;
            if (b instanceof Buffer.F64 f) {
                if (stride == 1) {
                    System.arraycopy(r, 0, f.a, at, m);
                } else {
                    double[] a = f.a;
                    for (int k = 0; k < m; k++, at += stride) {
                        a[at] = r[k];
                    }
                }
                return;
            }
            for (int k = 0; k < m; k++, at += stride) {
                b.setDouble(at, r[k]);
            }
        }

        private static void unary(Kernels.Unary op, double[] r, double[] x, int m) {
            switch (op) {
                case NEG -> {
                    for (int k = 0; k < m; k++) {
                        r[k] = -x[k];
                    }
                }
                case ABS -> {
                    for (int k = 0; k < m; k++) {
                        r[k] = Math.abs(x[k]);
                    }
                }
                case SQRT -> {
                    for (int k = 0; k < m; k++) {
                        r[k] = Math.sqrt(x[k]);
                    }
                }
                default -> {
                    for (int k = 0; k < m; k++) {
                        r[k] = op.apply(x[k]);
                    }
                }
            }
        }

        private static void binary(Kernels.Binary op, double[] r, double[] x, double[] y, int m, double constant) {
            switch (op) {
                case ADD -> {
                    for (int k = 0; k < m; k++) {
                        r[k] = x[k] + y[k];
                    }
                }
                case SUB -> {
                    for (int k = 0; k < m; k++) {
                        r[k] = x[k] - y[k];
                    }
                }
                case MUL -> {
                    for (int k = 0; k < m; k++) {
                        r[k] = x[k] * y[k];
                    }
                }
                case DIV -> {
                    for (int k = 0; k < m; k++) {
                        r[k] = x[k] / y[k];
                    }
                }
                case POW -> {
                    if (constant == 2) {
                        for (int k = 0; k < m; k++) {
                            r[k] = x[k] * x[k];
                        }
                    } else {
                        for (int k = 0; k < m; k++) {
                            r[k] = op.apply(x[k], y[k]);
                        }
                    }
                }
                default -> {
                    for (int k = 0; k < m; k++) {
                        r[k] = op.apply(x[k], y[k]);
                    }
                }
            }
        }
    }
}
