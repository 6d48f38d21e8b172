package legate.numpy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import legate.runtime.comm.InMemoryRanks;
import legate.runtime.task.ArrayRuntime;

/**
 * Several ranks in one JVM, for tests: one thread per rank, each with its own array runtime,
 * talking through in-memory mailboxes exactly as ranks talk over the data plane. Every rank
 * runs the same program, as in a replicated cell.
 */
final class LocalRanks {
    private LocalRanks() {
    }

    static <T> List<T> run(int ranks, int cpus, long partitionThreshold, Function<Integer, T> program) {
        InMemoryRanks mailboxes = new InMemoryRanks(ranks);
        ExecutorService threads = Executors.newFixedThreadPool(ranks);
        try {
            List<Future<T>> results = new ArrayList<>();
            for (int r = 0; r < ranks; r++) {
                int rank = r;
                results.add(threads.submit(() -> {
                    ArrayRuntime rt = new ArrayRuntime(cpus, 1L << 30, partitionThreshold, 64);
                    rt.connect(mailboxes.rank(rank));
                    ArrayRuntime.useOnThisThread(rt);
                    try {
                        return program.apply(rank);
                    } finally {
                        ArrayRuntime.useOnThisThread(null);
                    }
                }));
            }
            List<T> out = new ArrayList<>();
            for (Future<T> f : results) {
                out.add(f.get(60, TimeUnit.SECONDS));
            }
            return out;
        } catch (Exception e) {
            throw new IllegalStateException("a rank failed: " + e, e);
        } finally {
            threads.shutdownNow();
        }
    }
}
