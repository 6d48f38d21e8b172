package legate.runtime.backend.cpu;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import legate.runtime.backend.CompareOp;
import legate.runtime.backend.Expression;
import legate.runtime.store.Buffer;
import legate.runtime.types.ElementType;

/**
 * A fused expression as a list of steps over block-sized registers, one register per node: one
 * pass over the operands, in blocks that stay in the cache, no array-sized temporaries. float32
 * results are rounded at every step, as when computed one operation at a time.
 */
final class ExpressionLoop {
    private final List<Expression> steps = new ArrayList<>();
    private final Map<Expression, Integer> register = new IdentityHashMap<>();
    private final Map<Expression, Integer> leafOperand = new IdentityHashMap<>();

    /** Per step: the registers of its operands, and for a leaf its operand number (no map lookups while running). */
    private final int[] ra;
    private final int[] rb;
    private final int[] rc;
    private final int[] leaf;

    ExpressionLoop(Expression root, List<Expression> leaves) {
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
            Expression node = steps.get(i);
            ra[i] = node.a() == null ? -1 : register.get(node.a());
            rb[i] = node.b() == null ? -1 : register.get(node.b());
            rc[i] = node.c() == null ? -1 : register.get(node.c());
            leaf[i] = leafOperand.getOrDefault(node, -1);
        }
    }

    /** What one element costs, in quarters of a simple operation ({@link legate.runtime.backend.UnaryOp#cost()}): its steps' sum. */
    int cost() {
        int c = 0;
        for (Expression n : steps) {
            c += switch (n.kind()) {
                case UNARY -> n.unary().cost();
                case BINARY -> n.binary().cost();
                case COMPARE, WHERE -> 1;
                default -> 0;
            };
        }
        return c;
    }

    private void order(Expression n) {
        if (n == null || register.containsKey(n)) {
            return;
        }
        order(n.a());
        order(n.b());
        order(n.c());
        register.put(n, steps.size());
        steps.add(n);
    }

    /**
     * Each thread's registers, reused by every runner the thread makes: a runner runs to its end
     * on the thread that made it before that thread makes another, and fresh registers for every
     * expression were half of what a small-array loop allocated (garbage, and on G1 memory
     * touched for the first time).
     */
    private static final ThreadLocal<double[][]> REGISTERS = ThreadLocal.withInitial(() -> new double[0][]);

    /** This thread's first {@code n} registers of at least {@code cap} elements. */
    private static double[][] registers(int n, int cap) {
        double[][] r = REGISTERS.get();
        if (r.length < n) {
            r = java.util.Arrays.copyOf(r, Math.max(n, 2 * r.length));
            REGISTERS.set(r);
        }
        for (int i = 0; i < n; i++) {
            if (r[i] == null || r[i].length < cap) {
                r[i] = new double[Math.max(cap, CpuBackend.EXPRESSION_BLOCK)];
            }
        }
        return r;
    }

    /**
     * A runner for runs of elements, with registers of {@code block} elements (small arrays need
     * small ones). It is to run on the calling thread, before that thread makes another runner.
     */
    Loops.Body runner(int block) {
        int n = steps.size();
        int cap = Math.max(1, block);
        double[][] scratch = registers(n, cap);
        for (int i = 0; i < n; i++) {
            if (steps.get(i).kind() == Expression.Kind.CONST) {
                java.util.Arrays.fill(scratch[i], 0, cap, steps.get(i).value());
            }
        }
        return (count, buf, idx, st) -> {
            for (int at = 0; at < count; at += cap) {
                int m = Math.min(cap, count - at);
                for (int s = 0; s < n; s++) {
                    step(s, scratch, m, at, buf, idx, st);
                }
                store(scratch[n - 1], m, at, buf[0], idx[0], st[0]);
            }
        };
    }

    /*
     * Every step reads and writes its registers from their first element, operands included
     * (copied in, a block at a time, from wherever they are): the loops then index every array
     * alike, which is what lets the JIT vectorise them. Reading an operand in place, or writing
     * the destination in place, puts different offsets on the arrays of one loop; the JIT cannot
     * tell such arrays apart (they could be one array) and runs the loop an element at a time:
     * a*b+1 on 10^4 elements took 11 us that way and 5.5 with the copies (a plain-Java model of
     * this loop, 2-core VM, JDK 17 and 25 alike).
     */
    private void step(int s, double[][] scratch, int m, int at, Buffer[] buf, int[] idx, int[] st) {
        Expression node = steps.get(s);
        switch (node.kind()) {
            case CONST -> {
                return; // filled when the runner was made
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
                return;
            }
            case LEAF -> {
                int j = leaf[s];
                load(scratch[s], m, buf[j], idx[j] + at * st[j], st[j]);
                return;
            }
            default -> {
            }
        }
        double[] r = scratch[s];
        int a = ra[s];
        switch (node.kind()) {
            case UNARY -> DenseLoops.unary(node.unary(), r, 0, scratch[a], 0, m);
            case BINARY -> {
                Expression b = node.b();
                int bi = rb[s];
                double exponent = b.kind() == Expression.Kind.CONST ? b.value() : Double.NaN;
                DenseLoops.binary(node.binary(), r, 0, scratch[a], 0, scratch[bi], 0, m, exponent);
            }
            case COMPARE -> compare(node.compare(), r, scratch[a], scratch[rb[s]], m);
            case WHERE -> {
                double[] c = scratch[a];
                double[] x = scratch[rb[s]];
                double[] y = scratch[rc[s]];
                for (int k = 0; k < m; k++) {
                    r[k] = c[k] != 0 ? x[k] : y[k];
                }
            }
            default -> throw new IllegalStateException(node.kind().toString());
        }
        if (node.type() == ElementType.FLOAT32) { // float32 results are rounded at every step, as when computed one by one
            for (int k = 0; k < m; k++) {
                r[k] = (float) r[k];
            }
        }
    }

    /** {@code r[k] = x[k] op y[k] ? 1 : 0}: one loop per comparison, not a switch per element. */
    private static void compare(CompareOp op, double[] r, double[] x, double[] y, int m) {
        switch (op) {
            case GT -> {
                for (int k = 0; k < m; k++) {
                    r[k] = x[k] > y[k] ? 1 : 0;
                }
            }
            case GE -> {
                for (int k = 0; k < m; k++) {
                    r[k] = x[k] >= y[k] ? 1 : 0;
                }
            }
            case LT -> {
                for (int k = 0; k < m; k++) {
                    r[k] = x[k] < y[k] ? 1 : 0;
                }
            }
            case LE -> {
                for (int k = 0; k < m; k++) {
                    r[k] = x[k] <= y[k] ? 1 : 0;
                }
            }
            case EQ -> {
                for (int k = 0; k < m; k++) {
                    r[k] = x[k] == y[k] ? 1 : 0;
                }
            }
            case NE -> {
                for (int k = 0; k < m; k++) {
                    r[k] = x[k] != y[k] ? 1 : 0;
                }
            }
        }
    }

    private static void load(double[] r, int m, Buffer b, int at, int stride) {
        if (b instanceof Buffer.F64 f && stride == 1) {
            System.arraycopy(f.a, at, r, 0, m);
            return;
        }
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

    private static void store(double[] r, int m, int at0, Buffer b, int idx, int stride) {
        int at = idx + at0 * stride;
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
}
