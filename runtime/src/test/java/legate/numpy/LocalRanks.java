package legate.numpy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import legate.runtime.task.ArrayRuntime;
import legate.runtime.task.Comm;

/**
 * Several ranks in one JVM, for tests: one thread per rank, each with its own array runtime,
 * talking through in-memory mailboxes exactly as ranks talk over the data plane. Every rank
 * runs the same program, as in a replicated cell.
 */
final class LocalRanks {
    private LocalRanks() {
    }

    static <T> List<T> run(int ranks, int cpus, long partitionThreshold, Function<Integer, T> program) {
        ConcurrentHashMap<String, BlockingQueue<byte[]>> boxes = new ConcurrentHashMap<>();
        ExecutorService threads = Executors.newFixedThreadPool(ranks);
        try {
            List<Future<T>> results = new ArrayList<>();
            for (int r = 0; r < ranks; r++) {
                int rank = r;
                results.add(threads.submit(() -> {
                    ArrayRuntime rt = new ArrayRuntime(cpus, 1L << 30, partitionThreshold, 64);
                    rt.connect(new Mailbox(rank, ranks, boxes));
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

    private static final class Mailbox implements Comm {
        private final int rank;
        private final int size;
        private final ConcurrentHashMap<String, BlockingQueue<byte[]>> boxes;
        private long tag;

        Mailbox(int rank, int size, ConcurrentHashMap<String, BlockingQueue<byte[]>> boxes) {
            this.rank = rank;
            this.size = size;
            this.boxes = boxes;
        }

        @Override
        public int rank() {
            return rank;
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public long nextTag() {
            return tag++;
        }

        private BlockingQueue<byte[]> box(int from, int to, long t) {
            return boxes.computeIfAbsent(from + ">" + to + "#" + t, k -> new LinkedBlockingQueue<>());
        }

        @Override
        public void send(int to, long t, byte[] data) {
            box(rank, to, t).add(data.clone());
        }

        @Override
        public byte[] receive(int from, long t) throws InterruptedException {
            byte[] b = box(from, rank, t).poll(30, TimeUnit.SECONDS);
            if (b == null) {
                throw new IllegalStateException("rank " + rank + " waited 30 s for rank " + from + " (tag " + t + ")");
            }
            return b;
        }
    }
}
