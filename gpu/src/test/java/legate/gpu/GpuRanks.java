package legate.gpu;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import legate.gpu.device.SimulatedDevice;
import legate.runtime.backend.Backend;
import legate.runtime.backend.BackendConfig;
import legate.runtime.backend.cpu.CpuBackend;
import legate.runtime.comm.InMemoryRanks;
import legate.runtime.task.ArrayRuntime;

/**
 * Ranks of one JVM for the GPU backend's tests: one thread per rank, each with its own array
 * runtime on a simulated GPU (or on CPUs, for the reference), talking through in-memory mailboxes.
 */
final class GpuRanks {
    private GpuRanks() {
    }

    /** A rank's program, given its backend (a {@link GpuBackend}, or the CPU's). */
    interface Program<T> {
        T run(Backend backend);
    }

    /**
     * Runs {@code program} on {@code ranks} ranks, each on a simulated GPU with {@code fbmem}
     * bytes of budget (or on 2 CPU threads when {@code fbmem} is 0); arrays of at least
     * {@code partitionThreshold} elements are split.
     */
    static <T> List<T> run(int ranks, long fbmem, long partitionThreshold, Program<T> program) {
        return run(ranks, rank -> fbmem == 0 ? new CpuBackend(BackendConfig.cpus(2, 64))
                : new GpuBackend(new SimulatedDevice(rank, 1L << 30), new BackendConfig(2, 1, rank, fbmem, 0, 64), true),
                partitionThreshold, program);
    }

    /**
     * Runs {@code program} on {@code ranks} ranks of {@code gpus} simulated GPUs each (rank r's are
     * GPUs r x gpus ..), {@code fbmem} bytes of budget each; operations on at least {@code split}
     * elements are split among a rank's GPUs.
     */
    static <T> List<T> onGpus(int ranks, int gpus, long fbmem, long partitionThreshold, long split, Program<T> program) {
        return onGpus(ranks, gpus, fbmem, partitionThreshold, split, false, program);
    }

    /** The same, with kernels generated for each element-wise program ({@link ElementwisePtx}, run by the devices' PTX interpreter) where {@code generated}. */
    static <T> List<T> onGpus(int ranks, int gpus, long fbmem, long partitionThreshold, long split, boolean generated, Program<T> program) {
        return run(ranks, rank -> {
            List<legate.gpu.device.Device> devices = new ArrayList<>();
            for (int k = 0; k < gpus; k++) {
                devices.add(new SimulatedDevice(rank * gpus + k, 1L << 30).spread());
            }
            GpuBackend b = new GpuBackend(devices, new BackendConfig(2, gpus, rank, fbmem, 0, split), true);
            b.generatedKernels(generated);
            return b;
        }, partitionThreshold, program);
    }

    /**
     * The ranks on threads of their own. When one fails, the others are interrupted (as the
     * driver's straggler policy interrupts ranks left waiting in an exchange for the failed one),
     * and its error is the one thrown.
     */
    static <T> List<T> run(int ranks, Function<Integer, Backend> backends, long partitionThreshold, Program<T> program) {
        InMemoryRanks mailboxes = new InMemoryRanks(ranks);
        ExecutorService threads = Executors.newFixedThreadPool(ranks);
        ExecutorCompletionService<T> ended = new ExecutorCompletionService<>(threads);
        try {
            List<Future<T>> results = new ArrayList<>();
            for (int r = 0; r < ranks; r++) {
                int rank = r;
                results.add(ended.submit(() -> {
                    Backend b = backends.apply(rank);
                    ArrayRuntime rt = new ArrayRuntime(b, 1L << 30, partitionThreshold);
                    rt.connect(mailboxes.rank(rank));
                    ArrayRuntime.useOnThisThread(rt);
                    try {
                        return program.run(b);
                    } finally {
                        ArrayRuntime.useOnThisThread(null);
                        b.close();
                    }
                }));
            }
            Throwable first = null;
            for (int k = 0; k < ranks; k++) {
                Future<T> f = ended.poll(120, TimeUnit.SECONDS);
                if (f == null) {
                    throw new IllegalStateException("a rank ran for more than 120 s");
                }
                try {
                    f.get();
                } catch (CancellationException e) {
                    // stopped because another rank failed
                } catch (ExecutionException e) {
                    // the rank that failed first, not one interrupted or left waiting for it
                    if (first == null || String.valueOf(first.getMessage()).contains(" waited ") || isInterrupt(first)) {
                        first = e.getCause();
                    }
                    for (Future<T> other : results) {
                        other.cancel(true);
                    }
                }
            }
            if (first != null) {
                throw first instanceof RuntimeException re ? re : new IllegalStateException("a rank failed: " + first, first);
            }
            List<T> out = new ArrayList<>();
            for (Future<T> f : results) {
                out.add(f.get());
            }
            return out;
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("a rank failed: " + e, e);
        } finally {
            threads.shutdownNow();
        }
    }

    private static boolean isInterrupt(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof InterruptedException || String.valueOf(c.getMessage()).contains("interrupted")) {
                return true;
            }
        }
        return false;
    }
}
