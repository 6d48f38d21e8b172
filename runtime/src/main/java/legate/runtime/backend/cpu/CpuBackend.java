package legate.runtime.backend.cpu;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import legate.runtime.backend.Backend;
import legate.runtime.backend.BackendConfig;
import legate.runtime.backend.ElementwiseKernel;
import legate.runtime.backend.Expression;
import legate.runtime.backend.FillPattern;
import legate.runtime.backend.ProcessorKind;
import legate.runtime.backend.Reduction;
import legate.runtime.store.Buffer;
import legate.runtime.store.BufferPool;
import legate.runtime.store.Source;
import legate.runtime.store.Store;
import legate.runtime.store.View;

/**
 * The CPU backend: the calling thread and a {@link Team} of {@code --cpus - 1} threads of its own.
 * Work on fewer elements than the parallel threshold stays on the calling thread; larger work is
 * cut into chunks that the caller and the team's threads take in turn.
 *
 * <p>Its threads belong to the JVM's root thread group, never to a cell's: JShell waits for
 * every thread of a cell's group before it ends the cell.
 */
public final class CpuBackend implements Backend {
    /** Fused expressions compute in registers of this many elements. */
    static final int EXPRESSION_BLOCK = 256;

    /** The cost of a simple operation (an add) in the units of {@link legate.runtime.backend.UnaryOp#cost()}: quarters. */
    static final int SIMPLE = 4;

    private final int cpus;
    private final long parallelThreshold;
    private final Team team;
    private final ExecutorService spawner;
    private final BufferPool buffers;

    /**
     * What {@link BufferPool} may hold: {@code LEGATE_BUFFER_POOL_MB}, default 0 (off). Measured
     * (docs/performance.md, session 26): it shortens the first hundreds of runs of small-array
     * loops (stencil's runs 2-6 about 3 times), but made linreg 1.5-2 times slower, not yet understood.
     */
    static long poolBytes(java.util.Map<String, String> env) {
        String v = env.get(POOL_ENV);
        if (v == null || v.isBlank()) {
            return 0;
        }
        try {
            long mb = Long.parseLong(v.strip());
            if (mb >= 0 && mb <= 1L << 30) {
                return mb << 20;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(POOL_ENV + ": expected megabytes (0 turns the pool of array memory off), got \"" + v + "\"");
    }

    static final String POOL_ENV = "LEGATE_BUFFER_POOL_MB";

    public CpuBackend(BackendConfig config) {
        this(config, poolBytes(System.getenv()));
    }

    /** @param poolBytes what its {@link BufferPool} may hold (0: none) */
    public CpuBackend(BackendConfig config, long poolBytes) {
        this.buffers = new BufferPool(poolBytes);
        this.cpus = Math.max(1, config.cpus());
        this.parallelThreshold = Math.max(1, config.parallelThreshold());
        ThreadGroup root = rootGroup();
        // A worker thread joins the group of the thread that constructs it (Java 17 has no
        // constructor taking a group), and the pool may construct one from a cell's thread:
        // so a thread of the root group constructs them all.
        this.spawner = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(root, r, "legate-cpu-spawner");
            t.setDaemon(true);
            return t;
        });
        this.team = new Team(this.cpus - 1, spawner, "legate-cpu-");
    }

    private static ThreadGroup rootGroup() {
        ThreadGroup g = Thread.currentThread().getThreadGroup();
        while (g.getParent() != null) {
            g = g.getParent();
        }
        return g;
    }

    @Override
    public ProcessorKind kind() {
        return ProcessorKind.CPU;
    }

    @Override
    public String describe() {
        return cpus + " CPU thread" + (cpus == 1 ? "" : "s");
    }

    public int cpus() {
        return cpus;
    }

    /** A new store's elements: on the memory of a dead store's of the same type and length when there is one ({@link BufferPool}). */
    @Override
    public Buffer allocate(legate.runtime.types.ElementType type, int length) {
        return buffers.allocate(type, length);
    }

    /** The pool of array memory (tests, {@code %legate_info}). */
    public BufferPool buffers() {
        return buffers;
    }

    @Override
    public void elementwise(ElementwiseKernel kernel, int[] shape, Source[] src, int lo, int hi) {
        forRows(shape, src, lo, hi, ElementLoops.cost(kernel), ElementLoops.of(kernel));
    }

