package legate.runtime.backend;

import java.util.List;
import legate.runtime.store.Buffer;
import legate.runtime.store.Source;
import legate.runtime.store.View;

/**
 * A rank's processors, as the array runtime uses them: every loop that touches element data
 * runs here. The runtime chooses partitions and moves rows between ranks; a backend computes
 * on what this rank holds. Row arguments are rows of the operation's output (the first axis;
 * a 0-d shape has one row), and {@code src[0]} is the output where there is one.
 */
public interface Backend extends AutoCloseable {
    ProcessorKind kind();

    /** What it computes on, for {@code %legate_info}: "2 CPU threads". */
    String describe();

    /**
     * The buffer of a new store's elements on this rank, zeros: a host array, unless the backend
     * computes elsewhere and makes the host array only when host code needs it.
     */
    default Buffer allocate(legate.runtime.types.ElementType type, int length) {
        return Buffer.allocate(type, length);
    }

    /** An element-wise operation over rows {@code lo .. hi} of {@code shape}. */
    void elementwise(ElementwiseKernel kernel, int[] shape, Source[] src, int lo, int hi);

    /** A fused expression made ready to run; {@code src[k + 1]} of its runs reads {@code leaves.get(k)}. */
    FusedKernel compile(Expression root, List<Expression> leaves);

    /** A compiled expression: one pass over rows {@code lo .. hi} computes it into {@code src[0]}. */
    interface FusedKernel {
        void run(int[] shape, Source[] src, int lo, int hi);
    }

    /**
     * Partial results of a reduction of every element of {@code view}, in its row-major order,
     * cut into blocks of {@code blockSize}: block t (for t in {@code firstBlock .. lastBlock})
     * reduced in a fixed order into {@code values[t - firstBlock]} (and for arg reductions its
     * flat index into {@code index}). The order inside a block is the same on every backend.
     */
    void reduceBlocks(Reduction op, double center, View view, Source src, int blockSize, int firstBlock, int lastBlock, double[] values,
                      double[] index);

    /**
     * A reduction along one axis other than the first: output element i ({@code src[0]}) reduces
     * {@code n} elements of {@code src[1]} from its element i, {@code step} apart; rows {@code lo .. hi}.
     */
    void reduceAlong(Reduction op, int n, int step, int[] outShape, Source[] src, int lo, int hi);

    /**
     * Partials of a reduction along the first axis of {@code view}: rows cut into blocks of
     * {@code rowBlock}; block t (in {@code firstBlock .. lastBlock}) reduced in row order into
     * {@code partial[(t - firstBlock) * width ...]} ({@code width} is the row's size, twice that
     * for arg reductions, whose row indices follow the values).
     */
    void reduceRowBlocks(Reduction op, View view, Source src, int rowBlock, int firstBlock, int lastBlock, double[] partial, int width);

    /**
     * Writes the elements of {@code dst} that this rank holds, for a view whose rows cross store
     * rows on a split store: from {@code whole} (a view of dst's shape that this rank holds
     * entirely), or {@code constant} when whole is null.
     */
    void assignOwned(View dst, View whole, double constant);

    /** Every element of {@code whole} (held entirely by this rank), row-major, as doubles. */
    void copyOut(View whole, double[] out);

    /**
     * {@code out = A (rows x k) @ B (k x m)}, row-major, each element summed over k in index
     * order: A's rows {@code leftFrom ..} and all of B's, read from their sources (a matrix row
     * at a time; elements {@code leftColumnStride} and {@code rightColumnStride} apart).
     */
    void matmul(Source left, long leftColumnStride, int leftFrom, Source right, long rightColumnStride, int rows, int k, int m, Buffer out);

    /** Fills {@code out}, which holds the elements from global flat index {@code first} on, of rows of {@code rowLength}. */
    void fill(FillPattern pattern, Buffer out, long first, int rowLength);

    /** Part of a range of items, for {@link #onHostThreads}. */
    interface Range {
        void run(int from, int to);
    }

    /**
     * Runs {@code body} over items {@code from .. to} on this rank's CPU threads, split when the
     * work ({@code workPerItem} simple operations an item) is worth waking them; returns when all
     * parts are done. For the runtime's own work on host arrays (a factorization's block updates):
     * the body must give the same bits however the range is split. Without threads of its own a
     * backend runs it whole, here.
     */
    default void onHostThreads(int from, int to, long workPerItem, Range body) {
        body.run(from, to);
    }

    /** How many threads {@link #onHostThreads} runs on at most (1: the caller alone). */
    default int hostThreads() {
        return 1;
    }

    /**
     * The profiler starts ({@code true}) or stops on this rank. A backend whose processors run
     * apart from the calls (a GPU) records their spans ({@code Profiler.span}) by the time this
     * returns {@code false}'s call; the CPU backend records as it goes and needs nothing here.
     */
    default void profiling(boolean on) {
    }

    @Override
    void close();
}
