// Logistic regression by gradient ascent (cuPyNumeric's examples/logreg.py): p = sigmoid(X w),
// w += lr · (y - p) X, labels 0 or 1. Options: -B (intercept), -f features (32), -i iterations
// (1000), -n thousands of samples (10), -s iterations between reports (100), --out DIR (w.npy).
var opt = new java.util.HashMap<String, String>();
for (int i = 0; i < args.length; i++) {
    opt.put(args[i], i + 1 < args.length && !args[i + 1].matches("--?[a-zA-Z].*") ? args[++i] : "true");
}
for (String k : opt.keySet()) {
    if (!java.util.Set.of("-b", "-B", "-f", "-i", "-n", "-s", "--out").contains(k)) {
        throw new IllegalArgumentException("logreg: unknown option " + k + "; expected -b RUNS, -B, -f N, -i N, -n N, -s N, --out DIR");
    }
}
int features = Integer.parseInt(opt.getOrDefault("-f", "32"));
int iters = Integer.parseInt(opt.getOrDefault("-i", "1000"));
int samples = Integer.parseInt(opt.getOrDefault("-n", "10")) * 1000;
int sample = Integer.parseInt(opt.getOrDefault("-s", "100"));
double lr = 1e-5;

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
NDArray normal(long seed, int... shape) { // four uniforms, centred and scaled: as examples/numpy/common.py
    return uniform(seed, shape).add(uniform(seed + 101, shape)).add(uniform(seed + 202, shape)).add(uniform(seed + 303, shape))
            .sub(2.0).mul(Math.sqrt(3.0));
}
NDArray sigmoid(NDArray z) {
    return np.div(1.0, z.neg().exp().add(1.0));
}

NDArray x = normal(31, samples, features);
NDArray y = uniform(32, samples).mul(2.0).floor();
if (opt.containsKey("-B")) {
    x = np.hstack(np.ones(samples, 1), x);
}
NDArray w = null;
int runs = Integer.parseInt(opt.getOrDefault("-b", "1")); // -b: how many times the timed part runs (benchmarks)
for (int run = 0; run < runs; run++) {
    w = np.zeros(x.shape()[1]); // each run starts over
    long start = System.nanoTime();
    for (int step = 0; step < iters; step++) {
        NDArray scores = np.dot(x, w);
        NDArray predictions = sigmoid(scores);
        w = w.add(np.dot(y.sub(predictions), x).mul(lr));
        if (step % sample == 0) {
            System.out.println("Log likelihood of step " + step + ": " + y.mul(scores).sub(scores.exp().add(1.0).log()).sum());
        }
    }
    if (np.countNonzero(w.isnan()) + np.countNonzero(w.isinf()) > 0) {
        throw new ArithmeticException("logreg: the weights hold NaN or infinity");
    }
    System.out.printf("Elapsed Time: %.4f ms%n", (System.nanoTime() - start) / 1e6);
}
if (opt.containsKey("--out")) {
    new java.io.File(opt.get("--out")).mkdirs();
    np.save(opt.get("--out") + "/w.npy", w);
}