    @Override
    public FusedKernel compile(Expression root, List<Expression> leaves) {
        ExpressionLoop loop = new ExpressionLoop(root, leaves);
        int cost = loop.cost();
        return (shape, src, lo, hi) -> runExpression(loop, cost, shape, src, lo, hi);
    }

    private void runExpression(ExpressionLoop loop, int cost, int[] shape, Source[] src, int lo, int hi) {
        if (shape.length == 0) { // its one row, when it is this rank's to compute
            if (hi > lo) {
                Loops.forRows(shape, src, 0, 1, loop.runner(1));
            }
            return;
        }
        if (hi <= lo) {
            return;
        }
        long perRow = Loops.perRow(shape);
        // registers of a block, or of the rows when they are fewer elements: runs shorter than a block are gathered into one
        parallelRows(lo, hi, perRow, cost, (a, b) -> Loops.forRows(shape, src, a, b,
                loop.runner((int) Math.min(EXPRESSION_BLOCK, (b - a) * perRow))));
    }

    @Override
    public void reduceBlocks(Reduction op, double center, View view, Source src, int blockSize, int firstBlock, int lastBlock,
                             double[] values, double[] index) {
        parallelRows(firstBlock, lastBlock, blockSize, (t0, t1) -> ReductionLoops.blocks(op, center, view, src, blockSize, t0, t1, firstBlock,
                values, index));
    }

    @Override
    public void reduceAlong(Reduction op, int n, int step, int[] outShape, Source[] src, int lo, int hi) {
        forRows(outShape, src, lo, hi, ReductionLoops.along(op, n, step));
    }

    @Override
    public void reduceRowBlocks(Reduction op, View view, Source src, int rowBlock, int firstBlock, int lastBlock, double[] partial,
                                int width) {
        int m = (int) (view.size() / Math.max(1, view.dim(0)));
        parallelRows(firstBlock, lastBlock, (long) rowBlock * m, (t0, t1) -> ReductionLoops.rowBlocks(op, view, src, rowBlock, t0, t1,
                firstBlock, partial, width));
    }

    @Override
    public void matmul(Source leftRows, long leftColumnStride, int leftFrom, Source rightRows, long rightColumnStride, int rows, int k,
                       int m, Buffer out) {
        Dense l = dense(leftRows, leftColumnStride, leftFrom, rows, k);
        Dense r = dense(rightRows, rightColumnStride, 0, k, m);
        final double[] left = l.a();
        final double[] right = r.a();
        final int lo = l.offset();
        final int ro = r.offset();
        final double[] res = out instanceof Buffer.F64 f ? f.a : new double[rows * m];
        if (m == 1) { // a matrix times a vector: one running sum per row, in the same order as below
            parallelRows(0, rows, k, (r0, r1) -> DenseLoops.matvecRows(left, lo, right, ro, res, k, r0, r1));
        } else if (rows < cpus && m >= 2 * COLUMN_GROUP) { // a vector times a matrix: the threads take groups of columns
            int groups = (m + COLUMN_GROUP - 1) / COLUMN_GROUP;
            parallelRows(0, groups, (long) rows * k * COLUMN_GROUP, (g0, g1) -> {
                for (int i = 0; i < rows; i++) {
                    DenseLoops.vectorTimesMatrix(left, lo + i * k, right, ro, res, i * m, k, m, g0 * COLUMN_GROUP, Math.min(m, g1 * COLUMN_GROUP));
                }
            });
        } else if (rows < DenseLoops.COPY_ROWS) { // a few rows: right read in place (copying its rows would cost as much)
            parallelRows(0, rows, (long) k * m, (r0, r1) -> DenseLoops.matmulRowsInPlace(left, lo, right, ro, res, k, m, r0, r1));
        } else {
            int panelRows = Math.max(1, Math.min(k, DenseLoops.PANEL_ELEMENTS / m)); // right by panels of rows that stay in the cache
            for (int t0 = 0; t0 < k; t0 += panelRows) {
                double[][] panel = DenseLoops.panel(right, ro, m, t0, Math.min(k, t0 + panelRows));
                int from = t0;
                // the threads take groups of four rows (what matmulRows computes at once)
                parallelRows(0, (rows + 3) / 4, 4L * panel.length * m,
                        (g0, g1) -> DenseLoops.matmulRows(left, lo, k, panel, from, res, m, 4 * g0, Math.min(rows, 4 * g1)));
            }
        }
        if (!(out instanceof Buffer.F64)) {
            for (int i = 0; i < res.length; i++) {
                out.setDouble(i, res[i]);
            }
        }
    }

