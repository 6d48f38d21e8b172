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
    /** The steps that read operands (leaves and rolled leaves), and those that compute (operations), in order. */
    private final int[] loads;
    private final int[] ops;

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
        loads = java.util.stream.IntStream.range(0, n).filter(i -> steps.get(i).isLeaf()).toArray();
        ops = java.util.stream.IntStream.range(0, n)
                .filter(i -> !steps.get(i).isLeaf() && steps.get(i).kind() != Expression.Kind.CONST).toArray();
    }

    /**
     * What one element costs, in {@link legate.runtime.backend.UnaryOp#cost()}'s units: its operations',
     * one for each operand it loads and two for the result's store. Each step is a pass over its
     * registers, so a long expression of simple operations costs more than their sum alone says:
     * counted so, black_scholes's expressions of 20-odd steps over 10,000 elements (16-55 µs each
     * on one thread) are split across the threads: 0.42-0.71 → 0.42-0.59 ms a run (docs/performance.md,
     * session 29).
     */
    int cost() {
        int c = 2 + loads.length; // the store, and a load for each operand (leaves cost nothing of their own)
        for (Expression n : steps) {
            c += n.ownCost();
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
     * Runs shorter than half a block (the rows of a view that cuts a few elements out of each row
     * of a larger array: a 20×20×20 window of a 23×23×23 array comes a row of 20 at a time) are
     * gathered into one block, their operands loaded side by side, computed together, and their
     * results written back run by run: each step's per-call cost is then paid once a block, not
     * once a row. {@link Loops.Body#flush()} computes what is gathered.
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
        return new Loops.Body() {
            // the runs gathered so far: where their results go, and where in the block they are
            private int fill;
            private int runs;
            private Buffer[] outBuf = new Buffer[8];
            private int[] outIdx = new int[8];
            private int[] outStride = new int[8];
            private int[] outAt = new int[8];
            private int[] outCount = new int[8];

            @Override
            public void run(int count, Buffer[] buf, int[] idx, int[] st) {
                if (2 * count >= cap) {
                    flush();
                    for (int at = 0; at < count; at += cap) {
                        int m = Math.min(cap, count - at);
                        for (int s : loads) {
                            load(s, scratch, 0, m, at, buf, idx, st);
                        }
                        for (int s : ops) {
                            compute(s, scratch, m);
                        }
                        store(scratch[n - 1], 0, m, at, buf[0], idx[0], st[0]);
                    }
                    return;
                }
                if (fill + count > cap) {
                    flush();
                }
                for (int s : loads) {
                    load(s, scratch, fill, count, 0, buf, idx, st);
                }
                gathered(buf[0], idx[0], st[0], count);
            }

            /** A run just loaded at {@code fill}: where its results go once the block is computed. */
            private void gathered(Buffer out, int at, int stride, int count) {
                if (runs == outBuf.length) {
                    int more = 2 * runs;
                    outBuf = java.util.Arrays.copyOf(outBuf, more);
                    outIdx = java.util.Arrays.copyOf(outIdx, more);
                    outStride = java.util.Arrays.copyOf(outStride, more);
                    outAt = java.util.Arrays.copyOf(outAt, more);
                    outCount = java.util.Arrays.copyOf(outCount, more);
                }
                outBuf[runs] = out;
                outIdx[runs] = at;
                outStride[runs] = stride;
                outAt[runs] = fill;
                outCount[runs] = count;
                runs++;
                fill += count;
            }

            @Override
            public void runRows(int count, int rows, Buffer[] buf, int[] idx, int[] step, int[] st) {
                if (2 * count >= cap) {
                    Loops.Body.super.runRows(count, rows, buf, idx, step, st);
                    return;
                }
                int r = 0;
                while (r < rows) { // as many rows as the block holds, each operand loaded for all of them in one loop
                    if (fill + count > cap) {
                        flush();
                    }
                    int fit = Math.min(rows - r, (cap - fill) / count);
                    for (int s : loads) {
                        loadRows(s, scratch, fill, count, r, fit, buf, idx, step, st);
                    }
                    for (int q = 0; q < fit; q++) {
                        gathered(buf[0], idx[0] + (r + q) * step[0], st[0], count);
                    }
                    r += fit;
                }
            }

            @Override
            public void flush() {
                if (runs == 0) {
                    return;
                }
                for (int s : ops) {
                    compute(s, scratch, fill);
                }
                for (int q = 0; q < runs; q++) {
                    store(scratch[n - 1], outAt[q], outCount[q], 0, outBuf[q], outIdx[q], outStride[q]);
                    outBuf[q] = null;
                }
                runs = 0;
                fill = 0;
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
    /**
     * For a leaf (or a rolled leaf), elements {@code at .. at+m} of the run into its register from
     * element {@code off}; nothing for other steps.
     */
    private void load(int s, double[][] scratch, int off, int m, int at, Buffer[] buf, int[] idx, int[] st) {
        Expression node = steps.get(s);
        switch (node.kind()) {
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
                for (int k = off; k < off + m; ) {
                    int p = at + k - off;
                    int col = p % cols;
                    int rowStart = idx[j] + (p / cols) * cols * stride;
                    int len = Math.min(off + m - k, cols - col); // up to this row's end
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
                load(scratch[s], off, m, buf[j], idx[j] + at * st[j], st[j]);
            }
            default -> {
            }
        }
    }

    /**
     * For a leaf (or a rolled leaf), rows {@code r0 .. r0+rows} of a {@link Loops.Body#runRows} call
     * side by side into its register from element {@code off}, {@code count} elements each.
     */
    private void loadRows(int s, double[][] scratch, int off, int count, int r0, int rows, Buffer[] buf, int[] idx, int[] step, int[] st) {
        int j = leaf[s];
        if (j < 0) {
            return;
        }
        if (steps.get(s).kind() == Expression.Kind.LEAF) {
            double[] r = scratch[s];
            Buffer b = buf[j];
            int stride = st[j];
            int d = step[j];
            int at = idx[j] + r0 * d;
            if (b instanceof Buffer.F64 f && stride == 1) {
                double[] a = f.a;
                for (int q = 0; q < rows; q++, at += d, off += count) {
                    System.arraycopy(a, at, r, off, count);
                }
            } else {
                for (int q = 0; q < rows; q++, at += d, off += count) {
                    load(r, off, count, b, at, stride);
                }
            }
            return;
        }
        int saved = idx[j]; // a rolled leaf: row by row, as run() loads it
        try {
            for (int q = 0; q < rows; q++, off += count) {
                idx[j] = saved + (r0 + q) * step[j];
                load(s, scratch, off, count, 0, buf, idx, st);
            }
        } finally {
            idx[j] = saved;
        }
    }

    /** For an operation (one of {@link #ops}), its first {@code m} elements from its operands' registers. */
    private void compute(int s, double[][] scratch, int m) {
        Expression node = steps.get(s);
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

    private static void load(double[] r, int off, int m, Buffer b, int at, int stride) {
        if (b instanceof Buffer.F64 f && stride == 1) {
            System.arraycopy(f.a, at, r, off, m);
            return;
        }
        if (b instanceof Buffer.F64 f) {
            double[] a = f.a;
            for (int k = off; k < off + m; k++, at += stride) {
                r[k] = a[at];
            }
            return;
        }
        for (int k = off; k < off + m; k++, at += stride) {
            r[k] = b.getDouble(at);
        }
    }

    /** Elements {@code off .. off+m} of register r to elements {@code at0 .. at0+m} of the run at {@code idx}. */
    private static void store(double[] r, int off, int m, int at0, Buffer b, int idx, int stride) {
        int at = idx + at0 * stride;
        if (b instanceof Buffer.F64 f) {
            if (stride == 1) {
                System.arraycopy(r, off, f.a, at, m);
            } else {
                double[] a = f.a;
                for (int k = off; k < off + m; k++, at += stride) {
                    a[at] = r[k];
                }
            }
            return;
        }
        for (int k = off; k < off + m; k++, at += stride) {
            b.setDouble(at, r[k]);
        }
    }
}
