package legate.runtime.backend.cpu;

import legate.runtime.store.Buffer;
import legate.runtime.store.Source;

/**
 * Walks rows of an operation's output as runs: stretches of elements that every operand reads
 * from one buffer at a fixed stride. Kernels only ever see runs, so one kernel serves any
 * view, any partition and any halo.
 */
final class Loops {
    private Loops() {
    }

    /**
     * One run: {@code n} elements; operand {@code j} at {@code buf[j][idx[j] + k * stride[j]]}.
     * For arrays of two or more dimensions whose operands cannot be merged, a run is one whole
     * row of the last axis, from its first element.
     */
    interface Body {
        void run(int n, Buffer[] buf, int[] idx, int[] stride);

        /** Finishes what the runs so far left undone ({@link #forRows} calls it after the last run). */
        default void flush() {
        }

        /**
         * {@code rows} runs of {@code n} elements, run r's operand j from {@code idx[j] + r * step[j]}
         * (rows of a view, the same distance apart in every buffer). As many calls of {@link #run},
         * which is what this does unless a body takes them together. {@code idx} is left as given.
         */
        default void runRows(int n, int rows, Buffer[] buf, int[] idx, int[] step, int[] stride) {
            int[] at = idx.clone();
            for (int r = 0; r < rows; r++) {
                run(n, buf, at, stride);
                for (int j = 0; j < at.length; j++) {
                    at[j] += step[j];
                }
            }
        }
    }

    /**
     * Visits view rows {@code r0 .. r1} of {@code shape} (rows of the first axis; a 0-d shape has
     * one) for the operands {@code src} (the output first, if any).
     */
    static void forRows(int[] shape, Source[] src, int r0, int r1, Body body) {
        int m = src.length;
        Buffer[] buf = new Buffer[m];
        int[] idx = new int[m];
        int[] stride = new int[m];
        int nd = shape.length;
        if (nd == 0) {
            for (int j = 0; j < m; j++) {
                buf[j] = src[j].buffer(0);
                idx[j] = (int) (src[j].rowStart(0) - src[j].base(0));
                stride[j] = 0;
            }
            body.run(1, buf, idx, stride);
            body.flush();
            return;
        }
        long inner = 1;
        for (int d = 1; d < nd; d++) {
            inner *= shape[d];
        }
        if (inner == 0) {
            return;
        }
        boolean merged = merged(nd, src);
        int i = r0;
        while (i < r1) {
            int e = r1;
            for (int j = 0; j < m; j++) {
                e = Math.min(e, src[j].segmentEnd(i, r1));
                buf[j] = src[j].buffer(i);
            }
            if (nd == 1 || merged) {
                for (int j = 0; j < m; j++) {
                    idx[j] = (int) (src[j].rowStart(i) - src[j].base(i));
                    stride[j] = nd == 1 ? (int) src[j].stride(0) : src[j].isConstant() ? 0 : 1;
                }
                body.run((int) ((e - i) * inner), buf, idx, stride);
            } else {
                rowsOneByOne(shape, src, i, e, buf, idx, stride, body);
            }
            i = e;
        }
        body.flush();
    }

    /** Whether runs may span rows: two or more dimensions, every operand contiguous or constant. */
    private static boolean merged(int nd, Source[] src) {
        boolean merged = nd > 1;
        for (int j = 0; j < src.length && merged; j++) {
            merged = src[j].isConstant() || src[j].view().isContiguous();
        }
        return merged;
    }

    private static void rowsOneByOne(int[] shape, Source[] src, int i0, int i1, Buffer[] buf, int[] idx, int[] stride, Body body) {
        int m = src.length;
        int nd = shape.length;
        int last = shape[nd - 1];
        long[] base = new long[m];
        int[] step = new int[m];
        for (int j = 0; j < m; j++) {
            stride[j] = (int) src[j].stride(nd - 1);
        }
        if (nd == 2) { // rows of the first axis: together where every operand's rows are the same distance apart
            rowsOfFirstAxis(src, i0, i1, last, buf, idx, stride, step, body);
            return;
        }
        // three or more dimensions: the rows along axis nd-2 together (their distance is that axis' stride)
        int inner = shape[nd - 2];
        for (int j = 0; j < m; j++) {
            step[j] = (int) src[j].stride(nd - 2);
        }
        int[] mid = new int[nd]; // odometer over axes 1 .. nd-3
        for (int i = i0; i < i1; i++) {
            for (int j = 0; j < m; j++) {
                base[j] = src[j].rowStart(i) - src[j].base(i);
            }
            java.util.Arrays.fill(mid, 0);
            while (true) {
                for (int j = 0; j < m; j++) {
                    long at = base[j];
                    for (int d = 1; d < nd - 2; d++) {
                        at += src[j].stride(d) * mid[d];
                    }
                    idx[j] = (int) at;
                }
                body.runRows(last, inner, buf, idx, step, stride);
                int d = nd - 3;
                while (d >= 1 && ++mid[d] == shape[d]) {
                    mid[d] = 0;
                    d--;
                }
                if (d < 1) {
                    break;
                }
            }
        }
    }

    /**
     * Rows {@code i0 .. i1} of a 2-D shape: one {@link Body#runRows} call when each operand's rows
     * lie the same distance apart (a view of a larger matrix: always so within one buffer), else
     * one run a row.
     */
    private static void rowsOfFirstAxis(Source[] src, int i0, int i1, int last, Buffer[] buf, int[] idx, int[] stride, int[] step,
                                        Body body) {
        int m = src.length;
        boolean even = i1 - i0 > 1;
        for (int j = 0; j < m && even; j++) {
            long first = src[j].rowStart(i0) - src[j].base(i0);
            long d = src[j].rowStart(i0 + 1) - src[j].base(i0 + 1) - first;
            for (int i = i0 + 2; i < i1 && even; i++) {
                even = src[j].rowStart(i) - src[j].base(i) == first + (i - i0) * d;
            }
            idx[j] = (int) first;
            step[j] = (int) d;
        }
        if (even) {
            body.runRows(last, i1 - i0, buf, idx, step, stride);
            return;
        }
        for (int i = i0; i < i1; i++) {
            for (int j = 0; j < m; j++) {
                idx[j] = (int) (src[j].rowStart(i) - src[j].base(i));
            }
            body.run(last, buf, idx, stride);
        }
    }

    /** The elements of one row of {@code shape} (everything after the first axis; 1 for 0-d and 1-D). */
    static long perRow(int[] shape) {
        long n = 1;
        for (int d = 1; d < shape.length; d++) {
            n *= shape[d];
        }
        return n;
    }

    /** Steps {@code idx} to the next index of {@code shape} in row-major order (back to all zeros after the last). */
    static void nextIndex(int[] idx, int[] shape) {
        for (int d = shape.length - 1; d >= 0; d--) {
            if (++idx[d] < shape[d]) {
                break;
            }
            idx[d] = 0;
        }
    }
}
