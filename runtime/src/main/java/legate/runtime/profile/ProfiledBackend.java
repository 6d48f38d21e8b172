package legate.runtime.profile;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import legate.runtime.backend.Backend;
import legate.runtime.backend.ElementwiseKernel;
import legate.runtime.backend.Expression;
import legate.runtime.backend.FillPattern;
import legate.runtime.backend.ProcessorKind;
import legate.runtime.backend.Reduction;
import legate.runtime.store.Buffer;
import legate.runtime.store.Source;
import legate.runtime.store.View;
import legate.runtime.types.ElementType;

/**
 * A backend that records each call as an operation ({@link Profiler#beginOp}): what it computes,
 * its shape and rows, the stores it reads and writes. The runtime puts it in front of its own
 * backend while a profile is being taken, and takes it away after. With the profiler off and
 * {@code --show-progress} on, it only counts each operation ({@link Progress}), naming it only
 * when somebody asks.
 */
public final class ProfiledBackend implements Backend {
    private final Backend inner;

    public ProfiledBackend(Backend inner) {
        this.inner = inner;
    }

    public Backend inner() {
        return inner;
    }

    @Override
    public ProcessorKind kind() {
        return inner.kind();
    }

    /**
     * With the profiler off (only {@code --show-progress} on), runs {@code body} as one counted
     * operation named by {@code name} (asked only when a progress line shows it) and answers true;
     * with the profiler on, answers false and the caller records the operation.
     */
    private static boolean counted(Supplier<String> name, Runnable body) {
        if (Profiler.on) {
            return false;
        }
        Progress.started(name);
        try {
            body.run();
        } finally {
            Progress.ended();
        }
        return true;
    }

    @Override
    public String describe() {
        return inner.describe();
    }

    @Override
    public Buffer allocate(ElementType type, int length) {
        return inner.allocate(type, length);
    }

    @Override
    public void elementwise(ElementwiseKernel kernel, int[] shape, Source[] src, int lo, int hi) {
        if (counted(() -> kernelName(kernel) + " " + shapeText(shape), () -> inner.elementwise(kernel, shape, src, lo, hi))) {
            return;
        }
        Profile.Op op = Profiler.beginOp(kernelName(kernel), shapeText(shape), reads(src, 1), writes(src));
        try {
            inner.elementwise(kernel, shape, src, lo, hi);
        } finally {
            Profiler.endOp(op, shapeText(shape) + ", rows " + lo + ".." + hi);
        }
    }

    @Override
    public FusedKernel compile(Expression root, List<Expression> leaves) {
        FusedKernel k = inner.compile(root, leaves);
        if (!Profiler.on) { // counted once, however many runs
            boolean[] counted = new boolean[1];
            return (shape, src, lo, hi) -> {
                if (!counted[0]) {
                    counted[0] = true;
                    Progress.started(() -> "fused " + expressionName(root) + " " + shapeText(shape));
                }
                try {
                    k.run(shape, src, lo, hi);
                } finally {
                    Progress.ended();
                }
            };
        }
        String name = "fused " + expressionName(root);
        Profile.Op[] first = new Profile.Op[1]; // one operation, however many runs (rows here first, then the rest)
        return (shape, src, lo, hi) -> {
            if (lo >= hi && first[0] != null) { // an empty part of the rows (the rest, when this rank's were all of them): no span of its own
                k.run(shape, src, lo, hi);
                return;
            }
            Profile.Op op = first[0] == null ? Profiler.beginOp(name, shapeText(shape), reads(src, 1), writes(src)) : Profiler.resumeOp(first[0]);
            first[0] = op;
            try {
                k.run(shape, src, lo, hi);
            } finally {
                Profiler.endOp(op, shapeText(shape) + ", rows " + lo + ".." + hi + ", " + root.size() + " nodes");
            }
        };
    }

    @Override
    public void reduceBlocks(Reduction op, double center, View view, Source src, int blockSize, int firstBlock, int lastBlock,
                             double[] values, double[] index) {
        if (counted(() -> op.name().toLowerCase() + " " + shapeText(view.shape()), () -> inner.reduceBlocks(op, center, view, src, blockSize, firstBlock, lastBlock, values, index))) {
            return;
        }
        Profile.Op o = Profiler.beginOp(op.name().toLowerCase(), shapeText(view.shape()), new long[] {view.store().id()}, new long[0]);
        try {
            inner.reduceBlocks(op, center, view, src, blockSize, firstBlock, lastBlock, values, index);
        } finally {
            Profiler.endOp(o, shapeText(view.shape()) + ", blocks " + firstBlock + ".." + lastBlock);
        }
    }

    @Override
    public void reduceAlong(Reduction op, int n, int step, int[] outShape, Source[] src, int lo, int hi) {
        if (counted(() -> op.name().toLowerCase() + " along an axis " + shapeText(outShape), () -> inner.reduceAlong(op, n, step, outShape, src, lo, hi))) {
            return;
        }
        Profile.Op o = Profiler.beginOp(op.name().toLowerCase() + " along an axis", shapeText(outShape), reads(src, 1), writes(src));
        try {
            inner.reduceAlong(op, n, step, outShape, src, lo, hi);
        } finally {
            Profiler.endOp(o, "result " + shapeText(outShape) + ", rows " + lo + ".." + hi);
        }
    }

