// Solving a x = b (cuPyNumeric's examples/solve.py) with a and b from the shared inputs.
// Options: -n N (10), -s right-hand sides (1), --check, --out DIR (x.npy).
var opt = new java.util.HashMap<String, String>();
for (int i = 0; i < args.length; i++) {
    opt.put(args[i], i + 1 < args.length && !args[i + 1].matches("--?[a-zA-Z].*") ? args[++i] : "true");
}
for (String k : opt.keySet()) {
    if (!java.util.Set.of("-b", "-n", "-s", "--check", "--out").contains(k)) {
        throw new IllegalArgumentException("solve: unknown option " + k + "; expected -b RUNS, -n N, -s NRHS, --check, --out DIR");
    }
}
int n = Integer.parseInt(opt.getOrDefault("-n", "10"));
int nrhs = Integer.parseInt(opt.getOrDefault("-s", "1"));

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

NDArray a = uniform(71, n, n);
NDArray b = uniform(72, n, nrhs);
int runs = Integer.parseInt(opt.getOrDefault("-b", "1")); // -b: how many times the timed part runs (benchmarks)
NDArray x = null;
double touch = 0;
double ms = 0;
for (int run = 0; run < runs; run++) {
    long start = System.nanoTime();
    x = np.linalg.solve(a, b);
    touch = x.sum();
    ms = (System.nanoTime() - start) / 1e6;
    System.out.printf("Elapsed Time: %.4f ms, %.3f GOP/s%n", ms, (2.0 * n * n * n / 3 + 2.0 * n * n * nrhs / 3) / ms / 1e6);
}
if (opt.containsKey("--check")) {
    double residual = np.linalg.norm(np.matmul(a, x).sub(b), Double.POSITIVE_INFINITY);
    System.out.println((residual < 1e-4 ? "PASS!" : "FAIL!") + " max-res = " + residual);
}
if (opt.containsKey("--out")) {
    new java.io.File(opt.get("--out")).mkdirs();
    np.save(opt.get("--out") + "/x.npy", x);
}
