// Jacobi iteration for A x = b with A = rand(N, N) + N·I (cuPyNumeric's examples/jacobi.py):
// x <- (b - R x) / d, d the diagonal of A and R the rest. Options: -n N (100), -i iterations
// (1000), --check, --out DIR (x.npy).
var opt = new java.util.HashMap<String, String>();
for (int i = 0; i < args.length; i++) {
    opt.put(args[i], i + 1 < args.length && !args[i + 1].matches("--?[a-z].*") ? args[++i] : "true");
}
for (String k : opt.keySet()) {
    if (!java.util.Set.of("-b", "-n", "-i", "--check", "--out").contains(k)) {
        throw new IllegalArgumentException("jacobi: unknown option " + k + "; expected -b RUNS, -n N, -i N, --check, --out DIR");
    }
}
int n = Integer.parseInt(opt.getOrDefault("-n", "100"));
int iters = Integer.parseInt(opt.getOrDefault("-i", "1000"));

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

NDArray a = uniform(3, n, n).add(np.eye(n).mul(n));
NDArray b = uniform(4, n);
int runs = Integer.parseInt(opt.getOrDefault("-b", "1")); // -b: how many times the timed part runs (benchmarks)
NDArray x = null;
NDArray d = null;
NDArray rest = null;
double total = 0;
for (int run = 0; run < runs; run++) {
    long start = System.nanoTime();
    x = np.zeros(n);
    d = np.diag(a);
    rest = a.sub(np.diag(d));
    for (int i = 0; i < iters; i++) {
        x = b.sub(np.dot(rest, x)).div(d);
    }
    total = x.sum();
    System.out.printf("Elapsed Time: %.4f ms%n", (System.nanoTime() - start) / 1e6);
}
if (Double.isNaN(total)) {
    throw new ArithmeticException("jacobi: the iteration diverged (x holds NaN)");
}
if (opt.containsKey("--check")) {
    System.out.println(np.allclose(np.dot(a, x), b) ? "PASS!" : "FAIL!");
}
if (opt.containsKey("--out")) {
    new java.io.File(opt.get("--out")).mkdirs();
    np.save(opt.get("--out") + "/x.npy", x);
}