    @Override
    public void reduceRowBlocks(Reduction op, View view, Source src, int rowBlock, int firstBlock, int lastBlock, double[] partial,
                                int width) {
        if (counted(() -> op.name().toLowerCase() + " along axis 0 " + shapeText(view.shape()), () -> inner.reduceRowBlocks(op, view, src, rowBlock, firstBlock, lastBlock, partial, width))) {
            return;
        }
        Profile.Op o = Profiler.beginOp(op.name().toLowerCase() + " along axis 0", shapeText(view.shape()), new long[] {view.store().id()},
                new long[0]);
        try {
            inner.reduceRowBlocks(op, view, src, rowBlock, firstBlock, lastBlock, partial, width);
        } finally {
            Profiler.endOp(o, shapeText(view.shape()) + ", row blocks " + firstBlock + ".." + lastBlock);
        }
    }

    @Override
    public void assignOwned(View dst, View whole, double constant) {
        if (counted(() -> "assign " + shapeText(dst.shape()), () -> inner.assignOwned(dst, whole, constant))) {
            return;
        }
        Profile.Op o = Profiler.beginOp("assign", shapeText(dst.shape()), whole == null ? new long[0] : new long[] {whole.store().id()},
                new long[] {dst.store().id()});
        try {
            inner.assignOwned(dst, whole, constant);
        } finally {
            Profiler.endOp(o, shapeText(dst.shape()));
        }
    }

    @Override
    public void copyOut(View whole, double[] out) {
        if (counted(() -> "copy out " + shapeText(whole.shape()), () -> inner.copyOut(whole, out))) {
            return;
        }
        Profile.Op o = Profiler.beginOp("copy out", shapeText(whole.shape()), new long[] {whole.store().id()}, new long[0]);
        try {
            inner.copyOut(whole, out);
        } finally {
            Profiler.endOp(o, shapeText(whole.shape()) + " to the host");
        }
    }

    @Override
    public void matmul(Source left, long leftColumnStride, int leftFrom, Source right, long rightColumnStride, int rows, int k, int m,
                       Buffer out) {
        if (counted(() -> "matmul (" + rows + ", " + k + ") @ (" + k + ", " + m + ")", () -> inner.matmul(left, leftColumnStride, leftFrom, right, rightColumnStride, rows, k, m, out))) {
            return;
        }
        Profile.Op o = Profiler.beginOp("matmul", "(" + rows + ", " + k + ") @ (" + k + ", " + m + ")", reads(new Source[] {null, left, right}, 1),
                new long[0]);
        try {
            inner.matmul(left, leftColumnStride, leftFrom, right, rightColumnStride, rows, k, m, out);
        } finally {
            Profiler.endOp(o, rows + " rows of (" + rows + ", " + k + ") @ (" + k + ", " + m + ")");
        }
    }

    @Override
    public void onHostThreads(int from, int to, long workPerItem, Range body) {
        inner.onHostThreads(from, to, workPerItem, body); // part of an operation already counted and recorded
    }

    @Override
    public int hostThreads() {
        return inner.hostThreads();
    }

    @Override
    public void fill(FillPattern pattern, Buffer out, long first, int rowLength) {
        if (counted(() -> "fill (" + out.length() + ",)", () -> inner.fill(pattern, out, first, rowLength))) {
            return;
        }
        Profile.Op o = Profiler.beginOp("fill", "(" + out.length() + ",)", new long[0], new long[0]);
        try {
            inner.fill(pattern, out, first, rowLength);
        } finally {
            Profiler.endOp(o, out.length() + " elements, " + pattern.getClass().getSimpleName());
        }
    }

    @Override
    public void close() {
        inner.close();
    }

    // ---- names ----

    static String kernelName(ElementwiseKernel k) {
        if (k instanceof ElementwiseKernel.Binary b) {
            return b.op().name().toLowerCase();
        }
        if (k instanceof ElementwiseKernel.Unary u) {
            return u.op().name().toLowerCase();
        }
        if (k instanceof ElementwiseKernel.Compare c) {
            return c.op().name().toLowerCase();
        }
        return k instanceof ElementwiseKernel.Where ? "where" : k.getClass().getSimpleName().toLowerCase();
    }

    /** The operations of a fused expression, each once, in the order they run: "mul+add". */
    static String expressionName(Expression root) {
        Set<String> names = new LinkedHashSet<>();
        collect(root, names);
        List<String> list = new ArrayList<>(names);
        if (list.isEmpty()) {
            return "copy";
        }
        return list.size() > 5 ? String.join("+", list.subList(0, 5)) + "+..." : String.join("+", list);
    }

    private static void collect(Expression e, Set<String> names) {
        if (e == null) {
            return;
        }
        collect(e.a(), names);
        collect(e.b(), names);
        collect(e.c(), names);
        switch (e.kind()) {
            case UNARY -> names.add(e.unary().name().toLowerCase());
            case BINARY -> names.add(e.binary().name().toLowerCase());
            case COMPARE -> names.add(e.compare().name().toLowerCase());
            case WHERE -> names.add("where");
            case ROLL -> names.add("roll");
            default -> {
            }
        }
    }

    static String shapeText(int[] shape) {
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            b.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return b.append(shape.length == 1 ? ",)" : ")").toString();
    }

    /** The ids of the stores the sources from {@code from} on read (constants read none). */
    private static long[] reads(Source[] src, int from) {
        List<Long> ids = new ArrayList<>();
        for (int i = from; i < src.length; i++) {
            if (src[i] != null && !src[i].isConstant() && src[i].view() != null) {
                ids.add(src[i].view().store().id());
            }
        }
        return ids.stream().mapToLong(Long::longValue).toArray();
    }

    /** The store the first source writes (the destination). */
    private static long[] writes(Source[] src) {
        return src.length > 0 && src[0] != null && !src[0].isConstant() && src[0].view() != null ? new long[] {src[0].view().store().id()}
                : new long[0];
    }
}
