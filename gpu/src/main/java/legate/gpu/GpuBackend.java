package legate.gpu;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import legate.gpu.device.Device;
import legate.runtime.backend.Backend;
import legate.runtime.backend.BackendConfig;
import legate.runtime.backend.BinaryOp;
import legate.runtime.backend.CompareOp;
import legate.runtime.backend.ElementwiseKernel;
import legate.runtime.backend.Expression;
import legate.runtime.backend.FillPattern;
import legate.runtime.backend.ProcessorKind;
import legate.runtime.backend.Reduction;
import legate.runtime.backend.cpu.CpuBackend;
import legate.runtime.store.Buffer;
import legate.runtime.store.Source;
import legate.runtime.store.Store;
import legate.runtime.store.View;
import legate.runtime.types.ElementType;

/**
 * The GPU backend: element-wise operations, copies and casts, constant fills and whole fused
 * expressions run on the rank's GPU as launches of the element-wise kernel ({@code lg_eval}),
 * on tiles that stay in device memory between operations ({@link DeviceMemory}). What has no
 * GPU kernel yet runs on the host, on the CPU backend's threads, after its operands' values are
 * copied back (docs/gpu.md lists those operations); its results go to the GPU when a GPU
 * operation next reads them. Either way every result has the CPU backend's bits, except for sin,
 * cos and pow (CUDA's, not fdlibm's, on a real GPU; exp, log and tanh are the CPU's own steps).
 *
 * <p>A launch covers the rows of an operation where each operand reads one buffer: the rank's
 * own rows, or rows that arrived from other ranks (a halo), each in a tile of its own.
 */
public final class GpuBackend implements Backend {
    private final Device[] devices;
    private final DeviceMemory memory;
    private final CpuBackend host;
    private final String describe;
    /** Operations on fewer elements run on the rank's first GPU alone. */
    private final long splitThreshold;
    private final EvalDescriptor descriptor = new EvalDescriptor();
    private final ReduceDescriptor reduce = new ReduceDescriptor();
    private final AtomicLong launches = new AtomicLong();
    private final KernelSpans[] spans;
    /** Operations computed on the host, by name, for reports. */
    private final java.util.concurrent.ConcurrentHashMap<String, AtomicLong> onHostByName = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * @param device the rank's GPU (the backend closes it)
     * @param config {@code --fbmem} (the device memory budget), and {@code --cpus} for what runs on the host
     * @param poison overwrite host copies that are stale (tests)
     */
    public GpuBackend(Device device, BackendConfig config, boolean poison) {
        this(List.of(device), config, poison);
    }

    /**
     * A rank on several GPUs ({@code --gpus N}): an operation on at least
     * {@code config.parallelThreshold()} elements is split among them by rows, as the CPU backend
     * splits one among its threads, and each GPU keeps the rows it computes (DeviceMemory).
     *
     * @param devices the rank's GPUs, in order (the backend closes them)
     * @param config {@code --fbmem} (each GPU's budget), and {@code --cpus} for what runs on the host
     * @param poison overwrite copies that are stale (tests)
     */
    public GpuBackend(List<? extends Device> devices, BackendConfig config, boolean poison) {
        if (devices.isEmpty()) {
            throw new IllegalArgumentException("a GPU backend needs a GPU");
        }
        this.devices = devices.toArray(new Device[0]);
        this.raiseWords = new Buffer[this.devices.length];
        this.memory = new DeviceMemory(this.devices, config.fbmemBytes(), poison);
        this.host = new CpuBackend(BackendConfig.cpus(config.cpus(), config.parallelThreshold()));
        this.splitThreshold = Math.max(1, config.parallelThreshold());
        this.spans = new KernelSpans[this.devices.length];
        StringBuilder which = new StringBuilder();
        for (int d = 0; d < this.devices.length; d++) {
            spans[d] = new KernelSpans(this.devices[d], d);
            which.append(d == 0 ? "" : "; ").append(this.devices[d].describe());
        }
        Device first = this.devices[0];
        int n = this.devices.length;
        this.describe = n + (n == 1 ? " GPU (" : " GPUs (") + which + "; --fbmem " + (config.fbmemBytes() >> 20) + " MB" + (n == 1 ? "" : " each")
                + (first.stagingBytes() > 0 ? "; " + staged(first.stagingBytes()) + " pinned for copies (--zcmem)" + (n == 1 ? "" : " each") : "") + ")";
    }

    private static String staged(long bytes) {
        return bytes >= 1 << 20 ? (bytes >> 20) + " MB" : (bytes >> 10) + " KB";
    }

    @Override
    public ProcessorKind kind() {
        return ProcessorKind.GPU;
    }

    @Override
    public String describe() {
        return generated ? describe + "; element-wise kernels generated for each program (" + GENERATE + "=1)" : describe;
    }

    /** The rank's first GPU. */
    public Device device() {
        return devices[0];
    }

    /** The rank's GPUs. */
    public List<Device> devices() {
        return List.of(devices);
    }

    /** Bytes copied between the rank's GPUs so far. */
    public long peerBytes() {
        return memory.peerBytes();
    }

    /** Times a GPU's window of a buffer grew so far (several GPUs a rank). */
    public long windowsGrown() {
        return memory.windowsGrown();
    }

    /** Kernel launches so far. */
    public long launches() {
        return launches.get();
    }