    /** Columns a thread takes at a time in a vector times a matrix: a cache line of doubles. */
    static final int COLUMN_GROUP = 8;

    /** A row-major matrix of doubles: {@code a[offset + i * cols + j]}. */
    private record Dense(double[] a, int offset) {
    }

    /**
     * Rows {@code from .. from+rows} of a 2-D view as a dense row-major matrix: the buffer's own
     * array when the rows lie side by side in one buffer of doubles (read only), else a copy.
     */
    private static Dense dense(Source src, long colStride, int from, int rows, int cols) {
        if (rows > 0 && (colStride == 1 || cols == 1) && src.buffer(from) instanceof Buffer.F64 f) {
            long first = src.rowStart(from) - src.base(from);
            if (src.segmentEnd(from, from + rows) == from + rows && (rows == 1 || src.stride(0) == cols)) {
                return new Dense(f.a, (int) first); // one buffer (one base), rows a row's length apart: side by side
            }
            boolean together = true;
            for (int i = 1; i < rows && together; i++) {
                together = src.buffer(from + i) == f && src.rowStart(from + i) - src.base(from + i) == first + (long) i * cols;
            }
            if (together) {
                return new Dense(f.a, (int) first);
            }
        }
        return new Dense(copy(src, colStride, from, rows, cols), 0);
    }

    /** Rows {@code from .. from+rows} of a 2-D view, as a dense row-major double array. */
    private static double[] copy(Source src, long colStride, int from, int rows, int cols) {
        double[] out = new double[rows * cols];
        for (int i = 0; i < rows; i++) {
            Buffer b = src.buffer(from + i);
            long start = src.rowStart(from + i) - src.base(from + i);
            if (colStride == 1 && b instanceof Buffer.F64 f) { // a row of doubles side by side: one copy
                System.arraycopy(f.a, (int) start, out, i * cols, cols);
                continue;
            }
            for (int j = 0; j < cols; j++) {
                out[i * cols + j] = b.getDouble((int) (start + j * colStride));
            }
        }
        return out;
    }

    @Override
    public void onHostThreads(int from, int to, long workPerItem, Range body) {
        parallelRows(from, to, workPerItem, body::run);
    }

    @Override
    public int hostThreads() {
        return cpus;
    }

    @Override
    public void fill(FillPattern pattern, Buffer out, long first, int rowLength) {
        Fills.Range body = Fills.of(pattern, out, first, rowLength);
        int length = out.length();
        long per = Math.max(1, rowLength);
        int rows = length == 0 ? 0 : (int) ((length + per - 1) / per);
        parallelRows(0, rows, per, (r0, r1) -> body.fill((int) (r0 * per), (int) Math.min(length, r1 * per)));
    }

    @Override
    public void assignOwned(View dst, View whole, double constant) {
        int[] shape = dst.shape();
        Store s = dst.store();
        long rowLength = s.rowLength();
        // converted as a copy converts (an integer into a float once, not through float64)
        Buffer.Conversion conversion = whole == null ? null : Buffer.Conversion.of(whole.store().type(), s.type());
        int rows = shape.length == 0 ? 1 : shape[0];
        long perRow = rows == 0 ? 0 : dst.size() / rows;
        parallelRows(0, rows, perRow, (r0, r1) -> { // dst's rows among the threads: each element is written once
            int[] idx = new int[shape.length];
            if (shape.length > 0) {
                idx[0] = r0;
            }
            for (long f = r0 * perRow, end = r1 * perRow; f < end; f++) {
                long flat = dst.flatIndex(idx);
                long row = Math.floorDiv(flat, rowLength);
                if (row >= s.ownLo() && row < s.ownHi()) {
                    int li = s.localIndex(flat);
                    if (whole == null) {
                        s.local().setDouble(li, constant);
                    } else {
                        conversion.move(whole.store().local(), whole.store().localIndex(whole.flatIndex(idx)), s.local(), li);
                    }
                }
                Loops.nextIndex(idx, shape);
            }
        });
    }

