import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import legate.gpu.check.Cfd;
import legate.runtime.comm.RankCommunicator;
import legate.runtime.task.ArrayRuntime;

/**
 * Benchmark (not a test): CFD step 12 on 2 ranks of one CPU thread each in one JVM (an in-memory
 * data plane of its own, so that it runs against older builds too), beside the same program on 1
 * rank: seconds per step, median of 5 runs after a warm-up. Every boundary row (u[0, :] = 0,
 * p[-1, :] = p[-2, :], ...) is an assignment of a view lying in one store row.
 *
 * Usage: java -cp 'distribution/target/legate/lib/*' bench/ranks/BoundaryRowsBench.java [n] [steps]
 */
public class BoundaryRowsBench {
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 128;
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        run(1, n, steps); // warm-up
        run(2, n, steps);
        List<Double> one = new ArrayList<>();
        List<Double> two = new ArrayList<>();
        double[] u = new double[2];
        for (int k = 0; k < 5; k++) {
            Cfd.Result a = run(1, n, steps);
            Cfd.Result b = run(2, n, steps);
            one.add(a.seconds() / steps);
            two.add(b.seconds() / steps);
            u[0] = a.maxU();
            u[1] = b.maxU();
        }
        one.sort(null);
        two.sort(null);
        System.out.printf("CFD %d x %d, %d steps: 1 rank %.2f ms a step, 2 ranks %.2f ms a step (ratio %.2f); max u %.17g / %.17g%n", n, n, steps,
                one.get(2) * 1e3, two.get(2) * 1e3, two.get(2) / one.get(2), u[0], u[1]);
    }

    static Cfd.Result run(int ranks, int n, int steps) throws Exception {
        ConcurrentHashMap<String, BlockingQueue<byte[]>> boxes = new ConcurrentHashMap<>();
        ExecutorService threads = Executors.newFixedThreadPool(ranks);
        try {
            List<Future<Cfd.Result>> results = new ArrayList<>();
            for (int r = 0; r < ranks; r++) {
                int rank = r;
                results.add(threads.submit(() -> {
                    ArrayRuntime rt = new ArrayRuntime(1, 1L << 32, ranks == 1 ? Long.MAX_VALUE : 16, 1L << 40);
                    if (ranks > 1) {
                        rt.connect(mailbox(boxes, rank, ranks));
                    }
                    ArrayRuntime.useOnThisThread(rt);
                    try {
                        return new Cfd(n, n).run(1e-3, steps);
                    } finally {
                        ArrayRuntime.useOnThisThread(null);
                    }
                }));
            }
            Cfd.Result first = null;
            for (Future<Cfd.Result> f : results) {
                Cfd.Result x = f.get(600, TimeUnit.SECONDS);
                first = first == null ? x : first;
            }
            return first;
        } finally {
            threads.shutdownNow();
        }
    }

    static RankCommunicator mailbox(ConcurrentHashMap<String, BlockingQueue<byte[]>> boxes, int rank, int size) {
        return new RankCommunicator() {
            long tag;

            public int rank() {
                return rank;
            }

            public int size() {
                return size;
            }

            public long nextTag() {
                return tag++;
            }

            public void send(int to, long t, byte[] data) {
                boxes.computeIfAbsent(rank + ">" + to + "#" + t, k -> new LinkedBlockingQueue<>()).add(data.clone());
            }

            public byte[] receive(int from, long t) throws InterruptedException {
                return boxes.computeIfAbsent(from + ">" + rank + "#" + t, k -> new LinkedBlockingQueue<>()).take();
            }
        };
    }
}
