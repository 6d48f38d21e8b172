// QR factorization (cuPyNumeric's examples/qr.py): q, r = np.linalg.qr(a) of an m×n matrix from
// the shared inputs. Options: -m rows (1000), -n columns (1000), -b runs, --check, --out DIR
// (q.npy, r.npy).
var opt = new java.util.HashMap<String, String>();
for (int i = 0; i < args.length; i++) {
    opt.put(args[i], i + 1 < args.length && !args[i + 1].matches("--?[a-zA-Z].*") ? args[++i] : "true");
}
for (String k : opt.keySet()) {
    if (!java.util.Set.of("-b", "-m", "-n", "--check", "--out").contains(k)) {
        throw new IllegalArgumentException("qr: unknown option " + k + "; expected -b RUNS, -m M, -n N, --check, --out DIR");
    }
}
int m = Integer.parseInt(opt.getOrDefault("-m", "1000"));
int n = Integer.parseInt(opt.getOrDefault("-n", "1000"));

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

NDArray a = uniform(95, m, n);
int runs = Integer.parseInt(opt.getOrDefault("-b", "1")); // -b: how many times the timed part runs (benchmarks)
NDArray[] qr = null;
for (int run = 0; run < runs; run++) {
    long start = System.nanoTime();
    qr = np.linalg.qr(a);
    double touch = qr[0].sum() + qr[1].sum();
    System.out.printf("Elapsed Time: %.4f ms%n", (System.nanoTime() - start) / 1e6);
}
if (opt.containsKey("--check")) {
    System.out.println(np.allclose(a, np.matmul(qr[0], qr[1])) ? "PASS!" : "FAIL!");
}
if (opt.containsKey("--out")) {
    new java.io.File(opt.get("--out")).mkdirs();
    np.save(opt.get("--out") + "/q.npy", qr[0]);
    np.save(opt.get("--out") + "/r.npy", qr[1]);
}
