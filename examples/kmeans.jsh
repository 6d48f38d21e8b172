// Lloyd's k-means (cuPyNumeric's examples/kmeans.py): distances |x|² + |c|² - 2 x·c, labels by
// argmin, centroids as the means of their points (bincount with weights). Options: --centers C
// (10), -d dimensions (2), -m most iterations (1000), -n thousands of points (10), -s iterations
// between reports (25), --out DIR (labels.npy, centroids.npy).
var opt = new java.util.HashMap<String, String>();
for (int i = 0; i < args.length; i++) {
    opt.put(args[i], i + 1 < args.length && !args[i + 1].matches("--?[a-z].*") ? args[++i] : "true");
}
for (String k : opt.keySet()) {
    if (!java.util.Set.of("-b", "--centers", "-d", "-m", "-n", "-s", "--out").contains(k)) {
        throw new IllegalArgumentException("kmeans: unknown option " + k + "; expected -b RUNS, --centers C, -d D, -m N, -n N, -s N, --out DIR");
    }
}
int centers = Integer.parseInt(opt.getOrDefault("--centers", "10"));
int dims = Integer.parseInt(opt.getOrDefault("-d", "2"));
int maxIters = Integer.parseInt(opt.getOrDefault("-m", "1000"));
int points = Integer.parseInt(opt.getOrDefault("-n", "10")) * 1000;
int sample = Integer.parseInt(opt.getOrDefault("-s", "25"));

NDArray uniform(long seed, int... shape) { // Lehmer's generator, 16807^(i + 1000003·seed) mod 2^31-1: as examples/numpy/common.py
    long size = java.util.Arrays.stream(shape).asLongStream().reduce(1, (a, b) -> a * b);
    long p = 2147483647L, first = seed * 1000003L, g = 16807;
    NDArray e = np.arange(first, first + size, 1L);
    NDArray x = np.zeros(DType.INT64, (int) size).add(1L);
    for (int k = 0; (1L << k) <= first + size; k++, g = g * g % p) { // x *= g^(2^k) where bit k of e is set
        NDArray bit = e.div((double) (1L << k)).floor().astype(DType.INT64).mod(2L);
        x = x.mul(bit.mul(g - 1).add(1L)).mod(p);
    }
    return x.astype(DType.FLOAT64).div((double) p).reshape(shape);
}

NDArray data = uniform(5, points, dims);
NDArray initial = uniform(6, centers, dims);
NDArray centroids = null;
NDArray labels = null;
int runs = Integer.parseInt(opt.getOrDefault("-b", "1")); // -b: how many times the timed part runs (benchmarks)
NDArray dataDots = null;
double prior = 0;
int iteration = 0;
for (int run = 0; run < runs; run++) {
    centroids = initial.copy(); // each run starts over
    labels = null;
    long start = System.nanoTime();
    dataDots = np.square(np.linalg.norm(data, 2.0, 1));
    prior = Double.POSITIVE_INFINITY;
    iteration = 0;
    while (iteration < maxIters) {
        NDArray pairwise = dataDots.get(":, None").add(np.square(np.linalg.norm(centroids, 2.0, 1)).get("None, :"))
                .sub(np.dot(data, centroids.T()).mul(2.0));
        NDArray newLabels = pairwise.argmin(1);
        if (labels != null && iteration % sample == 0) {
            System.out.println("Iteration " + iteration + " produced " + np.countNonzero(newLabels.ne(labels)) + " reassignments");
        }
        labels = newLabels;
        NDArray counts = np.bincount(labels, centers);
        for (int j = 0; j < dims; j++) {
            centroids.set(":, " + j, np.bincount(labels, data.get(":, " + j), centers));
        }
        centroids = centroids.div(np.maximum(counts, 1.0).get(":, None"));
        double distance = pairwise.min(1).sum();
        iteration++;
        if (distance / prior > 1 - 1e-6) {
            break;
        }
        prior = distance;
    }
    System.out.println("Converged after " + iteration + " iterations");
    System.out.printf("Elapsed Time: %.4f ms%n", (System.nanoTime() - start) / 1e6);
}
if (opt.containsKey("--out")) {
    new java.io.File(opt.get("--out")).mkdirs();
    np.save(opt.get("--out") + "/labels.npy", labels);
    np.save(opt.get("--out") + "/centroids.npy", centroids);
}
