package legate.runtime.backend;

import java.util.List;
import legate.runtime.store.Buffer;
import legate.runtime.store.Source;
import legate.runtime.store.View;

/**
 * What a rank computes on when the processors it was configured with cannot run here (as
 * {@code --gpus 1} on a machine without a usable GPU): nothing. The kernel still starts and plain
 * Java cells still run, but every array operation fails with the reason, never falling back to
 * the CPUs unasked.
 */
public final class UnavailableBackend implements Backend {
    private final ProcessorKind kind;
    private final String reason;

    /** @param reason why, naming the option: "--gpus 1: no backend for GPUs can run here: cuda: ..." */
    public UnavailableBackend(ProcessorKind kind, String reason) {
        this.kind = kind;
        this.reason = reason;
    }

    /** Why there are no processors, naming the option that asked for them. */
    public String reason() {
        return reason;
    }

    /** The error of every array operation. */
    public BackendUnavailableException refusal() {
        String instead = kind == ProcessorKind.GPU ? "install the kernel again with --gpus 0 (legate-jupyter --gpus 0 ...) to compute on CPUs"
                : "install the kernel again with other resource options";
        return new BackendUnavailableException(reason + "; legate.numpy cannot compute without them: " + instead);
    }

    @Override
    public ProcessorKind kind() {
        return kind;
    }

    @Override
    public String describe() {
        return "nothing: " + reason;
    }

    @Override
    public void elementwise(ElementwiseKernel kernel, int[] shape, Source[] src, int lo, int hi) {
        throw refusal();
    }

    @Override
    public FusedKernel compile(Expression root, List<Expression> leaves) {
        throw refusal();
    }

    @Override
    public void reduceBlocks(Reduction op, double center, View view, Source src, int blockSize, int firstBlock, int lastBlock,
                             double[] values, double[] index) {
        throw refusal();
    }

    @Override
    public void reduceAlong(Reduction op, int n, int step, int[] outShape, Source[] src, int lo, int hi) {
        throw refusal();
    }

    @Override
    public void reduceRowBlocks(Reduction op, View view, Source src, int rowBlock, int firstBlock, int lastBlock, double[] partial,
                                int width) {
        throw refusal();
    }

    @Override
    public void assignOwned(View dst, View whole, double constant) {
        throw refusal();
    }

    @Override
    public void copyOut(View whole, double[] out) {
        throw refusal();
    }

    @Override
    public void matmul(Source left, long leftColumnStride, int leftFrom, Source right, long rightColumnStride, int rows, int k, int m,
                       Buffer out) {
        throw refusal();
    }

    @Override
    public void fill(FillPattern pattern, Buffer out, long first, int rowLength) {
        throw refusal();
    }

    @Override
    public void close() {
    }
}