    @Override
    public void copyOut(View whole, double[] out) {
        Buffer local = whole.store().local();
        Store s = whole.store();
        if (whole.isContiguous()) {
            for (int i = 0; i < out.length; i++) {
                out[i] = local.getDouble(s.localIndex(whole.offset() + i));
            }
            return;
        }
        int[] shape = whole.shape();
        int[] idx = new int[shape.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = local.getDouble(s.localIndex(whole.flatIndex(idx)));
            Loops.nextIndex(idx, shape);
        }
    }

    /** Rows {@code lo .. hi} of an element-wise body, on this rank's threads. */
    private void forRows(int[] shape, Source[] src, int lo, int hi, Loops.Body body) {
        forRows(shape, src, lo, hi, SIMPLE, body);
    }

    /** As {@link #forRows(int[], Source[], int, int, Loops.Body)}, an element costing {@code cost} quarters of a simple operation. */
    private void forRows(int[] shape, Source[] src, int lo, int hi, int cost, Loops.Body body) {
        if (shape.length == 0) { // its one row, when it is this rank's to compute
            if (hi > lo) {
                Loops.forRows(shape, src, 0, 1, body);
            }
            return;
        }
        parallelRows(lo, hi, Loops.perRow(shape), cost, (a, b) -> Loops.forRows(shape, src, a, b, body));
    }

    /** The body, recording each range it runs as a span on its thread's lane ("cpu 0" the rank's own thread, "cpu k" pool thread k). */
    private static RowRange profiled(RowRange body) {
        String name = legate.runtime.profile.Profiler.currentName();
        return (a, b) -> {
            long t0 = System.nanoTime();
            body.run(a, b);
            long t1 = System.nanoTime();
            String lane = "cpu " + Team.laneOf(Thread.currentThread());
            legate.runtime.profile.Profiler.span(lane, "task", name, t0, t1, "rows " + a + ".." + b);
        };
    }

    /** The work of {@code rows} rows of {@code elementsPerRow} elements costing {@code cost} each, in simple operations. */
    private static long work(int rows, long elementsPerRow, int cost) {
        return (long) rows * Math.max(1, elementsPerRow) * Math.max(SIMPLE, cost) / SIMPLE;
    }

    /** Whether {@link #parallelRows(int, int, long, int, RowRange)} splits this work across the threads. */
    boolean splits(int rows, long elementsPerRow, int cost) {
        return cpus > 1 && rows > 1 && work(rows, elementsPerRow, cost) >= parallelThreshold;
    }

    /** A body run on a range of rows. */
    interface RowRange {
        void run(int lo, int hi);
    }

    /**
     * Runs {@code body} over rows {@code lo .. hi}, split across this rank's threads when the
     * work ({@code elementsPerRow} each) is large enough; returns when all are done.
     */
    void parallelRows(int lo, int hi, long elementsPerRow, RowRange given) {
        parallelRows(lo, hi, elementsPerRow, SIMPLE, given);
    }

    /**
     * As {@link #parallelRows(int, int, long, RowRange)}, each element costing {@code cost}
     * quarters of a simple operation ({@link legate.runtime.backend.UnaryOp#cost()}): the work
     * weighed against the parallel threshold is the elements times their cost, at least one
     * simple operation each. Waking the pool's threads costs about as much as 30,000 simple
     * operations on the development VM, so an exp of 10,000 elements stays on one thread and a
     * power of 10,000 (some 70 simple operations each) is split.
     */
    void parallelRows(int lo, int hi, long elementsPerRow, int cost, RowRange given) {
        int rows = hi - lo;
        if (rows <= 0) {
            return;
        }
        RowRange body = legate.runtime.profile.Profiler.on ? profiled(given) : given;
        long work = work(rows, elementsPerRow, cost);
        if (!splits(rows, elementsPerRow, cost)) {
            body.run(lo, hi);
            return;
        }
        // chunks taken in turn by the caller and cpus-1 team threads: a thread slowed down (a
        // busy core) takes fewer, and no more threads run than --cpus
        int chunks = (int) Math.min(rows, Math.min(cpus * 8L, Math.max(1, work / (parallelThreshold / 4))));
        team.run(chunks, c -> body.run(lo + (int) ((long) rows * c / chunks), lo + (int) ((long) rows * (c + 1) / chunks)));
    }

    @Override
    public void close() {
        buffers.clear();
        team.close();
        spawner.shutdownNow();
    }
}