    /** Operations computed on the host so far, by name ("matmul": 3). */
    public java.util.Map<String, Long> hostOperationsByName() {
        java.util.Map<String, Long> out = new java.util.TreeMap<>();
        onHostByName.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    private void countOnHost(String what) {
        onHostByName.computeIfAbsent(what, k -> new AtomicLong()).incrementAndGet();
    }

    DeviceMemory memory() {
        return memory;
    }

    // ---- on the GPU ----

    /** Per GPU, the int its integer powers' launches set to 1 on a negative exponent (EvalProgram.raises); made when first needed. */
    private final Buffer[] raiseWords;

    private Buffer raiseWord(int d) {
        if (raiseWords[d] == null) {
            raiseWords[d] = Buffer.allocate(ElementType.INT32, 1);
        }
        return raiseWords[d];
    }

    /** A new store's buffer: its host array is made only if host code reads it; on the device it starts as zeros. */
    @Override
    public Buffer allocate(ElementType type, int length) {
        return Buffer.allocateLazily(type, length);
    }

    @Override
    public void elementwise(ElementwiseKernel kernel, int[] shape, Source[] src, int lo, int hi) {
        ElementType[] types = new ElementType[src.length];
        for (int j = 0; j < src.length; j++) {
            types[j] = type(src[j]);
        }
        // an integer power of a constant exponent of at least 0 needs no word for a negative exponent (EvalProgram.raises)
        boolean exponentNotNegative = kernel instanceof ElementwiseKernel.Binary b && b.op() == BinaryOp.POW && b.longs() && src[2].isConstant()
                && src[2].buffer(0).getLong(0) >= 0;
        EvalProgram p = EvalProgram.of(kernel, types, exponentNotNegative);
        if (p == null) {
            onHost(name(kernel), src, 1, () -> host.elementwise(kernel, shape, src, lo, hi));
            return;
        }
        run(p, shape, src, lo, hi, name(kernel));
    }

    @Override
    public FusedKernel compile(Expression root, List<Expression> leaves) {
        EvalProgram p = EvalProgram.of(root, leaves);
        ExpressionPieces pieces = p == null ? ExpressionPieces.of(root, leaves) : null;
        if (pieces != null) {
            return pieces(pieces, root, leaves);
        }
        if (p == null) {
            FusedKernel onCpu = host.compile(root, leaves);
            return (shape, src, lo, hi) -> onHost("expression of " + root.size() + " nodes", src, 1, () -> onCpu.run(shape, src, lo, hi));
        }
        return (shape, src, lo, hi) -> run(p, shape, src, lo, hi, "expression");
    }

    /**
     * An expression too large for one launch, in pieces (ExpressionPieces): each writes a temporary
     * of float64 on the device (only the elements the output's rows use, freed after the last piece
     * that reads it) or, the last, the output; one launch per piece and row range. Where the
     * temporaries do not fit in device memory, the expression runs on the host, as it did before
     * it ran in pieces (the output is written by the last piece alone).
     */
    private FusedKernel pieces(ExpressionPieces plan, Expression root, List<Expression> leaves) {
        List<ExpressionPieces.Piece> pieces = plan.pieces();
        int n = pieces.size();
        int[] lastRead = new int[plan.temporaries()]; // the last piece that reads each temporary
        for (int k = 0; k < n; k++) {
            for (int o : pieces.get(k).operands()) {
                if (o < 0) {
                    lastRead[-1 - o] = k;
                }
            }
        }
        FusedKernel[] onCpu = new FusedKernel[1]; // compiled the first time device memory is too full
        return (shape, src, lo, hi) -> {
            if (hi <= lo || Store.sizeOf(shape) == 0) {
                return; // as run: nothing of it on this rank
            }
            int length = src[0].buffer(shape.length == 0 ? 0 : lo).length();
            Buffer[] temporary = new Buffer[plan.temporaries()];
            Source[] reads = new Source[temporary.length];
            try {
                for (int k = 0; k < n; k++) {
                    ExpressionPieces.Piece piece = pieces.get(k);
                    Source[] s = new Source[piece.operands().length + 1];
                    if (piece.writes() < 0) {
                        s[0] = src[0];
                    } else {
                        Buffer t = Buffer.allocateLazily(ElementType.FLOAT64, length);
                        synchronized (memory) {
                            memory.temporary(t);
                        }
                        temporary[piece.writes()] = t;
                        reads[piece.writes()] = src[0].over(t);
                        s[0] = reads[piece.writes()];
                    }
                    for (int j = 1; j < s.length; j++) {
                        int o = piece.operands()[j - 1];
                        s[j] = o >= 0 ? src[o + 1] : reads[-1 - o];
                    }
                    run(piece.program(), shape, s, lo, hi, "expression");
                    for (int t = 0; t < temporary.length; t++) {
                        if (lastRead[t] == k) {
                            discard(temporary, t);
                        }
                    }
                }
            } catch (legate.runtime.OutOfMemoryError full) {
                RuntimeException failed = discardAll(temporary); // the host needs no device memory, but the GPU should get it back
                if (onCpu[0] == null) {
                    onCpu[0] = host.compile(root, leaves);
                }
                onHost("expression of " + leaves.size() + " operands (its pieces did not fit in device memory)", src, 1,
                        () -> onCpu[0].run(shape, src, lo, hi));
                if (failed != null) {
                    throw failed;
                }
            } catch (RuntimeException | Error e) {
                RuntimeException failed = discardAll(temporary);
                if (failed != null) {
                    e.addSuppressed(failed); // the first failure is the one to report
                }
                throw e;
            }
            RuntimeException failed = discardAll(temporary);
            if (failed != null) {
                throw failed;
            }
        };
    }

    /** Frees every temporary still held; the first failure to free one (the others added to it), or null. */
    private RuntimeException discardAll(Buffer[] temporary) {
        RuntimeException failed = null;
        for (int t = 0; t < temporary.length; t++) {
            try {
                discard(temporary, t);
            } catch (RuntimeException e) {
                if (failed == null) {
                    failed = e;
                } else {
                    failed.addSuppressed(e);
                }
            }
        }
        return failed;
    }

    /** Frees temporary {@code t}'s device memory now, if it is still held. */
    private void discard(Buffer[] temporary, int t) {
        if (temporary[t] != null) {
            Buffer b = temporary[t];
            temporary[t] = null;
            synchronized (memory) {
                memory.discard(b);
            }
        }
    }

    @Override
    public void onHostThreads(int from, int to, long workPerItem, Range body) {
        host.onHostThreads(from, to, workPerItem, body);
    }

    @Override
    public int hostThreads() {
        return host.hostThreads();
    }

    @Override
    public void fill(FillPattern pattern, Buffer out, long first, int rowLength) {
        if (pattern instanceof FillPattern.Constant c && out.length() > 0) {
            onEachDevice(out, "full", (d, at, from, to) -> {
                descriptor.reset();
                descriptor.shape(new long[] {to - from});
                descriptor.operand(0, at, from, new long[] {1}, out.type(), 0);
                descriptor.program(new int[][] {{EvalDescriptor.CONST, 0, 0, 0, 0}}, new double[] {c.value()});
                launch(d);
            });
            return;
        }
        // uniform and normal numbers and integers from the CPU's Philox counters, on the device, with the CPU's bits (normals
        // through the CPU's own log and cos(2 pi u), lg_math.h)
        if (pattern instanceof FillPattern.Random r && out.length() > 0) {
            boolean integers = r.distribution() == FillPattern.Distribution.INTEGERS;
            onEachDevice(out, "random", (d, at, from, to) -> {
                descriptor.reset();
                descriptor.shape(new long[] {to - from});
                descriptor.operand(0, at, from, new long[] {1}, out.type(), 0);
                descriptor.program(new int[][] {{EvalDescriptor.RANDOM | (integers ? EvalDescriptor.LONG : 0), 0, 0, r.distribution().ordinal(), 0}},
                        new double[1]);
                descriptor.randomWords(r.seed(), r.draw(), r.low(), r.range(), first + from);
                launch(d);
            });
            return;
        }
        if ((pattern instanceof FillPattern.LongSequence || pattern instanceof FillPattern.DoubleSequence || pattern instanceof FillPattern.Identity)
                && out.length() > 0) {
            onEachDevice(out, "sequence", (d, at, from, to) -> {
                descriptor.reset();
                descriptor.shape(new long[] {to - from});
                descriptor.operand(0, at, from, new long[] {1}, out.type(), 0);
                descriptor.first(first + from);
                if (pattern instanceof FillPattern.LongSequence s) { // start + i * step, in wrapping longs, as the CPU
                    descriptor.constant(1, longConstant(s.step()));
                    descriptor.constant(2, longConstant(s.start()));
                    int l = EvalDescriptor.LONG;
                    descriptor.program(new int[][] {{EvalDescriptor.INDEX | l, 0, 0, 0, 0}, {EvalDescriptor.LOAD | l, 1, 1, 0, 0},
                        {EvalDescriptor.BINARY | l, 2, 0, 1, BinaryOp.MUL.ordinal()}, {EvalDescriptor.LOAD | l, 3, 2, 0, 0},
                        {EvalDescriptor.BINARY | l, 4, 3, 2, BinaryOp.ADD.ordinal()}}, new double[5]);
                } else if (pattern instanceof FillPattern.DoubleSequence s) { // i == lastIndex ? last : start + i * step
                    descriptor.constant(1, longConstant(s.lastIndex()));
                    int l = EvalDescriptor.LONG;
                    descriptor.program(new int[][] {{EvalDescriptor.INDEX | l, 0, 0, 0, 0}, {EvalDescriptor.LOAD | l, 1, 1, 0, 0},
                        {EvalDescriptor.COMPARE | l | EvalDescriptor.ARGS_LONG, 2, 0, 1, CompareOp.EQ.ordinal()}, {EvalDescriptor.INDEX, 3, 0, 0, 0},
                        {EvalDescriptor.CONST, 4, 0, 0, 0}, {EvalDescriptor.BINARY, 5, 3, 4, BinaryOp.MUL.ordinal()},
                        {EvalDescriptor.CONST, 6, 0, 0, 0}, {EvalDescriptor.BINARY, 7, 6, 5, BinaryOp.ADD.ordinal()},
                        {EvalDescriptor.CONST, 8, 0, 0, 0}, {EvalDescriptor.WHERE | EvalDescriptor.ARGS_LONG, 9, 2, 8, 7}},
                            new double[] {0, 0, 0, 0, s.step(), 0, s.start(), 0, s.last(), 0});
                } else { // zeros, then ones on the diagonal elements g = r * (rowLength + 1), r < rowLength, of elements from .. to
                    descriptor.program(new int[][] {{EvalDescriptor.CONST, 0, 0, 0, 0}}, new double[] {0});
                    launch(d);
                    long step = rowLength + 1L;
                    long r0 = (first + from + step - 1) / step;
                    long r1 = Math.min(rowLength - 1L, (first + to - 1) / step);
                    if (r1 < r0) {
                        return;
                    }
                    descriptor.reset();
                    descriptor.shape(new long[] {r1 - r0 + 1});
                    descriptor.operand(0, at, r0 * step - first, new long[] {step}, out.type(), 0);
                    descriptor.program(new int[][] {{EvalDescriptor.CONST, 0, 0, 0, 0}}, new double[] {1});
                }
                launch(d);
            });
            return;
        }
        onHostWriting("fill " + pattern.getClass().getSimpleName(), out, () -> host.fill(pattern, out, first, rowLength));
    }

    /** Writes elements {@code from .. to} of a buffer on GPU {@code d}, whose copy of element 0 is at {@code address}. */
    private interface Part {
        void write(int d, long address, int from, int to);
    }

    /** One operation writing all of {@code out}: its elements split among the GPUs (above the threshold), each writing its part. */
    private void onEachDevice(Buffer out, String what, Part part) {
        synchronized (memory) {
            memory.beginOperation();
            int[] parts = split(0, out.length(), out.length());
            for (int d = 0; d < devices.length; d++) {
                if (parts[d + 1] > parts[d]) {
                    long at = memory.onDevice(d, out, parts[d], parts[d + 1], true, what);
                    part.write(d, at, parts[d], parts[d + 1]);
                    memory.written(d, out, parts[d], parts[d + 1]);
                }
            }
        }
    }

    /**
     * Items {@code from .. to} (rows, elements or blocks) of an operation on {@code elements}
     * elements, split among the GPUs: part {@code d} is {@code out[d] .. out[d + 1]}. Below the
     * threshold, or with one GPU, all of them are GPU 0's.
     */
    private int[] split(int from, int to, long elements) {
        int n = devices.length;
        int[] out = new int[n + 1];
        boolean one = n == 1 || elements < splitThreshold || to - from < 2;
        for (int d = 0; d <= n; d++) {
            out[d] = one ? (d == 0 ? from : to) : (int) (from + (long) (to - from) * d / n);
        }
        return out;
    }

    private static Buffer longConstant(long v) {
        Buffer b = Buffer.allocate(ElementType.INT64, 1);
        b.setLong(0, v);
        return b;
    }

    /**
     * Launches {@code p} over rows {@code lo .. hi}: the rows split among the GPUs (above the
     * threshold), and on each one launch per stretch of rows where every operand reads one buffer.
     */
    private void run(EvalProgram p, int[] shape, Source[] src, int lo, int hi, String what) {
        int nd = shape.length;
        if (hi <= lo || Store.sizeOf(shape) == 0) { // a 0-d shape's one row too: only where it is this rank's
            return;
        }
        synchronized (memory) {
            memory.beginOperation();
            int start = nd == 0 ? 0 : lo;
            int end = nd == 0 ? 1 : hi;
            long perRow = nd == 0 ? 1 : Store.sizeOf(shape) / shape[0];
            int[] parts = split(start, end, (end - start) * perRow);
            boolean[] raising = p.raises() ? new boolean[devices.length] : null; // the GPUs whose launches were given the word
            for (int d = 0; d < devices.length; d++) {
                int i = parts[d];
                while (i < parts[d + 1]) {
                    int e = parts[d + 1];
                    for (Source s : src) {
                        e = Math.min(e, s.segmentEnd(i, e));
                    }
                    long[] dims = new long[nd];
                    if (nd > 0) {
                        dims[0] = e - i;
                        for (int k = 1; k < nd; k++) {
                            dims[k] = shape[k];
                        }
                    }
                    Buffer out = null;
                    long[] wrote = null;
                    long[][] strides = new long[src.length][nd];
                    for (int j = 0; j < src.length; j++) { // every operand's elements on this GPU first: a later one may move an earlier one's copy
                        Source s = src[j];
                        if (s.isConstant()) {
                            continue;
                        }
                        Buffer b = s.buffer(i);
                        for (int k = 0; k < nd; k++) {
                            strides[j][k] = s.stride(k);
                        }
                        long[] span = span(s.rowStart(i) - s.base(i), dims, strides[j]);
                        long reach = p.reach(j);
                        span[reach < 0 ? 0 : 1] += reach;
                        // an output that is every element of its span is written, not read; other outputs read theirs first
                        boolean overwrite = j == 0 && dense(dims, strides[j]);
                        memory.onDevice(d, b, (int) span[0], (int) span[1], overwrite, what);
                        if (j == 0) {
                            out = b;
                            wrote = span;
                        }
                    }
                    if (raising != null) { // with the operands, before any address is taken
                        memory.onDevice(d, raiseWord(d), 0, 1, false, what); // its 0 uploaded when the host's copy is the newer
                        raising[d] = true;
                    }
                    int axes = coalesce(dims, strides, false, rolled(p));
                    int[] peel = peeled(dims, axes); // axes beyond the kernel's: a launch per index of them, over the others
                    int[] keep = kept(peel, axes);
                    long[] peelDims = pick(dims, peel);
                    long[] index = new long[peel.length];
                    do {
                        descriptor.reset();
                        descriptor.shape(pick(dims, keep));
                        for (int j = 0; j < src.length; j++) {
                            Source s = src[j];
                            Buffer b = s.buffer(i);
                            if (s.isConstant()) {
                                descriptor.constant(j, b);
                            } else {
                                long first = s.rowStart(i) - s.base(i);
                                for (int q = 0; q < peel.length; q++) {
                                    first += index[q] * strides[j][peel[q]];
                                }
                                descriptor.operand(j, memory.address(d, b), first, pick(strides[j], keep), b.type(), p.roll(j));
                            }
                        }
                        descriptor.program(p.steps(), p.konst());
                        if (raising != null) {
                            descriptor.raiseWord(memory.address(d, raiseWords[d]));
                        }
                        launch(d);
                    } while (next(index, peelDims));
                    if (out != null) {
                        memory.written(d, out, (int) wrote[0], (int) wrote[1]);
                    }
                    if (raising != null) {
                        memory.written(d, raiseWords[d], 0, 1);
                    }
                    i = e;
                }
            }
            if (raising != null) {
                boolean negative = false;
                for (int d = 0; d < devices.length; d++) {
                    if (raising[d] && raiseWords[d].forHostRead().getLong(0) != 0) {
                        memory.forHost(raiseWords[d], true);
                        raiseWords[d].setLong(0, 0); // for the next operation (uploaded with it)
                        negative = true;
                    }
                }
                if (negative) {
                    throw BinaryOp.negativeIntegerPower(); // as the CPU raises it (its output written in part, as the CPU's)
                }
            }
        }
    }

    /** Whether an operand of {@code p} reads its last axis rolled (that axis then stays an axis of its own). */
    private static boolean rolled(EvalProgram p) {
        for (int j = 0; j < p.operands(); j++) {
            if (p.roll(j) != 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Merges neighbouring axes of a launch that every operand steps through as one (the outer
     * axis's stride is the inner's times the inner's length, or either has length 1), as NumPy's
     * iterator coalesces them: fewer coordinates to divide out of each element's number, and an
     * array of more than {@link EvalDescriptor#MAX_DIMS} axes that is contiguous enough still runs
     * on the device. Every element keeps its number and its operands' elements. The first axis
     * stays apart when {@code keepFirst} (a reduction's rows), the last when {@code keepLast} (a
     * rolled read). Rewrites {@code dims} and each row of {@code strides} in place, the axes kept
     * first, and returns how many are kept.
     */
    static int coalesce(long[] dims, long[][] strides, boolean keepFirst, boolean keepLast) {
        int nd = dims.length;
        int m = 0;
        for (int k = 0; k < nd; k++) {
            boolean merged = false;
            if (m > 0 && !(keepFirst && m == 1) && !(keepLast && k == nd - 1)) {
                int o = m - 1;
                if (dims[o] == 1) { // the outer axis of length 1: the inner one alone
                    dims[o] = dims[k];
                    for (long[] st : strides) {
                        st[o] = st[k];
                    }
                    merged = true;
                } else if (dims[k] == 1) { // an inner axis of length 1: nothing to step
                    merged = true;
                } else {
                    merged = true;
                    for (long[] st : strides) {
                        if (st[o] != st[k] * dims[k]) {
                            merged = false;
                            break;
                        }
                    }
                    if (merged) {
                        dims[o] *= dims[k];
                        for (long[] st : strides) {
                            st[o] = st[k];
                        }
                    }
                }
            }
            if (!merged) {
                dims[m] = dims[k];
                for (long[] st : strides) {
                    st[m] = st[k];
                }
                m++;
            }
        }
        return m;
    }

    /**
     * Of a launch's {@code axes} (after coalescing), those beyond the kernel's
     * {@link EvalDescriptor#MAX_DIMS} that it runs a launch per index of: the shortest (fewest
     * launches), never the last (a rolled read's, and the contiguous one); in axis order. None for
     * 6 axes or fewer.
     */
    static int[] peeled(long[] dims, int axes) {
        int n = Math.max(0, axes - EvalDescriptor.MAX_DIMS);
        if (n == 0) {
            return new int[0];
        }
        Integer[] order = new Integer[axes - 1];
        for (int k = 0; k < order.length; k++) {
            order[k] = k;
        }
        Arrays.sort(order, (x, y) -> Long.compare(dims[x], dims[y])); // stable: the outer of two equal lengths first
        int[] out = new int[n];
        for (int q = 0; q < n; q++) {
            out[q] = order[q];
        }
        Arrays.sort(out);
        return out;
    }

    /** The axes of {@code axes} not in {@code peel}, in order. */
    static int[] kept(int[] peel, int axes) {
        int[] out = new int[axes - peel.length];
        for (int k = 0, q = 0, m = 0; k < axes; k++) {
            if (q < peel.length && peel[q] == k) {
                q++;
            } else {
                out[m++] = k;
            }
        }
        return out;
    }

    private static long[] pick(long[] a, int[] at) {
        long[] out = new long[at.length];
        for (int q = 0; q < at.length; q++) {
            out[q] = a[at[q]];
        }
        return out;
    }

    /** Steps {@code index} to the next index of the axes of lengths {@code dims}, the last fastest; false after the last. */
    static boolean next(long[] index, long[] dims) {
        for (int k = index.length - 1; k >= 0; k--) {
            if (++index[k] < dims[k]) {
                return true;
            }
            index[k] = 0;
        }
        return false;
    }

    /**
     * The elements {@code first .. end} of its buffer that an operand reads or writes: from its
     * element {@code offset}, along each axis's stride (a rolled read stays within its axis).
     */
    static long[] span(long offset, long[] dims, long[] strides) {
        long lo = offset;
        long hi = offset;
        for (int k = 0; k < dims.length; k++) {
            long reach = strides[k] * (dims[k] - 1);
            if (reach < 0) {
                lo += reach;
            } else {
                hi += reach;
            }
        }
        return new long[] {lo, hi + 1};
    }

    /** Whether an operand of these strides covers every element of its span (row-major and contiguous). */
    static boolean dense(long[] dims, long[] strides) {
        long expect = 1;
        for (int k = dims.length - 1; k >= 0; k--) {
            if (dims[k] == 1) {
                continue;
            }
            if (strides[k] != expect) {
                return false;
            }
            expect *= dims[k];
        }
        return true;
    }

    /**
     * The element-wise kernel's default: one element a thread. On an H200 (GPU check, 2026-12-04)
     * it ran a*b+c on 2^26 float64 at 1421 GB/s where four elements a thread (legate_eval) ran at 1139.
     */
    public static final Kernels ELEMENTWISE_DEFAULT = Kernels.EVAL_SINGLE;

    /** The element-wise kernel this backend launches (the GPU check times each of them). */
    private volatile Kernels elementwise = ELEMENTWISE_DEFAULT;

    /** Launches {@code kernel} (one of the element-wise ones) for element-wise operations from now on. */
    public void elementwiseKernel(Kernels kernel) {
        if (kernel == Kernels.REDUCE_BLOCKS || kernel == Kernels.MATMUL || kernel == Kernels.MATMUL_BLOCKED) {
            throw new IllegalArgumentException(kernel.symbol() + " is not an element-wise kernel");
        }
        this.elementwise = kernel;
    }

    /** The environment variable that turns generated element-wise kernels on ({@code 1}) or off ({@code 0}, the default). */
    public static final String GENERATE = "LEGATE_GPU_GENERATE";

    /**
     * Whether element-wise programs run as kernels generated for each program ({@link ElementwisePtx},
     * compiled by the driver at their first launch) where the generator covers every step, rather
     * than on the interpreting kernel. Off by default until a GPU has compared them with the CPU.
     */
    private volatile boolean generated;

    /** Generated element-wise kernels from now on ({@code true}), or the interpreting kernel alone. */
    public void generatedKernels(boolean on) {
        this.generated = on;
    }

    /** Launches of generated kernels so far, and launches that fell back to the interpreting kernel because a GPU could not compile one. */
    private final AtomicLong generatedLaunches = new AtomicLong();
    private final AtomicLong refusedLaunches = new AtomicLong();

    public long generatedLaunches() {
        return generatedLaunches.get();
    }

    public long refusedLaunches() {
        return refusedLaunches.get();
    }

    /** Element-wise programs launched on the interpreting kernel so far (with generated kernels on: those the generator does not cover, or a GPU refused). */
    private final AtomicLong interpretedLaunches = new AtomicLong();

    public long interpretedLaunches() {
        return interpretedLaunches.get();
    }

    /**
     * Launches the element-wise program of the descriptor as it stands on GPU {@code d}: its
     * generated kernel where those are on and the generator covers it, else the interpreting kernel.
     */
    private void launch(int d) {
        byte[] bytes = descriptor.bytes();
        long threads = descriptor.elements();
        GeneratedKernel g = generated ? ElementwisePtx.of(bytes) : null;
        if (g != null) {
            Device device = devices[d];
            if (device.compile(g)) {
                launch(d, g.name(), threads, () -> device.launch(g, threads, bytes));
                generatedLaunches.incrementAndGet();
                return;
            }
            refusedLaunches.incrementAndGet();
        }
        interpretedLaunches.incrementAndGet();
        launch(d, elementwise, bytes, threads);
    }

    /** Launches {@code kernel} on GPU {@code d} over {@code threads} threads with its descriptor (by value). */
    private void launch(int d, Kernels kernel, byte[] descriptorBytes, long threads) {
        Device device = devices[d];
        launch(d, kernel.symbol(), threads, () -> device.launch(kernel, threads, descriptorBytes));
    }

    /** One launch on GPU {@code d}, of kernel {@code name} over {@code threads} threads: a span on its profile lane when profiling, and counted. */
    private void launch(int d, String name, long threads, Runnable launch) {
        if (legate.runtime.profile.Profiler.on) {
            spans[d].launched(name, threads, launch);
        } else {
            launch.run();
        }
        launches.incrementAndGet();
    }

    private static ElementType type(Source s) {
        return s.isConstant() ? s.buffer(0).type() : s.view().store().type();
    }

    private static String name(ElementwiseKernel k) {
        if (k instanceof ElementwiseKernel.Binary b) {
            return b.op().numpyName;
        } else if (k instanceof ElementwiseKernel.Unary u) {
            return u.op().numpyName;
        } else if (k instanceof ElementwiseKernel.Compare c) {
            return c.op().numpyName;
        }
        return "where";
    }

    // ---- on the host, for now ----

    /** Runs {@code body} on the host with every buffer of {@code src} current there; the first {@code writes} sources are written. */
    private void onHost(String what, Source[] src, int writes, Runnable body) {
        synchronized (memory) {
            countOnHost(what);
            for (int j = 0; j < src.length; j++) {
                for (Buffer b : src[j].buffers()) {
                    memory.forHost(b, j < writes);
                }
            }
            body.run();
        }
    }

    private void onHostWriting(String what, Buffer out, Runnable body) {
        synchronized (memory) {
            countOnHost(what);
            memory.forHost(out, true);
            body.run();
        }
    }

    @Override
    public void reduceBlocks(Reduction op, double center, View view, Source src, int blockSize, int firstBlock, int lastBlock, double[] values,
                             double[] index) {
        int blocks = lastBlock - firstBlock;
        if (blocks <= 0) {
            return;
        }
        if (view.ndim() > EvalDescriptor.MAX_DIMS && coalescedAxes(view, false) > EvalDescriptor.MAX_DIMS || blockSize % 4 != 0) {
            onHost("reduction of " + view.ndim() + " axes", new Source[] {src}, 0, () -> host.reduceBlocks(op, center, view, src, blockSize, firstBlock, lastBlock, values, index));
            return;
        }
        synchronized (memory) {
            memory.beginOperation();
            boolean lanes = op.hasLanes();
            String what = op.name().toLowerCase(java.util.Locale.ROOT);
            // the accumulators start as the CPU's: 0 (1 for products) in each lane; no best yet
            Buffer acc = Buffer.allocate(ElementType.FLOAT64, lanes ? blocks * 4 : blocks);
            java.util.Arrays.fill(((Buffer.F64) acc).a, op == Reduction.PROD ? 1.0 : lanes ? 0.0 : Double.NaN);
            Buffer best = Buffer.allocate(ElementType.INT64, lanes ? 1 : blocks);
            java.util.Arrays.fill(((Buffer.I64) best).a, -1);
            int w = lanes ? 4 : 1;
            long n = view.size();
            int nd = view.ndim();
            int rows = nd == 0 ? 1 : view.dim(0);
            long perRow = n / rows;
            int[] parts = split(firstBlock, lastBlock, Math.min(n, (long) blocks * blockSize));
            for (int d = 0; d < devices.length; d++) { // each GPU its blocks, into its part of the partials
                if (parts[d + 1] <= parts[d]) {
                    continue;
                }
                int s0 = parts[d] - firstBlock;
                int s1 = parts[d + 1] - firstBlock;
                long accAt = memory.onDevice(d, acc, s0 * w, s1 * w, false, what);
                long bestAt = memory.onDevice(d, best, lanes ? 0 : s0, lanes ? 1 : s1, false, what);
                long f0 = (long) parts[d] * blockSize;
                long f1 = Math.min(n, (long) parts[d + 1] * blockSize);
                int i = (int) (f0 / perRow);
                int end = (int) Math.min(rows, (f1 + perRow - 1) / perRow);
                while (i < end) { // one launch per stretch of rows that one buffer holds
                    int e = src.segmentEnd(i, end);
                    Stretch st = Stretch.of(view, src, i, e).coalesced(false);
                    long from = Math.max(f0, (long) i * perRow);
                    long to = Math.min(f1, (long) e * perRow);
                    reduce.set(op, st.onDevice(memory, d, "reduction"), st.buffer().type(), st.offset(), st.strides(), st.dims(),
                            (long) i * perRow, from, to, blockSize, firstBlock, center, accAt, bestAt);
                    launch(d, Kernels.REDUCE_BLOCKS, reduce.bytes(), ReduceDescriptor.threads(op, from, to, blockSize));
                    i = e;
                }
                memory.written(d, acc, s0 * w, s1 * w);
                if (!lanes) {
                    memory.written(d, best, s0, s1);
                }
            }
            double[] a = ((Buffer.F64) acc.forHostRead()).a;
            long[] at = ((Buffer.I64) best.forHostRead()).a;
            for (int t = 0; t < blocks; t++) {
                values[t] = lanes ? op.combine(a[4 * t], a[4 * t + 1], a[4 * t + 2], a[4 * t + 3]) : a[t];
                if (index != null) {
                    index[t] = at[t];
                }
            }
        }
    }

    /** View rows {@code i .. e} that one buffer of {@code src} holds: their shape, strides, first element and the elements they reach. */
    private record Stretch(Buffer buffer, long[] dims, long[] strides, long offset, long[] span) {
        static Stretch of(View view, Source src, int i, int e) {
            long[] dims = stretchShape(view, i, e);
            long[] strides = view.strides();
            long offset = src.rowStart(i) - src.base(i);
            return new Stretch(src.buffer(i), dims, strides, offset, GpuBackend.span(offset, dims, strides));
        }

        /** Its buffer's copy on GPU {@code d}, with the elements it reaches current there. */
        long onDevice(DeviceMemory memory, int d, String what) {
            return memory.onDevice(d, buffer, (int) span[0], (int) span[1], false, what);
        }

        /** The same elements with its axes {@link #coalesce coalesced}; with {@code keepFirst}, only those after the first (a reduction's rows). */
        Stretch coalesced(boolean keepFirst) {
            long[] d = dims.clone();
            long[][] st = {strides.clone()};
            int m = coalesce(d, st, keepFirst, false);
            return new Stretch(buffer, Arrays.copyOf(d, m), Arrays.copyOf(st[0], m), offset, span);
        }
    }

    /** The axes a reduction of {@code view} launches with after coalescing: the same for every stretch of rows, or fewer (its rows counted as 2). */
    private static int coalescedAxes(View view, boolean keepFirst) {
        return coalesce(stretchShape(view, 0, 2), new long[][] {view.strides()}, keepFirst, false);
    }

    /** The shape of view rows {@code i .. e} (a stretch one buffer holds): the view's, with {@code e - i} rows. */
    private static long[] stretchShape(View view, int i, int e) {
        long[] dims = new long[view.ndim()];
        for (int d = 0; d < dims.length; d++) {
            dims[d] = d == 0 ? e - i : view.dim(d);
        }
        return dims;
    }

    @Override
    public void reduceAlong(Reduction op, int n, int step, int[] outShape, Source[] src, int lo, int hi) {
        EvalProgram p = EvalProgram.along(op, n, step);
        if (p == null) {
            onHost("reduction along an axis", src, 1, () -> host.reduceAlong(op, n, step, outShape, src, lo, hi));
            return;
        }
        run(p, outShape, src, lo, hi, op.name().toLowerCase(java.util.Locale.ROOT));
    }

    @Override
    public void reduceRowBlocks(Reduction op, View view, Source src, int rowBlock, int firstBlock, int lastBlock, double[] partial, int width) {
        int blocks = lastBlock - firstBlock;
        if (blocks <= 0) {
            return;
        }
        int nd = view.ndim();
        if (op == Reduction.SQDEV || nd == 0 || nd > EvalDescriptor.MAX_DIMS && coalescedAxes(view, true) > EvalDescriptor.MAX_DIMS) {
            onHost("reduction along the first axis", new Source[] {src}, 0, () -> host.reduceRowBlocks(op, view, src, rowBlock, firstBlock, lastBlock,
                    partial, width));
            return;
        }
        synchronized (memory) {
            memory.beginOperation();
            String what = op.name().toLowerCase(java.util.Locale.ROOT);
            Buffer acc = Buffer.allocate(ElementType.FLOAT64, Math.max(1, blocks * width));
            long m = view.size() / Math.max(1, view.dim(0));
            int rowsEnd = Math.min(view.dim(0), lastBlock * rowBlock);
            int[] parts = split(firstBlock, lastBlock, (long) (rowsEnd - firstBlock * rowBlock) * m);
            for (int d = 0; d < devices.length; d++) { // each GPU its blocks of rows, into its part of the partials
                if (parts[d + 1] <= parts[d]) {
                    continue;
                }
                int s0 = (parts[d] - firstBlock) * width;
                int s1 = (parts[d + 1] - firstBlock) * width;
                long accAt = memory.onDevice(d, acc, s0, s1, false, what);
                int i = parts[d] * rowBlock;
                int end = Math.min(view.dim(0), parts[d + 1] * rowBlock);
                while (i < end && m > 0) { // one launch per stretch of rows that one buffer holds
                    int e = src.segmentEnd(i, end);
                    Stretch st = Stretch.of(view, src, i, e).coalesced(true);
                    reduce.set(op, st.onDevice(memory, d, what), st.buffer().type(), st.offset(), st.strides(), st.dims(), i, i, e,
                            rowBlock, firstBlock, 0, accAt, 0).rows(width);
                    launch(d, Kernels.REDUCE_BLOCKS, reduce.bytes(), ((e - 1L) / rowBlock - i / rowBlock + 1) * m);
                    i = e;
                }
                memory.written(d, acc, s0, s1);
            }
            System.arraycopy(((Buffer.F64) acc.forHostRead()).a, 0, partial, 0, blocks * width);
        }
    }

    /**
     * An assignment through a view whose rows cross the store's rows (a transposed or sliced
     * reshape of an array of one axis), on a split store: one launch over the whole view on GPU 0,
     * writing only the elements this rank holds (a bounded output, {@link EvalDescriptor#bound}),
     * from {@code whole} (which this rank holds entirely) or the constant, converted as a copy
     * converts ({@link Buffer.Conversion}).
     */
    @Override
    public void assignOwned(View dst, View whole, double constant) {
        Store s = dst.store();
        int nd = dst.ndim();
        long held = (long) (s.ownHi() - s.ownLo()) * s.rowLength();
        if (held == 0 || dst.size() == 0) {
            return; // none of it is this rank's
        }
        if (nd > EvalDescriptor.MAX_DIMS) {
            assignOwnedOnHost(dst, whole, constant);
            return;
        }
        long[] dims = new long[nd];
        for (int k = 0; k < nd; k++) {
            dims[k] = dst.dim(k);
        }
        long offset = s.localIndex(dst.offset());
        long[] span = span(offset, dims, dst.strides());
        int from = (int) Math.max(0, span[0]);
        int to = (int) Math.min(held, span[1]);
        if (to <= from) {
            return;
        }
        synchronized (memory) {
            memory.beginOperation();
            String what = "assignment across rows";
            Buffer out = s.local();
            Buffer in = whole == null ? null : whole.store().local();
            long inOffset = whole == null ? 0 : whole.store().localIndex(whole.offset());
            if (in != null) {
                long[] inSpan = span(inOffset, dims, whole.strides());
                memory.onDevice(0, in, (int) inSpan[0], (int) inSpan[1], false, what);
            }
            memory.onDevice(0, out, from, to, false, what);
            descriptor.reset();
            descriptor.shape(dims);
            descriptor.operand(0, memory.address(0, out), offset, dst.strides(), out.type(), 0);
            descriptor.bound(held);
            if (in == null) {
                descriptor.program(new int[][] {{EvalDescriptor.CONST, 0, 0, 0, 0}}, new double[] {constant});
            } else {
                descriptor.operand(1, memory.address(0, in), inOffset, whole.strides(), in.type(), 0);
                descriptor.program(new int[][] {{EvalProgram.load(Buffer.Conversion.of(in.type(), out.type())), 0, 1, 0, 0}}, new double[1]);
            }
            launch(0);
            memory.written(0, out, from, to);
        }
    }

    private void assignOwnedOnHost(View dst, View whole, double constant) {
        synchronized (memory) {
            countOnHost("assignment across rows");
            if (whole != null) {
                memory.forHost(whole.store().local(), false);
            }
            memory.forHost(dst.store().local(), true);
            host.assignOwned(dst, whole, constant);
        }
    }

    @Override
    public void copyOut(View whole, double[] out) {
        synchronized (memory) {
            memory.forHost(whole.store().local(), false);
            host.copyOut(whole, out);
        }
    }

    /**
     * The kernel of matmul's products: {@link Kernels#MATMUL_BLOCKED} or {@link Kernels#MATMUL}
     * (null: chosen by the product's size, {@link #matmulKernel}), or {@link Kernels#EVAL} for the
     * element-wise kernel's DOT program. The GPU check times each.
     */
    private volatile Kernels matmul;

    /** Launches matmul's products on {@code kernel} from now on (null: chosen by size, the default). */
    public void matmulKernel(Kernels kernel) {
        if (kernel != null && kernel != Kernels.MATMUL && kernel != Kernels.MATMUL_BLOCKED && kernel != Kernels.EVAL) {
            throw new IllegalArgumentException(kernel.symbol() + " does not compute matrix products");
        }
        this.matmul = kernel;
    }

    /**
     * Output tiles of 64 x 64, 16 elements a thread, once there are enough of them to fill the GPU
     * ({@link #BLOCKED_MATMUL_BLOCKS} a multiprocessor: an H100's 132 take 396 tiles, a 1,274 x
     * 1,274 output); a smaller product in tiles of 16 x 16, one element a thread, which gives the GPU
     * 16 times as many blocks. A prediction, to be set by a GPU's figures (the GPU check prints both).
     */
    static Kernels matmulKernel(long rows, long m, int multiprocessors) {
        return tiles(rows, m, Kernels.MATMUL_BLOCKED_TILE) >= (long) BLOCKED_MATMUL_BLOCKS * multiprocessors ? Kernels.MATMUL_BLOCKED : Kernels.MATMUL;
    }

    /** Output tiles of {@code tile} x {@code tile} of a rows x m product (eval.h's lg_tiles). */
    private static long tiles(long rows, long m, long tile) {
        return ((rows + tile - 1) / tile) * ((m + tile - 1) / tile);
    }

    /** The blocks of {@link Kernels#MATMUL_BLOCKED} a multiprocessor holds at once (ptxas: 80 registers a thread, 256 threads a block). */
    static final int BLOCKED_MATMUL_BLOCKS = 3;

    /**
     * {@code out = A @ B} on the GPU: A's rows and all of B gathered into dense float64 tiles (one
     * copy launch per stretch of rows a buffer holds), then one launch whose every element sums its
     * products in index order, as the CPU does: in tiles through shared memory ({@link #matmulKernel}:
     * 64 x 64 with 16 elements a thread, or 16 x 16 for small products), on the descriptor of the
     * DOT program it computes.
     */
    @Override
    public void matmul(Source left, long leftColumnStride, int leftFrom, Source right, long rightColumnStride, int rows, int k, int m,
                       Buffer out) {
        if (rows == 0 || m == 0) {
            return;
        }
        synchronized (memory) {
            memory.beginOperation();
            int[] parts = split(0, rows, (long) rows * m * Math.max(1, k));
            for (int d = 0; d < devices.length; d++) { // each GPU its rows of the product, from its own dense copy of B
                int r0 = parts[d];
                int r1 = parts[d + 1];
                if (r1 <= r0) {
                    continue;
                }
                Buffer a = dense(d, left, leftColumnStride, leftFrom + r0, r1 - r0, k);
                Buffer b = dense(d, right, rightColumnStride, 0, k, m);
                descriptor.reset();
                descriptor.shape(new long[] {r1 - r0, m});
                descriptor.operand(0, memory.onDevice(d, out, r0 * m, r1 * m, true, "matmul"), (long) r0 * m, new long[] {m, 1}, out.type(), 0);
                descriptor.operand(1, memory.onDevice(d, a, 0, a.length(), false, "matmul"), 0, new long[] {k, 0}, ElementType.FLOAT64, 0);
                descriptor.dotStep(1, 1);
                descriptor.operand(2, memory.onDevice(d, b, 0, b.length(), false, "matmul"), 0, new long[] {0, 1}, ElementType.FLOAT64, 0);
                descriptor.dotStep(2, m);
                descriptor.program(new int[][] {{EvalDescriptor.DOT, 0, 1, 2, k}}, new double[1]);
                Kernels kernel = matmul != null ? matmul : matmulKernel(r1 - r0, m, devices[d].multiprocessors());
                if (kernel == Kernels.EVAL) {
                    launch(d);
                } else {
                    long tiles = tiles(r1 - r0, m, kernel == Kernels.MATMUL_BLOCKED ? Kernels.MATMUL_BLOCKED_TILE : Kernels.MATMUL_TILE);
                    launch(d, kernel, descriptor.bytes(), tiles * Kernels.BLOCK_THREADS);
                }
                memory.written(d, out, r0 * m, r1 * m);
            }
        }
    }

    /**
     * Rows {@code from .. from+rows} of a 2-D source as a dense row-major float64 tile on GPU
     * {@code d} (its elements {@code colStride} apart in a row).
     */
    private Buffer dense(int d, Source s, long colStride, int from, int rows, int cols) {
        Buffer out = Buffer.allocateLazily(ElementType.FLOAT64, Math.max(1, rows * cols));
        long at = memory.onDevice(d, out, 0, out.length(), true, "matmul");
        int i = from;
        int end = from + rows;
        while (i < end && cols > 0) {
            int e = s.segmentEnd(i, end);
            Buffer b = s.buffer(i);
            long[] dims = {e - i, cols};
            long[] strides = {s.stride(0), colStride};
            long offset = s.rowStart(i) - s.base(i);
            long[] span = span(offset, dims, strides);
            descriptor.reset();
            descriptor.shape(dims);
            descriptor.operand(0, at, (long) (i - from) * cols, new long[] {cols, 1}, ElementType.FLOAT64, 0);
            descriptor.operand(1, memory.onDevice(d, b, (int) span[0], (int) span[1], false, "matmul"), offset, strides, b.type(), 0);
            descriptor.program(new int[][] {{EvalDescriptor.LOAD, 0, 1, 0, 0}}, new double[1]);
            launch(d);
            i = e;
        }
        memory.written(d, out, 0, out.length());
        return out;
    }

    @Override
    public void profiling(boolean on) {
        synchronized (memory) {
            for (KernelSpans k : spans) {
                k.profiling(on);
            }
        }
    }

    @Override
    public void close() {
        synchronized (memory) {
            memory.close();
            for (Device d : devices) {
                d.close();
            }
            host.close();
        }
    }
}
