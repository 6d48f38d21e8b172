// Conjugate gradient on the 2-D Laplacian of an N×N grid (an N²×N² matrix), cuPyNumeric's
// examples/cg.py for legate.numpy. Options: -n N (10), -i iterations between convergence checks
// (25), -m most iterations (N²), -w warm-up iterations (5), --threshold (1e-10), --corners (the
// 9-point stencil), --check, --out DIR (x.npy).
var opt = new java.util.HashMap<String, String>();
for (int i = 0; i < args.length; i++) {
    opt.put(args[i], i + 1 < args.length && !args[i + 1].matches("--?[a-z].*") ? args[++i] : "true");
}
for (String k : opt.keySet()) {
    if (!java.util.Set.of("-b", "-n", "-i", "-m", "-w", "--threshold", "--corners", "--check", "--out").contains(k)) {
        throw new IllegalArgumentException("cg: unknown option " + k + "; expected -b RUNS, -n N, -i N, -m N, -w N, --threshold T, --corners, "
                + "--check, --out DIR");
    }
}
int side = Integer.parseInt(opt.getOrDefault("-n", "10"));
int convIters = Integer.parseInt(opt.getOrDefault("-i", "25"));
int n = side * side;
int maxIters = Math.min(n, Integer.parseInt(opt.getOrDefault("-m", String.valueOf(n))));
int warmup = Integer.parseInt(opt.getOrDefault("-w", "5"));
double threshold = Double.parseDouble(opt.getOrDefault("--threshold", "1e-10"));
boolean corners = opt.containsKey("--corners");

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

NDArray a = np.diag(np.full(corners ? 8.0 : 4.0, n));
for (int offset : corners ? new int[] {1, side - 1, side, side + 1} : new int[] {1, side}) {
    a = a.add(np.diag(np.full(-1.0, n - offset), offset)).add(np.diag(np.full(-1.0, n - offset), -offset));
}
NDArray b = uniform(7, n);

int runs = Integer.parseInt(opt.getOrDefault("-b", "1")); // -b: how many times the timed part runs (benchmarks)
NDArray x = null;
NDArray r = null;
NDArray p = null;
double rsold = 0;
int converged = 0;
for (int run = 0; run < runs; run++) {
    long start = System.nanoTime();
    x = np.zeros(n);
    r = b.sub(np.dot(a, x));
    p = r;
    rsold = np.dot(r, r).item();
    converged = -1;
    for (int i = -warmup; i < maxIters; i++) {
        NDArray ap = np.dot(a, p);
        double alpha = rsold / np.dot(p, ap).item();
        x = x.add(p.mul(alpha));
        r = r.sub(ap.mul(alpha));
        double rsnew = np.dot(r, r).item();
        if (i >= 0 && (i % convIters == 0 || i == maxIters - 1) && Math.sqrt(rsnew) < threshold) {
            converged = i;
            break;
        }
        double beta = rsnew / rsold;
        p = r.add(p.mul(beta));
        rsold = rsnew;
    }
    System.out.println(converged >= 0 ? "Converged in " + converged + " iterations" : "Convergence FAILURE!");
    System.out.printf("Elapsed Time: %.4f ms%n", (System.nanoTime() - start) / 1e6);
}
if (opt.containsKey("--check")) {
    System.out.println(np.allclose(np.dot(a, x), b) ? "PASS!" : "FAIL!");
}
if (opt.containsKey("--out")) {
    new java.io.File(opt.get("--out")).mkdirs();
    np.save(opt.get("--out") + "/x.npy", x);
}
