// Repeated matrix products (cuPyNumeric's examples/gemm.py): C = A @ B, then (A, B, C) <- (B, C, A).
// Options: -n N (100), -i iterations (100), --out DIR (the last product, c.npy).
var opt = new java.util.HashMap<String, String>();
for (int i = 0; i < args.length; i++) {
    opt.put(args[i], i + 1 < args.length && !args[i + 1].matches("--?[a-z].*") ? args[++i] : "true");
}
for (String k : opt.keySet()) {
    if (!java.util.Set.of("-b", "-n", "-i", "--out").contains(k)) {
        throw new IllegalArgumentException("gemm: unknown option " + k + "; expected -b RUNS, -n N, -i N, --out DIR");
    }
}
int n = Integer.parseInt(opt.getOrDefault("-n", "100"));
int iters = Integer.parseInt(opt.getOrDefault("-i", "100"));

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

NDArray a0 = uniform(1, n, n).mul(2.0 / n); // largest eigenvalue near 1 (the rotation still grows them like Fibonacci numbers)
NDArray b0 = uniform(2, n, n).mul(2.0 / n);
NDArray a = null, b = null, c = np.zeros(n, n);
int runs = Integer.parseInt(opt.getOrDefault("-b", "1")); // -b: how many times the timed part runs (benchmarks)
double touch = 0;
double ms = 0;
for (int run = 0; run < runs; run++) {
    a = a0; // each run starts over
    b = b0;
    long start = System.nanoTime();
    for (int i = 0; i < iters; i++) {
        c = np.dot(a, b);
        NDArray t = a; a = b; b = c; c = t;
    }
    touch = b.sum();
    ms = (System.nanoTime() - start) / 1e6;
    System.out.printf("Elapsed Time: %.4f ms, %.3f GFLOPS/s%n", ms, iters * (double) n * n * (2.0 * n - 1) / ms / 1e6);
}
if (opt.containsKey("--out")) {
    new java.io.File(opt.get("--out")).mkdirs();
    np.save(opt.get("--out") + "/c.npy", b);
}
