// The Cholesky factor of the n×n identity (cuPyNumeric's examples/cholesky.py), or with --spd of a
// symmetric positive-definite matrix (g @ g.T + n·I, g from the shared inputs). Options: -n (10),
// --spd, --check, --out DIR (l.npy).
var opt = new java.util.HashMap<String, String>();
for (int i = 0; i < args.length; i++) {
    opt.put(args[i], i + 1 < args.length && !args[i + 1].matches("--?[a-z].*") ? args[++i] : "true");
}
for (String k : opt.keySet()) {
    if (!java.util.Set.of("-b", "-n", "--spd", "--check", "--out").contains(k)) {
        throw new IllegalArgumentException("cholesky: unknown option " + k + "; expected -b RUNS, -n N, --spd, --check, --out DIR");
    }
}
int n = Integer.parseInt(opt.getOrDefault("-n", "10"));

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

NDArray input = np.eye(n);
if (opt.containsKey("--spd")) {
    NDArray g = uniform(11, n, n);
    input = g.matmul(g.T()).add(np.eye(n).mul(n));
}
int runs = Integer.parseInt(opt.getOrDefault("-b", "1")); // -b: how many times the timed part runs (benchmarks)
NDArray l = null;
double touch = 0;
double ms = 0;
for (int run = 0; run < runs; run++) {
    long start = System.nanoTime();
    l = np.linalg.cholesky(input);
    touch = l.sum();
    ms = (System.nanoTime() - start) / 1e6;
    System.out.printf("Elapsed Time: %.4f ms, %.3f GOP/s%n", ms, (n * (double) n * n / 3 + 2.0 * n / 3) / ms / 1e6);
}
if (opt.containsKey("--check")) {
    System.out.println(np.allclose(l.matmul(l.T()), input) ? "PASS!" : "FAIL!");
}
if (opt.containsKey("--out")) {
    new java.io.File(opt.get("--out")).mkdirs();
    np.save(opt.get("--out") + "/l.npy", l);
}
